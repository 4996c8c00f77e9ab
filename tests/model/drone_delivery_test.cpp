#include <catch2/catch.hpp>

#include <cmath>

#include <lastmile/geo/local_frame.hpp>
#include <lastmile/kernel/time.hpp>
#include <lastmile/model/drone_energy.hpp>
#include <lastmile/model/run.hpp>
#include <lastmile/scenario/loader.hpp>

#include "support/tiny_scenario.hpp"

using namespace lastmile;
using output::OrderStatus;

namespace {

scenario::ScenarioSpec tiny() {
    return scenario::load_scenario_text(testing::tiny_scenario(), "tiny.yaml");
}

struct Run {
    model::RunOutcome outcome;
    output::RunRecords records;
};

Run run(const scenario::ScenarioSpec& spec, model::RunOptions options = {}) {
    output::MemoryRecorder recorder;
    Run r;
    r.outcome = model::simulate(spec, options, recorder);
    r.records = recorder.take();
    return r;
}

double metric(const Run& r, std::string_view name) {
    const auto* m = r.records.find_metric(name);
    REQUIRE(m != nullptr);
    return m->value;
}

std::size_t count_status(const Run& r, OrderStatus status) {
    std::size_t n = 0;
    for (const auto& o : r.records.orders) {
        n += o.status == status ? 1 : 0;
    }
    return n;
}

}  // namespace

TEST_CASE("an uncontended delivery takes exactly load, take-off, cruise and drop time",
          "[model][drone]") {
    auto spec = tiny();
    spec.fleets[0].count = 1;
    spec.depots[0].loading_time_s = 45;
    spec.demand.rate_per_s = 1.0 / 3600;  // sparse orders: the drone is usually idle
    spec.simulation.duration_s = 48 * 3600;
    const Run r = run(spec);

    const auto& type = spec.drone_types[0];
    const double one_way_m = geo::geodesic_distance_m(spec.depots[0].location,
                                                      spec.demand.points[0].location);
    const model::DroneEnergyModel energy(type);
    const double expected_flight_s =
        kernel::seconds_from_ticks(kernel::ticks_from_seconds(one_way_m / type.cruise_speed_mps));
    int uncontended = 0;
    for (const auto& o : r.records.orders) {
        if (o.status != OrderStatus::delivered || o.dispatched_s != o.created_s) {
            continue;  // waited for the drone: its timing includes the queue
        }
        ++uncontended;
        INFO("order " << o.id);
        CHECK(o.delivered_s - o.dispatched_s ==
              Approx(45 + type.takeoff_time_s + expected_flight_s + type.drop_time_s).margin(1e-9));
        // The local frame reproduces the geodesic distance to well under a metre.
        CHECK(o.distance_m == Approx(2 * one_way_m).margin(0.5));
        CHECK(o.energy_wh == Approx(energy.mission_wh(o.distance_m / 2)).epsilon(1e-12));
        CHECK(o.vehicle == 0);
        CHECK(o.depot == 0);
    }
    CHECK(uncontended > 20);
}

TEST_CASE("every order is accounted for exactly once", "[model][drone]") {
    auto spec = tiny();
    spec.demand.rate_per_s = 40.0 / 3600;  // more than two drones can serve: a queue forms
    spec.simulation.duration_s = 6 * 3600;
    const Run r = run(spec);
    const auto n = r.records.orders.size();
    REQUIRE(n > 100);
    CHECK(metric(r, "orders_created") == static_cast<double>(n));
    CHECK(count_status(r, OrderStatus::delivered) + count_status(r, OrderStatus::in_progress) +
              count_status(r, OrderStatus::queued) + count_status(r, OrderStatus::rejected_payload) +
              count_status(r, OrderStatus::rejected_range) ==
          n);
    CHECK(metric(r, "orders_delivered") == static_cast<double>(count_status(r, OrderStatus::delivered)));
    CHECK(count_status(r, OrderStatus::queued) > 0);  // overloaded: orders still wait at the end
    for (std::size_t i = 0; i < n; ++i) {
        const auto& o = r.records.orders[i];
        CHECK(o.id == i);
        CHECK(o.created_s < spec.simulation.duration_s);
        if (o.status == OrderStatus::delivered) {
            CHECK(o.created_s <= o.dispatched_s);
            CHECK(o.dispatched_s < o.delivered_s);
        }
    }
}

TEST_CASE("orders beyond range are rejected and never dispatched", "[model][drone]") {
    auto spec = tiny();
    const model::DroneEnergyModel energy(spec.drone_types[0]);
    // A second point 1.5 times farther than the drone's maximum one-way range, due north.
    const double far_m = 1.5 * energy.max_one_way_m();
    auto far = spec.demand.points[0];
    far.id = "far";
    far.location.lat_deg = 50.0 + far_m / 111'200.0;
    spec.demand.points.push_back(far);
    spec.simulation.duration_s = 12 * 3600;
    const Run r = run(spec);
    std::size_t rejected = 0;
    for (const auto& o : r.records.orders) {
        if (o.point == 1) {
            CHECK(o.status == OrderStatus::rejected_range);
            CHECK(std::isnan(o.dispatched_s));
            CHECK(o.vehicle == -1);
            ++rejected;
        } else {
            CHECK(o.status != OrderStatus::rejected_range);
        }
    }
    CHECK(rejected > 10);
    CHECK(metric(r, "orders_rejected_range") == static_cast<double>(rejected));
}

