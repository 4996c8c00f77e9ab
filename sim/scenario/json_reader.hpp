#pragma once
// Strict, located reading of JSON text (RFC 8259). Only the scenario readers include this.
//
// The syntax is nlohmann-json's, driven through its SAX interface, so nothing RFC 8259 refuses
// gets in: no comments, trailing commas, single quotes, NaN or leading zeros, and strings must
// be valid UTF-8. On top of the RFC, a name given twice in one object is an error (as a key
// given twice is everywhere else in LastMile). nlohmann-json itself refuses a number too large
// for a double.
//
// Every value remembers where it starts in the text, so that a later check ("expected a
// position") is reported at the value's own line and column, like YAML errors are.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <lastmile/scenario/input_error.hpp>

namespace lastmile::scenario::detail {

/// Limits that bound what a hostile document costs (at most about 1 GB: 32 bytes a value on the
/// tape, with its growth, and the member names of the objects being read) and how deep it
/// nests (a GeoJSON MultiPolygon is 6 deep; no reader here recurses deeper than this).
inline constexpr std::size_t kMaxJsonValues = 10'000'000;
inline constexpr std::size_t kMaxJsonDepth = 100;
inline constexpr std::size_t kMaxJsonNames = 100'000;  ///< distinct member names

/// `text` as a message may show it: at most about 60 bytes (cut between UTF-8 characters, "..."
/// after), control characters written as \uXXXX.
std::string shown_text(std::string_view text);

class JsonValue;

/// A parsed JSON text: its values in document order on a flat tape (32 bytes a value).
class JsonDocument {
  public:
    enum class Kind : std::uint8_t { null, boolean, number, string, array, object };

    /// Parses `text`, the contents of `file`; a syntax error, a duplicate name or a limit
    /// exceeded is an InputError at the offending character.
    JsonDocument(std::string file, std::string_view text);
    /// The document keeps a view of the text, which must outlive it: not a temporary.
    JsonDocument(std::string file, std::string&& text) = delete;

    JsonValue root() const;

    const std::string& file() const noexcept { return file_; }
    /// Line and column (1-based, counted in bytes) of byte `offset`.
    SourceLocation locate(std::size_t offset) const;
    [[noreturn]] void fail(std::size_t offset, const std::string& key_path,
                           const std::string& message) const;

  private:
    friend class JsonValue;
    friend class JsonTapeBuilder;

    static constexpr std::uint32_t kNone = 0xffffffffU;
    struct Entry {
        double number = 0;
        std::uint64_t offset = 0;    // where the value starts in the text
        std::uint32_t end = 0;       // one past the value's last descendant on the tape
        std::uint32_t key = kNone;   // its name in the enclosing object (index into strings_)
        std::uint32_t text = kNone;  // a string's value (index into strings_)
        Kind kind = Kind::null;
        bool boolean = false;
    };

    std::string file_;
    std::string_view text_;  // the caller's text, which outlives the document
    // Lines are counted from checkpoints every 64 KiB (the line number and where that line
    // starts), so locating costs at most 64 KiB of scanning and the index 1/4096 of the text.
    static constexpr std::size_t kCheckpointBytes = std::size_t{1} << 16;
    std::vector<std::uint32_t> checkpoint_line_;
    std::vector<std::size_t> checkpoint_line_start_;
    std::vector<Entry> tape_;
    std::vector<std::string> strings_;
};

/// One value of a document with its key path ("features[3].geometry"). Every accessor returns
/// what was asked for or throws an InputError at the value saying what was found instead.
class JsonValue {
  public:
    using Kind = JsonDocument::Kind;

    JsonValue(const JsonDocument& doc, std::uint32_t index, std::string path)
        : doc_(&doc), index_(index), path_(std::move(path)) {}

    Kind kind() const noexcept { return entry().kind; }
    bool is_null() const noexcept { return kind() == Kind::null; }
    const std::string& path() const noexcept { return path_; }
    SourceLocation location() const { return doc_->locate(entry().offset); }

    [[noreturn]] void fail(const std::string& message) const;
    /// How the value looks, for "found ..." in messages: "'abc'", "12.5", "an array",
    /// "an object", "null", "true".
    std::string found() const;

    std::string as_string() const;
    double as_number() const;
    std::vector<JsonValue> as_array() const;

    /// An object's member; fails unless this is an object.
    std::optional<JsonValue> member(std::string_view name) const;
    /// A member that must be there. When it is missing and another member's name is a likely
    /// misspelling of it, the error points at that member ("did you mean 'geometry'?").
    JsonValue required(std::string_view name) const;

  private:
    const JsonDocument::Entry& entry() const noexcept { return doc_->tape_[index_]; }
    std::vector<std::pair<std::string_view, std::uint32_t>> members() const;

    const JsonDocument* doc_;
    std::uint32_t index_;
    std::string path_;
};

}  // namespace lastmile::scenario::detail
