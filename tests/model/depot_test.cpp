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
