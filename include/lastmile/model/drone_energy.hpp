#pragma once
/// Empirical drone energy model: energy per distance flown, per take-off/landing cycle, and
/// hover power (while lowering a parcel, or waiting in the air for a landing pad).
///
/// A mission flies out and back along a straight line at cruise speed, hovers over the customer
/// for the drop, and makes one take-off/landing cycle. It is only flown if its planned energy
/// fits in the battery above the reserve.

#include <lastmile/scenario/spec.hpp>

namespace lastmile::model {

class DroneEnergyModel {
public:
    explicit DroneEnergyModel(const scenario::DroneTypeSpec& type) : type_(type) {}

    double cruise_wh(double distance_m) const {
        return distance_m * type_.energy.per_distance_wh_per_m;
    }
    double cycle_wh() const { return type_.energy.per_cycle_wh; }
    double hover_wh(double seconds) const { return type_.energy.hover_power_w * seconds / 3600.0; }

    /// Planned energy of a delivery to a customer `one_way_m` from the depot.
    double mission_wh(double one_way_m) const {
        return cruise_wh(2 * one_way_m) + cycle_wh() + hover_wh(type_.drop_time_s);
    }
    /// Energy that may be planned: the battery above its reserve.
    double plannable_wh() const { return type_.battery_wh * (1 - type_.reserve_fraction); }
    double reserve_wh() const { return type_.battery_wh * type_.reserve_fraction; }

    bool can_reach(double one_way_m) const { return mission_wh(one_way_m) <= plannable_wh(); }
    /// The farthest customer a full battery can serve.
    double max_one_way_m() const {
        const double fixed = cycle_wh() + hover_wh(type_.drop_time_s);
        return (plannable_wh() - fixed) / (2 * type_.energy.per_distance_wh_per_m);
    }

private:
    scenario::DroneTypeSpec type_;
};

}  // namespace lastmile::model
