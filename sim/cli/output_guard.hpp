#pragma once
// The one check every command makes before it writes a file: the output must not destroy an
// input or a device. Files are still written under a temporary name and renamed into place
// (output/atomic_file), so this is about *which* path is replaced, not how.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace lastmile::cli {

/// Why `output` must not be written, or nothing: it exists and is not a regular file (a
/// device such as /dev/null, a FIFO, a directory: renaming over it would replace the node), or
/// it is the same file as one of `inputs`. Files are compared by device and inode, after
/// following links, so `./q.yaml`, an absolute path, a symbolic or a hard link to an input are
/// all caught. An input that does not exist (an embedded one) is skipped.
std::optional<std::string> output_refusal(const std::filesystem::path& output,
                                          const std::vector<std::filesystem::path>& inputs);

}  // namespace lastmile::cli
