#pragma once
/// The summary of a finished sweep from its runs' results files.

#include <filesystem>
#include <stdexcept>

#include <lastmile/output/summary_file.hpp>
#include <lastmile/scenario/sweep_spec.hpp>

namespace lastmile::sweep {

/// Some runs have no complete results file yet.
class IncompleteSweep : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Reads every run's results file in `dir` and computes the summary. Throws IncompleteSweep
/// listing the runs that are missing.
output::SweepSummary summarise(const scenario::SweepSpec& sweep, const std::filesystem::path& dir);

}  // namespace lastmile::sweep
