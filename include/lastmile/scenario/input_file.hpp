#pragma once
/// The one way a command opens a file it reads.
///
/// Only regular files are inputs. A FIFO with no writer would block the program for ever, a
/// device such as /dev/zero never ends, and a directory is a slip of the tongue: each is
/// refused by its kind before a byte is read, and a regular file is refused as soon as its size
/// is over the cap, so refusing any input costs next to no memory or time.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace lastmile::scenario {

/// The most bytes one input file (scenario, sweep, orders CSV, GeoJSON) may hold.
inline constexpr std::size_t kMaxInputFileBytes = std::size_t{1} << 30;

/// Where a file named in a scenario (an orders CSV, a GeoJSON network) is: a relative name is
/// beside the scenario, in `scenario_dir`. The loader, the output guard and replay's messages
/// all resolve names this one way.
std::filesystem::path resolve_input_path(const std::filesystem::path& scenario_dir,
                                         const std::string& name);

/// Why `path` cannot be an input when it exists and is not a regular file, following links:
/// "is a directory, expected WHAT" or "is a FIFO (named pipe), not a regular file; expected
/// WHAT" (likewise a character or block device, a socket). Nothing for a regular file or a path
/// that does not exist. Looks without opening, so it never blocks: readers that open a file
/// themselves (the HDF5 library) ask this first.
std::optional<std::string> special_file_refusal(const std::filesystem::path& path,
                                                std::string_view what);

/// The whole of the regular file at `path`, at most `max_bytes` of it. Throws InputError
/// located at the file when it cannot be opened, is not a regular file, or is larger; `what`
/// names it in the message ("a scenario file").
std::string read_input_file(const std::filesystem::path& path, std::string_view what,
                            std::size_t max_bytes = kMaxInputFileBytes);

}  // namespace lastmile::scenario
