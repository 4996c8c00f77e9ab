#pragma once
/// Runs a sweep's runs into a directory: in parallel on worker threads, a deterministic slice
/// of them for one shard of a batch job, skipping runs whose results file is already complete.
///
///     DIR/sweep.manifest     the sweep file's absolute path (for `lastmile sweep merge DIR`)
///     DIR/runs/NAME-rK.h5    one results file per run: variant NAME, replication K
///     DIR/summary.h5         written once every run is complete (see sweep/summary.hpp)
///
/// A run's seed is the sweep's seed and its replication number the run's replication, so a
/// run gives the same digest and results whichever thread, shard or rank ran it.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>

#include <lastmile/output/run_file.hpp>
#include <lastmile/scenario/sweep_spec.hpp>

namespace lastmile::sweep {

struct SweepOptions {
    std::filesystem::path dir;
    unsigned jobs = 0;   ///< worker threads; 0: one per core
    unsigned shard = 0;  ///< this shard, 0-based
    unsigned shards = 1;
    /// Called after each run of this process's share is done or found complete, with the
    /// count so far and the share's size. Called under a lock, from worker threads.
    std::function<void(std::size_t done, std::size_t total)> progress;
    /// If set, hands out the next run index to work on (among all runs), or nothing when no
    /// work is left: how MPI ranks share a sweep dynamically. Replaces the shard slice.
    std::function<std::optional<std::size_t>()> next_run;
};

struct SweepOutcome {
    std::size_t ran = 0;
    std::size_t skipped = 0;  ///< already complete
};

std::filesystem::path run_file(const std::filesystem::path& dir, const scenario::SweepSpec& sweep,
                               const scenario::SweepRun& run);

/// True when a results file's provenance is exactly this run's (same scenario text, seed and
/// replication).
bool matches(const output::RunProvenance& provenance, const scenario::SweepSpec& sweep,
             const scenario::SweepRun& run);

/// True when `file` is a readable results file of exactly this run.
bool run_complete(const std::filesystem::path& file, const scenario::SweepSpec& sweep,
                  const scenario::SweepRun& run);

/// Runs this process's share of the runs. Throws on a run that fails or cannot be written.
SweepOutcome run_sweep(const scenario::SweepSpec& sweep, const SweepOptions& options);

/// Writes DIR/sweep.manifest (the sweep file's absolute path).
void write_manifest(const std::filesystem::path& dir, const scenario::SweepSpec& sweep);
/// The sweep file named by DIR/sweep.manifest. Throws std::runtime_error if there is none.
std::filesystem::path read_manifest(const std::filesystem::path& dir);

}  // namespace lastmile::sweep
