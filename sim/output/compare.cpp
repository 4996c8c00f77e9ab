#include <cstring>
#include <string_view>

#include <fmt/format.h>

#include <lastmile/output/compare.hpp>

#include "schemas.hpp"

namespace lastmile::output {
namespace {

std::string cell(detail::Kind kind, const unsigned char* bytes) {
    switch (kind) {
        case detail::Kind::f64: {
            double v = 0;
            std::memcpy(&v, bytes, sizeof v);
            return fmt::format("{}", v);
        }
        case detail::Kind::text:
        case detail::Kind::long_text: {
            const auto* chars = reinterpret_cast<const char*>(bytes);
            return fmt::format("'{}'",
                               std::string_view(chars, strnlen(chars, detail::size_of(kind))));
        }
        default: {
            std::int64_t v = 0;
            std::memcpy(&v, bytes, std::min<std::size_t>(sizeof v, detail::size_of(kind)));
            return fmt::format("{}", v);
        }
    }
}

template <typename Record>
std::optional<std::string> compare_table(const std::string& name,
                                         const detail::Schema<Record>& schema,
                                         const std::vector<Record>& expected,
                                         const std::vector<Record>& actual) {
    if (expected.size() != actual.size()) {
        return fmt::format("{}: {} rows in the file, {} now", name, expected.size(), actual.size());
    }
    std::vector<unsigned char> a;
    std::vector<unsigned char> b;
    for (std::size_t row = 0; row < expected.size(); ++row) {
        for (const auto& column : schema) {
            const std::size_t size = detail::size_of(column.kind);
            a.assign(size, 0);
            b.assign(size, 0);
            column.put(expected[row], a.data());
            column.put(actual[row], b.data());
            if (a != b) {
                return fmt::format("{} row {}, column {}: {} in the file, {} now", name, row,
                                   column.name, cell(column.kind, a.data()),
                                   cell(column.kind, b.data()));
            }
        }
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> first_difference(const RunRecords& e, const RunRecords& a) {
    if (e.metrics.size() != a.metrics.size()) {
        return fmt::format("/metrics: {} metrics in the file, {} now", e.metrics.size(),
                           a.metrics.size());
    }
    for (std::size_t i = 0; i < e.metrics.size(); ++i) {
        const auto& x = e.metrics[i];
        const auto& y = a.metrics[i];
        if (x.name != y.name || std::memcmp(&x.value, &y.value, sizeof x.value) != 0) {
            return fmt::format("/metrics/{}: {} in the file, {} now ({})", x.name, x.value, y.value,
                               y.name);
        }
    }
    using namespace detail;
    for (auto d :
         {compare_table("/orders", order_schema(), e.orders, a.orders),
          compare_table("/vehicles", vehicle_schema(), e.vehicles, a.vehicles),
          compare_table("/batteries", battery_schema(), e.batteries, a.batteries),
          compare_table("/flights", flight_schema(), e.flights, a.flights),
          compare_table("/flight_segments", flight_segment_schema(), e.flight_segments,
                        a.flight_segments),
          compare_table("/flight_tracks", flight_track_schema(), e.flight_tracks, a.flight_tracks),
          compare_table("/safety", safety_schema(), e.safety, a.safety),
          compare_table("/segments", segment_schema(), e.segments, a.segments),
          compare_table("/trips", trip_schema(), e.trips, a.trips),
          compare_table("/depots", depot_queue_schema(), e.depots, a.depots),
          compare_table("/timeseries/fleet", fleet_sample_schema(), e.fleet_samples,
                        a.fleet_samples),
          compare_table("/timeseries/depots", depot_sample_schema(), e.depot_samples,
                        a.depot_samples),
          compare_table("/economics/summary", cost_summary_schema(), e.economics.summary,
                        a.economics.summary),
          compare_table("/economics/breakdown", cost_line_schema(), e.economics.breakdown,
                        a.economics.breakdown),
          compare_table("/economics/sensitivity", sensitivity_schema(), e.economics.sensitivity,
                        a.economics.sensitivity),
          compare_table("/economics/parameters", economics_parameter_schema(),
                        e.economics.parameters, a.economics.parameters)}) {
        if (d) {
            return d;
        }
    }
    return std::nullopt;
}

}  // namespace lastmile::output
