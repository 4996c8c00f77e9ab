#include "json_reader.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "suggest.hpp"

namespace lastmile::scenario::detail {

namespace {

/// A pointer into the text that records, as the parser advances it, how far the parser has
/// read. nlohmann-json's SAX callbacks carry no positions, but every callback comes as soon
/// as its token has been read, so the reach so far locates the token just read.
class TrackingIterator {
  public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;

    TrackingIterator() = default;
    TrackingIterator(const char* at, const char** reach) : at_(at), reach_(reach) {}

    reference operator*() const { return *at_; }
    TrackingIterator& operator++() {
        ++at_;
        *reach_ = at_;
        return *this;
    }
    TrackingIterator operator++(int) {
        TrackingIterator before = *this;
        ++*this;
        return before;
    }
    bool operator==(const TrackingIterator& other) const { return at_ == other.at_; }

  private:
    const char* at_ = nullptr;
    const char** reach_ = nullptr;
};

/// A member's name in a key path: as it is when short and printable, else shown like a value.
std::string child_key_path(const std::string& parent, std::string_view name) {
    const bool plain = name.size() <= 60 && std::all_of(name.begin(), name.end(), [](char c) {
                           return static_cast<unsigned char>(c) >= 0x20 && c != 0x7f;
                       });
    const std::string shown = plain ? std::string(name) : shown_text(name);
    return parent.empty() ? shown : fmt::format("{}.{}", parent, shown);
}

/// nlohmann-json's message without its exception id and its own position (ours counts the
/// same way and goes in front, like every other located error).
std::string syntax_message(const std::string& what) {
    std::string text = what;
    if (const auto column = text.find(", column "); column != std::string::npos) {
        if (const auto colon = text.find(": ", column); colon != std::string::npos) {
            text = text.substr(colon + 2);
        }
    } else if (const auto bracket = text.find("] "); bracket != std::string::npos) {
        text = text.substr(bracket + 2);
    }
    // nlohmann-json quotes what it last read, which can be a whole unterminated string.
    if (text.size() > 300) {
        text = text.substr(0, 300) + "...";
    }
    std::string clean;
    for (const char c : text) {
        if (static_cast<unsigned char>(c) < 0x20) {
            clean += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        } else {
            clean += c;
        }
    }
    return "invalid JSON: " + clean;
}

}  // namespace

/// Builds a document's tape from nlohmann-json's SAX callbacks.
class JsonTapeBuilder {
  public:
    using json = nlohmann::json;
    using Kind = JsonDocument::Kind;

    JsonTapeBuilder(JsonDocument& doc, const char* begin, const char* const* reach)
        : doc_(doc), begin_(begin), reach_(reach) {
        // The parser skips a UTF-8 byte order mark, which RFC 8259 lets readers ignore.
        if (doc_.text_.substr(0, 3) == "\xEF\xBB\xBF") {
            consumed_ = 3;
        }
    }

    bool null() { return scalar(Kind::null); }
    bool boolean(bool value) {
        scalar(Kind::boolean);
        doc_.tape_.back().boolean = value;
        return true;
    }
    bool number_integer(json::number_integer_t value) { return number(static_cast<double>(value)); }
    bool number_unsigned(json::number_unsigned_t value) {
        return number(static_cast<double>(value));
    }
    // nlohmann-json refuses a number beyond a double itself ("number overflow parsing ..."),
    // through parse_error: every value arriving here is finite.
    bool number_float(json::number_float_t value, const json::string_t& /*literal*/) {
        return number(value);
    }
    bool string(json::string_t& value) {
        scalar(Kind::string);
        doc_.tape_.back().text = store(std::move(value));
        return true;
    }
    bool binary(json::binary_t& /*value*/) { return true; }  // JSON text has no binary values

