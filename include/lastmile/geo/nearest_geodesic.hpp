#pragma once
/// The point of a fixed set nearest to a query point by geodesic distance on the WGS84
/// ellipsoid, without computing the geodesic to every point: the straight chord through the
/// Earth is never longer than the geodesic, so a point whose chord is already no shorter than
/// the best geodesic so far is passed over. The answer is that of computing every geodesic
/// (ties: the lowest index).

#include <cstddef>
#include <vector>

#include <Eigen/Core>

#include <lastmile/geo/geo_point.hpp>

namespace lastmile::geo {

struct Nearest {
    std::size_t index = 0;
    double distance_m = 0;  ///< geodesic
};

class NearestByGeodesic {
  public:
    explicit NearestByGeodesic(const std::vector<GeoPoint>& points);
    /// Nothing to find in an empty set: index 0 at infinite distance.
    Nearest nearest(const GeoPoint& p) const;

  private:
    std::vector<GeoPoint> points_;
    std::vector<Eigen::Vector3d> earth_centred_;  ///< on the ellipsoid (height ignored)
};

}  // namespace lastmile::geo
