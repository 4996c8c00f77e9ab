#pragma once
/// Re-running a recorded run from its results file alone, and checking it reproduces.

#include <cstdint>
#include <optional>
#include <string>

#include <lastmile/output/run_file.hpp>
#include <lastmile/scenario/input_error.hpp>
#include <lastmile/scenario/spec.hpp>

namespace lastmile::replay {

struct Verification {
    std::string recorded_digest;
    std::string replayed_digest;
    std::uint64_t events = 0;  ///< processed by the replay
    bool traced = false;       ///< the file has a trace, and it was compared event by event
    /// Where the replay's results first differ from the file's; nothing when identical.
    std::optional<std::string> first_difference;
    bool identical() const {
        return recorded_digest == replayed_digest && !first_difference.has_value();
    }
};

/// The scenario a results file embeds, with the input files it embeds, loaded as it was for
/// the run. Throws scenario::InputError when it no longer loads (it was edited).
scenario::ScenarioSpec load_embedded_scenario(const output::RunProvenance& provenance);

/// Which dataset of a results file an InputError from load_embedded_scenario is about:
/// "/scenario/inputs/2 ('orders.csv')" for an embedded input, "/scenario/text" otherwise.
std::string embedded_dataset_of(const scenario::InputError& error,
                                const output::RunProvenance& provenance);

/// A run repeated from what its results file records: seed, replication, the embedded
/// scenario and inputs. Its records include the economics, as `lastmile run` writes them.
struct Resimulation {
    std::string digest;
    std::uint64_t events = 0;
    output::RunRecords records;
};

/// Throws scenario::InputError when the embedded scenario no longer loads.
Resimulation resimulate(const output::RunProvenance& provenance, bool trace);

/// The first event where two traces differ (time, kind, entities of both), or nothing.
std::optional<std::string> first_trace_difference(const output::TraceRecords& recorded,
                                                  const output::TraceRecords& replayed);

/// Loads the embedded scenario and its embedded inputs, runs it with the recorded seed and
/// replication, and compares the trace event by event (when the file has one), then digest,
/// metrics and every table. Throws scenario::InputError
/// when the embedded scenario no longer loads (it was edited).
Verification verify(const output::RunFileContents& file);

}  // namespace lastmile::replay
