#pragma once
/// Runs one scenario to its horizon and reports to a Recorder. No files, no YAML, no console:
/// the CLI, sweeps and tests all call this.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <lastmile/model/dispatch.hpp>
#include <lastmile/output/recorder.hpp>
#include <lastmile/output/run_file.hpp>
#include <lastmile/scenario/spec.hpp>

namespace lastmile::model {

struct RunOptions {
    std::optional<std::uint64_t> seed;         ///< overrides the scenario's seed
    std::optional<std::uint64_t> replication;  ///< overrides the scenario's replication
    /// Called with the fraction of simulated time done, a few hundred times per run.
    std::function<void(double)> progress;
    /// Record the full event trace (handed to the recorder at the end of the run).
    bool trace = false;
    /// The dispatch policies the scenario may name; null: LastMile's own
    /// (DispatchPolicies::built_in()). Must outlive the call.
    const DispatchPolicies* dispatch_policies = nullptr;
};

struct RunOutcome {
    std::uint64_t seed = 0;
    std::uint64_t replication = 0;
    std::string digest;  ///< 16 hex digits
    std::uint64_t events = 0;
    double simulated_s = 0;
};

RunOutcome simulate(const scenario::ScenarioSpec& spec, const RunOptions& options,
                    output::Recorder& recorder);

/// What a results file records of where a run came from: version, seed, replication, digest,
/// the scenario and every file it references (so it can be replayed from the file alone).
/// The wall-clock fields (created_utc, wall_seconds) are left for the caller.
output::RunProvenance provenance_of(const scenario::ScenarioSpec& spec, const RunOutcome& outcome);

}  // namespace lastmile::model
