#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

#include <fmt/format.h>

#include <lastmile/replay/timeline.hpp>

namespace lastmile::replay {
namespace {

constexpr std::uint64_t kNone = ~std::uint64_t{0};

struct FlightOwner {
    std::uint64_t vehicle = kNone;
    std::uint64_t order = kNone;
};

std::map<std::uint64_t, FlightOwner> flight_owners(const output::RunRecords& r) {
    std::map<std::uint64_t, FlightOwner> owners;
    for (const auto& f : r.flights) {
        owners[f.flight] = FlightOwner{f.vehicle, f.order};
    }
    return owners;
}

class Matcher {
  public:
    Matcher(const output::RunRecords& records, const TimelineFilter& filter)
        : filter_(filter), owners_(flight_owners(records)) {}

    bool in_window(double t_s) const {
        return (!filter_.from_s || t_s >= *filter_.from_s) &&
               (!filter_.to_s || t_s <= *filter_.to_s);
    }

    /// Whether an entity id in role `role` names the filter's vehicle (or order).
    bool names(const std::string& role, std::uint64_t id, const std::string& wanted) const {
        if (id == kNone) {
            return false;
        }
        const std::optional<std::uint64_t>& target =
            wanted == "vehicle" ? filter_.vehicle : filter_.order;
        if (role == wanted) {
            return id == *target;
        }
        if (role == "flight") {
            const auto it = owners_.find(id);
            return it != owners_.end() &&
                   (wanted == "vehicle" ? it->second.vehicle : it->second.order) == *target;
        }
        return false;
    }

    bool event(const output::TraceKindRecord& kind, const output::TraceEventRecord& e) const {
        if (!in_window(e.time_s)) {
            return false;
        }
        for (const char* wanted : {"vehicle", "order"}) {
            const bool active = std::string(wanted) == "vehicle" ? filter_.vehicle.has_value()
                                                                 : filter_.order.has_value();
            if (active && !names(kind.subject, e.subject, wanted) &&
                !names(kind.object, e.object, wanted)) {
                return false;
            }
        }
        return true;
    }

    bool safety(const output::SafetyRecord& s) const {
        if (!in_window(s.time_s)) {
            return false;
        }
        const auto flight_id = [](std::int64_t f) {
            return f < 0 ? kNone : static_cast<std::uint64_t>(f);
        };
        const auto vehicle_id = [](std::int32_t v) {
            return v < 0 ? kNone : static_cast<std::uint64_t>(v);
        };
        if (filter_.vehicle && !names("vehicle", vehicle_id(s.vehicle), "vehicle") &&
            !names("vehicle", vehicle_id(s.other_vehicle), "vehicle")) {
            return false;
        }
        if (filter_.order && !names("flight", flight_id(s.flight), "order") &&
            !names("flight", flight_id(s.other_flight), "order")) {
            return false;
        }
        return true;
    }

