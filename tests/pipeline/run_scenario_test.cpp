// The one run pipeline: what it hands back is what a results file holds, and the same for every
// caller (run, sweep, replay, tests).

#include <cmath>

#include <catch2/catch.hpp>

#include <lastmile/pipeline/run_scenario.hpp>
#include <lastmile/scenario/loader.hpp>

#include "support/economics_scenario.hpp"
#include "support/tiny_scenario.hpp"

using lastmile::pipeline::run_scenario;

TEST_CASE("the provenance names the run the pipeline made", "[pipeline]") {
    const auto spec =
        lastmile::scenario::load_scenario_text(lastmile::testing::tiny_scenario(), "t.yaml");
    lastmile::model::RunOptions options;
    options.seed = 99;
    options.replication = 4;
    const auto run = run_scenario(spec, options);
    CHECK(run.provenance.seed == 99);
    CHECK(run.provenance.replication == 4);
    CHECK(run.outcome.seed == 99);
    CHECK(run.provenance.event_digest == run.outcome.digest);
    CHECK(run.provenance.events_processed == run.outcome.events);
    CHECK(run.provenance.scenario_text == spec.source_text);
    CHECK(run.provenance.scenario_name == spec.name);
    // Left for the caller: a sweep's files must not depend on when or how fast they ran.
    CHECK(run.provenance.created_utc.empty());
    CHECK(run.provenance.wall_seconds == 0);
    CHECK_FALSE(run.records.orders.empty());
}

TEST_CASE("the pipeline adds economics exactly when the scenario has them", "[pipeline]") {
    const auto plain =
        lastmile::scenario::load_scenario_text(lastmile::testing::tiny_scenario(), "t.yaml");
    const auto priced =
        lastmile::scenario::load_scenario_text(lastmile::testing::tiny_with_economics(), "e.yaml");
    const auto without = run_scenario(plain);
    const auto with = run_scenario(priced);
    CHECK(without.records.economics.empty());
    CHECK_FALSE(with.records.economics.empty());
    CHECK(with.records.find_metric("econ_owned_cost_per_delivery_usd") != nullptr);
    CHECK(without.records.find_metric("econ_owned_cost_per_delivery_usd") == nullptr);
    // Economics read the run; they never change it.
    CHECK(with.outcome.digest == run_scenario(priced).outcome.digest);
}

TEST_CASE("two runs of one scenario and seed are the same run", "[pipeline]") {
    const auto spec =
        lastmile::scenario::load_scenario_text(lastmile::testing::tiny_scenario(), "t.yaml");
    const auto a = run_scenario(spec);
    const auto b = run_scenario(spec);
    CHECK(a.outcome.digest == b.outcome.digest);
    REQUIRE(a.records.orders.size() == b.records.orders.size());
    for (std::size_t i = 0; i < a.records.orders.size(); ++i) {
        const double x = a.records.orders[i].delivered_s;
        const double y = b.records.orders[i].delivered_s;
        CHECK(((std::isnan(x) && std::isnan(y)) || x == y));
    }
}
