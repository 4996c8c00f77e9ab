#pragma once
/// A local east-north-up (ENU) Cartesian frame tangent to the WGS84 ellipsoid at an origin.
///
/// Models work in metres in this frame; scenarios give positions as latitude and longitude.
/// The projection is GeographicLib's exact geodetic-to-ENU transform, so distances within a
/// city-sized area match geodesic distances to well under a metre.

#include <memory>

#include <lastmile/geo/geo_point.hpp>

namespace GeographicLib {
class LocalCartesian;
}

namespace lastmile::geo {

class LocalFrame {
  public:
    explicit LocalFrame(const GeoPoint& origin);
    ~LocalFrame();
    LocalFrame(const LocalFrame& other);
    LocalFrame& operator=(const LocalFrame& other);

    const GeoPoint& origin() const noexcept { return origin_; }
    Enu to_enu(const GeoPoint& p) const;
    GeoPoint to_geo(const Enu& p) const;

  private:
    GeoPoint origin_;
    std::unique_ptr<GeographicLib::LocalCartesian> projection_;
};

/// Geodesic distance on the WGS84 ellipsoid, metres (the reference for tests of the frame).
double geodesic_distance_m(const GeoPoint& a, const GeoPoint& b);

}  // namespace lastmile::geo
