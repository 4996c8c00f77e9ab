#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <unordered_map>

#include <lastmile/geo/local_frame.hpp>
#include <lastmile/geo/nearest_geodesic.hpp>
#include <lastmile/geo/polygon.hpp>

#include "loader_common.hpp"

namespace lastmile::scenario::detail {
namespace {

constexpr std::size_t kMaxCorridorNodes = 1'000'000;
constexpr std::size_t kMaxGeofenceVertices = 10'000;
inline constexpr Bounds kHalfWidth{0.5, 5000, "from 0.5 m to 5 km"};
inline constexpr Bounds kHeadway{0.001, 3600, "from 1 ms to 1 h"};
inline constexpr Bounds kSeparationDistance{0.01, 1e5, "from 1 cm to 100 km"};
inline constexpr Bounds kWindSpeed{0, 100, "from 0 m/s to 100 m/s"};
inline constexpr Bounds kAngle{-2 * 3.14159265358979323846, 2 * 3.14159265358979323846,
                               "from -360 deg to 360 deg"};
inline constexpr Bounds kFlightRate{0, 1, "from 0 /h to 3600 /h"};
inline constexpr Bounds kEventTime{0, 366 * 86400.0, "from 0 s to 366 d"};

AltitudeBand read_band(const Value& node) {
    const MapReader map(node, {"min", "max"});
    AltitudeBand band;
    band.min_m = bounded(map.required("min"), Dimension::length, kAltitude);
    const Value max_node = map.required("max");
    band.max_m = bounded(max_node, Dimension::length, kAltitude);
    if (!(band.max_m > band.min_m)) {
        max_node.fail(
            fmt::format("an altitude band needs max above min, found min {} m and "
                        "max {} m",
                        band.min_m, band.max_m));
    }
    return band;
}

/// "10 s" (a time headway) or "150 m" (a distance).
void read_in_trail(const Value& node, double& headway_s, double& separation_m) {
    const std::string text = node.as_string();
    QuantityError error;
    double value = 0;
    if (parse_quantity(text, Dimension::duration, value, error)) {
        headway_s = bounded(node, Dimension::duration, kHeadway);
        return;
    }
    if (parse_quantity(text, Dimension::length, value, error)) {
        separation_m = bounded(node, Dimension::length, kSeparationDistance);
        return;
    }
    node.fail(
        "expected an in-trail separation as a time headway (e.g. '10 s') or a distance "
        "(e.g. '150 m'), found '" +
        text + "'");
}

struct SegmentShape {
    double half_width_m = 0;
    double speed_limit_mps = 0;
    double headway_s = 0;
    double separation_m = 0;
};

SegmentShape read_shape(const MapReader& map) {
    SegmentShape shape;
    shape.half_width_m = bounded(map.required("half_width"), Dimension::length, kHalfWidth);
    shape.speed_limit_mps = bounded(map.required("speed_limit"), Dimension::speed, kAirspeed);
    read_in_trail(map.required("separation"), shape.headway_s, shape.separation_m);
    return shape;
}

void add_segment(AirspaceSpec& air, std::string id, std::size_t from, std::size_t to,
                 const AltitudeBand& band, const SegmentShape& shape, const SourceLocation& at) {
    CorridorSegmentSpec s;
    s.id = std::move(id);
    s.from = from;
    s.to = to;
    s.band = band;
    s.half_width_m = shape.half_width_m;
    s.speed_limit_mps = shape.speed_limit_mps;
    s.headway_s = shape.headway_s;
    s.separation_m = shape.separation_m;
    s.length_m = geo::geodesic_distance_m(air.nodes[from].location, air.nodes[to].location);
    s.defined_at = at;
    air.segments.push_back(std::move(s));
}

/// A grid of one-way lanes: every pair of neighbouring nodes is joined in both directions,
/// each direction of travel in its own altitude band.
void read_grid(const Value& node, AirspaceSpec& air) {
    const MapReader map(node, {"center", "rows", "cols", "spacing", "lanes", "half_width",
                               "speed_limit", "separation"});
    const geo::GeoPoint center = map.required("center").as_geo_point();
    const Value rows_node = map.required("rows");
    const auto rows = static_cast<std::size_t>(count_in(rows_node, 1, 1000));
    const auto cols = static_cast<std::size_t>(count_in(map.required("cols"), 1, 1000));
    if (rows * cols > kMaxCorridorNodes || rows * cols < 2) {
        rows_node.fail(fmt::format("a {} by {} grid; expected from 2 to {} nodes", rows, cols,
                                   kMaxCorridorNodes));
    }
    const double spacing = bounded(map.required("spacing"), Dimension::length, kLength);
    const MapReader lanes(map.required("lanes"), {"east", "west", "north", "south"});
    const AltitudeBand east = read_band(lanes.required("east"));
    const AltitudeBand west = read_band(lanes.required("west"));
    const AltitudeBand north = read_band(lanes.required("north"));
    const AltitudeBand south = read_band(lanes.required("south"));
    const SegmentShape shape = read_shape(map);
    const geo::LocalFrame frame(center);
    const SourceLocation where = node.location();
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t c = 0; c < cols; ++c) {
            air.nodes.push_back(CorridorNodeSpec{fmt::format("r{}c{}", r, c),
                                                 grid_node(frame, r, c, rows, cols, spacing), true,
                                                 where});
        }
    }
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t c = 0; c < cols; ++c) {
            const std::size_t i = r * cols + c;
            if (c + 1 < cols) {
                add_segment(air, fmt::format("r{}c{}-east", r, c), i, i + 1, east, shape, where);
                add_segment(air, fmt::format("r{}c{}-west", r, c + 1), i + 1, i, west, shape,
                            where);
            }
            if (r + 1 < rows) {
                add_segment(air, fmt::format("r{}c{}-north", r, c), i, i + cols, north, shape,
                            where);
                add_segment(air, fmt::format("r{}c{}-south", r + 1, c), i + cols, i, south, shape,
                            where);
            }
        }
    }
}

