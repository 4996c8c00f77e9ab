#include <cmath>

#include <catch2/catch.hpp>

#include <lastmile/model/multirotor_energy.hpp>

using namespace lastmile;
using model::MultirotorEnergy;

namespace {

constexpr double kPi = 3.14159265358979323846;

/// Dorling et al. 2017's example hexacopter for their energy model: frame W = 1.5 kg, n = 6
/// rotors of disk area 0.2 m^2 each, air density 1.204 kg/m^3; m is battery plus payload. No
/// powertrain losses, no drag, as in their equation. (The parameter values are as cited in the
/// literature on their model; what this test pins is our implementation of the equation.)
scenario::DroneTypeSpec dorling_hexacopter() {
    scenario::DroneTypeSpec type;
    type.id = "dorling";
    type.empty_mass_kg = 1.5;
    type.max_payload_kg = 10;
    type.battery.capacity_wh = 500;
    type.battery.mass_kg = 0;  // m in their formula is battery plus payload: passed as payload
    type.cruise_speed_mps = 10;
    type.energy.kind = scenario::DroneEnergyModelKind::physics;
    type.energy.physics.rotors = 6;
    type.energy.physics.rotor_disk_area_m2 = 0.2;
    type.energy.physics.air_density_kg_per_m3 = 1.204;
    type.energy.physics.efficiency = 1;
    type.energy.physics.drag_area_m2 = 0;
    return type;
}

/// Their equation, written out independently: P(m) = (W + m)^(3/2) sqrt(g^3 / (2 rho s n)).
double dorling_power_w(double m_kg) {
    const double g = model::kGravity_mps2;
    return std::pow(1.5 + m_kg, 1.5) * std::sqrt(g * g * g / (2 * 1.204 * 0.2 * 6));
}

}  // namespace

TEST_CASE("the physics model reproduces Dorling et al.'s hover power",
          "[model][energy][validation]") {
    const MultirotorEnergy energy(dorling_hexacopter());
    for (const double m : {0.0, 0.5, 1.0, 1.5, 2.0, 3.0}) {
        INFO("battery plus payload " << m << " kg");
        CHECK(energy.hover_power_w(m) == Approx(dorling_power_w(m)).epsilon(1e-12));
    }
}

TEST_CASE("hover power grows with mass to the power 3/2", "[model][energy]") {
    const MultirotorEnergy energy(dorling_hexacopter());
    const double p1 = energy.hover_power_w(0.5);  // total 2 kg
    const double p2 = energy.hover_power_w(2.5);  // total 4 kg
    CHECK(p2 / p1 == Approx(std::pow(2.0, 1.5)).epsilon(1e-12));
}

TEST_CASE("forward flight adds parasite power and climbing adds lifting power", "[model][energy]") {
    auto type = dorling_hexacopter();
    type.energy.physics.drag_area_m2 = 0.05;
    type.energy.physics.efficiency = 0.8;
    type.climb_rate_mps = 3;
    const MultirotorEnergy energy(type);
    const double v = type.cruise_speed_mps;
    CHECK(energy.cruise_power_w(1) - energy.hover_power_w(1) ==
          Approx(0.5 * 1.204 * 0.05 * v * v * v / 0.8).epsilon(1e-12));
    CHECK(energy.climb_power_w(1) - energy.hover_power_w(1) ==
          Approx(2.5 * model::kGravity_mps2 * 3 / 0.8).epsilon(1e-12));
    // Efficiency divides every term.
    auto ideal = type;
    ideal.energy.physics.efficiency = 1;
    CHECK(energy.hover_power_w(1) == Approx(MultirotorEnergy(ideal).hover_power_w(1) / 0.8));
}

TEST_CASE("a physics flight plan sums phase powers over phase times", "[model][energy]") {
    auto type = dorling_hexacopter();
    type.cruise_altitude_m = 60;
    type.climb_rate_mps = 4;
    type.descent_rate_mps = 3;
    type.takeoff_time_s = 10;
    type.landing_time_s = 8;
    type.drop_time_s = 30;
    const MultirotorEnergy e(type);
    const auto plan = e.plan(3000, 1.2);
    using model::FlightPhase;
    CHECK(plan.seconds_of(FlightPhase::climb) == 15);
    CHECK(plan.seconds_of(FlightPhase::descent) == 20);
    CHECK(plan.seconds_of(FlightPhase::cruise_out) == 300);
    CHECK(plan.out_leg_s() == 10 + 15 + 300 + 30);
    const double out = (e.hover_power_w(1.2) * (10 + 30) + e.climb_power_w(1.2) * 15 +
                        e.cruise_power_w(1.2) * 300) /
                       3600;
    const double back = (e.cruise_power_w(0) * 300 + e.hover_power_w(0) * (20 + 8)) / 3600;
    CHECK(plan.out_wh() == Approx(out).epsilon(1e-12));
    CHECK(plan.back_wh() == Approx(back).epsilon(1e-12));
    // Carrying the parcel out costs more than flying back empty.
    CHECK(e.cruise_power_w(1.2) > e.cruise_power_w(0));
}

TEST_CASE("the empirical model charges per metre, per kilogram and per cycle", "[model][energy]") {
    scenario::DroneTypeSpec type;
    type.cruise_speed_mps = 12;
    type.drop_time_s = 60;
    type.energy.empirical.per_distance_wh_per_m = 0.02;             // 20 Wh/km
    type.energy.empirical.per_distance_per_kg_wh_per_m_kg = 0.004;  // 4 Wh/km per kg
    type.energy.empirical.per_cycle_wh = 6;
    type.energy.empirical.hover_power_w = 360;
    type.battery.capacity_wh = 200;
    type.battery.reserve_fraction = 0.2;
    const MultirotorEnergy e(type);
    const auto plan = e.plan(2000, 0.5);
    // Out: 2 km at (20 + 4 x 0.5) Wh/km = 44 Wh; drop 60 s at 360 W = 6 Wh; half a cycle 3 Wh.
    CHECK(plan.out_wh() == Approx(44 + 6 + 3));
    // Back empty: 40 Wh plus the other half of the cycle.
    CHECK(plan.back_wh() == Approx(40 + 3));
    CHECK(e.feasible(2000, 0.5));        // 96 Wh of 160 plannable
    CHECK_FALSE(e.feasible(4000, 0.5));  // 179 Wh
}

TEST_CASE("rotor diameter sets the disk area", "[model][energy]") {
    const double d = 2 * std::sqrt(0.2 / kPi);
    CHECK(kPi * d * d / 4 == Approx(0.2));
}
