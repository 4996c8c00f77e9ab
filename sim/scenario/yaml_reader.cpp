#include "yaml_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>

#include "suggest.hpp"

namespace lastmile::scenario::detail {
namespace {

std::string child_path(const std::string& parent, std::string_view key) {
    return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

bool is_id_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
}

// yaml-cpp tags quoted scalars "!" (non-specific); their text starts one column later.
std::size_t quote_offset(const YAML::Node& node) {
    return node.Tag() == "!" ? 1 : 0;
}

}  // namespace

// --- Document -----------------------------------------------------------------------------

Document::Document(std::string file, const std::string& text) : file_(std::move(file)) {
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = text.find('\n', start);
        std::string line =
            text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        lines_.push_back(std::move(line));
        if (end == std::string::npos) {
            break;
        }
        start = end + 1;
    }
}

std::string Document::line_text(int line) const {
    if (line < 1 || static_cast<std::size_t>(line) > lines_.size()) {
        return {};
    }
    return lines_[static_cast<std::size_t>(line - 1)];
}

SourceLocation Document::locate(const YAML::Mark& mark, std::size_t column_offset) const {
    if (mark.is_null() || mark.line < 0) {
        return SourceLocation{file_, 0, 0};
    }
    return SourceLocation{file_, mark.line + 1, mark.column + 1 + static_cast<int>(column_offset)};
}

void Document::fail(const YAML::Mark& mark, const std::string& key_path, const std::string& message,
                    std::size_t column_offset) const {
    const SourceLocation where = locate(mark, column_offset);
    throw InputError(where, key_path, message, line_text(where.line));
}

std::string yaml_error_message(const YAML::ParserException& e) {
    // yaml-cpp stops nesting past its depth guard with a message ("bad file") that names
    // neither the cause nor the limit.
    if (const auto* deep = dynamic_cast<const YAML::DeepRecursion*>(&e)) {
        return fmt::format(
            "invalid YAML: lists and mappings nested {} deep, deeper than the "
            "YAML reader allows",
            deep->depth());
    }
    return "invalid YAML: " + e.msg;
}

YAML::Node parse_yaml(const Document& doc, const std::string& text) {
    try {
        return YAML::Load(text);
    } catch (const YAML::ParserException& e) {
        doc.fail(e.mark, "", yaml_error_message(e));
    }
}

// --- Value --------------------------------------------------------------------------------

Value::Value(const Document& doc, YAML::Node node, std::string path, YAML::Mark fallback)
    : doc_(&doc), node_(std::move(node)), path_(std::move(path)), fallback_(fallback) {}

YAML::Mark Value::mark() const {
    // An empty value has no text of its own; yaml-cpp marks it at the next token, which may be
    // on a later line. Its key is where a person will look.
    const YAML::Mark own = node_.Mark();
    return own.is_null() || own.line < 0 || node_.IsNull() ? fallback_ : own;
}

void Value::fail(const std::string& message, std::size_t column_offset) const {
    doc_->fail(mark(), path_, message, column_offset);
}

std::string Value::found() const {
    switch (node_.Type()) {
        case YAML::NodeType::Scalar:
            return "'" + node_.Scalar() + "'";
        case YAML::NodeType::Sequence:
            return "a list";
        case YAML::NodeType::Map:
            return "a mapping";
        case YAML::NodeType::Null:
        case YAML::NodeType::Undefined:
            return "nothing";
    }
    return "nothing";
}

std::string Value::as_string() const {
    if (!node_.IsScalar()) {
        fail("expected text, found " + found());
    }
    return node_.Scalar();
}

std::string Value::as_id() const {
    const std::string text = as_string();
    if (text.empty()) {
        fail("expected an id (letters, digits, '_', '-', '.'), found an empty string");
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!is_id_char(text[i])) {
            fail(fmt::format("expected an id (letters, digits, '_', '-', '.'), found '{}' with "
                             "'{}' at position {}",
                             text, text[i], i + 1),
                 quote_offset(node_) + i);
        }
    }
    return text;
}

void Document::note(const std::string& key, double value, std::string_view unit) const {
    if (const auto it = resolved_index_.find(key); it != resolved_index_.end()) {
        resolved_[it->second].value = value;
        resolved_[it->second].unit = unit;
        return;
    }
    resolved_index_.emplace(key, resolved_.size());
    resolved_.push_back(ResolvedParameter{key, value, std::string(unit)});
}

double Value::as_quantity(Dimension dimension) const {
    if (!node_.IsScalar()) {
        fail("expected " + describe(dimension) + ", found " + found());
    }
    double value = 0;
    QuantityError error;
    if (!parse_quantity(node_.Scalar(), dimension, value, error)) {
        fail(error.message, quote_offset(node_) + error.offset);
    }
    doc_->note(path_, value, internal_unit(dimension));
    return value;
}

double Value::as_quantity_in(Dimension dimension, double min, double max,
                             std::string_view range) const {
    const double value = as_quantity(dimension);
    if (value < min || value > max) {
        fail("expected " + describe(dimension) + " " + std::string(range) + ", found '" +
             node_.Scalar() + "'");
    }
    return value;
}

