#include <cmath>
#include <filesystem>

#include <catch2/catch.hpp>

#include <lastmile/scenario/loader.hpp>
#include <lastmile/scenario/sweep_spec.hpp>

#include "support/tiny_scenario.hpp"

using namespace lastmile::scenario;

TEST_CASE("a scenario loads into SI quantities with references resolved", "[scenario][loader]") {
    const auto spec = load_scenario_text(lastmile::testing::tiny_scenario(), "tiny.yaml");
    CHECK(spec.schema == 1);
    CHECK(spec.name == "tiny");
    CHECK(spec.source_file == "tiny.yaml");
    CHECK(spec.source_text == lastmile::testing::tiny_scenario());
    CHECK(spec.simulation.duration_s == 3600.0);
    CHECK(spec.simulation.seed == 7);
    CHECK(spec.simulation.replication == 0);

    REQUIRE(spec.depots.size() == 1);
    const auto& depot = spec.depots[0];
    CHECK(depot.id == "d1");
    CHECK(depot.location.lat_deg == 50.0);
    CHECK(depot.location.lon_deg == 8.0);
    CHECK(depot.pads == 1);
    CHECK(depot.chargers.count == 1);
    CHECK(depot.chargers.power_w == 1000.0);
    CHECK(depot.chargers.taper_above_fraction == 1.0);
    CHECK_FALSE(depot.swap.enabled);
    CHECK(depot.hours.always_open);
    CHECK(depot.loading_time_s == 0.0);
    CHECK(depot.defined_at.line == 7);

    REQUIRE(spec.drone_types.size() == 1);
    const auto& type = spec.drone_types[0];
    CHECK(type.max_payload_kg == 2.0);
    CHECK(type.battery.capacity_wh == 400.0);
    CHECK(type.battery.usable_fraction == 1.0);
    CHECK(type.battery.reserve_fraction == Approx(0.2));
    CHECK(type.battery.plannable_wh() == Approx(320.0));
    CHECK(type.cruise_speed_mps == 15.0);
    CHECK(type.energy.kind == DroneEnergyModelKind::empirical);
    CHECK(type.energy.empirical.per_distance_wh_per_m == Approx(0.025));
    CHECK(type.energy.empirical.per_cycle_wh == 5.0);
    CHECK(type.energy.empirical.hover_power_w == 800.0);
    CHECK(std::isinf(type.reliability.mtbf_s));

    REQUIRE(spec.fleets.size() == 1);
    CHECK(spec.fleets[0].mode == VehicleMode::drone);
    CHECK(spec.fleets[0].type_index == 0);
    CHECK(spec.fleets[0].depot_index == 0);
    CHECK(spec.fleets[0].count == 2);

    REQUIRE(spec.demand.zones.size() == 1);
    const auto& zone = spec.demand.zones[0];
    CHECK(zone.rate_per_s == Approx(10.0 / 3600));
    CHECK(zone.parcel_min_kg == 1.0);
    CHECK(zone.parcel_max_kg == 1.0);
    CHECK(std::isinf(zone.promise_s));
    REQUIRE(zone.points.size() == 1);
    CHECK(zone.points[0].weight == 1.0);
    CHECK(spec.demand.trace.empty());
    CHECK(spec.dispatch.policy == "fastest-feasible");

    // Without a frame section the local frame is centred on the first depot.
    CHECK(spec.frame_origin.lat_deg == 50.0);
}

TEST_CASE("every shipped scenario and sweep is valid", "[scenario][loader]") {
    int checked = 0;
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(LASTMILE_SOURCE_DIR "/scenarios")) {
        if (entry.path().extension() != ".yaml") {
            continue;
        }
        INFO(entry.path());
        if (entry.path().parent_path().filename() == "sweeps") {
            CHECK_NOTHROW(lastmile::scenario::load_sweep_file(entry.path()));
        } else {
            CHECK_NOTHROW(load_scenario_file(entry.path()));
        }
        ++checked;
    }
    CHECK(checked >= 1);
}
