#include <cmath>

#include <lastmile/kernel/portable_math.hpp>
#include <lastmile/model/multirotor_energy.hpp>

namespace lastmile::model {

using scenario::DroneEnergyModelKind;

namespace {

/// Cruise power as the model has it, in every build but one: `lastmile-perturbed`, the twin
/// the test build makes (LASTMILE_PERTURBED_TWIN), which compiles this file with
/// LASTMILE_PERTURBED_MODEL and cruises on 0.1 % more power. Its flights then take more
/// energy and its packs longer to charge, so a replay by it must catch a model that differs
/// from the one that wrote the results file. Every scenario with drones cruises, on straight
/// legs or in corridors.
constexpr double as_modelled(double cruise_power_w) {
#ifdef LASTMILE_PERTURBED_MODEL
    return cruise_power_w * 1.001;
#else
    return cruise_power_w;
#endif
}

}  // namespace

double MultirotorEnergy::hover_power_w(double payload_kg) const {
    if (type_.energy.kind == DroneEnergyModelKind::empirical) {
        return type_.energy.empirical.hover_power_w;
    }
    const auto& p = type_.energy.physics;
    const double weight_n = total_mass_kg(payload_kg) * kGravity_mps2;
    const double ideal = kernel::portable::pow_1_5(weight_n) /
                         std::sqrt(2 * p.air_density_kg_per_m3 * p.rotor_disk_area_m2 * p.rotors);
    return ideal / p.efficiency;
}

double MultirotorEnergy::cruise_power_w(double payload_kg, double airspeed_mps) const {
    if (type_.energy.kind == DroneEnergyModelKind::empirical) {
        // Energy per metre of air flown through, at the rate the drone moves through the air.
        const auto& e = type_.energy.empirical;
        return as_modelled(
            (e.per_distance_wh_per_m + e.per_distance_per_kg_wh_per_m_kg * payload_kg) * 3600.0 *
            airspeed_mps);
    }
    const auto& p = type_.energy.physics;
    const double v = airspeed_mps;
    const double parasite = 0.5 * p.air_density_kg_per_m3 * p.drag_area_m2 * v * v * v;
    return as_modelled(hover_power_w(payload_kg) + parasite / p.efficiency);
}

double MultirotorEnergy::climb_power_w(double payload_kg) const {
    if (type_.energy.kind == DroneEnergyModelKind::empirical) {
        return type_.energy.empirical.hover_power_w;
    }
    const double lift = total_mass_kg(payload_kg) * kGravity_mps2 * type_.climb_rate_mps;
    return hover_power_w(payload_kg) + lift / type_.energy.physics.efficiency;
}

FlightPlan MultirotorEnergy::plan(double one_way_m, double payload_kg) const {
    using P = FlightPhase;
    FlightPlan f;
    const auto set = [&f](P phase, double seconds, double watts) {
        f.seconds[static_cast<std::size_t>(phase)] = seconds;
        f.wh[static_cast<std::size_t>(phase)] = watts * seconds / 3600.0;
    };
    const double climb_s =
        type_.cruise_altitude_m > 0 ? type_.cruise_altitude_m / type_.climb_rate_mps : 0;
    const double descent_s =
        type_.cruise_altitude_m > 0 ? type_.cruise_altitude_m / type_.descent_rate_mps : 0;
    const double cruise_s = one_way_m / type_.cruise_speed_mps;
    if (type_.energy.kind == DroneEnergyModelKind::empirical) {
        const auto& e = type_.energy.empirical;
        // The cycle energy covers take-off, climb, descent and landing: half is spent on the
        // way up (at take-off), half on the way down (at landing).
        set(P::takeoff, type_.takeoff_time_s, 0);
        set(P::climb, climb_s, 0);
        set(P::cruise_out, cruise_s, cruise_power_w(payload_kg));
        set(P::drop, type_.drop_time_s, e.hover_power_w);
        set(P::cruise_back, cruise_s, cruise_power_w(0));
        set(P::descent, descent_s, 0);
        set(P::landing, type_.landing_time_s, 0);
        f.wh[static_cast<std::size_t>(P::takeoff)] += e.per_cycle_wh / 2;
        f.wh[static_cast<std::size_t>(P::landing)] += e.per_cycle_wh / 2;
        return f;
    }
    // Spinning up on the pad and descending both cost about hover power.
    set(P::takeoff, type_.takeoff_time_s, hover_power_w(payload_kg));
    set(P::climb, climb_s, climb_power_w(payload_kg));
    set(P::cruise_out, cruise_s, cruise_power_w(payload_kg));
    set(P::drop, type_.drop_time_s, hover_power_w(payload_kg));
    set(P::cruise_back, cruise_s, cruise_power_w(0));
    set(P::descent, descent_s, hover_power_w(0));
    set(P::landing, type_.landing_time_s, hover_power_w(0));
    return f;
}

}  // namespace lastmile::model
