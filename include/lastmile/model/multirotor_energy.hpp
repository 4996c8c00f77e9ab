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

#include <array>
#include <cstddef>

#include <lastmile/scenario/spec.hpp>

namespace lastmile::model {

inline constexpr double kGravity_mps2 = 9.80665;

/// The phases of one delivery flight, in flying order.
enum class FlightPhase : std::size_t {
    takeoff,      ///< on the pad, spinning up
    climb,        ///< to cruise altitude
    cruise_out,   ///< to the customer, with the parcel
    drop,         ///< hovering while the parcel is lowered
    cruise_back,  ///< home, empty
    descent,      ///< from cruise altitude
    landing,      ///< on the pad
    count
};

/// Duration and energy of every phase of one delivery flight (pad waits not included).
struct FlightPlan {
    static constexpr std::size_t kPhases = static_cast<std::size_t>(FlightPhase::count);
    std::array<double, kPhases> seconds{};
    std::array<double, kPhases> wh{};

    double seconds_of(FlightPhase p) const { return seconds[static_cast<std::size_t>(p)]; }
    double wh_of(FlightPhase p) const { return wh[static_cast<std::size_t>(p)]; }
    /// Take-off to the end of the drop: everything up to delivery.
    double out_wh() const { return sum(wh, 0, 4); }
    double out_leg_s() const { return sum(seconds, 0, 4); }
    /// Cruise back, descent and landing.
    double back_wh() const { return sum(wh, 4, kPhases); }
    double total_wh() const { return out_wh() + back_wh(); }

  private:
    static double sum(const std::array<double, kPhases>& a, std::size_t from, std::size_t to) {
        double total = 0;
        for (std::size_t i = from; i < to; ++i) {
            total += a[i];
        }
        return total;
    }
};

class MultirotorEnergy {
  public:
    explicit MultirotorEnergy(const scenario::DroneTypeSpec& type) : type_(type) {}

    /// Electrical power hovering with `payload_kg` on board.
    double hover_power_w(double payload_kg) const;
    /// Electrical power in level cruise at the type's cruise airspeed.
    double cruise_power_w(double payload_kg) const {
        return cruise_power_w(payload_kg, type_.cruise_speed_mps);
    }
    /// Electrical power in level flight at `airspeed_mps` (what drag and the empirical energy
    /// per distance depend on; wind changes the ground speed, not this).
    double cruise_power_w(double payload_kg, double airspeed_mps) const;
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
