// The safety-case page: figures, verdicts and incident maps are drawn here in C++; the
// animation's data go in as JSON for the page's own script (assets/replay.js).

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include <lastmile/replay/timeline.hpp>
#include <lastmile/report/plan_view.hpp>
#include <lastmile/report/safety_case.hpp>

#include "json_text.hpp"

namespace lastmile::report {
namespace assets {
extern const char* const replay_js;
extern const char* const report_css;
}  // namespace assets

namespace {

using detail::json_string;

constexpr double kIncidentWindowS = 30;  ///< incidents show this long either side in the replay

using Track = std::vector<output::FlightTrackPoint>;

struct FlightInfo {
    std::int64_t vehicle = -1;
    std::int64_t order = -1;
    double start_s = 0;
    double end_s = 0;
    std::string contingency;
};

struct RunIndex {
    std::map<std::uint64_t, Track> tracks;
    std::map<std::uint64_t, FlightInfo> flights;
};

RunIndex index_run(const output::RunRecords& r) {
    RunIndex index;
    for (const auto& p : r.flight_tracks) {
        index.tracks[p.flight].push_back(p);
    }
    for (const auto& f : r.flights) {
        auto [it, first] = index.flights.try_emplace(f.flight);
        FlightInfo& info = it->second;
        if (first) {
            info.vehicle = f.vehicle;
            info.order = static_cast<std::int64_t>(f.order);
            info.start_s = f.start_s;
        }
        info.start_s = std::min(info.start_s, f.start_s);
        info.end_s = std::max(info.end_s, f.end_s);
        if (!f.contingency.empty()) {
            info.contingency = f.contingency;
        }
    }
    return index;
}

/// Where a track is at `t_s` (clamped to its ends), interpolated along its straight pieces.
geo::GeoPoint position_at(const Track& track, double t_s) {
    if (t_s <= track.front().time_s) {
        return {track.front().lat_deg, track.front().lon_deg, track.front().altitude_m};
    }
    for (std::size_t i = 1; i < track.size(); ++i) {
        const auto& a = track[i - 1];
        const auto& b = track[i];
        if (t_s <= b.time_s) {
            const double f = b.time_s > a.time_s ? (t_s - a.time_s) / (b.time_s - a.time_s) : 1.0;
            return {a.lat_deg + f * (b.lat_deg - a.lat_deg),
                    a.lon_deg + f * (b.lon_deg - a.lon_deg),
                    a.altitude_m + f * (b.altitude_m - a.altitude_m)};
        }
    }
    return {track.back().lat_deg, track.back().lon_deg, track.back().altitude_m};
}

/// The track up to `t_s` (before) or from it (after), cut at the interpolated point.
std::vector<geo::GeoPoint> track_part(const Track& track, double t_s, bool before) {
    std::vector<geo::GeoPoint> part;
    const geo::GeoPoint cut = position_at(track, t_s);
    if (!before) {
        part.push_back(cut);
    }
    for (const auto& p : track) {
        if (before ? p.time_s < t_s : p.time_s > t_s) {
            part.push_back({p.lat_deg, p.lon_deg, p.altitude_m});
        }
    }
    if (before) {
        part.push_back(cut);
    }
    return part;
}

std::string number(double v, int decimals = 1) {
    if (std::isnan(v)) {
        return "–";
    }
    return fmt::format("{:.{}f}", v, decimals);
}

std::string clock(double s) {
    return std::isnan(s) ? "–" : replay::clock_time(s);
}

// --- sections ----------------------------------------------------------------------------

std::string provenance_section(const output::RunFileContents& run) {
    const auto& p = run.provenance;
    return fmt::format(
        R"(<section id="provenance"><h2>Provenance</h2><dl class="facts">)"
        R"(<dt>Scenario</dt><dd>{} ({})</dd><dt>Seed · replication</dt><dd>{} · {}</dd>)"
        R"(<dt>Event digest</dt><dd><code>{}</code> over {} events</dd>)"
        R"(<dt>Written by</dt><dd>lastmile {} ({}) on {}</dd></dl>)"
        R"(<p>Anyone can re-run this result from its file alone and check that it reproduces: )"
        R"(<code>lastmile replay RUN.h5 --verify</code>.</p></section>)",
        escape_html(p.scenario_name), escape_html(p.scenario_file), p.seed, p.replication,
        escape_html(p.event_digest), p.events_processed, escape_html(p.lastmile_version),
        escape_html(p.git_sha), escape_html(p.created_utc));
}

std::string operations_section(const output::RunRecords& r) {
    std::size_t flights = 0;
    double drone_m = 0;
    for (const auto& f : r.flights) {
        flights += f.leg == 0 ? 1 : 0;
        drone_m += f.distance_m;
    }
    const auto metric = [&](const char* name) {
        const output::Metric* m = r.find_metric(name);
        return m ? m->value : std::nan("");
    };
    return fmt::format(
        R"(<section id="operations"><h2>Operations</h2><table class="figures"><tbody>)"
        R"(<tr><th>Drone flights</th><td id="ops-flights">{}</td></tr>)"
        R"(<tr><th>Flight hours</th><td id="ops-flight-hours">{}</td></tr>)"
        R"(<tr><th>Deliveries by drone · by robot</th><td>{} · {}</td></tr>)"
        R"(<tr><th>Distance flown</th><td>{} km</td></tr>)"
        R"(<tr><th>Flights denied a conflict-free slot</th><td>{}</td></tr>)"
        R"(<tr><th>Distance over people-dense areas</th><td>not modelled: the scenario has no )"
        R"(population layer</td></tr></tbody></table></section>)",
        flights, number(metric("flight_hours"), 2), number(metric("orders_delivered_by_drone"), 0),
        number(metric("orders_delivered_by_robot"), 0), number(drone_m / 1000, 1),
        number(metric("flights_denied"), 0));
}

std::string verdicts_section(const std::vector<SafetyVerdict>& verdicts) {
    std::string rows;
    std::size_t fails = 0;
    std::size_t targets = 0;
    for (const auto& v : verdicts) {
        const std::string verdict = v.verdict();
        fails += verdict == "fail" ? 1 : 0;
        targets += v.target_per_1000_h ? 1 : 0;
        rows += fmt::format(
            R"(<tr class="verdict {}" data-event="{}" data-rate="{}" data-target="{}" data-verdict="{}">)"
            R"(<th>{}</th><td>{}</td><td>{}</td><td>{} – {}</td><td>{}</td><td class="mark">{}</td><td>{}</td></tr>)",
            verdict == "no target" ? "none" : verdict, v.event,
            fmt::format("{}", v.rate_per_1000_h),
            v.target_per_1000_h ? fmt::format("{}", *v.target_per_1000_h) : "", verdict, v.event,
            number(v.count, 0), number(v.rate_per_1000_h, 2), number(v.ci_low_per_1000_h, 2),
            number(v.ci_high_per_1000_h, 2),
            v.target_per_1000_h ? number(*v.target_per_1000_h, 2) : "–", verdict,
            !v.target_per_1000_h ? "–"
            : v.demonstrated()   ? "yes"
                                 : "no");
    }
    const std::string overall =
        targets == 0 ? "The scenario sets no target levels of safety."
        : fails == 0 ? fmt::format("All {} target levels of safety are met.", targets)
                     : fmt::format("{} of {} target levels of safety not met.", fails, targets);
    return fmt::format(
        R"(<section id="verdicts"><h2>Safety record against target levels</h2>)"
        R"(<p class="overall {}">{}</p><table class="verdicts"><thead><tr><th>Event</th>)"
        R"(<th>Count</th><th>Rate per 1,000 flight hours</th><th>95 % interval</th>)"
        R"(<th>Target</th><th>Verdict</th><th>Shown with 95 % confidence</th></tr></thead>)"
        R"(<tbody>{}</tbody></table><p class="note">A type passes when its observed rate is at or )"
        R"(below the target. The interval is the exact (Garwood) Poisson interval for the count )"
        R"(over the flight hours; the last column says whether even its upper end meets the )"
        R"(target, the stronger claim that the run demonstrates the level.</p></section>)",
        fails == 0 ? "pass" : "fail", overall, rows);
}

/// Corridors, geofences, depots and landing sites that fall inside the map.
void draw_background(SvgMap& map, const scenario::ScenarioSpec& spec, const GeoBounds& view,
                     double at_s) {
    const auto inside = [&](const geo::GeoPoint& p) {
        return p.lat_deg >= view.min_lat && p.lat_deg <= view.max_lat &&
               p.lon_deg >= view.min_lon && p.lon_deg <= view.max_lon;
    };
    const auto& air = spec.airspace;
    for (const auto& g : air.geofences) {
        GeoBounds b;
        for (const auto& p : g.polygon) {
            b.add(p.lat_deg, p.lon_deg);
        }
        if (b.max_lat < view.min_lat || b.min_lat > view.max_lat || b.max_lon < view.min_lon ||
            b.min_lon > view.max_lon) {
            continue;
        }
        bool active = g.windows.empty();
        for (const auto& w : g.windows) {
            active = active || (at_s >= w.from_s && at_s < w.to_s);
        }
        map.polygon(g.polygon, active ? "geofence active" : "geofence",
                    "geofence " + g.id + (active ? " (active)" : " (inactive)"));
    }
    for (const auto& s : air.segments) {
        const auto& a = air.nodes[s.from].location;
        const auto& b = air.nodes[s.to].location;
        if (inside(a) || inside(b)) {
            map.polyline({a, b}, "corridor", "corridor " + s.id);
        }
    }
    for (const auto& d : spec.depots) {
        if (inside(d.location)) {
            map.marker(d.location, 5, "depot", "depot " + d.id);
            map.label(d.location, d.id, "depot-label");
        }
    }
    for (const auto& site : air.contingency.safe_landing_sites) {
        if (inside(site.location)) {
            map.marker(site.location, 4, "safe-site", "safe landing site " + site.id);
        }
    }
}

std::string incident_section(const scenario::ScenarioSpec& spec, const output::RunRecords& r,
                             const RunIndex& index, const SafetyCaseOptions& options) {
    std::string list;
    std::string articles;
    for (std::size_t k = 0; k < r.safety.size(); ++k) {
        const auto& s = r.safety[k];
        list += fmt::format(
            R"(<tr><td><a href="#incident-{0}">{0}</a></td><td>{1}</td><td>{2}</td><td>{3}</td>)"
            R"(<td>{4}</td><td><button type="button" class="jump" data-time="{5}">replay</button></td></tr>)",
            k, clock(s.time_s), escape_html(s.type), escape_html(s.severity),
            escape_html(replay::describe_safety(s)), fmt::format("{}", s.time_s));
        if (k >= options.max_incident_maps) {
            continue;
        }
        // The flights involved, their vehicles and orders, and routes before and after.
        std::vector<std::uint64_t> involved;
        for (const std::int64_t f : {s.flight, s.other_flight}) {
            if (f >= 0 && index.tracks.count(static_cast<std::uint64_t>(f)) > 0) {
                involved.push_back(static_cast<std::uint64_t>(f));
            }
        }
        const double at_s = std::isnan(s.cpa_s) ? s.time_s : s.cpa_s;
        GeoBounds view;
        for (const auto f : involved) {
            for (const auto& p : index.tracks.at(f)) {
                view.add(p.lat_deg, p.lon_deg);
            }
        }
        if (!std::isnan(s.lat_deg)) {
            view.add(s.lat_deg, s.lon_deg);
        }
        std::string rows;
        std::string map_html = "<p>No track recorded for the flights involved.</p>";
        if (!view.empty()) {
            const PlanProjection projection(view, 150);
            SvgMap map(projection, fmt::format("incident-map-{}", k), "plan incident-map", 560);
            GeoBounds shown = view;
            const double pad = 0.004;  // about 400 m: corridors just outside still show
            shown.add(view.min_lat - pad, view.min_lon - pad);
            shown.add(view.max_lat + pad, view.max_lon + pad);
            draw_background(map, spec, shown, at_s);
            std::vector<geo::GeoPoint> at_incident;
            for (std::size_t i = 0; i < involved.size(); ++i) {
                const Track& track = index.tracks.at(involved[i]);
                const FlightInfo info =
                    index.flights.count(involved[i]) ? index.flights.at(involved[i]) : FlightInfo{};
                const std::string who =
                    fmt::format("flight {} (vehicle {})", involved[i], info.vehicle);
                const std::string colour = i == 0 ? "first" : "second";
                map.polyline(track_part(track, at_s, true), "track before " + colour,
                             who + ": route before");
                map.polyline(track_part(track, at_s, false), "track after " + colour,
                             who + ": route after");
                at_incident.push_back(position_at(track, at_s));
                map.marker(at_incident.back(), 5, "position " + colour, who + " at the incident");
                map.label(at_incident.back(), fmt::format("V{}", info.vehicle), "vehicle-label");
                rows += fmt::format(
                    R"(<tr><td>{}</td><td>{}</td><td>{}</td><td>{} → {}</td><td>{}</td></tr>)",
                    involved[i], info.vehicle, info.order, clock(info.start_s), clock(info.end_s),
                    info.contingency.empty() ? "nominal" : escape_html(info.contingency));
            }
            const auto mark_event = [&](SvgMap& m) {
                if (at_incident.size() == 2) {
                    m.line(at_incident[0], at_incident[1], "cpa",
                           fmt::format("closest approach: {:.1f} m horizontally, {:.1f} m "
                                       "vertically",
                                       s.horizontal_m, s.vertical_m));
                } else if (!std::isnan(s.lat_deg)) {
                    m.marker({s.lat_deg, s.lon_deg, s.altitude_m}, 8, "event-point",
                             s.type + " here");
                }
            };
            mark_event(map);
            map_html = map.str();
            // A close-up, 300 m either side of the event: separations of a few metres are
            // invisible at the scale of whole flights.
            if (!at_incident.empty()) {
                GeoBounds near;
                for (const auto& p : at_incident) {
                    near.add(p.lat_deg, p.lon_deg);
                }
                const PlanProjection close(near, 300);
                SvgMap zoom(close, fmt::format("incident-close-up-{}", k), "plan close-up", 260);
                GeoBounds near_shown = near;
                near_shown.add(near.min_lat - 0.01, near.min_lon - 0.01);
                near_shown.add(near.max_lat + 0.01, near.max_lon + 0.01);
                draw_background(zoom, spec, near_shown, at_s);
                for (std::size_t i = 0; i < involved.size(); ++i) {
                    const Track& track = index.tracks.at(involved[i]);
                    const std::string colour = i == 0 ? "first" : "second";
                    zoom.polyline(track_part(track, at_s, true), "track before " + colour);
                    zoom.polyline(track_part(track, at_s, false), "track after " + colour);
                    zoom.marker(at_incident[i], 5, "position " + colour);
                }
                mark_event(zoom);
                map_html += zoom.str();
            }
        }
        articles += fmt::format(
            R"(<article class="incident" id="incident-{0}" data-type="{1}"><h3>Incident {0}: )"
            R"({1} ({2}) at {3}</h3><p>{4}</p><div class="incident-body"><div>{5}</div>)"
            R"(<table class="involved"><thead><tr><th>Flight</th><th>Vehicle</th><th>Order</th>)"
            R"(<th>Flight time</th><th>Outcome</th></tr></thead><tbody>{6}</tbody></table></div>)"
            R"(<p class="legend">Solid: route before the incident; dashed: after. Dots: positions )"
            R"(at {7}; red line: the separation at the closest approach.</p></article>)",
            k, escape_html(s.type), escape_html(s.severity), clock(s.time_s),
            escape_html(replay::describe_safety(s)), map_html, rows, clock(at_s));
    }
    const std::string capped =
        r.safety.size() > options.max_incident_maps
            ? fmt::format(R"(<p class="note">Maps are drawn for the first {} incidents; the )"
                          R"(table lists all {}.</p>)",
                          options.max_incident_maps, r.safety.size())
            : "";
    return fmt::format(
        R"(<section id="incidents"><h2>Incidents ({})</h2>{}<table class="incident-list"><thead>)"
        R"(<tr><th>#</th><th>Time</th><th>Type</th><th>Severity</th><th>What</th><th></th></tr>)"
        R"(</thead><tbody>{}</tbody></table>{}</section>)",
        r.safety.size(), capped,
        list.empty() ? R"(<tr><td colspan="6">No safety events in this run.</td></tr>)" : list,
        articles);
}

/// The replay map's background and the animation's data (positions already projected).
std::string replay_section(const scenario::ScenarioSpec& spec, const output::RunFileContents& run,
                           const RunIndex& index, const SafetyCaseOptions& options) {
    const auto& r = run.records;
    GeoBounds bounds;
    for (const auto& n : spec.airspace.nodes) {
        bounds.add(n.location.lat_deg, n.location.lon_deg);
    }
    for (const auto& d : spec.depots) {
        bounds.add(d.location.lat_deg, d.location.lon_deg);
    }
    for (const auto& p : r.flight_tracks) {
        bounds.add(p.lat_deg, p.lon_deg);
    }
    const PlanProjection projection(bounds, 300);
    constexpr double kWidthPx = 900;
    SvgMap map(projection, "replay-map", "plan replay-map", kWidthPx);
    GeoBounds everything = bounds;
    everything.add(bounds.min_lat - 1, bounds.min_lon - 1);
    everything.add(bounds.max_lat + 1, bounds.max_lon + 1);
    draw_background(map, spec, everything, -1);
    map.raw(
        R"(<g id="replay-geofences"></g><g id="replay-incidents"></g><g id="replay-vehicles"></g>)");

    // Which flights move: all of them, or (for very large runs) those near an incident.
    std::set<std::uint64_t> near_incidents;
    for (const auto& s : r.safety) {
        for (const std::int64_t f : {s.flight, s.other_flight}) {
            if (f >= 0) {
                near_incidents.insert(static_cast<std::uint64_t>(f));
            }
        }
    }
    const bool all = r.flight_tracks.size() <= options.max_animation_points;
    std::string flights;
    std::size_t animated = 0;
    for (const auto& [flight, track] : index.tracks) {
        if (!all && near_incidents.count(flight) == 0) {
            continue;
        }
        std::string t;
        std::string xy;
        for (const auto& p : track) {
            // The page's data is JSON, which has no NaN or infinity: such a point is left out.
            if (!std::isfinite(p.time_s) || !std::isfinite(p.lon_deg) ||
                !std::isfinite(p.lat_deg)) {
                continue;
            }
            t += fmt::format("{:.3f},", p.time_s);
            xy += fmt::format("{:.1f},{:.1f},", projection.x(p.lon_deg), projection.y(p.lat_deg));
        }
        if (t.empty()) {
            continue;
        }
        ++animated;
        t.pop_back();
        xy.pop_back();
        const auto info = index.flights.find(flight);
        flights += fmt::format(R"({{"f":{},"v":{},"t":[{}],"xy":[{}]}},)", flight,
                               info == index.flights.end() ? -1 : info->second.vehicle, t, xy);
    }
    if (!flights.empty()) {
        flights.pop_back();
    }
    std::string incidents;
    for (std::size_t k = 0; k < r.safety.size(); ++k) {
        const auto& s = r.safety[k];
        if (!std::isfinite(s.lat_deg) || !std::isfinite(s.lon_deg) || !std::isfinite(s.time_s)) {
            continue;
        }
        const double end_s = std::isfinite(s.end_s) ? s.end_s : s.time_s;
        incidents +=
            fmt::format(R"({{"k":{},"from":{:.3f},"to":{:.3f},"x":{:.1f},"y":{:.1f},"type":{}}},)",
                        k, s.time_s - kIncidentWindowS, end_s + kIncidentWindowS,
                        projection.x(s.lon_deg), projection.y(s.lat_deg), json_string(s.type));
    }
    if (!incidents.empty()) {
        incidents.pop_back();
    }
    std::string geofences;
    for (const auto& g : spec.airspace.geofences) {
        std::string ring;
        for (const auto& p : g.polygon) {
            ring += fmt::format("{:.1f},{:.1f} ", projection.x(p.lon_deg), projection.y(p.lat_deg));
        }
        std::string windows;
        for (const auto& w : g.windows) {
            windows += fmt::format("[{:.3f},{}],", w.from_s,
                                   std::isfinite(w.to_s) ? fmt::format("{:.3f}", w.to_s) : "null");
        }
        if (!windows.empty()) {
            windows.pop_back();
        }
        geofences += fmt::format(R"({{"id":{},"ring":"{}","windows":[{}]}},)", json_string(g.id),
                                 ring, windows);
    }
    if (!geofences.empty()) {
        geofences.pop_back();
    }
    const double dot_units = 4 * projection.width_m() / kWidthPx;
    const std::string data = fmt::format(
        R"({{"end":{:.3f},"dot":{:.1f},"flights":[{}],"incidents":[{}],"geofences":[{}]}})",
        run.provenance.duration_s, dot_units, flights, incidents, geofences);
    const std::string note =
        all ? ""
            : fmt::format(R"(<p class="note">This run has {} track points; to keep the page )"
                          R"(light, only the {} flights involved in incidents move.</p>)",
                          r.flight_tracks.size(), animated);
    return fmt::format(
        R"(<section id="replay"><h2>Replay of the whole run</h2>{}<div class="controls">)"
        R"(<button type="button" id="replay-play">Play</button>)"
        R"(<input type="range" id="replay-time" min="0" max="{:.0f}" step="1" value="0" aria-label="time">)"
        R"(<output id="replay-clock">00:00:00</output><label>speed <select id="replay-speed">)"
        R"(<option value="60">60×</option><option value="300" selected>300×</option>)"
        R"(<option value="1200">1200×</option></select></label>)"
        R"(<span id="replay-airborne"></span></div>{}<p class="legend">Dots: drones in the air )"
        R"((hover for flight and vehicle). Red rings: safety events, shown {:.0f} s either side. )"
        R"(Red areas: geofences while active.</p>)"
        R"(<script type="application/json" id="replay-data">{}</script></section>)",
        note, run.provenance.duration_s, map.str(), kIncidentWindowS, data);
}

}  // namespace

std::string safety_case_html(const scenario::ScenarioSpec& spec, const output::RunFileContents& run,
                             const SafetyCaseOptions& options) {
    const RunIndex index = index_run(run.records);
    const auto verdicts = safety_verdicts(spec, run.records);
    std::string page = fmt::format(
        R"(<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">)"
        R"(<meta name="viewport" content="width=device-width, initial-scale=1">)"
        R"(<title>Safety case: {0}</title><style>{1}</style></head>)"
        R"(<body data-status="loading"><header><h1>Safety case: {0}</h1>)"
        R"(<p>From a LastMile results file. Everything on this page is computed from that file; )"
        R"(the page needs no network.</p></header><main>)",
        escape_html(run.provenance.scenario_name), assets::report_css);
    page += verdicts_section(verdicts);
    page += operations_section(run.records);
    page += replay_section(spec, run, index, options);
    page += incident_section(spec, run.records, index, options);
    page += provenance_section(run);
    page += fmt::format("</main><script>{}</script></body></html>\n", assets::replay_js);
    return page;
}

}  // namespace lastmile::report