TEST_CASE("parcels heavier than every payload are rejected for payload", "[model][drone]") {
    auto spec = tiny();
    spec.demand.parcel_min_kg = 1.0;
    spec.demand.parcel_max_kg = 3.0;  // payload is 2 kg: about half are too heavy
    spec.simulation.duration_s = 12 * 3600;
    const Run r = run(spec);
    for (const auto& o : r.records.orders) {
        INFO("order " << o.id << " weighs " << o.weight_kg);
        CHECK((o.status == OrderStatus::rejected_payload) == (o.weight_kg > 2.0));
    }
    CHECK(count_status(r, OrderStatus::rejected_payload) > 20);
}

TEST_CASE("a battery never goes below its reserve on nominal flights", "[model][drone]") {
    auto spec = tiny();
    // Put the only customer at 95 % of the maximum range: every mission nearly drains the
    // plannable energy.
    const model::DroneEnergyModel energy(spec.drone_types[0]);
    spec.demand.points[0].location.lat_deg = 50.0 + 0.95 * energy.max_one_way_m() / 111'200.0;
    spec.depots[0].pads = 4;  // no hovering in a landing queue
    spec.simulation.duration_s = 12 * 3600;
    const Run r = run(spec);
    REQUIRE(metric(r, "orders_delivered") > 5);
    CHECK(metric(r, "lowest_charge_fraction") >= spec.drone_types[0].reserve_fraction);
    CHECK(metric(r, "lowest_charge_fraction") < spec.drone_types[0].reserve_fraction + 0.1);
    CHECK(metric(r, "missions_below_reserve") == 0);
}

TEST_CASE("hovering for a busy pad is paid from the battery and reported", "[model][drone]") {
    // One pad, slow landings and many drones: returning drones wait in the air. The energy is
    // charged to the mission, and missions that dipped into the reserve are counted.
    auto spec = tiny();
    const model::DroneEnergyModel energy(spec.drone_types[0]);
    spec.demand.points[0].location.lat_deg = 50.0 + 0.9 * energy.max_one_way_m() / 111'200.0;
    spec.depots[0].pads = 1;
    spec.drone_types[0].landing_time_s = 200;
    spec.fleets[0].count = 12;
    spec.demand.rate_per_s = 120.0 / 3600;
    spec.simulation.duration_s = 6 * 3600;
    const Run r = run(spec);
    CHECK(metric(r, "pad_wait_mean_s") > 60);
    CHECK(metric(r, "missions_below_reserve") > 0);
    CHECK(metric(r, "lowest_charge_fraction") < spec.drone_types[0].reserve_fraction);
    bool some_mission_paid_for_hovering = false;
    for (const auto& o : r.records.orders) {
        if (o.status == OrderStatus::delivered && !std::isnan(o.energy_wh) && o.energy_wh > 0) {
            CHECK(o.energy_wh >= energy.mission_wh(o.distance_m / 2) - 1e-9);
            some_mission_paid_for_hovering =
                some_mission_paid_for_hovering || o.energy_wh > energy.mission_wh(o.distance_m / 2) + 1;
        }
    }
    CHECK(some_mission_paid_for_hovering);
}

TEST_CASE("the same seed reproduces a run and another seed changes it", "[model][determinism]") {
    const auto spec = tiny();
    const Run a = run(spec);
    const Run b = run(spec);
    CHECK(a.outcome.digest == b.outcome.digest);
    CHECK(a.outcome.events == b.outcome.events);
    REQUIRE(a.records.orders.size() == b.records.orders.size());
    for (std::size_t i = 0; i < a.records.orders.size(); ++i) {
        const double x = a.records.orders[i].delivered_s;
        const double y = b.records.orders[i].delivered_s;
        CHECK((x == y || (std::isnan(x) && std::isnan(y))));
    }
    model::RunOptions other;
    other.seed = spec.simulation.seed + 1;
    CHECK(run(spec, other).outcome.digest != a.outcome.digest);
    model::RunOptions replication;
    replication.replication = 1;
    CHECK(run(spec, replication).outcome.digest != a.outcome.digest);
}

TEST_CASE("progress reporting does not change the run", "[model][determinism]") {
    const auto spec = tiny();
    model::RunOptions with_progress;
    int calls = 0;
    double last = 0;
    with_progress.progress = [&](double f) {
        ++calls;
        CHECK(f >= last);
        last = f;
    };
    CHECK(run(spec, with_progress).outcome.digest == run(spec).outcome.digest);
    CHECK(calls == 200);
    CHECK(last == 1.0);
}

TEST_CASE("adding drones leaves the demand realisation unchanged", "[model][determinism]") {
    // Common random numbers: orders come from their own streams, so a fleet variant sees the
    // very same orders, and only their service differs.
    auto small = tiny();
    small.demand.rate_per_s = 30.0 / 3600;
    auto large = small;
    large.fleets[0].count = 6;
    const Run a = run(small);
    const Run b = run(large);
    REQUIRE(a.records.orders.size() == b.records.orders.size());
    for (std::size_t i = 0; i < a.records.orders.size(); ++i) {
        CHECK(a.records.orders[i].created_s == b.records.orders[i].created_s);
        CHECK(a.records.orders[i].weight_kg == b.records.orders[i].weight_kg);
        CHECK(a.records.orders[i].point == b.records.orders[i].point);
    }
    CHECK(a.outcome.digest != b.outcome.digest);
    CHECK(metric(b, "delivery_time_mean_s") < metric(a, "delivery_time_mean_s"));
}

TEST_CASE("Poisson demand arrives at the configured rate", "[model][demand]") {
    auto spec = tiny();
    spec.demand.rate_per_s = 30.0 / 3600;
    spec.simulation.duration_s = 200 * 3600;
    const Run r = run(spec);
    const double expected = 30.0 * 200;
    // Poisson count: standard deviation sqrt(expected); allow four.
    CHECK(static_cast<double>(r.records.orders.size()) ==
          Approx(expected).margin(4 * std::sqrt(expected)));
}
