#include <GeographicLib/Geodesic.hpp>
#include <GeographicLib/LocalCartesian.hpp>

#include <lastmile/geo/local_frame.hpp>

namespace lastmile::geo {

LocalFrame::LocalFrame(const GeoPoint& origin)
    : origin_(origin),
      projection_(std::make_unique<GeographicLib::LocalCartesian>(
          origin.lat_deg, origin.lon_deg, origin.height_m, GeographicLib::Geocentric::WGS84())) {}

LocalFrame::~LocalFrame() = default;

LocalFrame::LocalFrame(const LocalFrame& other)
    : origin_(other.origin_),
      projection_(std::make_unique<GeographicLib::LocalCartesian>(*other.projection_)) {}

LocalFrame& LocalFrame::operator=(const LocalFrame& other) {
    if (this != &other) {
        origin_ = other.origin_;
        projection_ = std::make_unique<GeographicLib::LocalCartesian>(*other.projection_);
    }
    return *this;
}

Enu LocalFrame::to_enu(const GeoPoint& p) const {
    Enu out;
    projection_->Forward(p.lat_deg, p.lon_deg, p.height_m, out.x(), out.y(), out.z());
    return out;
}

GeoPoint LocalFrame::to_geo(const Enu& p) const {
    GeoPoint out;
    projection_->Reverse(p.x(), p.y(), p.z(), out.lat_deg, out.lon_deg, out.height_m);
    return out;
}

double geodesic_distance_m(const GeoPoint& a, const GeoPoint& b) {
    double s12 = 0;
    GeographicLib::Geodesic::WGS84().Inverse(a.lat_deg, a.lon_deg, b.lat_deg, b.lon_deg, s12);
    return s12;
}

}  // namespace lastmile::geo
