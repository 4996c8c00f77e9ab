#pragma once
/// Strategic deconfliction in the manner of ASTM F3548: before take-off a flight reserves its
/// 4D route through the corridor network, first come, first served.
///
/// A reservation holds, for every waypoint the flight passes, the time interval it is there
/// (with the altitude band it occupies) and, for every segment, its entry and exit times. Two
/// flights conflict when they are at a waypoint, in overlapping bands, less than a headway
/// apart, or when one would overtake the other on a segment. A flight whose route conflicts
/// is held on the ground: the earliest conflict-free shift of its whole route is found exactly
/// by jumping past each conflict in turn.

#include <cstdint>
#include <optional>
#include <vector>

#include <lastmile/scenario/airspace_spec.hpp>

namespace lastmile::model {

/// One waypoint on a route: arrival and departure times (equal unless the flight changes
/// altitude there), the altitude envelope it occupies and the headway it needs.
struct NodePassage {
    std::size_t node = 0;
    double arrive_s = 0;
    double depart_s = 0;
    scenario::AltitudeBand band;
    double headway_s = 0;
};

struct SegmentPassage {
    std::size_t segment = 0;
    double entry_s = 0;
    double exit_s = 0;
};

/// A route's passages, in times relative to the flight's departure.
struct RouteReservation {
    std::vector<NodePassage> nodes;
    std::vector<SegmentPassage> segments;
};

class Reservations {
  public:
    Reservations(std::size_t nodes, std::size_t segments, double buffer_s);

    /// The smallest shift d >= 0, in whole milliseconds and at most `max_shift_s`, such that
    /// the route departing at `depart_s + d` conflicts with no reservation; nothing if none.
    std::optional<double> earliest_shift(const RouteReservation& route, double depart_s,
                                         double max_shift_s) const;
    void reserve(std::uint64_t flight, const RouteReservation& route, double depart_s);
    /// Frees what `flight` holds of `route` (reserved departing at `depart_s`) from `from_s`
    /// on: a flight leaving its plan, or giving back a slot it could not take.
    void release(std::uint64_t flight, const RouteReservation& route, double depart_s,
                 double from_s);
    /// Drops passages that ended before `t_s`, so queries stay short.
    void forget_before(double t_s);

  private:
    struct NodeEntry {
        double arrive_s;
        double depart_s;
        scenario::AltitudeBand band;
        double headway_s;
        std::uint64_t flight;
    };
    struct SegmentEntry {
        double entry_s;
        double exit_s;
        std::uint64_t flight;
    };
    /// The least shift >= d that clears this passage of every entry, or d when clear.
    double clear_node(const NodePassage& p, double depart_s, double d) const;
    double clear_segment(const SegmentPassage& p, double depart_s, double d) const;

    double buffer_s_;
    // Sorted vectors rather than multimaps: queries scan a short window of neighbours, which
    // contiguous entries make cache-friendly. Equal times keep the order they were reserved in.
    std::vector<std::vector<NodeEntry>> nodes_;        // by arrival time
    std::vector<std::vector<SegmentEntry>> segments_;  // by entry time
    std::vector<double> longest_stay_s_;               // per node, for range queries
    std::vector<double> longest_headway_s_;
    std::vector<double> longest_crossing_s_;  // per segment
};

}  // namespace lastmile::model
