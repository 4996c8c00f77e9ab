#pragma once
// Typed, located access to a parsed YAML document. Only the scenario loaders include this:
// nothing downstream of them sees YAML.
//
// Every accessor either returns a valid value or throws an InputError naming the file, line,
// column and key path, what was found and what was expected.

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include <lastmile/geo/geo_point.hpp>
#include <lastmile/scenario/input_error.hpp>
#include <lastmile/scenario/spec.hpp>
#include <lastmile/scenario/units.hpp>

namespace lastmile::scenario::detail {

/// The text being read, kept so that errors can quote the offending line.
class Document {
  public:
    Document(std::string file, const std::string& text);

    const std::string& file() const noexcept { return file_; }
    std::string line_text(int line) const;  ///< 1-based; empty if out of range
    SourceLocation locate(const YAML::Mark& mark, std::size_t column_offset = 0) const;

    [[noreturn]] void fail(const YAML::Mark& mark, const std::string& key_path,
                           const std::string& message, std::size_t column_offset = 0) const;

    /// Notes a number as read (internal units), for the results file's resolved parameters.
    /// A key read twice keeps its last value and unit, in the place it was first read.
    void note(const std::string& key, double value, std::string_view unit) const;
    std::vector<ResolvedParameter> resolved() const { return resolved_; }

  private:
    std::string file_;
    std::vector<std::string> lines_;
    mutable std::vector<ResolvedParameter> resolved_;
    mutable std::map<std::string, std::size_t, std::less<>> resolved_index_;
};

class MapReader;

/// One node of the document with its key path and a fallback position (its key's) for nodes
/// that have none of their own, such as an empty value.
class Value {
  public:
    Value(const Document& doc, YAML::Node node, std::string path, YAML::Mark fallback);

    const YAML::Node& node() const noexcept { return node_; }
    const std::string& path() const noexcept { return path_; }
    const Document& document() const noexcept { return *doc_; }
    YAML::Mark mark() const;
    SourceLocation location() const { return doc_->locate(mark()); }

    [[noreturn]] void fail(const std::string& message, std::size_t column_offset = 0) const;
    /// How the node looks, for "found ..." in messages: "'abc'", "a list", "a mapping", "nothing".
    std::string found() const;

    std::string as_string() const;
    /// An identifier: letters, digits, '_', '-', '.'.
    std::string as_id() const;
    /// A quantity with a unit, in the internal unit of `dimension`.
    double as_quantity(Dimension dimension) const;
    /// A quantity in [min, max] (internal units); `range` states the bounds for people,
    /// e.g. "from 0.1 m/s to 300 m/s".
    double as_quantity_in(Dimension dimension, double min, double max,
                          std::string_view range) const;
    /// A whole number in [min, max].
    std::int64_t as_integer(std::int64_t min, std::int64_t max) const;
    std::uint64_t as_unsigned() const;
    /// A plain number, finite.
    double as_number() const;
    /// true or false.
    bool as_bool() const;
    /// A time of day "HH:MM" or "HH:MM:SS" (00:00 to 24:00), in seconds after midnight.
    double as_time_of_day() const;
    /// A latitude/longitude mapping {lat: .., lon: ..} in degrees.
    geo::GeoPoint as_geo_point() const;

    std::vector<Value> as_list() const;

  private:
    template <typename Integer>
    Integer as_whole_number(Integer min, Integer max) const;

    const Document* doc_;
    YAML::Node node_;
    std::string path_;
    YAML::Mark fallback_;
};

/// Reads a mapping whose keys must come from `allowed`. Unknown keys (with a "did you mean"
/// hint) and duplicate keys are errors as soon as the reader is made, so a misspelled required
/// key is reported as the typo it is rather than as a missing key.
class MapReader {
  public:
    MapReader(const Value& map, std::initializer_list<std::string_view> allowed);

    Value required(std::string_view key) const;
    std::optional<Value> optional(std::string_view key) const;

    const Value& self() const noexcept { return map_; }

  private:
    std::optional<Value> find(std::string_view key) const;
    void check_allowed(std::string_view key) const;

    Value map_;
    std::vector<std::string> allowed_;
};

/// Parses YAML text into a root Value; syntax errors become located InputErrors.
YAML::Node parse_yaml(const Document& doc, const std::string& text);
/// The message for a YAML syntax error ("invalid YAML: ...").
std::string yaml_error_message(const YAML::ParserException& e);

}  // namespace lastmile::scenario::detail
