#include <algorithm>
#include <functional>
#include <limits>
#include <queue>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>

#include <lastmile/model/ground_network.hpp>

namespace lastmile::model {

namespace {
constexpr double kInfinity = std::numeric_limits<double>::infinity();
// The heuristic is shrunk by this much so that rounding can never make it overestimate.
constexpr double kHeuristicShrink = 1 - 1e-9;
}  // namespace

struct GroundNetwork::Graph {
    struct EdgeData {
        double length_m = 0;
        std::size_t index = 0;  ///< into edge_crossings_
    };
    using Type = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS,
                                       boost::no_property, EdgeData>;
    Type g;
};

GroundNetwork::GroundNetwork(const scenario::GroundNetworkSpec& spec, const geo::LocalFrame& frame)
    : graph_(std::make_unique<Graph>()), max_snap_m_(spec.max_snap_m) {
    graph_->g = Graph::Type(spec.nodes.size());
    std::vector<Eigen::Vector2d> plan;
    for (const auto& node : spec.nodes) {
        positions_.push_back(frame.to_enu(node.location));
        plan.emplace_back(positions_.back().x(), positions_.back().y());
    }
    node_grid_ = geo::PointGrid(std::move(plan));
    for (std::size_t i = 0; i < spec.edges.size(); ++i) {
        const auto& e = spec.edges[i];
        boost::add_edge(e.from, e.to, Graph::EdgeData{e.length_m, i}, graph_->g);
        edge_crossings_.push_back(e.crossings);
    }
    // Both directions of every edge, node by node, in the graph's own edge order.
    const std::size_t n = spec.nodes.size();
    arc_start_.assign(n + 1, 0);
    for (std::size_t u = 0; u < n; ++u) {
        for (auto [it, end] = boost::out_edges(u, graph_->g); it != end; ++it) {
            const auto& data = graph_->g[*it];
            arcs_.push_back(Arc{static_cast<std::uint32_t>(boost::target(*it, graph_->g)),
                                static_cast<std::uint32_t>(data.index), data.length_m});
        }
        arc_start_[u + 1] = static_cast<std::uint32_t>(arcs_.size());
    }
    // The straight line must never be longer than the network: on loaded networks edges are
    // geodesic and never shorter than the line in the plane, but a network built by hand may
    // say otherwise, and the heuristic shrinks to fit it.
    for (std::size_t i = 0; i < spec.edges.size(); ++i) {
        const auto& e = spec.edges[i];
        const double line = geo::horizontal_distance_m(positions_[e.from], positions_[e.to]);
        if (line > 0) {
            heuristic_scale_ = std::min(heuristic_scale_, e.length_m / line);
        }
    }
    heuristic_scale_ = std::max(0.0, heuristic_scale_) * kHeuristicShrink;
    cost_.assign(n, kInfinity);
    came_from_.assign(n, 0);
    via_edge_.assign(n, 0);
    seen_.assign(n, 0);
    closed_.assign(n, 0);
}

GroundNetwork::~GroundNetwork() = default;

std::optional<std::size_t> GroundNetwork::snap(const geo::Enu& p) const {
    return node_grid_.nearest(
        Eigen::Vector2d(p.x(), p.y()), [](std::size_t) { return true; }, max_snap_m_);
}

double GroundNetwork::snap_distance_m(const geo::Enu& p, std::size_t node) const {
    return geo::horizontal_distance_m(p, positions_[node]);
}

void GroundNetwork::keep(std::size_t source) {
    auto& slot = kept_[source];
    if (slot) {
        return;
    }
    auto t = std::make_unique<Tree>();
    const auto n = boost::num_vertices(graph_->g);
    t->distance.assign(n, kInfinity);
    t->predecessor.resize(n);
    boost::dijkstra_shortest_paths(
        graph_->g, source,
        boost::weight_map(boost::get(&Graph::EdgeData::length_m, graph_->g))
            .distance_map(boost::make_iterator_property_map(
                t->distance.begin(), boost::get(boost::vertex_index, graph_->g)))
            .predecessor_map(boost::make_iterator_property_map(
                t->predecessor.begin(), boost::get(boost::vertex_index, graph_->g))));
    slot = std::move(t);
}

const GroundNetwork::Tree* GroundNetwork::kept_tree(std::size_t source) const {
    const auto it = kept_.find(source);
    return it == kept_.end() ? nullptr : it->second.get();
}

GroundPath GroundNetwork::tree_path(const Tree& t, std::size_t root, std::size_t leaf,
                                    bool reversed) const {
    GroundPath path;
    path.length_m = t.distance[leaf];
    for (std::size_t v = leaf;; v = t.predecessor[v]) {
        path.nodes.push_back(v);
        if (v == root) {
            break;
        }
        // Parallel edges: the one Dijkstra relaxed is the shortest; count its crossings.
        const std::size_t u = t.predecessor[v];
        double best = kInfinity;
        int crossings = 0;
        for (auto [it, end] = boost::out_edges(u, graph_->g); it != end; ++it) {
            if (boost::target(*it, graph_->g) == v && graph_->g[*it].length_m < best) {
                best = graph_->g[*it].length_m;
                crossings = edge_crossings_[graph_->g[*it].index];
            }
        }
        path.crossings += crossings;
    }
    if (!reversed) {
        std::reverse(path.nodes.begin(), path.nodes.end());  // collected from the leaf back
    }
    return path;
}

GroundPath GroundNetwork::search(std::size_t from, std::size_t to) const {
    if (++generation_ == 0) {  // wrapped: every stamp is stale again
        std::fill(seen_.begin(), seen_.end(), 0);
        std::fill(closed_.begin(), closed_.end(), 0);
        generation_ = 1;
    }
    const std::uint32_t gen = generation_;
    const Eigen::Vector2d goal = positions_[to].head<2>();
    const auto heuristic = [&](std::size_t v) {
        return (positions_[v].head<2>() - goal).norm() * heuristic_scale_;
    };
    using Open = std::pair<double, std::uint32_t>;  // (cost + heuristic, node): ties by node
    std::priority_queue<Open, std::vector<Open>, std::greater<>> open;
    cost_[from] = 0;
    seen_[from] = gen;
    open.emplace(heuristic(from), static_cast<std::uint32_t>(from));
    while (!open.empty()) {
        const std::uint32_t u = open.top().second;
        open.pop();
        if (closed_[u] == gen) {
            continue;  // reached again more cheaply before
        }
        closed_[u] = gen;
        if (u == to) {
            break;
        }
        for (std::uint32_t a = arc_start_[u]; a < arc_start_[u + 1]; ++a) {
            const Arc& arc = arcs_[a];
            const double cost = cost_[u] + arc.length_m;
            if (seen_[arc.to] != gen || cost < cost_[arc.to]) {
                seen_[arc.to] = gen;
                cost_[arc.to] = cost;
                came_from_[arc.to] = u;
                via_edge_[arc.to] = arc.edge;
                open.emplace(cost + heuristic(arc.to), arc.to);
            }
        }
    }
    GroundPath path;
    path.length_m = cost_[to];
    for (std::size_t v = to;; v = came_from_[v]) {
        path.nodes.push_back(v);
        if (v == from) {
            break;
        }
        path.crossings += edge_crossings_[via_edge_[v]];
    }
    std::reverse(path.nodes.begin(), path.nodes.end());
    return path;
}

const GroundPath& GroundNetwork::searched_path(std::size_t a, std::size_t b) const {
    // One search per pair, from the lower node to the higher: the network is undirected, and
    // the way back is the same path (so a and b's distance is the same figure both ways).
    const auto key = std::minmax(a, b);
    if (const auto it = searched_.find(key); it != searched_.end()) {
        return it->second;
    }
    if (searched_.size() >= kMaxRememberedSearches) {
        searched_.clear();
    }
    return searched_.emplace(key, search(key.first, key.second)).first->second;
}

GroundPath GroundNetwork::path(std::size_t from, std::size_t to) const {
    if (const Tree* t = kept_tree(from)) {
        return tree_path(*t, from, to, false);
    }
    if (const Tree* t = kept_tree(to)) {
        return tree_path(*t, to, from, true);
    }
    GroundPath path = searched_path(from, to);
    if (path.nodes.front() != from) {
        std::reverse(path.nodes.begin(), path.nodes.end());
    }
    return path;
}

double GroundNetwork::distance_m(std::size_t from, std::size_t to) const {
    if (const Tree* t = kept_tree(from)) {
        return t->distance[to];
    }
    if (const Tree* t = kept_tree(to)) {
        return t->distance[from];
    }
    return searched_path(from, to).length_m;
}

}  // namespace lastmile::model
