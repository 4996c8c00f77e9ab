#pragma once
/// Text outputs (reports, exports) are written like results files: under a temporary name
/// beside the target, synced, and renamed into place, so a file with the final name is whole.

#include <filesystem>
#include <string>

namespace lastmile::output {

/// Throws RunFileError ("cannot write file PATH: reason") and leaves nothing behind on failure.
void write_text_file(const std::filesystem::path& path, const std::string& text);

}  // namespace lastmile::output
