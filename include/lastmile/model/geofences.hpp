#pragma once
/// Geofences in the local frame: polygons with an altitude range, active in time windows.
///
/// A window is *known* to a planner from its start minus its notice; a pop-up restriction
/// (notice 0) is known only once active.

#include <vector>

#include <Eigen/Core>

#include <lastmile/geo/local_frame.hpp>
#include <lastmile/geo/polygon.hpp>
#include <lastmile/scenario/airspace_spec.hpp>

namespace lastmile::model {

class Geofences {
  public:
    Geofences(const std::vector<scenario::GeofenceSpec>& specs, const geo::LocalFrame& frame);

    std::size_t size() const { return fences_.size(); }
    const scenario::GeofenceSpec& spec(std::size_t f) const { return *fences_[f].spec; }

    bool active(std::size_t f, double t_s) const;
    /// Active at some time in [from_s, to_s) as far as a planner at `now_s` knows.
    bool known_active(std::size_t f, double now_s, double from_s, double to_s) const;
    /// True when the straight leg p0 -> p1 (x, y, altitude) enters the fence's volume.
    bool meets(std::size_t f, const Eigen::Vector3d& p0, const Eigen::Vector3d& p1) const;
    /// True when the point is inside the fence's volume.
    bool contains(std::size_t f, const Eigen::Vector3d& p) const;
    /// Start times of every window, ascending (for the activation events).
    std::vector<double> activation_times() const;

  private:
    struct Fence {
        const scenario::GeofenceSpec* spec = nullptr;
        geo::Polygon2 ring;  ///< open: the closing vertex dropped
    };
    std::vector<Fence> fences_;
};

}  // namespace lastmile::model
