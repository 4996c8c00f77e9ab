#pragma once
/// The sidewalk network robots drive on: an undirected graph (Boost.Graph) in the local frame,
/// with shortest paths by Dijkstra, cached per source node. Robots leave from a few depots, and
/// the graph is undirected, so the depots' trees answer most queries both ways; other trees
/// are kept in a bounded cache, evicted oldest first, so memory stays flat on large networks.

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include <lastmile/geo/geo_point.hpp>
#include <lastmile/geo/local_frame.hpp>
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

    /// The node nearest to `p`, if within the snapping distance.
    std::optional<std::size_t> snap(const geo::Enu& p) const;
    /// Straight-line distance from `p` to `node`.
    double snap_distance_m(const geo::Enu& p, std::size_t node) const;

    /// Computes and keeps the tree of `source` for good (depots: most queries start or end
    /// there).
    void keep(std::size_t source);

    /// Shortest path from `from` to `to`; the network is connected, so one always exists.
    GroundPath path(std::size_t from, std::size_t to) const;
    /// Shortest distance only (no path reconstruction).
    double distance_m(std::size_t from, std::size_t to) const;

    /// Trees kept at most (each holds two numbers per node).
    static constexpr std::size_t kMaxCachedTrees = 64;

  private:
    struct Tree;
    const Tree& tree(std::size_t source) const;
    /// A cached tree rooted at `a` or at `b` (paths are symmetric), computing one at `a` if
    /// neither is cached. `reversed` says the tree is rooted at `b`.
    const Tree& tree_for(std::size_t a, std::size_t b, bool& reversed) const;

    struct Graph;
    std::unique_ptr<Graph> graph_;
    std::vector<geo::Enu> positions_;
    std::vector<int> edge_crossings_;
    double max_snap_m_;
    mutable std::map<std::size_t, std::unique_ptr<Tree>> trees_;  // ordered: deterministic
    mutable std::deque<std::size_t> tree_order_;                  // evictable trees, oldest first
    std::vector<bool> kept_;                                      // trees never evicted
};

}  // namespace lastmile::model