void read_explicit(const MapReader& map, AirspaceSpec& air) {
    std::vector<Value> node_ids;
    for (const auto& n : non_empty_list(map.required("nodes"), "corridor node")) {
        const MapReader nm(n, {"id", "location", "exit"});
        node_ids.push_back(nm.required("id"));
        CorridorNodeSpec spec{node_ids.back().as_id(), nm.required("location").as_geo_point(), true,
                              n.location()};
        if (auto exit = nm.optional("exit")) {
            spec.exit = exit->as_bool();
        }
        air.nodes.push_back(std::move(spec));
        if (air.nodes.size() > kMaxCorridorNodes) {
            n.fail(fmt::format("more than {} corridor nodes are not supported", kMaxCorridorNodes));
        }
    }
    const auto index = index_ids(air.nodes, node_ids, "corridor node");
    std::vector<Value> segment_ids;
    for (const auto& s : non_empty_list(map.required("segments"), "corridor segment")) {
        const MapReader sm(
            s, {"id", "from", "to", "altitude", "half_width", "speed_limit", "separation"});
        segment_ids.push_back(sm.required("id"));
        const std::string id = segment_ids.back().as_id();
        const std::size_t from = resolve(sm.required("from"), index, "corridor node");
        const Value to_node = sm.required("to");
        const std::size_t to = resolve(to_node, index, "corridor node");
        if (from == to) {
            to_node.fail("a corridor segment must join two different nodes");
        }
        // Read in two statements: as arguments of one call their order would be the
        // compiler's, and so would the order of their rows in /scenario/parameters.
        const AltitudeBand band = read_band(sm.required("altitude"));
        const SegmentShape shape = read_shape(sm);
        add_segment(air, id, from, to, band, shape, s.location());
    }
    index_ids(air.segments, segment_ids, "corridor segment");
}

