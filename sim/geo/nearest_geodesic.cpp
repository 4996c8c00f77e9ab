#include <limits>

#include <GeographicLib/Geocentric.hpp>

#include <lastmile/geo/local_frame.hpp>
#include <lastmile/geo/nearest_geodesic.hpp>

namespace lastmile::geo {

namespace {

Eigen::Vector3d earth_centred(const GeoPoint& p) {
    Eigen::Vector3d out;
    GeographicLib::Geocentric::WGS84().Forward(p.lat_deg, p.lon_deg, 0, out.x(), out.y(), out.z());
    return out;
}

// The chord is shrunk by this much before it is compared, so that rounding never lets it pass
// over a point whose geodesic is a hair shorter.
constexpr double kChordShrink = 1 - 1e-9;

}  // namespace

NearestByGeodesic::NearestByGeodesic(const std::vector<GeoPoint>& points) : points_(points) {
    earth_centred_.reserve(points_.size());
    for (const auto& p : points_) {
        earth_centred_.push_back(earth_centred(p));
    }
}

Nearest NearestByGeodesic::nearest(const GeoPoint& p) const {
    const Eigen::Vector3d at = earth_centred(p);
    Nearest best{0, std::numeric_limits<double>::infinity()};
    for (std::size_t i = 0; i < points_.size(); ++i) {
        if ((earth_centred_[i] - at).norm() * kChordShrink >= best.distance_m) {
            continue;  // its geodesic is no shorter than the chord
        }
        const double d = geodesic_distance_m(p, points_[i]);
        if (d < best.distance_m) {
            best = Nearest{i, d};
        }
    }
    return best;
}

}  // namespace lastmile::geo
