#pragma once
/// The BVLOS corridor network: a directed graph (Boost.Graph) of waypoints and segments in the
/// local frame, with minimum-time routes for a given airspeed, wind and set of closed segments.
///
/// A flight flies each segment along its centre line at the centre of its altitude band, at
/// its cruise airspeed unless that would break the segment's ground speed limit. Routes come
/// from shortest-time trees rooted at depot gates (outbound) or towards them (inbound), kept
/// until the wind or the closures change.

#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <tuple>
#include <vector>

#include <Eigen/Core>

#include <lastmile/geo/local_frame.hpp>
#include <lastmile/scenario/airspace_spec.hpp>

namespace lastmile::model {

struct CorridorSegment {
    std::size_t from = 0;
    std::size_t to = 0;
    Eigen::Vector2d a;       ///< start, local frame
    Eigen::Vector2d b;       ///< end
    Eigen::Vector2d course;  ///< unit vector from a to b
    double length_m = 0;     ///< in the local frame
    double altitude_m = 0;   ///< centre of the band
    const scenario::CorridorSegmentSpec* spec = nullptr;
};

/// How a flight crosses one segment in the wind on it.
struct SegmentCrossing {
    double ground_speed_mps = 0;
    double airspeed_mps = 0;
    double seconds = 0;
};

/// Minimum-time routes from a gate to every node (outbound) or from every node to the gate
/// (inbound), at one airspeed, under the conditions it was computed for.
struct RouteTree {
    std::size_t gate = 0;
    bool inbound = false;
    std::vector<double> seconds;           ///< route time per node; infinity if unreachable
    std::vector<std::size_t> via_segment;  ///< segment reaching each node on its best route

    bool reaches(std::size_t node) const {
        return seconds[node] != std::numeric_limits<double>::infinity();
    }
};

class CorridorNetwork {
  public:
    CorridorNetwork(const scenario::AirspaceSpec& spec, const geo::LocalFrame& frame);
    ~CorridorNetwork();
    CorridorNetwork(const CorridorNetwork&) = delete;
    CorridorNetwork& operator=(const CorridorNetwork&) = delete;

    std::size_t node_count() const noexcept { return nodes_.size(); }
    std::size_t segment_count() const noexcept { return segments_.size(); }
    const Eigen::Vector2d& node(std::size_t n) const { return nodes_[n]; }
    bool is_exit(std::size_t n) const { return exits_[n]; }
    const CorridorSegment& segment(std::size_t s) const { return segments_[s]; }

    /// Sets the wind on each segment and the closed segments routes are planned with. Trees
    /// computed under other conditions are dropped.
    void set_conditions(const std::vector<Eigen::Vector2d>& segment_wind_mps,
                        const std::vector<bool>& closed);
    bool closed(std::size_t s) const { return closed_[s]; }

    /// Crossing of segment `s` at `airspeed_mps` in the current wind, or nothing when the wind
    /// makes it impossible.
    std::optional<SegmentCrossing> crossing(std::size_t s, double airspeed_mps) const;

    /// The routes from (or, inbound, to) `gate` under the current conditions; computed once
    /// and kept until the conditions change.
    const RouteTree& tree(std::size_t gate, bool inbound, double airspeed_mps) const;
    /// The same with the segments marked in `avoid` closed as well (a reroute): not kept.
    RouteTree tree_avoiding(std::size_t gate, bool inbound, double airspeed_mps,
                            const std::vector<bool>& avoid) const;
    /// The route from the tree's gate to `node` (inbound: from `node` to the gate), as segment
    /// indices in flying order, into `route`; false (and `route` empty) when unreachable.
    bool route(const RouteTree& tree, std::size_t node, std::vector<std::size_t>& route) const;

  private:
    struct Graph;
    RouteTree compute_tree(std::size_t gate, bool inbound, double airspeed_mps,
                           const std::vector<bool>* avoid) const;

    std::unique_ptr<Graph> graph_;
    std::vector<Eigen::Vector2d> nodes_;
    std::vector<bool> exits_;
    std::vector<CorridorSegment> segments_;
    std::vector<Eigen::Vector2d> wind_mps_;  ///< per segment
    std::vector<bool> closed_;
    // Ordered map: lookups only, but kept deterministic in memory use and iteration alike.
    mutable std::map<std::tuple<std::size_t, bool, double>, std::unique_ptr<RouteTree>> trees_;
};

}  // namespace lastmile::model