/// Reads a polygon given as a closed ring of {lat, lon} points and checks that it is simple.
std::vector<geo::GeoPoint> read_ring(const Value& node, const geo::LocalFrame& frame) {
    const auto points = node.as_list();
    if (points.size() > kMaxGeofenceVertices) {
        node.fail(fmt::format("{} vertices; at most {} are supported", points.size(),
                              kMaxGeofenceVertices));
    }
    std::vector<geo::GeoPoint> ring;
    for (const auto& p : points) {
        ring.push_back(p.as_geo_point());
    }
    if (ring.size() < 4) {
        node.fail(
            fmt::format("a polygon needs at least 3 corners and the first "
                        "repeated at the end to close it, found {} points",
                        ring.size()));
    }
    if (ring.front().lat_deg != ring.back().lat_deg ||
        ring.front().lon_deg != ring.back().lon_deg) {
        points.back().fail("the polygon is not closed: its last point must repeat the first");
    }
    geo::Polygon2 open;
    for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
        const geo::Enu e = frame.to_enu(ring[i]);
        open.emplace_back(e.x(), e.y());
    }
    const auto [a, b] = geo::first_self_intersection(open);
    if (a >= 0) {
        points[static_cast<std::size_t>(b)].fail(
            fmt::format("the polygon intersects itself: its edge from point {} meets its edge "
                        "from point {}",
                        a + 1, b + 1));
    }
    if (geo::area(open) <= 0) {
        node.fail("the polygon has no area");
    }
    return ring;
}

void read_geofences(const Value& node, const geo::LocalFrame& frame, AirspaceSpec& air) {
    std::vector<Value> ids;
    for (const auto& g : non_empty_list(node, "geofence")) {
        const MapReader gm(g, {"id", "polygon", "altitude", "active"});
        GeofenceSpec fence;
        ids.push_back(gm.required("id"));
        fence.id = ids.back().as_id();
        fence.polygon = read_ring(gm.required("polygon"), frame);
        fence.altitude = read_band(gm.required("altitude"));
        if (auto active = gm.optional("active")) {
            for (const auto& w : non_empty_list(*active, "activation window")) {
                const MapReader wm(w, {"from", "to", "notice"});
                ActivationWindow window;
                window.from_s = bounded(wm.required("from"), Dimension::duration, kEventTime);
                const Value to = wm.required("to");
                window.to_s = bounded(to, Dimension::duration, kEventTime);
                if (!(window.to_s > window.from_s)) {
                    to.fail(
                        fmt::format("an activation window must end after it starts, found "
                                    "from {} s to {} s",
                                    window.from_s, window.to_s));
                }
                if (auto notice = wm.optional("notice")) {
                    window.notice_s = bounded(*notice, Dimension::duration, kEventTime);
                }
                fence.windows.push_back(window);
            }
        }
        fence.defined_at = g.location();
        air.geofences.push_back(std::move(fence));
    }
    index_ids(air.geofences, ids, "geofence");
}

std::vector<WindChange> read_wind_changes(const Value& node) {
    std::vector<WindChange> changes;
    double last = -1;
    for (const auto& c : non_empty_list(node, "wind change")) {
        const MapReader cm(c, {"at", "speed", "from"});
        const Value at = cm.required("at");
        WindChange change;
        change.from_s = bounded(at, Dimension::duration, kEventTime);
        if (change.from_s <= last) {
            at.fail("wind changes must be in increasing time order");
        }
        last = change.from_s;
        change.speed_mps = bounded(cm.required("speed"), Dimension::speed, kWindSpeed);
        change.from_direction_rad = bounded(cm.required("from"), Dimension::angle, kAngle);
        changes.push_back(change);
    }
    return changes;
}

WindSpec read_wind(const Value& node, const geo::LocalFrame& frame) {
    const MapReader map(node, {"changes", "gust_factor", "max_speed", "regions"});
    WindSpec wind;
    wind.changes = read_wind_changes(map.required("changes"));
    if (auto regions = map.optional("regions")) {
        std::vector<Value> ids;
        for (const auto& r : non_empty_list(*regions, "wind region")) {
            const MapReader rm(r, {"id", "polygon", "changes"});
            WindRegionSpec region;
            ids.push_back(rm.required("id"));
            region.id = ids.back().as_id();
            region.polygon = read_ring(rm.required("polygon"), frame);
            region.changes = read_wind_changes(rm.required("changes"));
            region.defined_at = r.location();
            wind.regions.push_back(std::move(region));
        }
        index_ids(wind.regions, ids, "wind region");
    }
    if (auto g = map.optional("gust_factor")) {
        wind.gust_factor = g->as_number();
        if (wind.gust_factor < 1 || wind.gust_factor > 5) {
            g->fail(fmt::format("expected a gust factor from 1 to 5, found {}", wind.gust_factor));
        }
    }
    if (auto m = map.optional("max_speed")) {
        wind.max_speed_mps = bounded(*m, Dimension::speed, kWindSpeed);
    }
    return wind;
}

