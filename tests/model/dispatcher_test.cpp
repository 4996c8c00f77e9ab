// The dispatcher on its own: where orders go and when vehicles take them, checked against
// the expected-delivery rule worked out by hand, with no run in between.

#include <cmath>

#include <catch2/catch.hpp>

#include <lastmile/scenario/loader.hpp>

#include "model/parts_fixture.hpp"
#include "support/tiny_scenario.hpp"

using namespace lastmile;
using output::OrderStatus;

namespace {

/// The tiny scenario's drone (15 m/s, 20 s take-off, 30 s drop, cruising at 0 m) with one
/// drone at each of two depots about 3.6 km apart, east and west.
scenario::ScenarioSpec two_depots() {
    auto lines = testing::tiny_scenario_lines();
    lines[28] = "    count: 1";
    lines.insert(lines.begin() + 11,
                 {"  - id: d2", "    location: {lat: 50.0, lon: 8.05}", "    pads: 1",
                  R"(    chargers: {count: 1, power: "1 kW"})", R"(    loading_time: "0 s")"});
    lines.insert(lines.end() - 7, {"  - id: f2", "    type: q", "    depot: d2", "    count: 1"});
    return scenario::load_scenario_text(testing::join_lines(lines), "two-depots.yaml");
}

/// Take-off, cruise at 15 m/s, drop: the tiny drone's time from dispatch to delivery.
double service_s(double distance_m) {
    return 20.0 + distance_m / 15.0 + 30.0;
}

double distance_m(const geo::Enu& a, double east_m, double north_m) {
    return std::hypot(a.x() - east_m, a.y() - north_m);
}

}  // namespace

TEST_CASE("the dispatcher picks the earliest expected delivery, counting the queue ahead",
          "[model][dispatcher]") {
    testing::ModelParts parts(two_depots());
    REQUIRE(parts.depots.size() == 2);
    const geo::Enu west = parts.depots[0].position();
    const geo::Enu east = parts.depots[1].position();
    REQUIRE(east.x() - west.x() > 3000);  // within the drones' range of the customer
    // A customer 1 km north of the western depot. Neither drone is idle yet, so each depot's
    // expected delivery is (queue + 1) round trips shared by its one drone, then the service:
    // (2 (k + 1) + 1) s with k orders queued.
    const double customer_e = west.x();
    const double customer_n = west.y() + 1000;
    const double near_s = service_s(distance_m(west, customer_e, customer_n));
    const double far_s = service_s(distance_m(east, customer_e, customer_n));
    int expected_near = 0;
    while ((2.0 * (expected_near + 1) + 1) * near_s <= 3 * far_s) {
        ++expected_near;
    }
    REQUIRE(expected_near >= 3);  // the case is worth testing: several go to the near depot
    for (int k = 0; k <= expected_near; ++k) {
        const std::size_t o = parts.order_at(customer_e, customer_n);
        const auto& r = parts.orders[o].record;
        INFO("order " << k);
        CHECK(r.status == OrderStatus::queued);
        CHECK(r.depot == (k < expected_near ? 0 : 1));
        CHECK(r.mode == output::Mode::drone);
    }
    CHECK(parts.depots[0].queue(scenario::VehicleMode::drone).size() ==
          static_cast<std::size_t>(expected_near));
    CHECK(parts.depots[1].queue(scenario::VehicleMode::drone).size() == 1);
}

TEST_CASE("an idle vehicle takes the oldest waiting order at once", "[model][dispatcher]") {
    testing::ModelParts parts(two_depots());
    const geo::Enu west = parts.depots[0].position();
    const std::size_t first = parts.order_at(west.x(), west.y() + 500);
    const std::size_t second = parts.order_at(west.x(), west.y() + 800);
    model::Vehicle& drone = parts.fleet.vehicle(0);
    REQUIRE(drone.depot == 0);
    parts.dispatcher->vehicle_idle(drone);
    CHECK(drone.inbox->size() == 1);
    const auto& r = parts.orders[first].record;
    CHECK(r.status == OrderStatus::in_progress);
    CHECK(r.vehicle == 0);
    CHECK(r.wait_s == 0);
    CHECK(parts.orders[second].record.status == OrderStatus::queued);
    CHECK(parts.depots[0].idle(scenario::VehicleMode::drone).empty());
    // Now idle again, with an order waiting: it takes it at once.
    parts.dispatcher->vehicle_idle(drone);
    CHECK(drone.inbox->size() == 2);
    CHECK(parts.orders[second].record.status == OrderStatus::in_progress);
}

TEST_CASE("an order no vehicle can serve is rejected with its reason", "[model][dispatcher]") {
    testing::ModelParts parts(two_depots());
    const geo::Enu west = parts.depots[0].position();
    const std::size_t heavy = parts.order_at(west.x(), west.y() + 500, 2.5);  // over 2 kg
    CHECK(parts.orders[heavy].record.status == OrderStatus::rejected_payload);
    const std::size_t far = parts.order_at(west.x(), west.y() + 100'000);
    CHECK(parts.orders[far].record.status == OrderStatus::rejected_range);
    CHECK(parts.depots[0].queue(scenario::VehicleMode::drone).empty());
    CHECK(parts.depots[1].queue(scenario::VehicleMode::drone).empty());
}
