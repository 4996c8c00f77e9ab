#pragma once
/// Points on the WGS84 ellipsoid and in a local east-north-up frame.

#include <Eigen/Core>

namespace lastmile::geo {

/// Geodetic position in degrees (WGS84), height above the ellipsoid in metres.
struct GeoPoint {
    double lat_deg = 0;
    double lon_deg = 0;
    double height_m = 0;
};

/// Position in a local east-north-up frame, metres.
using Enu = Eigen::Vector3d;

/// Horizontal (east, north) distance between two local positions, metres.
inline double horizontal_distance_m(const Enu& a, const Enu& b) {
    return (a.head<2>() - b.head<2>()).norm();
}

}  // namespace lastmile::geo
