#include <lastmile/econ/report.hpp>
#include <lastmile/model/run.hpp>
#include <lastmile/output/compare.hpp>
#include <lastmile/replay/verify.hpp>
#include <lastmile/scenario/loader.hpp>

namespace lastmile::replay {

Verification verify(const output::RunFileContents& file) {
    const auto& p = file.provenance;
    std::vector<scenario::EmbeddedInput> inputs;
    for (const auto& [name, text] : p.scenario_inputs) {
        inputs.push_back({name, text});
    }
    const auto spec = scenario::load_scenario_text(p.scenario_text, p.scenario_file, inputs);
    model::RunOptions options;
    options.seed = p.seed;
    options.replication = p.replication;
    output::MemoryRecorder recorder;
    const auto outcome = model::simulate(spec, options, recorder);
    output::RunRecords replayed = recorder.take();
    econ::append_economics(spec, replayed);

    Verification v;
    v.recorded_digest = p.event_digest;
    v.replayed_digest = outcome.digest;
    v.events = outcome.events;
    v.first_difference = output::first_difference(file.records, replayed);
    if (!v.first_difference && v.recorded_digest != v.replayed_digest) {
        v.first_difference = "the event digest";
    }
    return v;
}

}  // namespace lastmile::replay