    bool start_object(std::size_t /*elements*/) { return open(Kind::object); }
    bool start_array(std::size_t /*elements*/) { return open(Kind::array); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(json::string_t& name) {
        const std::size_t at = token_start();
        Open& object = open_.back();
        auto [it, inserted] =
            key_index_.emplace(name, static_cast<std::uint32_t>(doc_.strings_.size()));
        if (inserted) {
            if (key_index_.size() > kMaxJsonNames) {
                doc_.fail(at, path(),
                          fmt::format("more than {} distinct member names", kMaxJsonNames));
            }
            doc_.strings_.push_back(name);
        }
        if (!object.names.insert(it->second).second) {
            doc_.fail(at, child_key_path(path(), name),
                      fmt::format("the name {} is given twice in one object", shown_text(name)));
        }
        object.pending_key = it->second;
        consumed_ = reached();
        return true;
    }

    bool parse_error(std::size_t position, const std::string& /*last_token*/,
                     const nlohmann::detail::exception& error) {
        // `position` counts the characters read, the offending one included.
        doc_.fail(position > 0 ? position - 1 : 0, path(), syntax_message(error.what()));
    }

  private:
    struct Open {
        std::uint32_t index = 0;
        std::uint32_t children = 0;
        std::uint32_t pending_key = JsonDocument::kNone;
        std::set<std::uint32_t> names;  // of the members so far, by name index
    };

    std::size_t reached() const { return static_cast<std::size_t>(*reach_ - begin_); }

    /// Where the token just read starts: past what earlier callbacks consumed, and past the
    /// separators and white space that get no callback of their own.
    std::size_t token_start() const {
        std::size_t at = consumed_;
        const std::string_view text = doc_.text_;
        while (at < text.size() && (text[at] == ' ' || text[at] == '\t' || text[at] == '\n' ||
                                    text[at] == '\r' || text[at] == ',' || text[at] == ':')) {
            ++at;
        }
        return at;
    }

    /// The key path of the value being read.
    std::string path() const {
        std::string out;
        for (const Open& level : open_) {
            if (doc_.tape_[level.index].kind == Kind::object) {
                if (level.pending_key != JsonDocument::kNone) {
                    out = child_key_path(out, doc_.strings_[level.pending_key]);
                }
            } else {
                out += fmt::format("[{}]", level.children);
            }
        }
        return out;
    }

    void push(Kind kind) {
        const std::size_t at = token_start();
        if (doc_.tape_.size() >= kMaxJsonValues) {
            doc_.fail(at, path(),
                      fmt::format("more than {} values in one JSON file", kMaxJsonValues));
        }
        JsonDocument::Entry entry;
        entry.kind = kind;
        entry.offset = at;
        entry.end = static_cast<std::uint32_t>(doc_.tape_.size() + 1);
        if (!open_.empty() && doc_.tape_[open_.back().index].kind == Kind::object) {
            entry.key = open_.back().pending_key;
        }
        doc_.tape_.push_back(entry);
        consumed_ = reached();
    }

    /// A value is complete: the next one in its parent is a sibling.
    void finished() {
        if (!open_.empty()) {
            ++open_.back().children;
            open_.back().pending_key = JsonDocument::kNone;
        }
    }

    bool scalar(Kind kind) {
        push(kind);
        finished();
        return true;
    }

    bool number(double value) {
        scalar(Kind::number);
        doc_.tape_.back().number = value;
        return true;
    }

    bool open(Kind kind) {
        if (open_.size() >= kMaxJsonDepth) {
            doc_.fail(token_start(), path(),
                      fmt::format("arrays and objects nested more than {} deep", kMaxJsonDepth));
        }
        push(kind);
        Open level;
        level.index = static_cast<std::uint32_t>(doc_.tape_.size() - 1);
        open_.push_back(std::move(level));
        return true;
    }

    bool close() {
        doc_.tape_[open_.back().index].end = static_cast<std::uint32_t>(doc_.tape_.size());
        open_.pop_back();
        consumed_ = reached();
        finished();
        return true;
    }

    std::uint32_t store(std::string&& text) {
        doc_.strings_.push_back(std::move(text));
        return static_cast<std::uint32_t>(doc_.strings_.size() - 1);
    }

    JsonDocument& doc_;
    const char* begin_;
    const char* const* reach_;
    std::size_t consumed_ = 0;
    std::vector<Open> open_;
    std::map<std::string, std::uint32_t, std::less<>> key_index_;
};

std::string shown_text(std::string_view text) {
    constexpr std::size_t kShown = 60;
    std::size_t cut = text.size();
    if (cut > kShown) {
        cut = kShown - 3;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
            --cut;  // not inside a UTF-8 character
        }
    }
    std::string out = "'";
    for (std::size_t i = 0; i < cut; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c == 0x7f) {
            out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        } else {
            out += text[i];
        }
    }
    return out + (cut < text.size() ? "...'" : "'");
}

JsonDocument::JsonDocument(std::string file, std::string_view text)
    : file_(std::move(file)), text_(text) {
    std::uint32_t line = 0;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (i % kCheckpointBytes == 0) {
            checkpoint_line_.push_back(line);
            checkpoint_line_start_.push_back(line_start);
        }
        if (text[i] == '\n') {
            ++line;
            line_start = i + 1;
        }
    }
    if (checkpoint_line_.empty()) {
        checkpoint_line_.push_back(0);
        checkpoint_line_start_.push_back(0);
    }
    const char* reach = text.data();
    JsonTapeBuilder builder(*this, text.data(), &reach);
    nlohmann::json::sax_parse(TrackingIterator(text.data(), &reach),
                              TrackingIterator(text.data() + text.size(), &reach), &builder,
                              nlohmann::json::input_format_t::json, /*strict=*/true,
                              /*ignore_comments=*/false);
}

