#include <filesystem>

#include <fmt/format.h>

#include <lastmile/model/run.hpp>
#include <lastmile/output/compare.hpp>
#include <lastmile/pipeline/run_scenario.hpp>
#include <lastmile/replay/timeline.hpp>
#include <lastmile/replay/verify.hpp>
#include <lastmile/scenario/input_file.hpp>
#include <lastmile/scenario/loader.hpp>

namespace lastmile::replay {
namespace {

std::string at(const output::TraceRecords& trace, std::size_t i) {
    const auto& e = trace.events[i];
    return fmt::format("{} {}", clock_time(e.time_s), describe_event(trace, e));
}

bool same_event(const output::TraceRecords& a, std::size_t i, const output::TraceRecords& b) {
    const auto& x = a.events[i];
    const auto& y = b.events[i];
    if (x.time_s != y.time_s || x.subject != y.subject || x.object != y.object) {
        return false;
    }
    // Kinds are compared by name: their numbering is the order they were registered in.
    const auto name = [](const output::TraceRecords& t, std::uint32_t k) {
        return k < t.kinds.size() ? t.kinds[k].name : std::string();
    };
    return name(a, x.kind) == name(b, y.kind);
}

}  // namespace

std::optional<std::string> first_trace_difference(const output::TraceRecords& recorded,
                                                  const output::TraceRecords& replayed) {
    const std::size_t common = std::min(recorded.events.size(), replayed.events.size());
    for (std::size_t i = 0; i < common; ++i) {
        if (!same_event(recorded, i, replayed)) {
            return fmt::format("/trace event {}: {} in the file; {} now", i, at(recorded, i),
                               at(replayed, i));
        }
    }
    if (recorded.events.size() > common) {
        return fmt::format("/trace event {}: {} in the file; the replay has no more events", common,
                           at(recorded, common));
    }
    if (replayed.events.size() > common) {
        return fmt::format("/trace event {}: the file's trace ends; {} now", common,
                           at(replayed, common));
    }
    return std::nullopt;
}

scenario::ScenarioSpec load_embedded_scenario(const output::RunProvenance& p) {
    std::vector<scenario::EmbeddedInput> inputs;
    for (const auto& [name, text] : p.scenario_inputs) {
        inputs.push_back({name, text});
    }
    return scenario::load_scenario_text(p.scenario_text, p.scenario_file, inputs);
}

std::string embedded_dataset_of(const scenario::InputError& error, const output::RunProvenance& p) {
    // The loader names an embedded input by its path beside the scenario, as at the run.
    const std::filesystem::path base = std::filesystem::path(p.scenario_file).parent_path();
    for (std::size_t i = 0; i < p.scenario_inputs.size(); ++i) {
        const std::string& name = p.scenario_inputs[i].first;
        const auto resolved = scenario::resolve_input_path(base, name);
        if (error.where().file == resolved.string() || error.where().file == name) {
            return "/scenario/inputs/" + std::to_string(i) + " ('" + name + "')";
        }
    }
    return "/scenario/text";
}

Resimulation resimulate(const output::RunProvenance& p, bool trace) {
    const auto spec = load_embedded_scenario(p);
    model::RunOptions options;
    options.seed = p.seed;
    options.replication = p.replication;
    options.trace = trace;
    auto completed = pipeline::run_scenario(spec, options);
    return Resimulation{completed.outcome.digest, completed.outcome.events,
                        std::move(completed.records)};
}

Verification verify(const output::RunFileContents& file) {
    const auto& p = file.provenance;
    Verification v;
    v.traced = !file.records.trace.empty();
    const Resimulation again = resimulate(p, v.traced);
    const output::RunRecords& replayed = again.records;
    v.recorded_digest = p.event_digest;
    v.replayed_digest = again.digest;
    v.events = again.events;
    // The trace, when there is one, says where the runs part in time; the tables and metrics
    // only what came out different.
    if (v.traced) {
        v.first_difference = first_trace_difference(file.records.trace, replayed.trace);
    }
    if (!v.first_difference) {
        v.first_difference = output::first_difference(file.records, replayed);
    }
    if (!v.first_difference && v.recorded_digest != v.replayed_digest) {
        v.first_difference = "the event digest";
    }
    return v;
}

}  // namespace lastmile::replay
