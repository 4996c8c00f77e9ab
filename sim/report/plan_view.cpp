#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include <lastmile/report/plan_view.hpp>

namespace lastmile::report {
namespace {

constexpr double kPi = 3.14159265358979323846;

std::string title_element(const std::string& title) {
    return title.empty() ? "" : "<title>" + escape_html(title) + "</title>";
}

// A point with a coordinate that is not finite (a damaged or hostile results file) is
// nowhere: it neither widens the map nor is drawn, so no NaN reaches the SVG.
bool placed(double lat, double lon) {
    return std::isfinite(lat) && std::isfinite(lon);
}

bool placed(const geo::GeoPoint& p) {
    return placed(p.lat_deg, p.lon_deg);
}

}  // namespace

void GeoBounds::add(double lat, double lon) {
    if (!placed(lat, lon)) {
        return;
    }
    min_lat = std::min(min_lat, lat);
    max_lat = std::max(max_lat, lat);
    min_lon = std::min(min_lon, lon);
    max_lon = std::max(max_lon, lon);
}

PlanProjection::PlanProjection(const GeoBounds& bounds, double margin_m, double min_span_m) {
    const GeoBounds b = bounds.empty() ? GeoBounds{0, 0, 0, 0} : bounds;
    lat0_ = 0.5 * (b.min_lat + b.max_lat);
    lon0_ = 0.5 * (b.min_lon + b.max_lon);
    // Metres per degree on the WGS84 ellipsoid at the centre latitude (good to well under a
    // percent across a city, which is all a plan view needs).
    const double phi = lat0_ * kPi / 180;
    m_per_deg_lat_ = 111132.92 - 559.82 * std::cos(2 * phi) + 1.175 * std::cos(4 * phi);
    m_per_deg_lon_ = 111412.84 * std::cos(phi) - 93.5 * std::cos(3 * phi);
    width_m_ = std::max((b.max_lon - b.min_lon) * m_per_deg_lon_ + 2 * margin_m, min_span_m);
    height_m_ = std::max((b.max_lat - b.min_lat) * m_per_deg_lat_ + 2 * margin_m, min_span_m);
}

double PlanProjection::x(double lon_deg) const {
    return (lon_deg - lon0_) * m_per_deg_lon_ + 0.5 * width_m_;
}

double PlanProjection::y(double lat_deg) const {
    return (lat0_ - lat_deg) * m_per_deg_lat_ + 0.5 * height_m_;
}

std::string PlanProjection::view_box() const {
    return fmt::format("0 0 {:.1f} {:.1f}", width_m_, height_m_);
}

std::string PlanProjection::json() const {
    return fmt::format(
        R"({{"lat0":{:.7f},"lon0":{:.7f},"my":{:.4f},"mx":{:.4f},"w":{:.1f},"h":{:.1f}}})", lat0_,
        lon0_, m_per_deg_lat_, m_per_deg_lon_, width_m_, height_m_);
}

SvgMap::SvgMap(const PlanProjection& projection, std::string id, std::string css_class,
               double width_px)
    : projection_(projection),
      id_(std::move(id)),
      class_(std::move(css_class)),
      width_px_(width_px) {}

std::string SvgMap::points(const std::vector<geo::GeoPoint>& points) const {
    std::string out;
    for (const auto& p : points) {
        if (placed(p)) {
            out +=
                fmt::format("{:.1f},{:.1f} ", projection_.x(p.lon_deg), projection_.y(p.lat_deg));
        }
    }
    if (!out.empty()) {
        out.pop_back();
    }
    return out;
}

void SvgMap::polyline(const std::vector<geo::GeoPoint>& pts, const std::string& css_class,
                      const std::string& title) {
    body_ += fmt::format(R"(<polyline class="{}" points="{}">{}</polyline>)", css_class,
                         points(pts), title_element(title));
}

void SvgMap::polygon(const std::vector<geo::GeoPoint>& ring, const std::string& css_class,
                     const std::string& title) {
    body_ += fmt::format(R"(<polygon class="{}" points="{}">{}</polygon>)", css_class, points(ring),
                         title_element(title));
}

void SvgMap::marker(const geo::GeoPoint& at, double radius_px, const std::string& css_class,
                    const std::string& title) {
    if (!placed(at)) {
        return;
    }
    body_ += fmt::format(R"(<circle class="{}" cx="{:.1f}" cy="{:.1f}" r="{:.1f}">{}</circle>)",
                         css_class, projection_.x(at.lon_deg), projection_.y(at.lat_deg),
                         radius_px * px(), title_element(title));
}

void SvgMap::label(const geo::GeoPoint& at, const std::string& text, const std::string& css_class) {
    if (!placed(at)) {
        return;
    }
    body_ += fmt::format(
        R"(<text class="{}" x="{:.1f}" y="{:.1f}" font-size="{:.1f}" dx="{:.1f}">{}</text>)",
        css_class, projection_.x(at.lon_deg), projection_.y(at.lat_deg), 11 * px(), 6 * px(),
        escape_html(text));
}

void SvgMap::line(const geo::GeoPoint& a, const geo::GeoPoint& b, const std::string& css_class,
                  const std::string& title) {
    if (!placed(a) || !placed(b)) {
        return;
    }
    body_ +=
        fmt::format(R"(<line class="{}" x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}">{}</line>)",
                    css_class, projection_.x(a.lon_deg), projection_.y(a.lat_deg),
                    projection_.x(b.lon_deg), projection_.y(b.lat_deg), title_element(title));
}

void SvgMap::raw(const std::string& svg) {
    body_ += svg;
}

std::string SvgMap::str() const {
    // Strokes keep their screen width at any scale (vector-effect in the style sheet).
    return fmt::format(
        R"(<svg id="{}" class="{}" xmlns="http://www.w3.org/2000/svg" viewBox="{}" width="{:.0f}" height="{:.0f}" role="img">{}</svg>)",
        id_, class_, projection_.view_box(), width_px_,
        width_px_ * projection_.height_m() / projection_.width_m(), body_);
}

std::string escape_html(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

}  // namespace lastmile::report
