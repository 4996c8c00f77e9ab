#pragma once
/// The one run pipeline: simulate a scenario, take what it recorded, add its economics and its
/// provenance. Everything a results file holds comes out of here, so `run`, `sweep`, `replay`
/// and the tests cannot drift apart in what a run is.

#include <lastmile/model/run.hpp>
#include <lastmile/output/records.hpp>
#include <lastmile/output/run_file.hpp>
#include <lastmile/scenario/spec.hpp>

namespace lastmile::pipeline {

/// A run, complete: write it with output::write_run_file(path, run.provenance, run.records).
struct CompletedRun {
    model::RunOutcome outcome;
    /// Version, seed, replication, digest, the scenario and its inputs. The wall-clock fields
    /// (created_utc, wall_seconds) are empty: only a caller that wants them (the `run` command)
    /// fills them in, so that a sweep's files do not depend on when or how fast they ran.
    output::RunProvenance provenance;
    /// The records, with /economics appended when the scenario has an economics section.
    output::RunRecords records;
};

/// Runs `spec` to its horizon with `options`. Throws what the simulation throws.
CompletedRun run_scenario(const scenario::ScenarioSpec& spec,
                          const model::RunOptions& options = {});

}  // namespace lastmile::pipeline
