#include <cmath>

#include <catch2/catch.hpp>

#include <lastmile/geo/local_frame.hpp>
#include <lastmile/kernel/time.hpp>
#include <lastmile/model/multirotor_energy.hpp>

#include "support/run_helpers.hpp"

using namespace lastmile;
using lastmile::testing::run;
using lastmile::testing::Run;
using lastmile::testing::tiny;
using output::OrderStatus;

namespace {

/// The farthest customer a full battery can serve, by bisection on the planner itself.
double max_one_way_m(const scenario::DroneTypeSpec& type, double payload_kg) {
    const model::MultirotorEnergy energy(type);
    double lo = 0;
    double hi = 1e6;
    for (int i = 0; i < 100; ++i) {
        const double mid = (lo + hi) / 2;
        (energy.feasible(mid, payload_kg) ? lo : hi) = mid;
    }
    return lo;
}

double north_of(double lat_deg, double metres) {
    return lat_deg + metres / 111'200.0;
}

}  // namespace

TEST_CASE("an uncontended delivery takes exactly load, take-off, climb, cruise and drop time",
          "[model][drone]") {
    auto spec = tiny();
    spec.fleets[0].count = 1;
    spec.depots[0].loading_time_s = 45;
    spec.drone_types[0].cruise_altitude_m = 60;
    spec.drone_types[0].climb_rate_mps = 4;
    spec.drone_types[0].descent_rate_mps = 3;
    spec.demand.zones[0].rate_per_s = 1.0 / 3600;  // sparse orders: the drone is usually idle
    spec.simulation.duration_s = 48 * 3600;
    const Run r = run(spec);

    const auto& type = spec.drone_types[0];
    const double one_way_m =
        geo::geodesic_distance_m(spec.depots[0].location, spec.demand.zones[0].points[0].location);
    const model::MultirotorEnergy energy(type);
    const auto ticks = [](double s) {
        return kernel::seconds_from_ticks(kernel::ticks_from_seconds(s));
    };
    const double expected_s = 45 + ticks(type.takeoff_time_s) + ticks(60.0 / 4) +
                              ticks(one_way_m / type.cruise_speed_mps) + ticks(type.drop_time_s);
    int uncontended = 0;
    for (const auto& o : r.records.orders) {
        if (o.status != OrderStatus::delivered || o.dispatched_s != o.created_s ||
            o.energy_wh == 0) {
            continue;  // waited for the drone, or still flying back at the horizon
        }
        ++uncontended;
        INFO("order " << o.id);
        CHECK(o.delivered_s - o.dispatched_s == Approx(expected_s).margin(1e-9));
        // The local frame reproduces the geodesic distance to well under a metre.
        CHECK(o.distance_m == Approx(2 * one_way_m).margin(0.5));
        CHECK(o.energy_wh ==
              Approx(energy.plan(o.distance_m / 2, o.weight_kg).total_wh()).epsilon(1e-12));
        CHECK(o.vehicle == 0);
        CHECK(o.mode == output::Mode::drone);
    }
    CHECK(uncontended > 20);
    // Every mission flies two legs, recorded in /flights with the same energy in total.
    double flight_energy = 0;
    for (const auto& f : r.records.flights) {
        flight_energy += f.energy_wh;
        CHECK(f.end_s >= f.start_s);
    }
    CHECK(flight_energy == Approx(r.metric("energy_wh")).epsilon(1e-9));
}

TEST_CASE("every order is accounted for exactly once", "[model][drone]") {
    auto spec = tiny();
    spec.demand.zones[0].rate_per_s = 40.0 / 3600;  // more than two drones can serve
    spec.simulation.duration_s = 6 * 3600;
    const Run r = run(spec);
    const auto n = r.records.orders.size();
    REQUIRE(n > 100);
    CHECK(r.metric("orders_created") == static_cast<double>(n));
    std::size_t total = 0;
    for (std::size_t s = 0; s < std::size(output::kOrderStatusNames); ++s) {
        total += r.count(static_cast<OrderStatus>(s));
    }
    CHECK(total == n);
    CHECK(r.metric("orders_delivered") == static_cast<double>(r.count(OrderStatus::delivered)));
    CHECK(r.count(OrderStatus::queued) > 0);  // overloaded: orders still wait at the end
    for (std::size_t i = 0; i < n; ++i) {
        const auto& o = r.records.orders[i];
        CHECK(o.id == i);
        CHECK(o.created_s < spec.simulation.duration_s);
        if (o.status == OrderStatus::delivered) {
            CHECK(o.created_s <= o.dispatched_s);
            CHECK(o.dispatched_s < o.delivered_s);
            CHECK(o.wait_s == Approx(o.dispatched_s - o.created_s));
        }
    }
}