SeparationSpec read_separation(const Value& node) {
    const MapReader map(
        node, {"horizontal", "vertical", "nmac_horizontal", "nmac_vertical", "terminal_radius"});
    SeparationSpec s;
    const auto length = [&](const char* key, double& out) {
        if (auto v = map.optional(key)) {
            out = bounded(*v, Dimension::length, kLength);
        }
    };
    length("horizontal", s.horizontal_m);
    length("vertical", s.vertical_m);
    length("nmac_horizontal", s.nmac_horizontal_m);
    length("nmac_vertical", s.nmac_vertical_m);
    length("terminal_radius", s.terminal_radius_m);
    return s;
}

DeconflictionSpec read_deconfliction(const Value& node) {
    const MapReader map(node, {"buffer", "max_ground_delay", "reroute"});
    DeconflictionSpec d;
    if (auto v = map.optional("buffer")) {
        d.buffer_s = bounded(*v, Dimension::duration, kStepDuration);
    }
    if (auto v = map.optional("max_ground_delay")) {
        d.max_ground_delay_s = bounded(*v, Dimension::duration, kStepDuration);
    }
    if (auto v = map.optional("reroute")) {
        d.reroute = v->as_bool();
    }
    return d;
}

ContingencySpec read_contingency(const Value& node) {
    const MapReader map(node, {"lost_link_rate", "lost_link_action", "emergency_descent_rate",
                               "recovery_time", "safe_landing_sites"});
    ContingencySpec c;
    if (auto v = map.optional("lost_link_rate")) {
        c.lost_link_rate_per_s = bounded(*v, Dimension::rate, kFlightRate);
    }
    if (auto v = map.optional("lost_link_action")) {
        const std::string action = v->as_string();
        if (action == "return-to-depot") {
            c.lost_link_action = ContingencyAction::return_to_depot;
        } else if (action == "land-at-safe-site") {
            c.lost_link_action = ContingencyAction::land_at_safe_site;
        } else {
            v->fail("unknown contingency action '" + action + "'" +
                    suggestion_hint(action, {"return-to-depot", "land-at-safe-site"}));
        }
    }
    if (auto v = map.optional("emergency_descent_rate")) {
        c.emergency_descent_rate_mps = bounded(*v, Dimension::speed, kVerticalSpeed);
    }
    if (auto v = map.optional("recovery_time")) {
        c.recovery_time_s = bounded(*v, Dimension::duration, kStepDuration);
    }
    if (auto sites = map.optional("safe_landing_sites")) {
        std::vector<Value> ids;
        for (const auto& s : non_empty_list(*sites, "safe landing site")) {
            const MapReader sm(s, {"id", "location"});
            ids.push_back(sm.required("id"));
            c.safe_landing_sites.push_back(SafeLandingSiteSpec{
                ids.back().as_id(), sm.required("location").as_geo_point(), s.location()});
        }
        index_ids(c.safe_landing_sites, ids, "safe landing site");
    }
    if (c.lost_link_action == ContingencyAction::land_at_safe_site &&
        c.safe_landing_sites.empty()) {
        map.self().fail(
            "lost_link_action is land-at-safe-site but no safe_landing_sites are "
            "given");
    }
    return c;
}

