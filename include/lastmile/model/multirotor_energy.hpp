#pragma once
/// Energy of multirotor flight, by phase, under one of two models chosen per drone type.
///
/// Physics (Dorling et al. 2017, "Vehicle Routing Problems for Drone Delivery", IEEE TSMC):
/// the ideal hover power of n rotors of disk area A carrying total mass M is
///     P_hover = (M g)^(3/2) / sqrt(2 rho A n)
/// (their equation with M = frame + battery + payload). Forward flight adds parasite power
/// 0.5 rho CdA v^3; climbing adds M g v_climb. Induced power is kept at its hover value in
/// forward flight, a conservative choice. Electrical power is mechanical power / efficiency.
///
/// Empirical: energy per metre flown (with a per-kilogram payload term), energy per take-off
/// and landing cycle (covering climb and descent), and hover power (drop, waiting for a pad).

#include <lastmile/scenario/spec.hpp>

namespace lastmile::model {

inline constexpr double kGravity_mps2 = 9.80665;

/// Durations and energies of the phases of one delivery flight.
struct FlightPlan {
    double takeoff_s = 0, climb_s = 0, out_s = 0, drop_s = 0, back_s = 0, descent_s = 0,
           landing_s = 0;
    double out_wh = 0;   ///< take-off, climb, cruise out and drop: everything up to delivery
    double back_wh = 0;  ///< cruise back, descent, landing (not pad waits)
    double total_wh() const { return out_wh + back_wh; }
    double out_leg_s() const { return takeoff_s + climb_s + out_s + drop_s; }
    double back_leg_s() const { return back_s + descent_s + landing_s; }
};

class MultirotorEnergy {
  public:
    explicit MultirotorEnergy(const scenario::DroneTypeSpec& type) : type_(type) {}

    /// Electrical power hovering with `payload_kg` on board.
    double hover_power_w(double payload_kg) const;
    /// Electrical power in level cruise at the type's cruise airspeed.
    double cruise_power_w(double payload_kg) const;
    /// Electrical power climbing at the type's climb rate.
    double climb_power_w(double payload_kg) const;

    /// The flight plan for a customer `one_way_m` away, carrying `payload_kg` out and nothing
    /// back.
    FlightPlan plan(double one_way_m, double payload_kg) const;

    /// True when the plan fits the battery's plannable energy (usable minus reserve).
    bool feasible(double one_way_m, double payload_kg) const {
        return plan(one_way_m, payload_kg).total_wh() <= type_.battery.plannable_wh();
    }

    const scenario::DroneTypeSpec& type() const { return type_; }

  private:
    double total_mass_kg(double payload_kg) const {
        return type_.empty_mass_kg + type_.battery.mass_kg + payload_kg;
    }
    scenario::DroneTypeSpec type_;
};

}  // namespace lastmile::model
