#include <cmath>

#include <lastmile/model/multirotor_energy.hpp>

namespace lastmile::model {

using scenario::DroneEnergyModelKind;

double MultirotorEnergy::hover_power_w(double payload_kg) const {
    if (type_.energy.kind == DroneEnergyModelKind::empirical) {
        return type_.energy.empirical.hover_power_w;
    }
    const auto& p = type_.energy.physics;
    const double weight_n = total_mass_kg(payload_kg) * kGravity_mps2;
    const double ideal = std::pow(weight_n, 1.5) /
                         std::sqrt(2 * p.air_density_kg_per_m3 * p.rotor_disk_area_m2 * p.rotors);
    return ideal / p.efficiency;
}

double MultirotorEnergy::cruise_power_w(double payload_kg) const {
    if (type_.energy.kind == DroneEnergyModelKind::empirical) {
        const auto& e = type_.energy.empirical;
        return (e.per_distance_wh_per_m + e.per_distance_per_kg_wh_per_m_kg * payload_kg) * 3600.0 *
               type_.cruise_speed_mps;
    }
    const auto& p = type_.energy.physics;
    const double v = type_.cruise_speed_mps;
    const double parasite = 0.5 * p.air_density_kg_per_m3 * p.drag_area_m2 * v * v * v;
    return hover_power_w(payload_kg) + parasite / p.efficiency;
}

double MultirotorEnergy::climb_power_w(double payload_kg) const {
    if (type_.energy.kind == DroneEnergyModelKind::empirical) {
        return type_.energy.empirical.hover_power_w;
    }
    const double lift = total_mass_kg(payload_kg) * kGravity_mps2 * type_.climb_rate_mps;
    return hover_power_w(payload_kg) + lift / type_.energy.physics.efficiency;
}

FlightPlan MultirotorEnergy::plan(double one_way_m, double payload_kg) const {
    FlightPlan f;
    f.takeoff_s = type_.takeoff_time_s;
    f.landing_s = type_.landing_time_s;
    if (type_.cruise_altitude_m > 0) {
        f.climb_s = type_.cruise_altitude_m / type_.climb_rate_mps;
        f.descent_s = type_.cruise_altitude_m / type_.descent_rate_mps;
    }
    f.out_s = one_way_m / type_.cruise_speed_mps;
    f.back_s = f.out_s;
    f.drop_s = type_.drop_time_s;
    const auto wh = [](double watts, double seconds) { return watts * seconds / 3600.0; };
    if (type_.energy.kind == DroneEnergyModelKind::empirical) {
        const auto& e = type_.energy.empirical;
        // The cycle energy covers take-off, climb, descent and landing; split it evenly.
        f.out_wh = e.per_cycle_wh / 2 + wh(cruise_power_w(payload_kg), f.out_s) +
                   wh(e.hover_power_w, f.drop_s);
        f.back_wh = e.per_cycle_wh / 2 + wh(cruise_power_w(0), f.back_s);
        return f;
    }
    // Spinning up on the pad and descending both cost about hover power.
    f.out_wh = wh(hover_power_w(payload_kg), f.takeoff_s) +
               wh(climb_power_w(payload_kg), f.climb_s) + wh(cruise_power_w(payload_kg), f.out_s) +
               wh(hover_power_w(payload_kg), f.drop_s);
    f.back_wh = wh(cruise_power_w(0), f.back_s) + wh(hover_power_w(0), f.descent_s + f.landing_s);
    return f;
}

}  // namespace lastmile::model
