#pragma once
/// Plan-view maps drawn as SVG: a local equirectangular projection of latitude and longitude
/// onto a view box, and the elements a safety case draws (corridors, geofences, depots,
/// tracks, markers).

#include <string>
#include <vector>

#include <lastmile/geo/geo_point.hpp>

namespace lastmile::report {

/// Bounds in degrees, grown point by point.
struct GeoBounds {
    double min_lat = 90, max_lat = -90, min_lon = 180, max_lon = -180;
    void add(double lat, double lon);
    bool empty() const { return min_lat > max_lat; }
};

/// Maps latitude and longitude to SVG user units (1 unit = 1 m at the centre; y points down).
class PlanProjection {
  public:
    /// Fits `bounds`, grown by `margin_m` on every side (and to at least `min_span_m` across).
    PlanProjection(const GeoBounds& bounds, double margin_m, double min_span_m = 200);
    double x(double lon_deg) const;
    double y(double lat_deg) const;
    double width_m() const { return width_m_; }
    double height_m() const { return height_m_; }
    /// The `viewBox` attribute value.
    std::string view_box() const;
    /// As a JSON object for the page's script: {"lat0":..,"lon0":..,"mx":..,"my":..}.
    std::string json() const;

  private:
    double lat0_ = 0, lon0_ = 0;  ///< centre
    double m_per_deg_lat_ = 0, m_per_deg_lon_ = 0;
    double width_m_ = 0, height_m_ = 0;
};

/// Builds one <svg> element, drawn `width_px` wide on the page.
class SvgMap {
  public:
    SvgMap(const PlanProjection& projection, std::string id, std::string css_class,
           double width_px);
    /// A polyline through the points, with a CSS class and an optional title (tooltip).
    void polyline(const std::vector<geo::GeoPoint>& points, const std::string& css_class,
                  const std::string& title = "");
    void polygon(const std::vector<geo::GeoPoint>& ring, const std::string& css_class,
                 const std::string& title = "");
    /// A circle of `radius_px` screen pixels (whatever the map's scale).
    void marker(const geo::GeoPoint& at, double radius_px, const std::string& css_class,
                const std::string& title = "");
    void label(const geo::GeoPoint& at, const std::string& text, const std::string& css_class);
    /// A line between two points, e.g. the separation at the closest approach.
    void line(const geo::GeoPoint& a, const geo::GeoPoint& b, const std::string& css_class,
              const std::string& title = "");
    /// Raw SVG inside the map's group (for the page's script to fill).
    void raw(const std::string& svg);
    std::string str() const;

  private:
    /// User units (metres) per screen pixel.
    double px() const { return projection_.width_m() / width_px_; }
    std::string points(const std::vector<geo::GeoPoint>& points) const;
    const PlanProjection& projection_;
    std::string id_;
    std::string class_;
    double width_px_;
    std::string body_;
};

/// Escapes text for HTML and SVG content and attribute values.
std::string escape_html(const std::string& text);

}  // namespace lastmile::report