TEST_CASE("orders beyond range are rejected and never dispatched", "[model][drone]") {
    auto spec = tiny();
    auto far = spec.demand.zones[0].points[0];
    far.id = "far";
    far.location.lat_deg = north_of(50.0, 1.5 * max_one_way_m(spec.drone_types[0], 1.0));
    spec.demand.zones[0].points.push_back(far);
    spec.simulation.duration_s = 12 * 3600;
    const Run r = run(spec);
    std::size_t rejected = 0;
    const geo::LocalFrame frame(spec.frame_origin);
    for (const auto& o : r.records.orders) {
        if (o.status == OrderStatus::rejected_range) {
            CHECK(std::isnan(o.dispatched_s));
            CHECK(o.vehicle == -1);
            ++rejected;
        }
    }
    // No flight ever went farther than the range allows.
    for (const auto& f : r.records.flights) {
        CHECK(f.distance_m <= max_one_way_m(spec.drone_types[0], f.payload_kg) + 1e-6);
    }
    CHECK(rejected > 10);
    CHECK(r.metric("orders_rejected_range") == static_cast<double>(rejected));
}

TEST_CASE("parcels heavier than every payload are rejected for payload", "[model][drone]") {
    auto spec = tiny();
    spec.demand.zones[0].parcel_min_kg = 1.0;
    spec.demand.zones[0].parcel_max_kg = 3.0;  // payload is 2 kg: about half are too heavy
    spec.simulation.duration_s = 12 * 3600;
    const Run r = run(spec);
    for (const auto& o : r.records.orders) {
        INFO("order " << o.id << " weighs " << o.weight_kg);
        CHECK((o.status == OrderStatus::rejected_payload) == (o.weight_kg > 2.0));
    }
    CHECK(r.count(OrderStatus::rejected_payload) > 20);
}

TEST_CASE("a battery never goes below its reserve on nominal flights", "[model][drone]") {
    auto spec = tiny();
    // The only customer at 95 % of the range: every mission nearly drains the plannable energy.
    spec.demand.zones[0].points[0].location.lat_deg =
        north_of(50.0, 0.95 * max_one_way_m(spec.drone_types[0], 1.0));
    spec.depots[0].pads = 4;  // no hovering in a landing queue
    spec.simulation.duration_s = 12 * 3600;
    const Run r = run(spec);
    REQUIRE(r.metric("orders_delivered") > 5);
    const double reserve = spec.drone_types[0].battery.reserve_fraction;
    CHECK(r.metric("lowest_charge_fraction") >= reserve);
    CHECK(r.metric("lowest_charge_fraction") < reserve + 0.1);
    CHECK(r.metric("missions_below_reserve") == 0);
}

TEST_CASE("hovering for a busy pad is paid from the battery and reported", "[model][drone]") {
    auto spec = tiny();
    spec.demand.zones[0].points[0].location.lat_deg =
        north_of(50.0, 0.9 * max_one_way_m(spec.drone_types[0], 1.0));
    spec.depots[0].pads = 1;
    spec.drone_types[0].landing_time_s = 200;
    spec.fleets[0].count = 12;
    spec.depots[0].chargers.count = 12;
    spec.demand.zones[0].rate_per_s = 120.0 / 3600;
    spec.simulation.duration_s = 6 * 3600;
    const Run r = run(spec);
    CHECK(r.metric("missions_below_reserve") > 0);
    CHECK(r.metric("lowest_charge_fraction") < spec.drone_types[0].battery.reserve_fraction);
    const model::MultirotorEnergy energy(spec.drone_types[0]);
    bool paid_for_hovering = false;
    for (const auto& o : r.records.orders) {
        if (o.status == OrderStatus::delivered && o.energy_wh > 0) {
            const double planned = energy.plan(o.distance_m / 2, o.weight_kg).total_wh();
            CHECK(o.energy_wh >= planned - 1e-9);
            paid_for_hovering = paid_for_hovering || o.energy_wh > planned + 1;
        }
    }
    CHECK(paid_for_hovering);
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
    small.demand.zones[0].rate_per_s = 30.0 / 3600;
    auto large = small;
    large.fleets[0].count = 6;
    large.depots[0].chargers.count = 6;
    const Run a = run(small);
    const Run b = run(large);
    REQUIRE(a.records.orders.size() == b.records.orders.size());
    for (std::size_t i = 0; i < a.records.orders.size(); ++i) {
        CHECK(a.records.orders[i].created_s == b.records.orders[i].created_s);
        CHECK(a.records.orders[i].weight_kg == b.records.orders[i].weight_kg);
    }
    CHECK(a.outcome.digest != b.outcome.digest);
    CHECK(b.metric("delivery_time_mean_s") < a.metric("delivery_time_mean_s"));
}

TEST_CASE("vehicle time adds up to the horizon in every state", "[model][drone]") {
    auto spec = tiny();
    spec.simulation.duration_s = 5 * 3600;
    const Run r = run(spec);
    REQUIRE(r.records.vehicles.size() == 2);
    for (const auto& v : r.records.vehicles) {
        double total = 0;
        for (const double s : v.state_s) {
            total += s;
        }
        CHECK(total == Approx(spec.simulation.duration_s));
        CHECK(v.state_s[static_cast<std::size_t>(output::VehicleState::mission)] > 0);
        CHECK(v.battery_cycles > 0);
    }
}
