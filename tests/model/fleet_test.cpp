// The fleet's accounting on its own: state times, one mission's totals and their shares.

#include <array>

#include <catch2/catch.hpp>

#include "model/parts_fixture.hpp"
#include "support/run_helpers.hpp"

using namespace lastmile;
using output::VehicleState;

TEST_CASE("state times add up to the time elapsed", "[model][fleet]") {
    testing::ModelParts parts(testing::tiny());
    model::Vehicle& v = parts.fleet.vehicle(0);
    parts.fleet.set_state(v, VehicleState::mission);
    parts.sim.run_until(kernel::ticks_from_seconds(100));
    parts.fleet.set_state(v, VehicleState::charging);
    parts.sim.run_until(kernel::ticks_from_seconds(250));
    parts.fleet.close_states();
    CHECK(v.state_s[static_cast<std::size_t>(VehicleState::mission)] == 100);
    CHECK(v.state_s[static_cast<std::size_t>(VehicleState::charging)] == 150);
    CHECK(v.state_s[static_cast<std::size_t>(VehicleState::idle)] == 0);
}

TEST_CASE("a mission's distance and energy go to the vehicle and are shared by its orders",
          "[model][fleet]") {
    testing::ModelParts parts(testing::tiny());
    model::Vehicle& v = parts.fleet.vehicle(0);
    parts.orders.resize(3);
    parts.sim.run_until(kernel::ticks_from_seconds(600));
    const std::array<std::size_t, 2> delivered{0, 2};
    parts.fleet.account_mission(v, model::MissionTotals{30, 1200, kernel::ticks_from_seconds(100)},
                                parts.orders, delivered);
    const double usable_wh = parts.fleet.pack_of(v).usable_wh;
    CHECK(v.energy_wh == 30);
    CHECK(v.distance_m == 1200);
    CHECK(v.operating_s == 500);
    CHECK(v.cycles == Approx(30 / usable_wh));
    CHECK(parts.orders[0].record.distance_m == 600);
    CHECK(parts.orders[0].record.energy_wh == 15);
    CHECK(parts.orders[1].record.distance_m == 0);  // not on this mission
    CHECK(parts.orders[2].record.energy_wh == 15);
    CHECK(parts.fleet.missions_below_reserve() == 0);

    // A drone that lands below its reserve is counted; an undelivered mission shares nothing.
    model::Pack& pack = parts.fleet.pack_of(v);
    pack.discharge(pack.charge_wh - v.battery->reserve_wh() / 2);
    parts.fleet.account_mission(v, model::MissionTotals{10, 100, parts.sim.now()}, parts.orders,
                                {});
    CHECK(parts.fleet.missions_below_reserve() == 1);
    CHECK(v.energy_wh == 40);
    CHECK(parts.orders[0].record.energy_wh == 15);
}

namespace {

/// The post-mission check, as a vehicle's cycle awaits it.
void check_after_mission(testing::ModelParts& parts, model::Vehicle& v) {
    parts.sim.spawn(
        [](model::Fleet& fleet, model::Vehicle& vehicle) -> kernel::Process {
            co_await fleet.repair_if_due(vehicle);
        }(parts.fleet, v),
        {parts.context.kinds.repair, v.index});
}

}  // namespace

TEST_CASE("a failure is due only after its operating time, and repair draws the next",
          "[model][fleet]") {
    auto spec = testing::tiny();
    spec.drone_types[0].reliability = {3600.0, 600.0};
    testing::ModelParts parts(spec);
    model::Vehicle& v = parts.fleet.vehicle(0);
    REQUIRE(std::isfinite(v.next_failure_at_s));
    const double first = v.next_failure_at_s;
    v.operating_s = first - 1;
    check_after_mission(parts, v);
    parts.sim.run_until(kernel::ticks_from_seconds(10'000));
    CHECK(v.failures == 0);
    v.operating_s = first;
    check_after_mission(parts, v);
    parts.sim.run_until(kernel::ticks_from_seconds(20'000));
    CHECK(v.failures == 1);
    CHECK(v.state == VehicleState::repair);
    CHECK(v.state_since == kernel::ticks_from_seconds(10'000));
    CHECK(v.next_failure_at_s > first);
}
