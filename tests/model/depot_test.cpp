#include <cmath>

#include <catch2/catch.hpp>

#include "support/run_helpers.hpp"

using namespace lastmile;
using lastmile::testing::run;

TEST_CASE("battery swap exchanges packs and recharges them in the background", "[model][depot]") {
    auto spec = testing::tiny();
    spec.depots[0].chargers.count = 0;
    spec.depots[0].swap = {true, 1, 30, 3, 500};
    spec.simulation.duration_s = 8 * 3600;
    const auto r = run(spec);
    REQUIRE(r.metric("orders_delivered") > 20);
    REQUIRE(r.records.batteries.size() == 2 + 3);  // two drones' packs and three spares
    std::uint64_t charges = 0;
    int in_stock = 0;
    for (const auto& b : r.records.batteries) {
        charges += b.charges;
        in_stock += b.vehicle == -1 ? 1 : 0;
    }
    CHECK(in_stock == 3);  // packs are conserved: every spare not on a drone is in stock
    CHECK(charges > 10);
    for (const auto& v : r.records.vehicles) {
        CHECK(v.state_s[static_cast<std::size_t>(output::VehicleState::swapping)] > 0);
        CHECK(v.state_s[static_cast<std::size_t>(output::VehicleState::charging)] == 0);
    }
}

TEST_CASE("a closed depot dispatches nothing until it opens", "[model][depot]") {
    auto spec = testing::tiny();
    spec.simulation.start_time_of_day_s = 6 * 3600;
    spec.simulation.duration_s = 6 * 3600;
    spec.depots[0].hours = {false, 8 * 3600, 20 * 3600};
    spec.demand.zones[0].rate_per_s = 20.0 / 3600;
    const auto r = run(spec);
    bool some_waited_for_opening = false;
    for (const auto& o : r.records.orders) {
        if (!std::isnan(o.dispatched_s)) {
            CHECK(o.dispatched_s >= 2 * 3600);  // 08:00 is two hours after the start
            some_waited_for_opening = some_waited_for_opening || o.created_s < 2 * 3600;
        }
    }
    CHECK(some_waited_for_opening);
}

TEST_CASE("failures follow the mean time between failures in operating hours", "[model][depot]") {
    auto spec = testing::tiny();
    spec.fleets[0].count = 10;
    spec.depots[0].pads = 10;
    spec.depots[0].chargers.count = 10;
    spec.demand.zones[0].rate_per_s = 60.0 / 3600;
    spec.simulation.duration_s = 20 * 86400;
    spec.drone_types[0].reliability = {5 * 3600.0,
                                       2 * 3600.0};  // every 5 operating hours, 2 h repair
    const auto r = run(spec);
    double operating_h = 0;
    std::uint64_t failures = 0;
    double repair_s = 0;
    for (const auto& v : r.records.vehicles) {
        failures += v.failures;
        repair_s += v.state_s[static_cast<std::size_t>(output::VehicleState::repair)];
    }
    for (const auto& f : r.records.flights) {
        operating_h += (f.end_s - f.start_s) / 3600;
    }
    const double expected = operating_h / 5;
    CHECK(static_cast<double>(failures) == Approx(expected).margin(4 * std::sqrt(expected) + 1));
    // Repairs still under way at the horizon are cut short: at most one per vehicle.
    CHECK(repair_s <= static_cast<double>(failures) * 2 * 3600 + 1e-6);
    CHECK(repair_s >= static_cast<double>(failures - 10) * 2 * 3600);
    CHECK(failures > 20);
}

namespace {

/// The tiny scenario with a second, always-open depot 500 m south of the first.
scenario::ScenarioSpec two_depots() {
    auto spec = testing::tiny();
    auto second = spec.depots[0];
    second.id = "d2";
    second.location.lat_deg -= 0.0045;
    spec.depots.push_back(second);
    auto fleet = spec.fleets[0];
    fleet.id = "f2";
    fleet.depot_index = 1;
    spec.fleets.push_back(fleet);
    return spec;
}

}  // namespace

TEST_CASE("orders go to an open depot rather than wait for a closed one", "[model][depot]") {
    auto spec = two_depots();
    spec.simulation.duration_s = 6 * 3600;                // 00:00 to 06:00
    spec.depots[0].hours = {false, 8 * 3600, 20 * 3600};  // the nearer depot is closed all run
    const auto r = run(spec);
    REQUIRE(r.metric("orders_delivered") > 20);
    for (const auto& o : r.records.orders) {
        CHECK(o.depot == 1);
    }
}

TEST_CASE("orders waiting at a depot that closes move to one that is open", "[model][depot]") {
    auto spec = two_depots();
    spec.simulation.start_time_of_day_s = 19 * 3600;
    spec.simulation.duration_s = 3 * 3600;                // 19:00 to 22:00
    spec.depots[0].hours = {false, 8 * 3600, 20 * 3600};  // closes at 20:00
    spec.fleets[1].count = 1;
    spec.demand.zones[0].rate_per_s = 40.0 / 3600;  // queues build at both depots
    const auto r = run(spec);
    int after_close = 0;
    for (const auto& o : r.records.orders) {
        if (!std::isnan(o.dispatched_s) && o.dispatched_s >= 3600) {
            CHECK(o.depot == 1);  // nothing leaves the closed depot after 20:00
            ++after_close;
        }
    }
    CHECK(after_close > 5);
    CHECK(r.count(output::OrderStatus::queued) + r.count(output::OrderStatus::in_progress) +
              r.count(output::OrderStatus::delivered) ==
          r.records.orders.size());
}

TEST_CASE("a swap depot without spare packs still turns drones around", "[model][depot]") {
    auto spec = testing::tiny();
    spec.depots[0].chargers.count = 0;
    spec.depots[0].swap = {true, 1, 30, 0, 500};  // no spares: each pack recharges and returns
    spec.simulation.duration_s = 8 * 3600;
    const auto r = run(spec);
    CHECK(r.metric("orders_delivered") > 20);
}

TEST_CASE("loading does not keep a pad from a drone waiting to land", "[model][depot]") {
    auto spec = testing::tiny();
    spec.depots[0].pads = 1;
    spec.depots[0].loading_time_s = 90 * 60;  // very slow loading
    spec.fleets[0].count = 4;
    spec.depots[0].chargers.count = 4;
    spec.demand.zones[0].rate_per_s = 20.0 / 3600;
    spec.simulation.duration_s = 12 * 3600;
    const auto r = run(spec);
    REQUIRE(r.metric("orders_delivered") > 3);
    CHECK(r.metric("missions_below_reserve") == 0);
    CHECK(r.metric("lowest_charge_fraction") > 0);
}
