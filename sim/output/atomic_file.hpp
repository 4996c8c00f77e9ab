#pragma once
// Writes an HDF5 file under a temporary name beside the target, syncs it, and renames it into
// place: a file with the final name is always complete.

#include <filesystem>
#include <functional>
#include <string>

#include "h5.hpp"

namespace lastmile::output::detail {

/// Calls `fill` with the open temporary file, then makes it `path`. Throws RunFileError
/// ("cannot write results file PATH: ...") and leaves nothing behind on failure.
void write_atomically(const std::filesystem::path& path, const std::function<void(hid_t)>& fill);

}  // namespace lastmile::output::detail
