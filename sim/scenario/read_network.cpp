#include <cmath>
#include <numeric>

#include <lastmile/geo/local_frame.hpp>

#include "geojson_reader.hpp"
#include "json_reader.hpp"
#include "loader_common.hpp"

namespace lastmile::scenario::detail {

geo::GeoPoint grid_node(const geo::LocalFrame& frame, std::size_t row, std::size_t col,
                        std::size_t rows, std::size_t cols, double spacing_m) {
    const geo::Enu p((static_cast<double>(col) - static_cast<double>(cols - 1) / 2) * spacing_m,
                     (static_cast<double>(row) - static_cast<double>(rows - 1) / 2) * spacing_m, 0);
    geo::GeoPoint g = frame.to_geo(p);
    g.height_m = 0;
    return g;
}

namespace {

constexpr std::size_t kMaxGridNodes = 4'000'000;

void add_edge(GroundNetworkSpec& net, std::size_t from, std::size_t to, int crossings,
              const SourceLocation& where) {
    const double length =
        geo::geodesic_distance_m(net.nodes[from].location, net.nodes[to].location);
    net.edges.push_back(GroundEdgeSpec{from, to, length, crossings, where});
}

void read_grid(const Value& node, GroundNetworkSpec& net) {
    const MapReader map(node, {"center", "rows", "cols", "spacing", "crossings_per_edge"});
    const geo::GeoPoint center = map.required("center").as_geo_point();
    const Value rows_node = map.required("rows");
    const auto rows = static_cast<std::size_t>(count_in(rows_node, 1, 2000));
    const auto cols = static_cast<std::size_t>(count_in(map.required("cols"), 1, 2000));
    const double spacing = bounded(map.required("spacing"), Dimension::length, kLength);
    int crossings = 1;
    if (auto c = map.optional("crossings_per_edge")) {
        crossings = count_in(*c, 0, 100);
    }
    if (rows * cols > kMaxGridNodes) {
        rows_node.fail(
            fmt::format("a {} by {} grid has more than {} nodes", rows, cols, kMaxGridNodes));
    }
    const geo::LocalFrame frame(center);
    const SourceLocation where = node.location();
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t c = 0; c < cols; ++c) {
            net.nodes.push_back(GroundNodeSpec{fmt::format("r{}c{}", r, c),
                                               grid_node(frame, r, c, rows, cols, spacing), where});
        }
    }
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t c = 0; c < cols; ++c) {
            const std::size_t i = r * cols + c;
            if (c + 1 < cols) {
                add_edge(net, i, i + 1, crossings, where);
            }
            if (r + 1 < rows) {
                add_edge(net, i, i + cols, crossings, where);
            }
        }
    }
}

void read_explicit(const MapReader& map, GroundNetworkSpec& net) {
    std::vector<Value> id_nodes;
    for (const auto& n : non_empty_list(map.required("nodes"), "node")) {
        const MapReader nm(n, {"id", "location"});
        id_nodes.push_back(nm.required("id"));
        net.nodes.push_back(GroundNodeSpec{id_nodes.back().as_id(),
                                           nm.required("location").as_geo_point(), n.location()});
    }
    const auto index = index_ids(net.nodes, id_nodes, "node");
    for (const auto& e : non_empty_list(map.required("edges"), "edge")) {
        const MapReader em(e, {"from", "to", "crossings"});
        const std::size_t from = resolve(em.required("from"), index, "node");
        const Value to_node = em.required("to");
        const std::size_t to = resolve(to_node, index, "node");
        if (from == to) {
            to_node.fail("an edge must join two different nodes");
        }
        int crossings = 0;
        if (auto c = em.optional("crossings")) {
            crossings = count_in(*c, 0, 100);
        }
        add_edge(net, from, to, crossings, e.location());
    }
}

