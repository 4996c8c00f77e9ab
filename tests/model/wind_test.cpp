// Wind over time and space, and the wind triangle.

#include <cmath>
#include <numbers>

#include <catch2/catch.hpp>

#include <lastmile/model/wind.hpp>

using namespace lastmile;
using model::WindField;

namespace {

constexpr double kDeg = std::numbers::pi / 180;

scenario::WindChange change(double at_s, double speed_mps, double from_deg) {
    return {at_s, speed_mps, from_deg * kDeg};
}

}  // namespace

TEST_CASE("wind is piecewise constant in time and blows from the given bearing", "[model][wind]") {
    scenario::WindSpec spec;
    spec.changes = {change(100, 10, 270), change(200, 4, 0)};
    spec.gust_factor = 1.5;
    spec.max_speed_mps = 12;
    const WindField wind(spec, geo::LocalFrame({50, 8}));
    const Eigen::Vector2d here(0, 0);
    CHECK(wind.velocity_mps(here, 50).norm() == 0);  // calm before the first change
    // From the west: the air moves east.
    CHECK(wind.velocity_mps(here, 150).x() == Approx(10));
    CHECK(wind.velocity_mps(here, 150).y() == Approx(0).margin(1e-12));
    // From the north: the air moves south.
    CHECK(wind.velocity_mps(here, 250).y() == Approx(-4));
    CHECK(wind.gust_speed_mps(here, 150) == Approx(15));
    CHECK(wind.grounded(here, 150));
    CHECK_FALSE(wind.grounded(here, 250));
    CHECK(wind.next_change_s(0) == 100);
    CHECK(wind.next_change_s(100) == 200);
    CHECK(std::isinf(wind.next_change_s(200)));
    CHECK(std::isinf(wind.last_change_s(50)));
    CHECK(wind.last_change_s(199) == 100);
}

TEST_CASE("a wind region has its own wind inside its polygon", "[model][wind]") {
    const geo::LocalFrame frame({50, 8});
    scenario::WindSpec spec;
    spec.changes = {change(0, 3, 90)};
    scenario::WindRegionSpec shore;
    shore.id = "shore";
    // About 1.4 km east-west by 1.1 km north-south, north-east of the origin.
    shore.polygon = {{50.0, 8.0}, {50.0, 8.02}, {50.01, 8.02}, {50.01, 8.0}, {50.0, 8.0}};
    shore.changes = {change(0, 9, 180), change(300, 1, 180)};
    spec.regions.push_back(shore);
    spec.max_speed_mps = 8;
    const WindField wind(spec, frame);

    const Eigen::Vector2d inside(700, 500);
    const Eigen::Vector2d outside(-700, 500);
    CHECK(wind.velocity_mps(inside, 10).y() == Approx(9));    // from the south: moving north
    CHECK(wind.velocity_mps(outside, 10).x() == Approx(-3));  // from the east: moving west
    CHECK(wind.grounded(inside, 10));
    CHECK_FALSE(wind.grounded(outside, 10));
    CHECK_FALSE(wind.grounded(inside, 400));
    // Changes anywhere count: the region's at 300 s.
    CHECK(wind.next_change_s(10) == 300);
    CHECK(wind.last_change_s(400) == 300);
}

TEST_CASE("the wind triangle in both directions", "[model][wind]") {
    const Eigen::Vector2d north(0, 1);
    // A direct headwind of 5 m/s at 15 m/s airspeed: 10 m/s over the ground.
    CHECK(*model::ground_speed_mps(15, north, {0, -5}) == Approx(10));
    // A crosswind of 9 m/s at 15 m/s: crab so that sqrt(15^2 - 9^2) = 12 m/s is left.
    CHECK(*model::ground_speed_mps(15, north, {9, 0}) == Approx(12));
    // A crosswind stronger than the airspeed: the course cannot be held.
    CHECK_FALSE(model::ground_speed_mps(15, north, {16, 0}).has_value());
    // The inverse: the airspeed that makes 12 m/s in that crosswind is 15 m/s.
    CHECK(model::airspeed_for_ground_speed_mps(12, north, {9, 0}) == Approx(15));
    CHECK(model::airspeed_for_ground_speed_mps(10, north, {0, -5}) == Approx(15));
}
