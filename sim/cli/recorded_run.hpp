#pragma once
// A recorded run as the commands that read one need it: the results file and the scenario it
// embeds (never the file on disk, which may have changed since the run).

#include <optional>
#include <string>

#include <lastmile/output/run_file.hpp>
#include <lastmile/scenario/spec.hpp>

namespace lastmile::cli {

struct RecordedRun {
    output::RunFileContents run;
    scenario::ScenarioSpec spec;
};

/// Reads `file` (first in a child process: it may come from elsewhere, see
/// output::read_untrusted_run_file) and loads the scenario it embeds. When either fails, prints why
/// on stderr and returns nothing: the file is bad input (exit 2).
std::optional<RecordedRun> read_recorded_run(const std::string& file);

}  // namespace lastmile::cli
