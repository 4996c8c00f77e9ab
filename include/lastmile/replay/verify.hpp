#pragma once
/// Re-running a recorded run from its results file alone, and checking it reproduces.

#include <cstdint>
#include <optional>
#include <string>

#include <lastmile/output/run_file.hpp>

namespace lastmile::replay {

struct Verification {
    std::string recorded_digest;
    std::string replayed_digest;
    std::uint64_t events = 0;  ///< processed by the replay
    /// Where the replay's results first differ from the file's; nothing when identical.
    std::optional<std::string> first_difference;
    bool identical() const {
        return recorded_digest == replayed_digest && !first_difference.has_value();
    }
};

/// Loads the embedded scenario and its embedded inputs, runs it with the recorded seed and
/// replication, and compares digest, metrics and every table. Throws scenario::InputError
/// when the embedded scenario no longer loads (it was edited).
Verification verify(const output::RunFileContents& file);

}  // namespace lastmile::replay
