#pragma once
/// A sweep: one base scenario, varied by key path over a grid and/or named variants, each run
/// for a number of replications. Runs of one replication share their seed and replication
/// number, so every variant sees the same demand and the same random events (common random
/// numbers).

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <lastmile/scenario/spec.hpp>

namespace lastmile::scenario {

struct SweepVariant {
    std::string name;  ///< letters, digits, '-' and '_': it names files
    /// What it changes, as written: key path and value.
    std::vector<std::pair<std::string, std::string>> parameters;
    std::string scenario_text;  ///< the base scenario with the changes applied
    ScenarioSpec spec;          ///< scenario_text, loaded and checked
};

/// One run of the sweep.
struct SweepRun {
    std::size_t index = 0;    ///< in runs(): replication-major
    std::size_t variant = 0;  ///< into SweepSpec::variants
    std::uint64_t replication = 0;
};

struct SweepSpec {
    std::string name;
    std::string source_file;
    std::string base_file;  ///< the base scenario, as resolved
    std::uint64_t seed = 0;
    std::uint64_t replications = 1;
    std::vector<SweepVariant> variants;
    std::size_t baseline = 0;  ///< the variant paired differences are taken against

    /// Every run, replication by replication, variants in order within each.
    std::vector<SweepRun> runs() const;
};

/// Reads a sweep file, applies every change to the base scenario and loads each variant. Any
/// problem (a key path the base scenario does not have, a value it rejects) is an InputError
/// located in the sweep file, before anything runs.
SweepSpec load_sweep_file(const std::filesystem::path& path);

}  // namespace lastmile::scenario
