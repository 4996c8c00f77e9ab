#pragma once
/// Wind over time, and the wind triangle.
///
/// Wind is piecewise constant in time and uniform over the area, except inside regions that
/// have their own from their first change on (the first region containing a point wins). Vectors
/// are the air's motion in the local east-north frame, m/s; the scenario gives the direction the
/// wind blows from.

#include <optional>
#include <vector>

#include <Eigen/Core>

#include <lastmile/geo/local_frame.hpp>
#include <lastmile/geo/polygon.hpp>
#include <lastmile/scenario/airspace_spec.hpp>

namespace lastmile::model {

class WindField {
  public:
    WindField(const scenario::WindSpec& spec, const geo::LocalFrame& frame);

    /// Mean wind (where the air goes) at `p` at `t_s` since the start of the run.
    Eigen::Vector2d velocity_mps(const Eigen::Vector2d& p, double t_s) const;
    /// Peak gust speed at `p` at `t_s`: mean speed times the gust factor.
    double gust_speed_mps(const Eigen::Vector2d& p, double t_s) const;
    /// True when gusts at `p` exceed the maximum wind drones may fly in.
    bool grounded(const Eigen::Vector2d& p, double t_s) const {
        return gust_speed_mps(p, t_s) > spec_.max_speed_mps;
    }
    /// The strongest mean wind anywhere at `t_s`: no ground speed then exceeds the airspeed
    /// by more.
    double strongest_mps(double t_s) const;
    /// The time of the first change anywhere after `t_s`, or infinity.
    double next_change_s(double t_s) const;
    /// The time of the last change anywhere at or before `t_s`, or minus infinity: the wind
    /// everywhere is the same at any two times with the same last change.
    double last_change_s(double t_s) const;

  private:
    const scenario::WindChange* change_at(const Eigen::Vector2d& p, double t_s) const;
    scenario::WindSpec spec_;
    std::vector<geo::Polygon2> regions_;  ///< open rings, as spec_.regions
};

/// Ground speed along the unit course `course` flying at `airspeed_mps` through `wind`, or
/// nothing when the crosswind is too strong to hold the course or the headwind too strong to
/// make progress.
std::optional<double> ground_speed_mps(double airspeed_mps, const Eigen::Vector2d& course,
                                       const Eigen::Vector2d& wind);

/// The airspeed that gives `ground_speed` along `course` in `wind`.
double airspeed_for_ground_speed_mps(double ground_speed, const Eigen::Vector2d& course,
                                     const Eigen::Vector2d& wind);

}  // namespace lastmile::model
