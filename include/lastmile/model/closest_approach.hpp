#pragma once
/// Closest point of approach between two drones flying straight legs, solved in closed form:
/// the relative position is linear in time, so the horizontal distance squared is a quadratic
/// and the vertical distance a linear function of time. A loss of separation is the time
/// interval where both are under their minima at once.

#include <optional>

#include <lastmile/model/trajectory.hpp>

namespace lastmile::model {

struct Encounter {
    double start_s = 0;  ///< both distances first under the minima
    double end_s = 0;    ///< back above either
    double cpa_s = 0;    ///< horizontal closest approach within [start, end]
    double horizontal_m = 0;
    double vertical_m = 0;
};

/// The interval, within the time both legs are flown, where the drones are closer than
/// `horizontal_m` horizontally and `vertical_m` vertically; nothing if never.
std::optional<Encounter> loss_of_separation(const TrajectoryLeg& a, const TrajectoryLeg& b,
                                            double horizontal_m, double vertical_m);

}  // namespace lastmile::model
