#include "summary.hpp"

#include <cmath>

#include <fmt/format.h>

namespace lastmile::cli {
namespace {

double metric(const output::RunRecords& records, std::string_view name) {
    const auto* m = records.find_metric(name);
    return m != nullptr ? m->value : std::nan("");
}

std::string wall_time(double seconds) {
    return seconds < 1 ? fmt::format("{:.1f} ms", seconds * 1e3) : fmt::format("{:.2f} s", seconds);
}

std::string minutes(double seconds) {
    return std::isnan(seconds) ? "n/a" : fmt::format("{:.1f} min", seconds / 60.0);
}

}  // namespace

void print_summary(std::FILE* out, const scenario::ScenarioSpec& spec,
                   const model::RunOutcome& outcome, const output::RunRecords& records,
                   double wall_seconds, const std::string& output_path) {
    const auto count = [&](std::string_view name) {
        return static_cast<long long>(metric(records, name));
    };
    fmt::print(out, "scenario   {} ({}) · seed {} · replication {}\n", spec.name, spec.source_file,
               outcome.seed, outcome.replication);
    fmt::print(out, "simulated  {:.2f} h in {} wall · {} events\n", outcome.simulated_s / 3600.0,
               wall_time(wall_seconds), outcome.events);
    fmt::print(out,
               "orders     {} created · {} delivered · {} in progress · {} queued · rejected: {} "
               "payload, {} range\n",
               count("orders_created"), count("orders_delivered"), count("orders_in_progress"),
               count("orders_queued"), count("orders_rejected_payload"),
               count("orders_rejected_range"));
    fmt::print(out, "delivery   mean {} · median {} · p95 {} (order to doorstep)\n",
               minutes(metric(records, "delivery_time_mean_s")),
               minutes(metric(records, "delivery_time_p50_s")),
               minutes(metric(records, "delivery_time_p95_s")));
    fmt::print(out, "fleet      {} drones · {:.0f} % on missions · {:.1f} km flown · {:.2f} kWh\n",
               count("vehicles"), 100 * metric(records, "drone_utilisation"),
               metric(records, "flight_distance_m") / 1000.0, metric(records, "energy_wh") / 1000.0);
    fmt::print(out, "queues     pad wait {:.1f} s mean · charger wait {:.1f} s mean\n",
               metric(records, "pad_wait_mean_s"), metric(records, "charger_wait_mean_s"));
    fmt::print(out, "digest     {}\n", outcome.digest);
    fmt::print(out, "results    {}\n", output_path);
}

}  // namespace lastmile::cli
