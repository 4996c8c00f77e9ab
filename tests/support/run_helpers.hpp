#pragma once
// Running a scenario in memory and reading its results, for model and validation tests.

#include <string_view>

#include <catch2/catch.hpp>

#include <lastmile/model/run.hpp>
#include <lastmile/scenario/loader.hpp>

#include "support/tiny_scenario.hpp"

namespace lastmile::testing {

struct Run {
    model::RunOutcome outcome;
    output::RunRecords records;

    double metric(std::string_view name) const {
        const auto* m = records.find_metric(name);
        REQUIRE(m != nullptr);
        return m->value;
    }
    std::size_t count(output::OrderStatus status) const {
        std::size_t n = 0;
        for (const auto& o : records.orders) {
            n += o.status == status ? 1 : 0;
        }
        return n;
    }
};

inline Run run(const scenario::ScenarioSpec& spec, model::RunOptions options = {}) {
    output::MemoryRecorder recorder;
    Run r;
    r.outcome = model::simulate(spec, options, recorder);
    r.records = recorder.take();
    return r;
}

inline scenario::ScenarioSpec tiny() {
    return scenario::load_scenario_text(tiny_scenario(), "tiny.yaml");
}

}  // namespace lastmile::testing
