#include "output_guard.hpp"

#include <sys/stat.h>

#include <fmt/format.h>

#include <lastmile/scenario/input_file.hpp>

namespace lastmile::cli {

std::optional<std::string> output_refusal(const std::filesystem::path& output,
                                          const std::vector<std::filesystem::path>& inputs) {
    struct stat out {};
    if (::stat(output.c_str(), &out) != 0) {
        return std::nullopt;  // nothing there yet (or a dangling link, which the rename replaces)
    }
    if (!S_ISREG(out.st_mode)) {
        const auto kind = scenario::special_file_refusal(output, "a file to write");
        return fmt::format("{}: {}; refusing to replace it", output.string(),
                           kind.value_or("is not a regular file"));
    }
    for (const auto& input : inputs) {
        struct stat in {};
        if (::stat(input.c_str(), &in) == 0 && in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
            return fmt::format(
                "{}: is the input {}; refusing to overwrite an input (name another "
                "output file)",
                output.string(), input.string());
        }
    }
    return std::nullopt;
}

}  // namespace lastmile::cli
