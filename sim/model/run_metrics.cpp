#include "run_metrics.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace lastmile::model {

namespace {

using output::OrderStatus;

double mean(const std::vector<double>& v) {
    if (v.empty()) {
        return kNaN;
    }
    double sum = 0;
    for (const double x : v) {
        sum += x;
    }
    return sum / static_cast<double>(v.size());
}

/// Nearest rank: the smallest value with at least q of the data at or below it.
double percentile(std::vector<double> v, double q) {
    if (v.empty()) {
        return kNaN;
    }
    std::sort(v.begin(), v.end());
    const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
    return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
}

double count(std::uint64_t n) {
    return static_cast<double>(n);
}

struct OrderSummary {
    std::array<std::uint64_t, std::size(output::kOrderStatusNames)> by_status{};
    std::array<std::vector<double>, kModes> times;  ///< delivery times by mode
    std::vector<double> all_times;
    std::vector<double> waits;
    std::uint64_t with_promise = 0;
    std::uint64_t promise_met = 0;

    double status(OrderStatus s) const { return count(by_status[static_cast<std::size_t>(s)]); }
};

OrderSummary summarise_orders(const Orders& orders) {
    OrderSummary s;
    for (const auto& order : orders) {
        const auto& r = order.record;
        ++s.by_status[static_cast<std::size_t>(r.status)];
        if (r.status == OrderStatus::delivered) {
            const double t = r.delivered_s - r.created_s;
            s.all_times.push_back(t);
            s.times[r.mode == output::Mode::drone ? 0 : 1].push_back(t);
            if (r.promise_met >= 0) {
                ++s.with_promise;
                s.promise_met += static_cast<std::uint64_t>(r.promise_met);
            }
        }
        if (!std::isnan(r.wait_s)) {
            s.waits.push_back(r.wait_s);
        }
    }
    return s;
}

struct FleetSummary {
    double distance_m = 0;
    double energy_wh = 0;
    double mission_s = 0;
    double lowest_charge_fraction = 1;
    std::array<std::uint64_t, kModes> vehicles{};
    std::uint64_t failures = 0;
};

FleetSummary summarise_fleet(const RunState& run) {
    FleetSummary s;
    for (const auto& v : run.vehicles) {
        s.distance_m += v.distance_m;
        s.energy_wh += v.energy_wh;
        s.mission_s += v.state_s[static_cast<std::size_t>(output::VehicleState::mission)];
        ++s.vehicles[mode_index(v.mode)];
        s.failures += v.failures;
    }
    for (const auto& pack : run.packs) {
        s.lowest_charge_fraction =
            std::min(s.lowest_charge_fraction, pack.lowest_wh / pack.usable_wh);
    }
    return s;
}

}  // namespace

std::vector<output::Metric> run_metrics(const RunState& run) {
    const OrderSummary o = summarise_orders(run.orders);
    const FleetSummary f = summarise_fleet(run);
    const double horizon_s = run.horizon_s;
    const double vehicles = count(run.vehicles.size());
    return {
        {"duration_s", horizon_s, "s", "simulated time"},
        {"drones", count(f.vehicles[0]), "1", "drones in all fleets"},
        {"robots", count(f.vehicles[1]), "1", "robots in all fleets"},
        {"orders_created", count(run.orders.size()), "1", "orders that arrived before the horizon"},
        {"orders_delivered", o.status(OrderStatus::delivered), "1",
         "orders handed to the customer"},
        {"orders_delivered_by_drone", count(o.times[0].size()), "1", "delivered by drone"},
        {"orders_delivered_by_robot", count(o.times[1].size()), "1", "delivered by robot"},
        {"orders_in_progress", o.status(OrderStatus::in_progress), "1",
         "assigned but not delivered at the horizon"},
        {"orders_queued", o.status(OrderStatus::queued), "1",
         "waiting for a vehicle at the horizon"},
        {"orders_rejected_payload", o.status(OrderStatus::rejected_payload), "1",
         "heavier than every vehicle's payload"},
        {"orders_rejected_range", o.status(OrderStatus::rejected_range), "1",
         "beyond every vehicle's range with its reserve"},
        {"orders_rejected_unreachable", o.status(OrderStatus::rejected_unreachable), "1",
         "no drone could serve it and it is off the robots' network"},
        {"delivery_time_mean_s", mean(o.all_times), "s", "created to delivered, mean"},
        {"delivery_time_p50_s", percentile(o.all_times, 0.5), "s", "created to delivered, median"},
        {"delivery_time_p95_s", percentile(o.all_times, 0.95), "s",
         "created to delivered, 95th percentile"},
        {"delivery_time_drone_mean_s", mean(o.times[0]), "s",
         "created to delivered by drone, mean"},
        {"delivery_time_robot_mean_s", mean(o.times[1]), "s",
         "created to delivered by robot, mean"},
        {"promise_met_fraction",
         o.with_promise == 0 ? kNaN : count(o.promise_met) / count(o.with_promise), "1",
         "delivered orders with a promise that were delivered within it"},
        {"dispatch_wait_mean_s", mean(o.waits), "s", "created to dispatched, mean"},
        {"distance_m", f.distance_m, "m", "travelled by all vehicles on completed missions"},
        {"energy_wh", f.energy_wh, "Wh", "battery energy used on completed missions"},
        {"vehicle_utilisation",
         run.vehicles.empty() || horizon_s == 0 ? kNaN : f.mission_s / (horizon_s * vehicles), "1",
         "fraction of vehicle-time on missions"},
        {"failures", count(f.failures), "1", "vehicle failures found after a mission"},
        {"missions_below_reserve", count(run.missions_below_reserve), "1",
         "drone missions that landed below the reserve (after waiting for a pad)"},
        {"lowest_charge_fraction", f.lowest_charge_fraction, "1",
         "lowest state of charge (of usable energy) any pack reached at the end of a mission"},
    };
}

}  // namespace lastmile::model
