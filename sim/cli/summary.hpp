#pragma once
// The short human summary `lastmile run` prints after a run.

#include <cstdio>
#include <string>

#include <lastmile/model/run.hpp>
#include <lastmile/output/recorder.hpp>
#include <lastmile/scenario/spec.hpp>

namespace lastmile::cli {

void print_summary(std::FILE* out, const scenario::ScenarioSpec& spec,
                   const model::RunOutcome& outcome, const output::RunRecords& records,
                   double wall_seconds, const std::string& output_path);

}  // namespace lastmile::cli