std::vector<SafetyTargetSpec> read_targets(const Value& node) {
    std::vector<SafetyTargetSpec> targets;
    for (const auto& t : non_empty_list(node, "safety target")) {
        const MapReader tm(t, {"event", "max_per_1000_h"});
        const Value event = tm.required("event");
        const std::string name = event.as_string();
        if (!safety_event_named(name)) {
            event.fail("unknown safety event '" + name + "'" +
                       suggestion_hint(name, safety_event_names()));
        }
        const Value rate = tm.required("max_per_1000_h");
        const double max = rate.as_number();
        if (max < 0) {
            rate.fail(fmt::format("expected a rate of 0 or more, found {}", max));
        }
        targets.push_back(SafetyTargetSpec{name, max, t.location()});
    }
    return targets;
}

/// Segments whose volumes meet anywhere but at a shared waypoint cannot be kept apart by
/// in-trail spacing: their altitude bands must not overlap.
///
/// Only segments whose boxes (grown by their half widths) overlap can meet, so each segment
/// is compared with those sharing a cell of a uniform grid, not with every other one: a large
/// corridor grid is checked in linear time. The pair reported is the first in the order of
/// the segments, as comparing every pair would find.
void check_separable(const Value& node, const AirspaceSpec& air, const geo::LocalFrame& frame) {
    const auto& segs = air.segments;
    const std::size_t n = segs.size();
    if (n < 2) {
        return;
    }
    std::vector<Eigen::Vector2d> xy;
    for (const auto& nd : air.nodes) {
        const geo::Enu e = frame.to_enu(nd.location);
        xy.emplace_back(e.x(), e.y());
    }
    struct Box {
        double x0, y0, x1, y1;
    };
    std::vector<Box> boxes(n);
    std::vector<double> sizes(n);
    for (std::size_t i = 0; i < n; ++i) {
        const auto& a = xy[segs[i].from];
        const auto& b = xy[segs[i].to];
        const double w = segs[i].half_width_m;
        boxes[i] = {std::min(a.x(), b.x()) - w, std::min(a.y(), b.y()) - w,
                    std::max(a.x(), b.x()) + w, std::max(a.y(), b.y()) + w};
        sizes[i] = std::max(boxes[i].x1 - boxes[i].x0, boxes[i].y1 - boxes[i].y0);
    }
    // Cells the size of a typical box: most boxes then cover a few cells. Boxes that would
    // cover many (a few very long segments) are compared with every segment instead.
    std::nth_element(sizes.begin(), sizes.begin() + static_cast<std::ptrdiff_t>(n / 2),
                     sizes.end());
    const double cell = std::max(sizes[n / 2], 1.0);
    constexpr double kMaxCellsPerBox = 64;
    const auto cell_of = [cell](double v) {
        return static_cast<std::int64_t>(std::floor(v / cell));
    };
    const auto key = [](std::int64_t cx, std::int64_t cy) {
        return static_cast<std::uint64_t>(cx) * 0x9E3779B97F4A7C15ULL ^
               static_cast<std::uint64_t>(cy);
    };
    std::unordered_map<std::uint64_t, std::vector<std::size_t>> cells;
    std::vector<std::size_t> large;
    std::vector<bool> is_large(n, false);
    for (std::size_t i = 0; i < n; ++i) {
        const Box& b = boxes[i];
        const double span = (std::floor(b.x1 / cell) - std::floor(b.x0 / cell) + 1) *
                            (std::floor(b.y1 / cell) - std::floor(b.y0 / cell) + 1);
        if (!(span <= kMaxCellsPerBox)) {
            large.push_back(i);
            is_large[i] = true;
            continue;
        }
        for (auto cx = cell_of(b.x0); cx <= cell_of(b.x1); ++cx) {
            for (auto cy = cell_of(b.y0); cy <= cell_of(b.y1); ++cy) {
                cells[key(cx, cy)].push_back(i);
            }
        }
    }
    const auto meet = [&](std::size_t i, std::size_t j) {
        const auto& a = segs[i];
        const auto& b = segs[j];
        if (!a.band.overlaps(b.band)) {
            return false;
        }
        const bool same_track =
            (a.from == b.from && a.to == b.to) || (a.from == b.to && a.to == b.from);
        const bool share_node =
            a.from == b.from || a.from == b.to || a.to == b.from || a.to == b.to;
        return same_track ||
               (!share_node && geo::segment_distance(xy[a.from], xy[a.to], xy[b.from], xy[b.to]) <
                                   a.half_width_m + b.half_width_m);
    };
    constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
    std::vector<std::size_t> seen_by(n, kNone);
    for (std::size_t i = 0; i < n; ++i) {
        std::size_t first = kNone;
        const auto consider = [&](std::size_t j) {
            if (j <= i || j >= first || seen_by[j] == i) {
                return;
            }
            seen_by[j] = i;
            if (meet(i, j)) {
                first = j;
            }
        };
        if (is_large[i]) {
            for (std::size_t j = i + 1; j < n; ++j) {
                consider(j);
            }
        } else {
            const Box& b = boxes[i];
            for (auto cx = cell_of(b.x0); cx <= cell_of(b.x1); ++cx) {
                for (auto cy = cell_of(b.y0); cy <= cell_of(b.y1); ++cy) {
                    if (const auto it = cells.find(key(cx, cy)); it != cells.end()) {
                        for (const std::size_t j : it->second) {
                            consider(j);
                        }
                    }
                }
            }
            for (const std::size_t j : large) {
                consider(j);
            }
        }
        if (first == kNone) {
            continue;
        }
        const auto& a = segs[i];
        const auto& b = segs[first];
        const bool same_track =
            (a.from == b.from && a.to == b.to) || (a.from == b.to && a.to == b.from);
        throw InputError(
            b.defined_at, node.path() + ".segments",
            fmt::format("corridor segments '{}' and '{}' {} with overlapping altitude "
                        "bands ({}-{} m and {}-{} m): flights on them cannot be "
                        "separated; give them disjoint bands",
                        a.id, b.id, same_track ? "share a track" : "overlap away from a waypoint",
                        a.band.min_m, a.band.max_m, b.band.min_m, b.band.max_m),
            "");
    }
}

