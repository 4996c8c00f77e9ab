#include <cmath>
#include <map>

#include <fmt/format.h>

#include <lastmile/report/geojson.hpp>

#include "json_text.hpp"

namespace lastmile::report {
namespace {

/// A number, or null for NaN and infinities (JSON has neither).
std::string num(double v, int decimals = 3) {
    return std::isfinite(v) ? fmt::format("{:.{}f}", v, decimals) : "null";
}

// JSON has no NaN or infinity, and a GeoJSON position must be numbers (RFC 7946, 3.1.1). So a
// property that is not finite is written as null, a vertex that is not finite is left out of
// its line, and a geometry left without a valid shape is written as null, which RFC 7946
// (3.2) allows for a Feature: the feature and its properties are kept.
constexpr const char* kNoGeometry = "null";

bool finite(const geo::GeoPoint& p) {
    return std::isfinite(p.lon_deg) && std::isfinite(p.lat_deg);
}

std::string position(const geo::GeoPoint& p) {
    return fmt::format("[{:.7f},{:.7f}]", p.lon_deg, p.lat_deg);
}

std::string point(const geo::GeoPoint& p) {
    return finite(p) ? fmt::format(R"({{"type":"Point","coordinates":{}}})", position(p))
                     : kNoGeometry;
}

std::string line(const geo::GeoPoint& a, const geo::GeoPoint& b) {
    return finite(a) && finite(b) ? fmt::format(R"({{"type":"LineString","coordinates":[{},{}]}})",
                                                position(a), position(b))
                                  : kNoGeometry;
}

std::string polygon(const std::vector<geo::GeoPoint>& points) {
    if (points.size() < 4) {
        return kNoGeometry;  // a linear ring has at least four positions (RFC 7946, 3.1.6)
    }
    std::string ring = "[";
    for (const auto& p : points) {
        if (!finite(p)) {
            return kNoGeometry;  // a ring without one of its vertices is another shape
        }
        ring += position(p) + ",";
    }
    ring.back() = ']';
    return fmt::format(R"({{"type":"Polygon","coordinates":[{}]}})", ring);
}

class Features {
  public:
    void add(const std::string& geometry, const std::string& properties) {
        out_ += fmt::format(R"({}{{"type":"Feature","geometry":{},"properties":{{{}}}}})",
                            out_.empty() ? "" : ",\n", geometry, properties);
    }
    std::string collection() const {
        return R"({"type":"FeatureCollection","features":[)"
               "\n" +
               out_ + "\n]}\n";
    }