/// GeoJSON LineStrings and MultiLineStrings: each position is a node (shared by exact
/// coordinates), each pair of consecutive positions an edge. A feature's `crossings` property
/// applies to each of its edges.
void read_geojson(const std::string& text, const std::string& file, GroundNetworkSpec& net) {
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
        throw InputError(SourceLocation{file, 0, 0}, "",
                         "expected a GeoJSON FeatureCollection, found an empty file", "");
    }
    const JsonDocument doc(file, text);
    const auto features = read_feature_collection(doc.root(), {"LineString", "MultiLineString"});
    if (features.empty()) {
        doc.root().required("features").fail("expected at least one feature, found an empty array");
    }
    std::map<std::pair<double, double>, std::size_t> node_at;
    for (const auto& feature : features) {
        const JsonValue geometry = feature.required("geometry");
        if (geometry.is_null()) {
            geometry.fail("expected a LineString or MultiLineString geometry, found null");
        }
        const JsonValue coordinates = geometry.required("coordinates");
        std::vector<JsonValue> lines{coordinates};
        if (geometry.required("type").as_string() == "MultiLineString") {
            lines = coordinates.as_array();
        }
        int crossings = 0;
        if (auto properties = feature.member("properties"); properties && !properties->is_null()) {
            if (auto count = properties->member("crossings")) {
                const double n = count->as_number();
                if (n != std::floor(n) || n < 0 || n > 100) {
                    count->fail("expected a whole number from 0 to 100, found " + count->found());
                }
                crossings = static_cast<int>(n);
            }
        }
        for (const auto& line : lines) {
            std::size_t previous = 0;
            const auto positions = line.as_array();
            for (std::size_t k = 0; k < positions.size(); ++k) {
                geo::GeoPoint point = read_position(positions[k]);
                point.height_m = 0;
                auto [it, inserted] =
                    node_at.emplace(std::pair{point.lon_deg, point.lat_deg}, net.nodes.size());
                if (inserted) {
                    net.nodes.push_back(GroundNodeSpec{fmt::format("n{}", net.nodes.size()), point,
                                                       positions[k].location()});
                }
                if (k > 0 && it->second != previous) {
                    add_edge(net, previous, it->second, crossings, positions[k].location());
                }
                previous = it->second;
            }
        }
    }
}

std::size_t find_root(std::vector<std::size_t>& parent, std::size_t i) {
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

/// Every node must be reachable from every other: a robot sent into a separate part of the
/// network could never come back.
void require_connected(const GroundNetworkSpec& net) {
    std::vector<std::size_t> parent(net.nodes.size());
    std::iota(parent.begin(), parent.end(), 0);
    for (const auto& e : net.edges) {
        parent[find_root(parent, e.from)] = find_root(parent, e.to);
    }
    const std::size_t main = find_root(parent, 0);
    for (std::size_t i = 1; i < net.nodes.size(); ++i) {
        if (find_root(parent, i) != main) {
            const auto& n = net.nodes[i];
            throw InputError(n.defined_at, "ground_network",
                             fmt::format("the ground network is disconnected: node '{}' cannot be "
                                         "reached from node '{}'",
                                         n.id, net.nodes[0].id));
        }
    }
}

}  // namespace

GroundNetworkSpec read_ground_network(const Value& node, InputFiles& files) {
    const MapReader map(node, {"grid", "nodes", "edges", "geojson", "max_snap"});
    GroundNetworkSpec net;
    const auto grid = map.optional("grid");
    const auto geojson = map.optional("geojson");
    const auto nodes = map.optional("nodes");
    const int sources = (grid ? 1 : 0) + (geojson ? 1 : 0) + (nodes ? 1 : 0);
    if (sources != 1) {
        node.fail("expected exactly one of 'grid', 'nodes' (with 'edges') or 'geojson'");
    }
    if (grid) {
        read_grid(*grid, net);
    } else if (nodes) {
        read_explicit(map, net);
    } else {
        std::filesystem::path path;
        const std::string text = files.read(*geojson, path);
        net.source_file = path.string();
        net.source_text = text;
        read_geojson(text, path.string(), net);
    }
    if (auto snap = map.optional("max_snap")) {
        net.max_snap_m = bounded(*snap, Dimension::length, kLength);
    }
    if (net.edges.empty()) {
        node.fail("the ground network has no edges");
    }
    require_connected(net);
    return net;
}

}  // namespace lastmile::scenario::detail
