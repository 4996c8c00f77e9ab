#include <algorithm>
#include <cmath>

#include <lastmile/model/deconfliction.hpp>

namespace lastmile::model {

namespace {
/// Rounds up to the kernel's tick, so a departure time is exactly representable.
double ceil_ms(double s) {
    return std::ceil(s * 1000.0 - 1e-6) / 1000.0;
}

/// The first entry at or after `t_s`, in a vector sorted by the member `Key`.
template <auto Key, typename Entries>
auto first_from(Entries& entries, double t_s) {
    return std::partition_point(entries.begin(), entries.end(),
                                [t_s](const auto& e) { return e.*Key < t_s; });
}
/// The first entry after `t_s`: where a new entry at `t_s` goes, behind the equal ones.
template <auto Key, typename Entries>
auto first_after(Entries& entries, double t_s) {
    return std::partition_point(entries.begin(), entries.end(),
                                [t_s](const auto& e) { return e.*Key <= t_s; });
}
/// Erases the entries at exactly `at_s` that `flight` made and that end at or after `from_s`.
template <auto Key, auto End, typename Entries>
void erase_own(Entries& entries, double at_s, std::uint64_t flight, double from_s) {
    const auto first = first_from<Key>(entries, at_s);
    const auto last = first_after<Key>(entries, at_s);
    entries.erase(
        std::remove_if(first, last,
                       [&](const auto& e) { return e.flight == flight && e.*End >= from_s; }),
        last);
}
}  // namespace

Reservations::Reservations(std::size_t nodes, std::size_t segments, double buffer_s)
    : buffer_s_(buffer_s),
      nodes_(nodes),
      segments_(segments),
      longest_stay_s_(nodes, 0),
      longest_headway_s_(nodes, 0),
      longest_crossing_s_(segments, 0) {}

double Reservations::clear_node(const NodePassage& p, double depart_s, double d) const {
    const auto& entries = nodes_[p.node];
    const double h_max = std::max(p.headway_s, longest_headway_s_[p.node]) + buffer_s_;
    // Entries that could conflict arrive within this window.
    const double lo = depart_s + d + p.arrive_s - h_max - longest_stay_s_[p.node];
    const double hi = depart_s + d + p.depart_s + h_max;
    double shift = d;
    for (auto it = first_from<&NodeEntry::arrive_s>(entries, lo);
         it != entries.end() && it->arrive_s < hi; ++it) {
        const auto& q = *it;
        if (!q.band.overlaps(p.band)) {
            continue;
        }
        const double h = std::max(p.headway_s, q.headway_s) + buffer_s_;
        const double arrive = depart_s + d + p.arrive_s;
        const double depart = depart_s + d + p.depart_s;
        // Conflict while the padded stays overlap: clear it by arriving a headway after q left.
        if (q.arrive_s - h < depart && arrive < q.depart_s + h) {
            shift = std::max(shift, q.depart_s + h - depart_s - p.arrive_s);
        }
    }
    return shift;
}

double Reservations::clear_segment(const SegmentPassage& p, double depart_s, double d) const {
    const auto& entries = segments_[p.segment];
    const double span = longest_crossing_s_[p.segment];
    const double lo = depart_s + d + p.entry_s - span;
    const double hi = depart_s + d + p.exit_s + span;
    double shift = d;
    for (auto it = first_from<&SegmentEntry::entry_s>(entries, lo);
         it != entries.end() && it->entry_s < hi; ++it) {
        const auto& q = *it;
        // Overtaking: entering before q but leaving after it, or the other way round.
        const double to_entry = q.entry_s - depart_s - p.entry_s;
        const double to_exit = q.exit_s - depart_s - p.exit_s;
        const double a = std::min(to_entry, to_exit);
        const double b = std::max(to_entry, to_exit);
        if (d >= a && d < b) {
            shift = std::max(shift, b);
        }
    }
    return shift;
}

std::optional<double> Reservations::earliest_shift(const RouteReservation& route, double depart_s,
                                                   double max_shift_s) const {
    double d = 0;
    for (;;) {
        double next = d;
        for (const auto& p : route.nodes) {
            next = std::max(next, clear_node(p, depart_s, d));
        }
        for (const auto& p : route.segments) {
            next = std::max(next, clear_segment(p, depart_s, d));
        }
        next = ceil_ms(next);
        if (next > max_shift_s) {
            return std::nullopt;
        }
        if (next == d) {
            return d;
        }
        d = next;  // strictly later: every step jumps past at least one conflict
    }
}

void Reservations::reserve(std::uint64_t flight, const RouteReservation& route, double depart_s) {
    for (const auto& p : route.nodes) {
        auto& entries = nodes_[p.node];
        const double arrive_s = depart_s + p.arrive_s;
        entries.insert(first_after<&NodeEntry::arrive_s>(entries, arrive_s),
                       NodeEntry{arrive_s, depart_s + p.depart_s, p.band, p.headway_s, flight});
        longest_stay_s_[p.node] = std::max(longest_stay_s_[p.node], p.depart_s - p.arrive_s);
        longest_headway_s_[p.node] = std::max(longest_headway_s_[p.node], p.headway_s);
    }
    for (const auto& p : route.segments) {
        auto& entries = segments_[p.segment];
        const double entry_s = depart_s + p.entry_s;
        entries.insert(first_after<&SegmentEntry::entry_s>(entries, entry_s),
                       SegmentEntry{entry_s, depart_s + p.exit_s, flight});
        longest_crossing_s_[p.segment] =
            std::max(longest_crossing_s_[p.segment], p.exit_s - p.entry_s);
    }
}

void Reservations::release(std::uint64_t flight, const RouteReservation& route, double depart_s,
                           double from_s) {
    // Only the entries the route made: each sits at its own reserved time.
    for (const auto& p : route.nodes) {
        erase_own<&NodeEntry::arrive_s, &NodeEntry::depart_s>(nodes_[p.node], depart_s + p.arrive_s,
                                                              flight, from_s);
    }
    for (const auto& p : route.segments) {
        erase_own<&SegmentEntry::entry_s, &SegmentEntry::exit_s>(
            segments_[p.segment], depart_s + p.entry_s, flight, from_s);
    }
}

void Reservations::forget_before(double t_s) {
    // Entries that ended more than the longest stay and headway ago can conflict with nothing
    // that is still to be planned.
    for (std::size_t n = 0; n < nodes_.size(); ++n) {
        const double cutoff = t_s - longest_stay_s_[n] - longest_headway_s_[n] - buffer_s_;
        auto& entries = nodes_[n];
        entries.erase(entries.begin(), first_from<&NodeEntry::arrive_s>(entries, cutoff));
    }
    for (std::size_t s = 0; s < segments_.size(); ++s) {
        auto& entries = segments_[s];
        entries.erase(entries.begin(), first_from<&SegmentEntry::entry_s>(
                                           entries, t_s - 2 * longest_crossing_s_[s]));
    }
}

}  // namespace lastmile::model