template <typename Integer>
Integer Value::as_whole_number(Integer min, Integer max) const {
    const std::string expected = fmt::format("a whole number from {} to {}", min, max);
    if (!node_.IsScalar()) {
        fail("expected " + expected + ", found " + found());
    }
    const std::string& text = node_.Scalar();
    Integer value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc::result_out_of_range ||
        (ec == std::errc{} && (value < min || value > max))) {
        fail("expected " + expected + ", found " + text);
    }
    if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) {
        fail("expected " + expected + ", found '" + text + "'");
    }
    doc_->note(path_, static_cast<double>(value), "1");
    return value;
}

std::int64_t Value::as_integer(std::int64_t min, std::int64_t max) const {
    return as_whole_number(min, max);
}

std::uint64_t Value::as_unsigned() const {
    return as_whole_number(std::uint64_t{0}, std::numeric_limits<std::uint64_t>::max());
}

double Value::as_number() const {
    if (!node_.IsScalar()) {
        fail("expected a number, found " + found());
    }
    const std::string& text = node_.Scalar();
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || text.empty() ||
        !std::isfinite(value)) {
        fail("expected a finite number, found '" + text + "'");
    }
    doc_->note(path_, value, "1");
    return value;
}

bool Value::as_bool() const {
    const std::string text = node_.IsScalar() ? node_.Scalar() : std::string();
    if (text == "true" || text == "false") {
        doc_->note(path_, text == "true" ? 1.0 : 0.0, "1");
        return text == "true";
    }
    fail("expected true or false, found " + found());
}

double Value::as_time_of_day() const {
    const std::string text = as_string();
    int hours = 0;
    int minutes = 0;
    int seconds = 0;
    char extra = 0;
    const int fields =
        std::sscanf(text.c_str(), "%2d:%2d:%2d%c", &hours, &minutes, &seconds, &extra);
    const bool shape_ok = (fields == 2 && text.size() == 5) || (fields == 3 && text.size() == 8);
    const int total = hours * 3600 + minutes * 60 + seconds;
    if (!shape_ok || minutes > 59 || seconds > 59 || hours < 0 || minutes < 0 || seconds < 0 ||
        total > 86400) {
        fail("expected a time of day as HH:MM or HH:MM:SS from 00:00 to 24:00, found '" + text +
             "'");
    }
    return total;
}

geo::GeoPoint Value::as_geo_point() const {
    const MapReader map(*this, {"lat", "lon"});
    const Value lat = map.required("lat");
    const Value lon = map.required("lon");
    geo::GeoPoint point{lat.as_number(), lon.as_number(), 0};
    if (point.lat_deg < -90 || point.lat_deg > 90) {
        lat.fail("expected a latitude from -90 to 90 degrees, found " + lat.as_string());
    }
    if (point.lon_deg < -180 || point.lon_deg > 180) {
        lon.fail("expected a longitude from -180 to 180 degrees, found " + lon.as_string());
    }
    doc_->note(lat.path(), point.lat_deg, "deg");
    doc_->note(lon.path(), point.lon_deg, "deg");
    return point;
}

std::vector<Value> Value::as_list() const {
    if (!node_.IsSequence()) {
        fail("expected a list, found " + found());
    }
    std::vector<Value> items;
    std::size_t index = 0;
    for (const auto& item : node_) {
        items.emplace_back(*doc_, item, fmt::format("{}[{}]", path_, index++), mark());
    }
    return items;
}

// --- MapReader ----------------------------------------------------------------------------

MapReader::MapReader(const Value& map, std::initializer_list<std::string_view> allowed)
    : map_(map), allowed_(allowed.begin(), allowed.end()) {
    if (!map.node().IsMap()) {
        map.fail("expected a mapping of keys to values, found " + map.found());
    }
    std::vector<std::pair<std::string, YAML::Mark>> seen;
    for (const auto& entry : map.node()) {
        const Value key(map.document(), entry.first, map.path(), map.mark());
        if (!entry.first.IsScalar()) {
            key.fail(fmt::format("expected a key name, found {} used as a key{}", key.found(),
                                 map.path().empty() ? " at the top level" : ""));
        }
        const std::string name = key.as_string();
        const Value located(map.document(), entry.first, child_path(map.path(), name), map.mark());
        if (std::find(allowed_.begin(), allowed_.end(), name) == allowed_.end()) {
            located.fail("unknown key '" + name + "'" + suggestion_hint(name, allowed_));
        }
        for (const auto& [other, where] : seen) {
            if (other == name) {
                located.fail(fmt::format("duplicate key '{}' (first given on line {})", name,
                                         where.line + 1));
            }
        }
        seen.emplace_back(name, entry.first.Mark());
    }
}

void MapReader::check_allowed(std::string_view key) const {
    if (std::find(allowed_.begin(), allowed_.end(), key) == allowed_.end()) {
        throw std::logic_error("scenario reader asked for key '" + std::string(key) +
                               "' that is not in its allowed list at " + map_.path());
    }
}

std::optional<Value> MapReader::find(std::string_view key) const {
    for (const auto& entry : map_.node()) {
        if (entry.first.Scalar() == key) {
            return Value(map_.document(), entry.second, child_path(map_.path(), key),
                         entry.first.Mark());
        }
    }
    return std::nullopt;
}

Value MapReader::required(std::string_view key) const {
    check_allowed(key);
    if (auto value = find(key)) {
        return *value;
    }
    const std::string where = map_.path().empty() ? "at the top level" : "in " + map_.path();
    map_.fail(fmt::format("missing required key '{}' {}", key, where));
}

std::optional<Value> MapReader::optional(std::string_view key) const {
    check_allowed(key);
    return find(key);
}

}  // namespace lastmile::scenario::detail
