#pragma once
/// A flight as a 4D path: straight legs between timed points in the local frame (x east,
/// y north, z height above ground), flown at constant velocity.

#include <algorithm>
#include <cstdint>
#include <vector>

#include <Eigen/Core>

namespace lastmile::model {

struct TrajectoryLeg {
    double t0_s = 0;
    double t1_s = 0;
    Eigen::Vector3d p0 = Eigen::Vector3d::Zero();
    Eigen::Vector3d p1 = Eigen::Vector3d::Zero();
    std::int32_t segment = -1;  ///< corridor segment flown, -1 off the corridors
    bool monitored = true;      ///< false in a depot's terminal area (pad traffic is sequenced)

    Eigen::Vector3d velocity() const {
        return t1_s > t0_s ? Eigen::Vector3d((p1 - p0) / (t1_s - t0_s)) : Eigen::Vector3d::Zero();
    }
    Eigen::Vector3d at(double t_s) const {
        if (t1_s <= t0_s) {
            return p0;
        }
        const double f = (t_s - t0_s) / (t1_s - t0_s);
        return p0 + f * (p1 - p0);
    }
};

/// Where a trajectory is at `t_s` (clamped to its ends), and the index of the leg it is on.
inline Eigen::Vector3d position_at(const std::vector<TrajectoryLeg>& legs, double t_s,
                                   std::size_t* leg_index = nullptr) {
    std::size_t i = 0;
    while (i + 1 < legs.size() && legs[i].t1_s <= t_s) {
        ++i;
    }
    if (leg_index != nullptr) {
        *leg_index = i;
    }
    const auto& leg = legs[i];
    return leg.at(std::clamp(t_s, leg.t0_s, leg.t1_s));
}

}  // namespace lastmile::model