  private:
    const TimelineFilter& filter_;
    std::map<std::uint64_t, FlightOwner> owners_;
};

}  // namespace

Timeline select(const output::RunRecords& records, const TimelineFilter& filter) {
    const Matcher match(records, filter);
    Timeline t;
    const auto& trace = records.trace;
    for (std::size_t i = 0; i < trace.events.size(); ++i) {
        const auto& e = trace.events[i];
        if (e.kind < trace.kinds.size() && match.event(trace.kinds[e.kind], e)) {
            t.events.push_back(i);
        }
    }
    for (std::size_t i = 0; i < records.safety.size(); ++i) {
        if (match.safety(records.safety[i])) {
            t.safety.push_back(i);
        }
    }
    std::stable_sort(t.safety.begin(), t.safety.end(), [&](std::size_t a, std::size_t b) {
        return records.safety[a].time_s < records.safety[b].time_s;
    });
    return t;
}

TimelineFilter incident_window(const output::RunRecords& records, std::size_t row,
                               double margin_s) {
    if (records.safety.empty()) {
        throw std::out_of_range("the run has no safety events (/safety is empty)");
    }
    if (row >= records.safety.size()) {
        throw std::out_of_range(fmt::format("no safety event {}: /safety has {} rows (0 to {})",
                                            row, records.safety.size(), records.safety.size() - 1));
    }
    const auto& s = records.safety[row];
    const double end_s = std::isnan(s.end_s) ? s.time_s : std::max(s.time_s, s.end_s);
    TimelineFilter f;
    f.from_s = s.time_s - margin_s;
    f.to_s = end_s + margin_s;
    return f;
}

std::string describe_event(const output::TraceRecords& trace, const output::TraceEventRecord& e,
                           std::size_t kind_width) {
    if (e.kind >= trace.kinds.size()) {
        return fmt::format("kind #{} (not in /trace/kinds)  {}  {}", e.kind, e.subject, e.object);
    }
    const auto& kind = trace.kinds[e.kind];
    std::string text = fmt::format("{:<{}}", kind.name, kind_width);
    const auto entity = [&text](const std::string& role, std::uint64_t id) {
        if (id == kNone || (role.empty() && id == 0)) {
            return;
        }
        text += fmt::format("  {} {}", role.empty() ? "id" : role, id);
    };
    entity(kind.subject, e.subject);
    entity(kind.object, e.object);
    while (!text.empty() && text.back() == ' ') {
        text.pop_back();
    }
    return text;
}

std::string describe_safety(const output::SafetyRecord& s) {
    std::string text = fmt::format("{} ({})", s.type, s.severity);
    if (s.flight >= 0) {
        text += fmt::format("  flight {} (vehicle {})", s.flight, s.vehicle);
    }
    if (s.other_flight >= 0) {
        text += fmt::format(" and flight {} (vehicle {})", s.other_flight, s.other_vehicle);
    }
    // Not finite: not recorded (or a damaged file); said nothing of rather than printed as nan.
    if (std::isfinite(s.horizontal_m) && std::isfinite(s.vertical_m)) {
        text += fmt::format("  {:.1f} m apart, {:.1f} m vertically", s.horizontal_m, s.vertical_m);
    }
    if (std::isfinite(s.lat_deg) && std::isfinite(s.lon_deg) && std::isfinite(s.altitude_m)) {
        text += fmt::format("  at {:.6f}, {:.6f}, {:.0f} m", s.lat_deg, s.lon_deg, s.altitude_m);
    }
    return text;
}

std::string clock_time(double seconds) {
    const auto ms = static_cast<long long>(std::llround(seconds * 1000.0));
    const long long sign = ms < 0 ? -1 : 1;
    long long rest = ms * sign;
    const long long days = rest / 86'400'000;
    rest %= 86'400'000;
    const std::string clock =
        fmt::format("{}{:02}:{:02}:{:02}.{:03}", sign < 0 ? "-" : "", rest / 3'600'000,
                    rest / 60'000 % 60, rest / 1000 % 60, rest % 1000);
    return days > 0 ? fmt::format("{}d {}", days, clock) : clock;
}

std::string format_timeline(const output::RunRecords& records, const Timeline& timeline) {
    std::string out;
    std::size_t s = 0;
    const auto flush_safety = [&](double until_s) {
        for (; s < timeline.safety.size() && records.safety[timeline.safety[s]].time_s <= until_s;
             ++s) {
            const auto& row = records.safety[timeline.safety[s]];
            out += fmt::format("{:>16}  !! safety event {}: {}\n", clock_time(row.time_s),
                               timeline.safety[s], describe_safety(row));
        }
    };
    for (const std::size_t i : timeline.events) {
        const auto& e = records.trace.events[i];
        flush_safety(e.time_s);
        out +=
            fmt::format("{:>16}  {}\n", clock_time(e.time_s), describe_event(records.trace, e, 22));
    }
    flush_safety(std::numeric_limits<double>::infinity());
    return out;
}

}  // namespace lastmile::replay
