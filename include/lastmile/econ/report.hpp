#pragma once
/// The economics of a finished run as results: the /economics tables and summary metrics.

#include <lastmile/econ/analysis.hpp>
#include <lastmile/output/recorder.hpp>
#include <lastmile/scenario/spec.hpp>

namespace lastmile::econ {

output::EconomicsRecords to_records(const EconomicsReport& report,
                                    const scenario::EconomicsSpec& spec);

/// When the scenario has an economics section: analyses the run in `records` and adds the
/// /economics tables and the economics metrics to them.
void append_economics(const scenario::ScenarioSpec& spec, output::RunRecords& records);

}  // namespace lastmile::econ