  private:
    std::string out_;
};

void add_flights(Features& f, const output::RunRecords& r, const GeoJsonOptions& options) {
    struct Leg {
        const output::FlightRecord* row = nullptr;
        std::vector<const output::FlightTrackPoint*> points;
    };
    std::map<std::pair<std::uint64_t, std::uint8_t>, Leg> legs;
    for (const auto& p : r.flight_tracks) {
        legs[{p.flight, p.leg}].points.push_back(&p);
    }
    for (const auto& row : r.flights) {
        if (const auto it = legs.find({row.flight, row.leg}); it != legs.end()) {
            it->second.row = &row;
        }
    }
    for (const auto& [key, leg] : legs) {
        std::string coordinates;
        std::string times;
        std::size_t vertices = 0;
        for (const auto* p : leg.points) {
            const double epoch_time = options.epoch_s ? *options.epoch_s + p->time_s : 0.0;
            // times_s runs beside the coordinates: a vertex without a time goes too.
            if (!std::isfinite(p->lon_deg) || !std::isfinite(p->lat_deg) ||
                !std::isfinite(p->altitude_m) || !std::isfinite(p->time_s) ||
                !std::isfinite(epoch_time)) {
                continue;
            }
            coordinates +=
                fmt::format("[{:.7f},{:.7f},{:.1f}", p->lon_deg, p->lat_deg, p->altitude_m);
            coordinates += options.epoch_s ? fmt::format(",{:.3f}]", epoch_time) : std::string("]");
            coordinates += ",";
            times += num(p->time_s) + ",";
            ++vertices;
        }
        if (!times.empty()) {
            coordinates.pop_back();
            times.pop_back();
        }
        const auto* row = leg.row;
        f.add(vertices >= 2
                  ? fmt::format(R"({{"type":"LineString","coordinates":[{}]}})", coordinates)
                  : kNoGeometry,
              fmt::format(R"("kind":"flight","flight":{},"leg":{},"vehicle":{},"order":{},)"
                          R"("depot":{},"start_s":{},"end_s":{},"contingency":{},"times_s":[{}])",
                          key.first, key.second, row ? fmt::format("{}", row->vehicle) : "null",
                          row ? fmt::format("{}", row->order) : "null",
                          row ? fmt::format("{}", row->depot) : "null",
                          num(leg.points.front()->time_s), num(leg.points.back()->time_s),
                          detail::json_string(row ? row->contingency : ""), times));
    }
}

void add_airspace(Features& f, const scenario::ScenarioSpec& spec) {
    const auto& air = spec.airspace;
    for (const auto& s : air.segments) {
        f.add(line(air.nodes[s.from].location, air.nodes[s.to].location),
              fmt::format(R"("kind":"corridor","id":{},"from":{},"to":{},"min_m":{},"max_m":{},)"
                          R"("half_width_m":{})",
                          detail::json_string(s.id), detail::json_string(air.nodes[s.from].id),
                          detail::json_string(air.nodes[s.to].id), num(s.band.min_m, 1),
                          num(s.band.max_m, 1), num(s.half_width_m, 1)));
    }
    for (const auto& g : air.geofences) {
        std::string windows;
        for (const auto& w : g.windows) {
            windows += fmt::format(R"({{"from_s":{},"to_s":{}}},)", num(w.from_s), num(w.to_s));
        }
        if (!windows.empty()) {
            windows.pop_back();
        }
        f.add(polygon(g.polygon),
              fmt::format(R"("kind":"geofence","id":{},"min_m":{},"max_m":{},"always_active":{},)"
                          R"("windows":[{}])",
                          detail::json_string(g.id), num(g.altitude.min_m, 1),
                          num(g.altitude.max_m, 1), g.windows.empty() ? "true" : "false", windows));
    }
    for (const auto& site : air.contingency.safe_landing_sites) {
        f.add(point(site.location),
              fmt::format(R"("kind":"safe_landing_site","id":{})", detail::json_string(site.id)));
    }
}

}  // namespace

std::string trajectories_geojson(const scenario::ScenarioSpec& spec,
                                 const output::RunRecords& records, const GeoJsonOptions& options) {
    Features f;
    add_flights(f, records, options);
    add_airspace(f, spec);
    for (const auto& d : spec.depots) {
        f.add(point(d.location), fmt::format(R"("kind":"depot","id":{},"pads":{})",
                                             detail::json_string(d.id), d.pads));
    }
    for (std::size_t k = 0; k < records.safety.size(); ++k) {
        const auto& s = records.safety[k];
        if (std::isnan(s.lat_deg)) {
            continue;
        }
        const bool placed =
            std::isfinite(s.lon_deg) && std::isfinite(s.lat_deg) && std::isfinite(s.altitude_m);
        f.add(placed ? fmt::format(R"({{"type":"Point","coordinates":[{:.7f},{:.7f},{:.1f}]}})",
                                   s.lon_deg, s.lat_deg, s.altitude_m)
                     : kNoGeometry,
              fmt::format(R"("kind":"safety_event","row":{},"type":{},"severity":{},"time_s":{},)"
                          R"("flight":{},"vehicle":{},"other_flight":{},"other_vehicle":{},)"
                          R"("horizontal_m":{},"vertical_m":{})",
                          k, detail::json_string(s.type), detail::json_string(s.severity),
                          num(s.time_s), s.flight, s.vehicle, s.other_flight, s.other_vehicle,
                          num(s.horizontal_m, 2), num(s.vertical_m, 2)));
    }
    return f.collection();
}

}  // namespace lastmile::report
