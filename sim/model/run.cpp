#include <algorithm>

#include <lastmile/kernel/simulation.hpp>
#include <lastmile/model/run.hpp>
#include <lastmile/version.hpp>

#include "operation.hpp"

namespace lastmile::model {

RunOutcome simulate(const scenario::ScenarioSpec& spec, const RunOptions& options,
                    output::Recorder& recorder) {
    RunOutcome outcome;
    outcome.seed = options.seed.value_or(spec.simulation.seed);
    outcome.replication = options.replication.value_or(spec.simulation.replication);

    kernel::Simulation sim(kernel::RandomStreams(outcome.seed, outcome.replication));
    if (options.trace) {
        sim.enable_trace();
    }
    const DispatchPolicies own =
        options.dispatch_policies != nullptr ? DispatchPolicies() : DispatchPolicies::built_in();
    Operation operation(sim, spec, recorder,
                        options.dispatch_policies != nullptr ? *options.dispatch_policies : own);
    operation.start();

    const kernel::Tick horizon = kernel::ticks_from_seconds(spec.simulation.duration_s);
    if (options.progress) {
        // Slicing the run does not change it: run_until processes the same events in the same
        // order whatever the slice boundaries.
        constexpr int kSlices = 200;
        for (int i = 1; i <= kSlices; ++i) {
            sim.run_until(horizon / kSlices * i + (i == kSlices ? horizon % kSlices : 0));
            options.progress(static_cast<double>(i) / kSlices);
        }
    } else {
        sim.run_until(horizon);
    }
    operation.finish();
    if (options.trace) {
        kernel::EventTrace trace = sim.take_trace();
        output::TraceRecords records;
        for (auto& kind : trace.kinds) {
            records.kinds.push_back(output::TraceKindRecord{
                std::move(kind.name), std::move(kind.roles.subject), std::move(kind.roles.object)});
        }
        records.events.reserve(trace.events.size());
        for (const auto& e : trace.events) {
            records.events.push_back(output::TraceEventRecord{kernel::seconds_from_ticks(e.time),
                                                              e.kind, e.subject, e.object});
        }
        recorder.record(std::move(records));
    }

    outcome.digest = sim.digest().hex();
    outcome.events = sim.events_processed();
    outcome.simulated_s = kernel::seconds_from_ticks(sim.now());
    return outcome;
}

output::RunProvenance provenance_of(const scenario::ScenarioSpec& spec, const RunOutcome& outcome) {
    output::RunProvenance p;
    p.lastmile_version = std::string(lastmile::version());
    p.git_sha = std::string(lastmile::git_sha());
    p.seed = outcome.seed;
    p.replication = outcome.replication;
    p.event_digest = outcome.digest;
    p.events_processed = outcome.events;
    p.scenario_name = spec.name;
    p.scenario_file = spec.source_file;
    p.scenario_text = spec.source_text;
    for (const auto& input : spec.inputs) {
        p.scenario_inputs.emplace_back(input.name, input.text);
    }
    for (const auto& r : spec.parameters) {
        p.scenario_parameters.push_back(output::ParameterRecord{r.key, r.value, r.unit});
    }
    p.duration_s = spec.simulation.duration_s;
    return p;
}

}  // namespace lastmile::model
