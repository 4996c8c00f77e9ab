#include <algorithm>
#include <limits>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>

#include <lastmile/model/ground_network.hpp>

namespace lastmile::model {

struct GroundNetwork::Graph {
    struct EdgeData {
        double length_m = 0;
        std::size_t index = 0;  ///< into edge_crossings_
    };
    using Type = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS,
                                       boost::no_property, EdgeData>;
    Type g;
};

struct GroundNetwork::Tree {
    std::vector<double> distance;
    std::vector<Graph::Type::vertex_descriptor> predecessor;
};

GroundNetwork::GroundNetwork(const scenario::GroundNetworkSpec& spec, const geo::LocalFrame& frame)
    : graph_(std::make_unique<Graph>()), max_snap_m_(spec.max_snap_m) {
    graph_->g = Graph::Type(spec.nodes.size());
    kept_.assign(spec.nodes.size(), false);
    for (const auto& node : spec.nodes) {
        positions_.push_back(frame.to_enu(node.location));
    }
    for (std::size_t i = 0; i < spec.edges.size(); ++i) {
        const auto& e = spec.edges[i];
        boost::add_edge(e.from, e.to, Graph::EdgeData{e.length_m, i}, graph_->g);
        edge_crossings_.push_back(e.crossings);
    }
}

GroundNetwork::~GroundNetwork() = default;

std::optional<std::size_t> GroundNetwork::snap(const geo::Enu& p) const {
    std::size_t best = 0;
    double best_distance = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < positions_.size(); ++i) {
        const double d = geo::horizontal_distance_m(p, positions_[i]);
        if (d < best_distance) {  // strict: the lowest index wins ties
            best_distance = d;
            best = i;
        }
    }
    if (best_distance > max_snap_m_) {
        return std::nullopt;
    }
    return best;
}

double GroundNetwork::snap_distance_m(const geo::Enu& p, std::size_t node) const {
    return geo::horizontal_distance_m(p, positions_[node]);
}

const GroundNetwork::Tree& GroundNetwork::tree(std::size_t source) const {
    auto& slot = trees_[source];
    if (!slot) {
        if (!kept_[source]) {
            tree_order_.push_back(source);
        }
        auto t = std::make_unique<Tree>();
        const auto n = boost::num_vertices(graph_->g);
        t->distance.assign(n, std::numeric_limits<double>::infinity());
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
    const Tree& result = *slot;
    while (tree_order_.size() > kMaxCachedTrees && tree_order_.front() != source) {
        trees_.erase(tree_order_.front());
        tree_order_.pop_front();
    }
    return result;
}

void GroundNetwork::keep(std::size_t source) {
    if (!kept_[source]) {
        kept_[source] = true;
        if (trees_.count(source)) {
            tree_order_.erase(std::find(tree_order_.begin(), tree_order_.end(), source));
        }
    }
    tree(source);
}

const GroundNetwork::Tree& GroundNetwork::tree_for(std::size_t a, std::size_t b,
                                                   bool& reversed) const {
    reversed = !trees_.count(a) && trees_.count(b);
    return tree(reversed ? b : a);
}

double GroundNetwork::distance_m(std::size_t from, std::size_t to) const {
    bool reversed = false;
    const Tree& t = tree_for(from, to, reversed);
    return t.distance[reversed ? from : to];
}

GroundPath GroundNetwork::path(std::size_t from, std::size_t to) const {
    bool reversed = false;
    const Tree& t = tree_for(from, to, reversed);
    const std::size_t root = reversed ? to : from;
    const std::size_t leaf = reversed ? from : to;
    GroundPath path;
    path.length_m = t.distance[leaf];
    for (std::size_t v = leaf;; v = t.predecessor[v]) {
        path.nodes.push_back(v);
        if (v == root) {
            break;
        }
        // Parallel edges: the one Dijkstra relaxed is the shortest; count its crossings.
        const std::size_t u = t.predecessor[v];
        double best = std::numeric_limits<double>::infinity();
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
        std::reverse(path.nodes.begin(), path.nodes.end());  // collected from `to` back to `from`
    }
    return path;
}

}  // namespace lastmile::model
