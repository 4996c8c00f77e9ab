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

std::string position(const geo::GeoPoint& p) {
    return fmt::format("[{:.7f},{:.7f}]", p.lon_deg, p.lat_deg);
}

std::string ring(const std::vector<geo::GeoPoint>& points) {
    std::string out = "[";
    for (const auto& p : points) {
        out += position(p) + ",";
    }
    out.back() = ']';
    return out;
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
        for (const auto* p : leg.points) {
            coordinates +=
                fmt::format("[{:.7f},{:.7f},{:.1f}", p->lon_deg, p->lat_deg, p->altitude_m);
            coordinates += options.epoch_s ? fmt::format(",{:.3f}]", *options.epoch_s + p->time_s)
                                           : std::string("]");
            coordinates += ",";
            times += num(p->time_s) + ",";
        }
        coordinates.pop_back();
        times.pop_back();
        const auto* row = leg.row;
        f.add(fmt::format(R"({{"type":"LineString","coordinates":[{}]}})", coordinates),
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
        f.add(fmt::format(R"({{"type":"LineString","coordinates":[{},{}]}})",
                          position(air.nodes[s.from].location), position(air.nodes[s.to].location)),
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
        f.add(fmt::format(R"({{"type":"Polygon","coordinates":[{}]}})", ring(g.polygon)),
              fmt::format(R"("kind":"geofence","id":{},"min_m":{},"max_m":{},"always_active":{},)"
                          R"("windows":[{}])",
                          detail::json_string(g.id), num(g.altitude.min_m, 1),
                          num(g.altitude.max_m, 1), g.windows.empty() ? "true" : "false", windows));
    }
    for (const auto& site : air.contingency.safe_landing_sites) {
        f.add(fmt::format(R"({{"type":"Point","coordinates":{}}})", position(site.location)),
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
        f.add(
            fmt::format(R"({{"type":"Point","coordinates":{}}})", position(d.location)),
            fmt::format(R"("kind":"depot","id":{},"pads":{})", detail::json_string(d.id), d.pads));
    }
    for (std::size_t k = 0; k < records.safety.size(); ++k) {
        const auto& s = records.safety[k];
        if (std::isnan(s.lat_deg)) {
            continue;
        }
        f.add(fmt::format(R"({{"type":"Point","coordinates":[{:.7f},{:.7f},{:.1f}]}})", s.lon_deg,
                          s.lat_deg, s.altitude_m),
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
