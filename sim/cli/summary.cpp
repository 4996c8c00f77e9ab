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
               "orders     {} created · {} delivered ({} drone, {} robot) · {} in progress · {} "
               "queued\n",
               count("orders_created"), count("orders_delivered"),
               count("orders_delivered_by_drone"), count("orders_delivered_by_robot"),
               count("orders_in_progress"), count("orders_queued"));
    fmt::print(out, "rejected   {} payload · {} range · {} unreachable\n",
               count("orders_rejected_payload"), count("orders_rejected_range"),
               count("orders_rejected_unreachable"));
    const double promise = metric(records, "promise_met_fraction");
    fmt::print(out, "delivery   mean {} · median {} · p95 {} (order to doorstep){}\n",
               minutes(metric(records, "delivery_time_mean_s")),
               minutes(metric(records, "delivery_time_p50_s")),
               minutes(metric(records, "delivery_time_p95_s")),
               std::isnan(promise) ? "" : fmt::format(" · {:.1f} % within promise", 100 * promise));
    fmt::print(out,
               "fleet      {} drones · {} robots · {:.0f} % on missions · {:.1f} km · {:.2f} kWh · "
               "{} failures\n",
               count("drones"), count("robots"), 100 * metric(records, "vehicle_utilisation"),
               metric(records, "distance_m") / 1000.0, metric(records, "energy_wh") / 1000.0,
               count("failures"));
    double worst_wait = 0;
    std::string worst = "none";
    for (const auto& q : records.depots) {
        if (!std::isnan(q.mean_wait_s) && q.mean_wait_s > worst_wait) {
            worst_wait = q.mean_wait_s;
            worst =
                fmt::format("{}.{}", spec.depots[static_cast<std::size_t>(q.depot)].id, q.resource);
        }
    }
    fmt::print(out, "queues     longest mean wait {:.1f} s at {}\n", worst_wait, worst);
    if (!records.economics.empty()) {
        fmt::print(out,
                   "economics  per delivery: owned {:.2f} USD · RaaS {:.2f} USD · {:.0f} "
                   "deliveries/year\n",
                   metric(records, "econ_owned_cost_per_delivery_usd"),
                   metric(records, "econ_raas_cost_per_delivery_usd"),
                   metric(records, "econ_deliveries_per_year"));
        for (const auto& fee : records.economics.break_even_fees) {
            fmt::print(out, "break-even RaaS fee for {}: {:.0f} USD per vehicle-month\n",
                       fee.vehicle_type, fee.fee_usd_per_vehicle_month);
        }
    }
    fmt::print(out, "digest     {}\n", outcome.digest);
    fmt::print(out, "results    {}\n", output_path);
}

}  // namespace lastmile::cli
