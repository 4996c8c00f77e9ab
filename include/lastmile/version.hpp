#pragma once
/// Which LastMile produced a result: recorded in every results file.

#include <string_view>

namespace lastmile {

/// The release version, e.g. "0.1.0".
std::string_view version() noexcept;
/// The git commit the binary was built from, with "-dirty" if the work tree had changes,
/// or "unknown" when built outside a git checkout.
std::string_view git_sha() noexcept;

}  // namespace lastmile
