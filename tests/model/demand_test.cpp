#include <cmath>

#include <catch2/catch.hpp>

#include <lastmile/geo/local_frame.hpp>
#include <lastmile/geo/polygon.hpp>
#include <lastmile/model/demand.hpp>

#include "support/run_helpers.hpp"

using namespace lastmile;
using lastmile::testing::run;

TEST_CASE("a profile's factor holds from its time until the next, wrapping at midnight",
          "[model][demand]") {
    const std::vector<scenario::ProfilePoint> profile{
        {7 * 3600, 2.0}, {10 * 3600, 0.5}, {17 * 3600, 1.5}};
    CHECK(model::profile_factor(profile, 3 * 3600) == 1.5);  // still yesterday evening's
    CHECK(model::profile_factor(profile, 7 * 3600) == 2.0);
    CHECK(model::profile_factor(profile, 9.99 * 3600) == 2.0);
    CHECK(model::profile_factor(profile, 12 * 3600) == 0.5);
    CHECK(model::profile_factor(profile, 23 * 3600) == 1.5);
    CHECK(model::profile_factor({}, 12 * 3600) == 1.0);
}

TEST_CASE("Poisson demand follows the rate profile hour by hour", "[model][demand]") {
    auto spec = testing::tiny();
    auto& zone = spec.demand.zones[0];
    zone.rate_per_s = 20.0 / 3600;
    zone.profile = {
        {0, 0.25}, {8 * 3600, 2.0}, {12 * 3600, 1.0}, {17 * 3600, 3.0}, {20 * 3600, 0.5}};
    spec.simulation.duration_s = 30 * 86400;  // a month of days
    spec.fleets[0].count = 40;
    spec.depots[0].pads = 40;
    spec.depots[0].chargers.count = 40;
    const auto r = run(spec);
    // Expected orders per day: 20/h x (8 x 0.25 + 4 x 2 + 5 x 1 + 3 x 3 + 4 x 0.5) = 520.
    const double expected_total = 520.0 * 30;
    const double n = static_cast<double>(r.records.orders.size());
    CHECK(n == Approx(expected_total).margin(4 * std::sqrt(expected_total)));
    // The evening peak (17:00 to 20:00) has 3 x 3 / 26 of the day's orders.
    double evening = 0;
    for (const auto& o : r.records.orders) {
        const double hour = std::fmod(o.created_s, 86400) / 3600;
        evening += (hour >= 17 && hour < 20) ? 1 : 0;
    }
    const double expected_evening = expected_total * 9.0 / 26.0;
    CHECK(evening == Approx(expected_evening).margin(4 * std::sqrt(expected_evening)));
}

TEST_CASE("polygon zones place customers inside the polygon", "[model][demand]") {
    auto spec = testing::tiny();
    auto& zone = spec.demand.zones[0];
    zone.points.clear();
    zone.polygon = {
        {50.002, 8.000, 0}, {50.004, 8.003, 0}, {50.006, 8.000, 0}, {50.004, 8.001, 0}};  // concave
    zone.rate_per_s = 200.0 / 3600;
    spec.fleets[0].count = 20;
    spec.depots[0].pads = 20;
    spec.depots[0].chargers.count = 20;
    spec.simulation.duration_s = 3 * 3600;
    const auto r = run(spec);
    REQUIRE(r.records.orders.size() > 300);
    const geo::LocalFrame frame(spec.frame_origin);
    geo::Polygon2 polygon;
    for (const auto& c : zone.polygon) {
        polygon.push_back(frame.to_enu(c).head<2>());
    }
    // Reconstruct each customer from its straight-line flight distance: it must lie at a
    // distance some point of the polygon has (a weak but model-independent check), and all
    // distances must be within the polygon's distance range.
    double lo = 1e9;
    double hi = 0;
    for (const auto& c : polygon) {
        lo = std::min(lo, c.norm());
        hi = std::max(hi, c.norm());
    }
    for (const auto& f : r.records.flights) {
        CHECK(f.distance_m <= hi + 1e-6);
        CHECK(f.distance_m >= 0.5 * lo);
    }
}

TEST_CASE("orders from a trace arrive at their times with their weights", "[model][demand]") {
    auto spec = testing::tiny();
    spec.demand.zones.clear();
    spec.demand.trace = {
        {"a", 60, {50.01, 8.0, 0}, 0.5, 1800, {}, {}},
        {"b", 60, {50.01, 8.0, 0}, 1.5, std::numeric_limits<double>::infinity(), {}, {}},
        {"c", 4000, {50.01, 8.0, 0}, 1.0, 900, {}, {}},
        {"late", 9000, {50.01, 8.0, 0}, 1.0, 900, {}, {}}};  // after the 1 h horizon
    const auto r = run(spec);
    REQUIRE(r.records.orders.size() == 2);  // c arrives after the 1 h horizon too
    CHECK(r.records.orders[0].created_s == 60);
    CHECK(r.records.orders[0].weight_kg == 0.5);
    CHECK(r.records.orders[0].promise_s == 1800);
    CHECK(r.records.orders[0].zone == -1);
    CHECK(std::isnan(r.records.orders[1].promise_s));
    CHECK(r.records.orders[0].promise_met == 1);
    CHECK(r.records.orders[1].promise_met == -1);
}
