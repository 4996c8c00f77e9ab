// The run's metrics as a pure summary, from orders, vehicles and packs written by hand.

#include "model/run_metrics.hpp"

#include <string_view>

#include <catch2/catch.hpp>

using namespace lastmile;
using output::OrderStatus;

namespace {

double metric(const std::vector<output::Metric>& metrics, std::string_view name) {
    for (const auto& m : metrics) {
        if (m.name == name) {
            return m.value;
        }
    }
    FAIL("no metric " << name);
    return 0;
}

model::Order delivered(double created_s, double delivered_s, output::Mode mode,
                       std::int8_t promise_met) {
    model::Order o;
    o.record.created_s = created_s;
    o.record.dispatched_s = created_s + 10;
    o.record.wait_s = 10;
    o.record.delivered_s = delivered_s;
    o.record.mode = mode;
    o.record.promise_met = promise_met;
    o.record.status = OrderStatus::delivered;
    return o;
}

}  // namespace

TEST_CASE("run metrics summarise orders, vehicles and packs", "[model][metrics]") {
    model::Orders orders;
    orders.push_back(delivered(0, 100, output::Mode::drone, 1));
    orders.push_back(delivered(50, 250, output::Mode::drone, 0));
    orders.push_back(delivered(100, 400, output::Mode::robot, 1));
    orders.push_back(delivered(100, 500, output::Mode::robot, -1));  // no promise
    orders.emplace_back().record.status = OrderStatus::queued;
    orders.emplace_back().record.status = OrderStatus::rejected_payload;
    std::deque<model::Vehicle> vehicles(2);
    vehicles[0].mode = scenario::VehicleMode::drone;
    vehicles[0].state_s[static_cast<std::size_t>(output::VehicleState::mission)] = 3600;
    vehicles[0].distance_m = 1000;
    vehicles[0].failures = 2;
    vehicles[1].mode = scenario::VehicleMode::robot;
    vehicles[1].distance_m = 500;
    vehicles[1].energy_wh = 40;
    std::deque<model::Pack> packs(2);
    packs[0].usable_wh = 400;
    packs[0].lowest_wh = 100;
    packs[1].usable_wh = 200;
    packs[1].lowest_wh = 150;

    const auto m = model::run_metrics(model::RunState{orders, vehicles, packs, 3, 7200});
    CHECK(metric(m, "duration_s") == 7200);
    CHECK(metric(m, "drones") == 1);
    CHECK(metric(m, "robots") == 1);
    CHECK(metric(m, "orders_created") == 6);
    CHECK(metric(m, "orders_delivered") == 4);
    CHECK(metric(m, "orders_delivered_by_drone") == 2);
    CHECK(metric(m, "orders_queued") == 1);
    CHECK(metric(m, "orders_rejected_payload") == 1);
    // Delivery times 100, 200, 300, 400: mean 250; nearest rank: p50 the 2nd, p95 the 4th.
    CHECK(metric(m, "delivery_time_mean_s") == 250);
    CHECK(metric(m, "delivery_time_p50_s") == 200);
    CHECK(metric(m, "delivery_time_p95_s") == 400);
    CHECK(metric(m, "delivery_time_drone_mean_s") == 150);
    CHECK(metric(m, "delivery_time_robot_mean_s") == 350);
    CHECK(metric(m, "promise_met_fraction") == Approx(2.0 / 3.0));
    CHECK(metric(m, "dispatch_wait_mean_s") == 10);
    CHECK(metric(m, "distance_m") == 1500);
    CHECK(metric(m, "energy_wh") == 40);
    CHECK(metric(m, "vehicle_utilisation") == 0.25);  // 1 h of 2 × 2 h
    CHECK(metric(m, "failures") == 2);
    CHECK(metric(m, "missions_below_reserve") == 3);
    CHECK(metric(m, "lowest_charge_fraction") == 0.25);
}

TEST_CASE("run metrics of a run with nothing in it are defined", "[model][metrics]") {
    const model::Orders orders;
    const std::deque<model::Vehicle> vehicles;
    const std::deque<model::Pack> packs;
    const auto m = model::run_metrics(model::RunState{orders, vehicles, packs, 0, 0});
    CHECK(metric(m, "orders_created") == 0);
    CHECK(std::isnan(metric(m, "delivery_time_mean_s")));
    CHECK(std::isnan(metric(m, "promise_met_fraction")));
    CHECK(std::isnan(metric(m, "vehicle_utilisation")));
    CHECK(metric(m, "lowest_charge_fraction") == 1);
}