/// The strongly connected component of every corridor node (Kosaraju's algorithm, without
/// recursion): two nodes can each be reached from the other exactly when they share one.
std::vector<std::size_t> components(const AirspaceSpec& air) {
    const std::size_t n = air.nodes.size();
    // Adjacency in compressed rows, forwards and backwards.
    const auto adjacency = [&](bool forwards) {
        std::vector<std::size_t> start(n + 1, 0);
        std::vector<std::size_t> next(air.segments.size());
        for (const auto& s : air.segments) {
            ++start[(forwards ? s.from : s.to) + 1];
        }
        for (std::size_t v = 0; v < n; ++v) {
            start[v + 1] += start[v];
        }
        std::vector<std::size_t> fill(start.begin(), start.end() - 1);
        for (const auto& s : air.segments) {
            next[fill[forwards ? s.from : s.to]++] = forwards ? s.to : s.from;
        }
        return std::pair{start, next};
    };
    const auto [out_start, out_next] = adjacency(true);
    const auto [in_start, in_next] = adjacency(false);
    std::vector<std::size_t> finished;
    finished.reserve(n);
    std::vector<bool> seen(n, false);
    std::vector<std::pair<std::size_t, std::size_t>> stack;  // node, next edge to follow
    for (std::size_t root = 0; root < n; ++root) {
        if (seen[root]) {
            continue;
        }
        seen[root] = true;
        stack.emplace_back(root, out_start[root]);
        while (!stack.empty()) {
            auto& [v, k] = stack.back();
            if (k < out_start[v + 1]) {
                const std::size_t w = out_next[k++];
                if (!seen[w]) {
                    seen[w] = true;
                    stack.emplace_back(w, out_start[w]);
                }
            } else {
                finished.push_back(v);
                stack.pop_back();
            }
        }
    }
    constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
    std::vector<std::size_t> component(n, kNone);
    std::size_t count = 0;
    std::vector<std::size_t> frontier;
    for (auto it = finished.rbegin(); it != finished.rend(); ++it) {
        if (component[*it] != kNone) {
            continue;
        }
        component[*it] = count;
        frontier.push_back(*it);
        while (!frontier.empty()) {
            const std::size_t v = frontier.back();
            frontier.pop_back();
            for (std::size_t k = in_start[v]; k < in_start[v + 1]; ++k) {
                if (component[in_next[k]] == kNone) {
                    component[in_next[k]] = count;
                    frontier.push_back(in_next[k]);
                }
            }
        }
        ++count;
    }
    return component;
}

