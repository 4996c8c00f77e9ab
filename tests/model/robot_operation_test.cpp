#include <map>

#include <catch2/catch.hpp>

#include <lastmile/geo/local_frame.hpp>
#include <lastmile/kernel/time.hpp>

#include "support/robot_scenario.hpp"
#include "support/run_helpers.hpp"

using namespace lastmile;
using lastmile::testing::run;
using lastmile::testing::Run;
using output::OrderStatus;

namespace {

scenario::ScenarioSpec robots() {
    return scenario::load_scenario_text(testing::robot_scenario(), "robots.yaml");
}

double shortest_to_c_m() {
    return geo::geodesic_distance_m({50.0, 8.0, 0}, {50.0, 8.002, 0}) +
           geo::geodesic_distance_m({50.0, 8.002, 0}, {50.001, 8.003, 0});
}

}  // namespace

TEST_CASE("a robot drives the shortest path there and back", "[model][robot]") {
    const Run r = run(robots());
    REQUIRE(r.metric("orders_delivered_by_robot") > 5);
    const double shortest = shortest_to_c_m();
    const auto spec = robots();
    const auto& type = spec.robot_types[0];
    for (const auto& leg : r.records.trips) {
        INFO("trip " << leg.trip << " leg " << leg.leg);
        CHECK(leg.distance_m == Approx(shortest).epsilon(1e-9));
        CHECK(leg.crossings == 1);
        const auto ticks = [](double s) {
            return kernel::seconds_from_ticks(kernel::ticks_from_seconds(s));
        };
        CHECK(leg.end_s - leg.start_s == Approx(ticks(shortest / 1.5 + 1 * 20.0)).margin(1e-9));
        CHECK(leg.energy_wh == Approx(shortest * type.energy_per_distance_wh_per_m).epsilon(1e-12));
    }
    for (const auto& o : r.records.orders) {
        if (o.status == OrderStatus::delivered && o.distance_m > 0) {
            CHECK(o.mode == output::Mode::robot);
            CHECK(o.distance_m == Approx(2 * shortest).epsilon(1e-9));
        }
    }
}

TEST_CASE("a customer beyond a robot's range is never dispatched", "[model][robot]") {
    auto spec = robots();
    // 500 Wh with a 20 % reserve plans 400 Wh: 10 km at 40 Wh/km, so 5 km each way. Stretch the
    // network so the customer sits about 7 km out.
    spec.ground_network.nodes[2].location = {50.063, 8.003, 0};
    spec.ground_network.edges[1].length_m = geo::geodesic_distance_m(
        spec.ground_network.nodes[1].location, spec.ground_network.nodes[2].location);
    spec.ground_network.edges[3].length_m = geo::geodesic_distance_m(
        spec.ground_network.nodes[3].location, spec.ground_network.nodes[2].location);
    spec.demand.zones[0].points[0].location = {50.063, 8.003, 0};
    const Run r = run(spec);
    REQUIRE_FALSE(r.records.orders.empty());
    for (const auto& o : r.records.orders) {
        CHECK(o.status == OrderStatus::rejected_range);
    }
    CHECK(r.records.trips.empty());
}

TEST_CASE("customers off the network are unreachable for robots", "[model][robot]") {
    auto spec = robots();
    spec.demand.zones[0].points[0].location = {50.01, 8.0, 0};  // 1 km from any node
    const Run r = run(spec);
    REQUIRE_FALSE(r.records.orders.empty());
    for (const auto& o : r.records.orders) {
        CHECK(o.status == OrderStatus::rejected_unreachable);
    }
}

TEST_CASE("robot batching fills compartments and never exceeds them", "[model][robot]") {
    auto spec = robots();
    spec.dispatch.policy = "robot-batching";
    spec.demand.zones[0].rate_per_s = 30.0 / 3600;  // a queue builds up: batches form
    const Run batched = run(spec);
    std::map<std::uint64_t, int> stops_per_trip;
    for (const auto& leg : batched.records.trips) {
        if (leg.order >= 0) {
            ++stops_per_trip[leg.trip];
        }
    }
    int largest = 0;
    for (const auto& [trip, stops] : stops_per_trip) {
        largest = std::max(largest, stops);
        CHECK(stops <= 3);
    }
    CHECK(largest == 3);
    spec.dispatch.policy = "fastest-feasible";
    const Run single = run(spec);
    // Carrying three at a time delivers more in the same day.
    CHECK(batched.metric("orders_delivered") > single.metric("orders_delivered"));
    // Battery never below reserve on a full batch either.
    CHECK(batched.metric("lowest_charge_fraction") >= 0.2);
}
