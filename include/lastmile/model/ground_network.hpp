#pragma once
/// The sidewalk network robots drive on: an undirected graph (Boost.Graph) in the local frame,
/// with exact shortest paths. Robots leave from and return to a few depots, whose full trees
/// (Boost.Graph Dijkstra) are computed once and answer every query that starts or ends there;
/// a query between two other nodes (one customer to the next) is an A* search that stops at
/// its target, guided by the straight line in the plane, which is never longer than the
/// geodesic edges and so never misses the shortest path. Searches are remembered in a bounded
/// cache; answers never depend on what it holds.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include <lastmile/geo/geo_point.hpp>
#include <lastmile/geo/local_frame.hpp>
#include <lastmile/geo/point_grid.hpp>
#include <lastmile/scenario/spec.hpp>

namespace lastmile::model {

/// A route over the network between two nodes.
struct GroundPath {
    double length_m = 0;
    int crossings = 0;
    std::vector<std::size_t> nodes;  ///< from source to target, inclusive
};

class GroundNetwork {
  public:
    GroundNetwork(const scenario::GroundNetworkSpec& spec, const geo::LocalFrame& frame);
    ~GroundNetwork();
    GroundNetwork(const GroundNetwork&) = delete;
    GroundNetwork& operator=(const GroundNetwork&) = delete;

    std::size_t node_count() const noexcept { return positions_.size(); }
    const geo::Enu& position(std::size_t node) const { return positions_[node]; }

    /// The node nearest to `p` (ties: the lowest index), if within the snapping distance.
    std::optional<std::size_t> snap(const geo::Enu& p) const;
    /// Straight-line distance from `p` to `node`.
    double snap_distance_m(const geo::Enu& p, std::size_t node) const;

    /// Computes and keeps the tree of `source` (a depot: most queries start or end there).
    /// Call before the first query: which trees are kept decides how queries are answered.
    void keep(std::size_t source);

    /// Shortest path from `from` to `to`; the network is connected, so one always exists.
    GroundPath path(std::size_t from, std::size_t to) const;
    /// Shortest distance only.
    double distance_m(std::size_t from, std::size_t to) const;

    /// Searches remembered at most before the cache starts afresh.
    static constexpr std::size_t kMaxRememberedSearches = std::size_t{1} << 16;

  private:
    struct Graph;
    struct Tree {
        std::vector<double> distance;
        std::vector<std::size_t> predecessor;
    };
    /// One direction of an edge, for the searches.
    struct Arc {
        std::uint32_t to;
        std::uint32_t edge;
        double length_m;
    };
    const Tree* kept_tree(std::size_t source) const;
    /// The path between `root` and `leaf` in `tree` (rooted at `root`), from `leaf` to `root`
    /// when `reversed`.
    GroundPath tree_path(const Tree& tree, std::size_t root, std::size_t leaf, bool reversed) const;
    /// Shortest path between `a` and `b` by A* (from the lower to the higher node),
    /// remembered for later queries either way.
    const GroundPath& searched_path(std::size_t a, std::size_t b) const;
    GroundPath search(std::size_t from, std::size_t to) const;

    std::unique_ptr<Graph> graph_;
    std::vector<geo::Enu> positions_;
    std::vector<int> edge_crossings_;
    double max_snap_m_;
    geo::PointGrid node_grid_;
    double heuristic_scale_ = 1;            ///< straight-line distance times this is a lower bound
    std::vector<std::uint32_t> arc_start_;  ///< per node, into arcs_; one past the end last
    std::vector<Arc> arcs_;
    std::map<std::size_t, std::unique_ptr<Tree>> kept_;  ///< depots' trees, by source node
    // Search scratch: an entry is valid only where its stamp is the current generation, so a
    // search touches only the nodes it reaches.
    mutable std::vector<double> cost_;
    mutable std::vector<std::uint32_t> came_from_;
    mutable std::vector<std::uint32_t> via_edge_;
    mutable std::vector<std::uint32_t> seen_;
    mutable std::vector<std::uint32_t> closed_;
    mutable std::uint32_t generation_ = 0;
    mutable std::map<std::pair<std::size_t, std::size_t>, GroundPath> searched_;
};

}  // namespace lastmile::model
