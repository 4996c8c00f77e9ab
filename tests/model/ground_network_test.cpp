#include <catch2/catch.hpp>

#include <lastmile/geo/local_frame.hpp>
#include <lastmile/model/ground_network.hpp>
#include <lastmile/scenario/loader.hpp>

#include "support/robot_scenario.hpp"

using namespace lastmile;

namespace {

double geodesic(double lat1, double lon1, double lat2, double lon2) {
    return geo::geodesic_distance_m({lat1, lon1, 0}, {lat2, lon2, 0});
}

}  // namespace

TEST_CASE("shortest paths follow the shorter branch and count its crossings", "[model][network]") {
    const auto spec = scenario::load_scenario_text(testing::robot_scenario(), "robots.yaml");
    const geo::LocalFrame frame(spec.frame_origin);
    const model::GroundNetwork net(spec.ground_network, frame);
    const double via_b = geodesic(50.0, 8.0, 50.0, 8.002) + geodesic(50.0, 8.002, 50.001, 8.003);
    const double via_d = geodesic(50.0, 8.0, 50.001, 8.0) + geodesic(50.001, 8.0, 50.001, 8.003);
    REQUIRE(via_b < via_d);
    const auto path = net.path(0, 2);
    CHECK(path.length_m == Approx(via_b).epsilon(1e-12));
    CHECK(path.crossings == 1);
    CHECK(path.nodes == std::vector<std::size_t>{0, 1, 2});
    // Undirected: the way back is as long.
    CHECK(net.distance_m(2, 0) == Approx(via_b).epsilon(1e-12));
    // To d directly.
    CHECK(net.path(0, 3).length_m == Approx(geodesic(50.0, 8.0, 50.001, 8.0)).epsilon(1e-12));
    CHECK(net.path(1, 1).length_m == 0);
}

TEST_CASE("points snap to the nearest node within reach", "[model][network]") {
    const auto spec = scenario::load_scenario_text(testing::robot_scenario(), "robots.yaml");
    const geo::LocalFrame frame(spec.frame_origin);
    const model::GroundNetwork net(spec.ground_network, frame);
    CHECK(net.snap(frame.to_enu({50.00001, 8.00199, 0})) == std::optional<std::size_t>(1));
    CHECK_FALSE(net.snap(frame.to_enu({50.01, 8.0, 0})).has_value());  // 1 km away, max 50 m
}
