#pragma once
/// Runs one scenario to its horizon and reports to a Recorder. No files, no YAML, no console:
/// the CLI, sweeps and tests all call this.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <lastmile/output/recorder.hpp>
#include <lastmile/scenario/spec.hpp>

namespace lastmile::model {

struct RunOptions {
    std::optional<std::uint64_t> seed;         ///< overrides the scenario's seed
    std::optional<std::uint64_t> replication;  ///< overrides the scenario's replication
    /// Called with the fraction of simulated time done, a few hundred times per run.
    std::function<void(double)> progress;
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

}  // namespace lastmile::model