JsonValue JsonDocument::root() const {
    return JsonValue(*this, 0, "");
}

SourceLocation JsonDocument::locate(std::size_t offset) const {
    offset = std::min(offset, text_.size());
    const std::size_t checkpoint = std::min(offset / kCheckpointBytes, checkpoint_line_.size() - 1);
    std::size_t line = checkpoint_line_[checkpoint];
    std::size_t line_start = checkpoint_line_start_[checkpoint];
    for (std::size_t i = checkpoint * kCheckpointBytes; i < offset; ++i) {
        if (text_[i] == '\n') {
            ++line;
            line_start = i + 1;
        }
    }
    return SourceLocation{file_, static_cast<int>(line + 1),
                          static_cast<int>(offset - line_start + 1)};
}

void JsonDocument::fail(std::size_t offset, const std::string& key_path,
                        const std::string& message) const {
    const SourceLocation where = locate(offset);
    // A line is quoted under the message only when it is short enough to read: GeoJSON is
    // often written as one line of many megabytes.
    constexpr std::size_t kMaxQuoted = 200;
    const std::size_t start =
        std::min(offset, text_.size()) + 1 - static_cast<std::size_t>(where.column);
    const std::string_view rest = text_.substr(start, kMaxQuoted + 2);
    std::size_t end = rest.find('\n');
    end = end == std::string_view::npos ? rest.size() : end;
    if (end > 0 && rest[end - 1] == '\r') {
        --end;
    }
    std::string line;
    const bool whole = end < rest.size() || start + rest.size() == text_.size();
    if (whole && end <= kMaxQuoted) {
        line = std::string(rest.substr(0, end));
    }
    throw InputError(where, key_path, message, line);
}

void JsonValue::fail(const std::string& message) const {
    doc_->fail(entry().offset, path_, message);
}

std::string JsonValue::found() const {
    const auto& e = entry();
    switch (e.kind) {
        case Kind::null:
            return "null";
        case Kind::boolean:
            return e.boolean ? "true" : "false";
        case Kind::number: {
            const std::string_view text = doc_->text_.substr(e.offset);
            const auto length = text.find_first_not_of("+-.eE0123456789");
            return std::string(text.substr(0, std::min<std::size_t>(length, 40)));
        }
        case Kind::string:
            return shown_text(doc_->strings_[e.text]);
        case Kind::array:
            return "an array";
        case Kind::object:
            return "an object";
    }
    return "nothing";
}

std::string JsonValue::as_string() const {
    if (kind() != Kind::string) {
        fail("expected a string, found " + found());
    }
    return doc_->strings_[entry().text];
}

double JsonValue::as_number() const {
    if (kind() != Kind::number) {
        fail("expected a number, found " + found());
    }
    return entry().number;
}

std::vector<JsonValue> JsonValue::as_array() const {
    if (kind() != Kind::array) {
        fail("expected an array, found " + found());
    }
    std::vector<JsonValue> items;
    for (std::uint32_t i = index_ + 1; i < entry().end; i = doc_->tape_[i].end) {
        items.emplace_back(*doc_, i, fmt::format("{}[{}]", path_, items.size()));
    }
    return items;
}

std::vector<std::pair<std::string_view, std::uint32_t>> JsonValue::members() const {
    if (kind() != Kind::object) {
        fail("expected an object, found " + found());
    }
    std::vector<std::pair<std::string_view, std::uint32_t>> out;
    for (std::uint32_t i = index_ + 1; i < entry().end; i = doc_->tape_[i].end) {
        out.emplace_back(doc_->strings_[doc_->tape_[i].key], i);
    }
    return out;
}

std::optional<JsonValue> JsonValue::member(std::string_view name) const {
    for (const auto& [key, index] : members()) {
        if (key == name) {
            return JsonValue(*doc_, index, child_key_path(path_, name));
        }
    }
    return std::nullopt;
}

JsonValue JsonValue::required(std::string_view name) const {
    if (auto value = member(name)) {
        return *value;
    }
    const auto present = members();
    std::vector<std::string> names;
    for (const auto& entry : present) {
        names.emplace_back(entry.first);
    }
    if (const std::string near = closest_match(name, names); !near.empty()) {
        const auto at = std::find(names.begin(), names.end(), near) - names.begin();
        const JsonValue misspelt(*doc_, present[static_cast<std::size_t>(at)].second,
                                 child_key_path(path_, near));
        misspelt.fail(fmt::format("unknown key '{}' (did you mean '{}'?)", near, name));
    }
    const std::string where = path_.empty() ? "at the top level" : "in " + path_;
    fail(fmt::format("missing required key '{}' {}", name, where));
}

}  // namespace lastmile::scenario::detail
