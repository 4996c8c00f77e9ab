#pragma once
/// A recorded run as a readable timeline: the events of its trace, and its safety events,
/// narrowed to a time window, a vehicle, an order or the neighbourhood of one incident.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <lastmile/output/recorder.hpp>

namespace lastmile::replay {

struct TimelineFilter {
    std::optional<double> from_s;  ///< inclusive
    std::optional<double> to_s;    ///< inclusive
    std::optional<std::uint64_t> vehicle;
    std::optional<std::uint64_t> order;
};

/// Events of `records.trace` that name the vehicle or order (directly, or through a flight
/// of theirs) within the window, and the rows of /safety that involve them within it.
struct Timeline {
    std::vector<std::size_t> events;  ///< rows of /trace/events, in processing order
    std::vector<std::size_t> safety;  ///< rows of /safety, in time order
};

Timeline select(const output::RunRecords& records, const TimelineFilter& filter);

/// The window around safety event `row` (a row of /safety): from `margin_s` before it began
/// to `margin_s` after it ended. Throws std::out_of_range for a row that does not exist.
TimelineFilter incident_window(const output::RunRecords& records, std::size_t row, double margin_s);

/// "drone.takeoff  vehicle 3  order 17" (an id of all ones, "none", is left out), with the
/// kind padded to `kind_width` characters to line up a column.
std::string describe_event(const output::TraceRecords& trace, const output::TraceEventRecord& e,
                           std::size_t kind_width = 0);

/// "loss_of_separation (minor)  flight 12 (vehicle 3) and flight 14 (vehicle 5)  45.0 m
/// apart, 10.0 m vertically".
std::string describe_safety(const output::SafetyRecord& s);

/// Simulated time as a clock: "0:12:03.250", with a day prefix ("1d 07:00:00.000") past 24 h.
std::string clock_time(double seconds);

/// Writes the timeline: one line per event or safety event, in time order.
std::string format_timeline(const output::RunRecords& records, const Timeline& timeline);

}  // namespace lastmile::replay
