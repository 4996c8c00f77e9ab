#pragma once
/// Wind over time, and the wind triangle.
///
/// Wind is uniform over the area and piecewise constant in time (a forecast a flight plans
/// with at take-off). Vectors are the air's motion in the local east-north frame, m/s; the
/// scenario gives the direction the wind blows from.

#include <optional>

#include <Eigen/Core>

#include <lastmile/scenario/airspace_spec.hpp>

namespace lastmile::model {

class WindField {
  public:
    explicit WindField(const scenario::WindSpec& spec) : spec_(spec) {}

    /// Mean wind (where the air goes) at `t_s` since the start of the run.
    Eigen::Vector2d velocity_mps(double t_s) const;
    /// Peak gust speed at `t_s`: mean speed times the gust factor.
    double gust_speed_mps(double t_s) const;
    /// True when gusts exceed the maximum wind drones may fly in.
    bool grounded(double t_s) const { return gust_speed_mps(t_s) > spec_.max_speed_mps; }
    /// The time of the first change after `t_s`, or infinity.
    double next_change_s(double t_s) const;

  private:
    const scenario::WindChange* change_at(double t_s) const;
    scenario::WindSpec spec_;
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
