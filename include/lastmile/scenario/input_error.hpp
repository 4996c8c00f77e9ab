#pragma once
/// Errors in input files, located precisely enough for a person to fix them.
///
///     city.yaml:14:15: error: fleets[0].count: expected a whole number >= 1, found -3
///        14 |     count: -3
///           |            ^

#include <stdexcept>
#include <string>

namespace lastmile::scenario {

/// A position in a source file; line and column are 1-based, 0 when unknown.
struct SourceLocation {
    std::string file;
    int line = 0;
    int column = 0;
};

class InputError : public std::runtime_error {
  public:
    /// `key_path` is where in the document ("fleets[0].count"); `message` says what was found
    /// and what was expected; `source_line` is the text of the offending line, if known.
    InputError(SourceLocation where, std::string key_path, std::string message,
               std::string source_line = {});

    const SourceLocation& where() const noexcept { return where_; }
    const std::string& key_path() const noexcept { return key_path_; }
    const std::string& message() const noexcept { return message_; }

    /// The full report: "file:line:col: error: path: message", then the line and a caret.
    const std::string& report() const noexcept { return report_; }

  private:
    SourceLocation where_;
    std::string key_path_;
    std::string message_;
    std::string report_;
};

}  // namespace lastmile::scenario
