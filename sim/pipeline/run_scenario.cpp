#include <lastmile/econ/report.hpp>
#include <lastmile/output/recorder.hpp>
#include <lastmile/pipeline/run_scenario.hpp>

namespace lastmile::pipeline {

CompletedRun run_scenario(const scenario::ScenarioSpec& spec, const model::RunOptions& options) {
    output::MemoryRecorder recorder;
    CompletedRun run;
    run.outcome = model::simulate(spec, options, recorder);
    run.records = recorder.take();
    econ::append_economics(spec, run.records);
    run.provenance = model::provenance_of(spec, run.outcome);
    return run;
}

}  // namespace lastmile::pipeline