/// Every depot with drones joins the network at its nearest node, within reach, from which
/// some exit other than the gate itself can be reached and left for home.
void resolve_gates(const std::vector<Value>& depot_nodes, const ScenarioSpec& spec,
                   AirspaceSpec& air) {
    air.depot_gate.assign(spec.depots.size(), -1);
    std::vector<std::size_t> component;        // computed for the first depot with drones
    std::map<std::size_t, std::size_t> exits;  // exit nodes per component
    std::vector<geo::GeoPoint> node_locations;
    for (const auto& node : air.nodes) {
        node_locations.push_back(node.location);
    }
    const geo::NearestByGeodesic corridor_nodes(node_locations);
    for (const auto& fleet : spec.fleets) {
        if (fleet.mode != VehicleMode::drone || air.depot_gate[fleet.depot_index] >= 0) {
            continue;
        }
        const auto& depot = spec.depots[fleet.depot_index];
        const Value& where = depot_nodes[fleet.depot_index];
        const auto [gate, nearest] = corridor_nodes.nearest(depot.location);
        if (nearest > air.max_connector_m) {
            where.fail(
                fmt::format("depot '{}' is {:.0f} m from the nearest corridor node, more "
                            "than airspace.max_connector ({:.0f} m): its drones could not "
                            "join the corridors",
                            depot.id, nearest, air.max_connector_m));
        }
        if (component.empty()) {
            component = components(air);
            for (std::size_t k = 0; k < air.nodes.size(); ++k) {
                if (air.nodes[k].exit) {
                    exits[component[k]] += 1;
                }
            }
        }
        // Some exit other than the gate that can be reached from the gate and left for it.
        const std::size_t others = exits[component[gate]] - (air.nodes[gate].exit ? 1 : 0);
        const bool round_trip = others > 0;
        if (!round_trip && air.nodes.size() > 1) {
            where.fail(
                fmt::format("depot '{}' joins the corridors at node '{}', from which no "
                            "exit can be reached and returned from: the corridor graph "
                            "leaves the depot unreachable",
                            depot.id, air.nodes[gate].id));
        }
        air.depot_gate[fleet.depot_index] = static_cast<std::int64_t>(gate);
    }
}

}  // namespace

AirspaceSpec read_airspace(const Value& node, const ScenarioSpec& spec,
                           const std::vector<Value>& depot_nodes) {
    const MapReader map(
        node, {"nodes", "segments", "grid", "max_connector", "drop_altitude", "geofences", "wind",
               "separation", "deconfliction", "contingency", "targets"});
    AirspaceSpec air;
    if (auto grid = map.optional("grid")) {
        if (map.optional("nodes") || map.optional("segments")) {
            grid->fail("give either a grid or nodes and segments, not both");
        }
        read_grid(*grid, air);
    } else {
        read_explicit(map, air);
    }
    if (auto v = map.optional("max_connector")) {
        air.max_connector_m = bounded(*v, Dimension::length, kLength);
    }
    if (auto v = map.optional("drop_altitude")) {
        air.drop_altitude_m = bounded(*v, Dimension::length, kAltitude);
    }
    const geo::LocalFrame frame(spec.frame_origin);
    if (auto v = map.optional("geofences")) {
        read_geofences(*v, frame, air);
    }
    if (auto v = map.optional("wind")) {
        air.wind = read_wind(*v, frame);
    }
    if (auto v = map.optional("separation")) {
        air.separation = read_separation(*v);
    }
    if (auto v = map.optional("deconfliction")) {
        air.deconfliction = read_deconfliction(*v);
    }
    if (auto v = map.optional("contingency")) {
        air.contingency = read_contingency(*v);
    }
    if (auto v = map.optional("targets")) {
        air.targets = read_targets(*v);
    }
    check_separable(node, air, frame);
    resolve_gates(depot_nodes, spec, air);
    return air;
}

}  // namespace lastmile::scenario::detail
