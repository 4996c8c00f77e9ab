#include <algorithm>
#include <limits>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/reverse_graph.hpp>

#include <lastmile/model/corridor_network.hpp>
#include <lastmile/model/wind.hpp>

namespace lastmile::model {

namespace {
constexpr double kInfinity = std::numeric_limits<double>::infinity();
}

struct CorridorNetwork::Graph {
    struct EdgeData {
        std::size_t segment = 0;
        double seconds = 0;  ///< under the tree's conditions; set before each search
    };
    using Type = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                       boost::no_property, EdgeData>;
    Type g;
};

CorridorNetwork::CorridorNetwork(const scenario::AirspaceSpec& spec, const geo::LocalFrame& frame)
    : graph_(std::make_unique<Graph>()) {
    graph_->g = Graph::Type(spec.nodes.size());
    for (const auto& n : spec.nodes) {
        const geo::Enu e = frame.to_enu(n.location);
        nodes_.emplace_back(e.x(), e.y());
        exits_.push_back(n.exit);
    }
    for (std::size_t i = 0; i < spec.segments.size(); ++i) {
        const auto& s = spec.segments[i];
        CorridorSegment seg;
        seg.from = s.from;
        seg.to = s.to;
        seg.a = nodes_[s.from];
        seg.b = nodes_[s.to];
        seg.length_m = (seg.b - seg.a).norm();
        seg.course = seg.length_m > 0 ? Eigen::Vector2d((seg.b - seg.a) / seg.length_m)
                                      : Eigen::Vector2d(1, 0);
        seg.altitude_m = s.band.centre_m();
        seg.spec = &s;
        segments_.push_back(seg);
        boost::add_edge(s.from, s.to, Graph::EdgeData{i, 0}, graph_->g);
    }
    closed_.assign(segments_.size(), false);
    wind_mps_.assign(segments_.size(), Eigen::Vector2d::Zero());
}

CorridorNetwork::~CorridorNetwork() = default;

void CorridorNetwork::set_conditions(const std::vector<Eigen::Vector2d>& wind_mps,
                                     const std::vector<bool>& closed) {
    if (wind_mps == wind_mps_ && closed == closed_) {
        return;
    }
    wind_mps_ = wind_mps;
    closed_ = closed;
    trees_.clear();
}

std::optional<SegmentCrossing> CorridorNetwork::crossing(std::size_t s, double airspeed_mps) const {
    const auto& seg = segments_[s];
    const auto gs = ground_speed_mps(airspeed_mps, seg.course, wind_mps_[s]);
    if (!gs) {
        return std::nullopt;
    }
    SegmentCrossing c;
    c.ground_speed_mps = std::min(*gs, seg.spec->speed_limit_mps);
    // Slower than the drone could fly: it throttles back to the limit, needing less airspeed.
    c.airspeed_mps = c.ground_speed_mps < *gs ? airspeed_for_ground_speed_mps(
                                                    c.ground_speed_mps, seg.course, wind_mps_[s])
                                              : airspeed_mps;
    c.seconds = seg.length_m / c.ground_speed_mps;
    return c;
}

const RouteTree& CorridorNetwork::tree(std::size_t gate, bool inbound, double airspeed_mps) const {
    auto& slot = trees_[{gate, inbound, airspeed_mps}];
    if (!slot) {
        slot = std::make_unique<RouteTree>(compute_tree(gate, inbound, airspeed_mps, nullptr));
    }
    return *slot;
}

RouteTree CorridorNetwork::tree_avoiding(std::size_t gate, bool inbound, double airspeed_mps,
                                         const std::vector<bool>& avoid) const {
    return compute_tree(gate, inbound, airspeed_mps, &avoid);
}

RouteTree CorridorNetwork::compute_tree(std::size_t gate, bool inbound, double airspeed_mps,
                                        const std::vector<bool>* avoid) const {
    auto& g = graph_->g;
    for (auto [e, end] = boost::edges(g); e != end; ++e) {
        const std::size_t s = g[*e].segment;
        const bool shut = closed_[s] || (avoid != nullptr && (*avoid)[s]);
        const auto c = shut ? std::nullopt : crossing(s, airspeed_mps);
        g[*e].seconds = c ? c->seconds : kInfinity;
    }
    RouteTree t;
    t.gate = gate;
    t.inbound = inbound;
    const auto n = boost::num_vertices(g);
    t.seconds.assign(n, kInfinity);
    std::vector<Graph::Type::vertex_descriptor> predecessor(n);
    const auto run = [&](const auto& graph) {
        boost::dijkstra_shortest_paths(
            graph, gate,
            boost::weight_map(boost::get(&Graph::EdgeData::seconds, graph))
                .distance_map(boost::make_iterator_property_map(
                    t.seconds.begin(), boost::get(boost::vertex_index, graph)))
                .predecessor_map(boost::make_iterator_property_map(
                    predecessor.begin(), boost::get(boost::vertex_index, graph)))
                .distance_inf(kInfinity));
    };
    if (inbound) {
        run(boost::make_reverse_graph(g));
    } else {
        run(g);
    }
    // Name the segment used to reach each node: the fastest edge between the two nodes.
    t.via_segment.assign(n, segments_.size());
    for (std::size_t v = 0; v < n; ++v) {
        const std::size_t p = predecessor[v];
        if (p == v || t.seconds[v] == kInfinity) {
            continue;
        }
        double best = kInfinity;
        const std::size_t from = inbound ? v : p;
        const std::size_t to = inbound ? p : v;
        for (auto [e, end] = boost::out_edges(from, g); e != end; ++e) {
            if (boost::target(*e, g) == to && g[*e].seconds < best) {
                best = g[*e].seconds;
                t.via_segment[v] = g[*e].segment;
            }
        }
    }
    return t;
}

bool CorridorNetwork::route(const RouteTree& t, std::size_t node,
                            std::vector<std::size_t>& path) const {
    path.clear();
    if (!t.reaches(node)) {
        return false;
    }
    for (std::size_t v = node; v != t.gate;) {
        const std::size_t s = t.via_segment[v];
        path.push_back(s);
        v = t.inbound ? segments_[s].to : segments_[s].from;
    }
    if (!t.inbound) {
        std::reverse(path.begin(), path.end());
    }
    return true;
}

}  // namespace lastmile::model
