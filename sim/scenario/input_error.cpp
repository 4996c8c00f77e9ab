#include <fmt/format.h>

#include <lastmile/scenario/input_error.hpp>

namespace lastmile::scenario {
namespace {

std::string render(const SourceLocation& where, const std::string& key_path,
                   const std::string& message, const std::string& source_line) {
    std::string out = where.file;
    if (where.line > 0) {
        out += fmt::format(":{}", where.line);
        if (where.column > 0) {
            out += fmt::format(":{}", where.column);
        }
    }
    out += ": error: ";
    if (!key_path.empty()) {
        out += key_path + ": ";
    }
    out += message;
    if (where.line > 0 && !source_line.empty()) {
        const std::string gutter = fmt::format("{:>6}", where.line);
        out += fmt::format("\n{} | {}", gutter, source_line);
        if (where.column > 0) {
            // Keep tabs in the padding so the caret lines up under tab-indented text.
            std::string pad;
            for (int i = 0; i < where.column - 1 && i < static_cast<int>(source_line.size()); ++i) {
                pad += source_line[static_cast<std::size_t>(i)] == '\t' ? '\t' : ' ';
            }
            out += fmt::format("\n{} | {}^", std::string(gutter.size(), ' '), pad);
        }
    }
    return out;
}

}  // namespace

InputError::InputError(SourceLocation where, std::string key_path, std::string message,
                       std::string source_line)
    : std::runtime_error(render(where, key_path, message, source_line)),
      where_(std::move(where)),
      key_path_(std::move(key_path)),
      message_(std::move(message)),
      report_(what()) {}

}  // namespace lastmile::scenario
