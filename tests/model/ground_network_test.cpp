#include <algorithm>

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

TEST_CASE("searches between customers find the shortest path, as Dijkstra does",
          "[model][network]") {
    // Edge lengths deliberately shorter than the straight lines between their nodes here and
    // there: the search's guide must still never overestimate.
    scenario::GroundNetworkSpec spec;
    const int n = 20;
    for (int r = 0; r < n; ++r) {
        for (int c = 0; c < n; ++c) {
            spec.nodes.push_back({"", {50.0 + r * 0.001, 8.0 + c * 0.0015, 0}, {}});
        }
    }
    for (int r = 0; r < n; ++r) {
        for (int c = 0; c < n; ++c) {
            const auto i = static_cast<std::size_t>(r * n + c);
            if (c + 1 < n) {
                spec.edges.push_back({i, i + 1, 100.0 + (r % 3), 1, {}});
            }
            if (r + 1 < n) {
                spec.edges.push_back({i, i + n, 110.0 + (c % 5), 0, {}});
            }
        }
    }
    const geo::LocalFrame frame({50.0, 8.0, 0});
    const model::GroundNetwork net(spec, frame);
    for (std::size_t k = 0; k < 200; ++k) {
        const std::size_t a = (k * 37) % spec.nodes.size();
        const std::size_t b = (k * 101 + 7) % spec.nodes.size();
        INFO("from " << a << " to " << b);
        // The reference: a full Dijkstra tree kept at `a`.
        model::GroundNetwork reference(spec, frame);
        reference.keep(a);
        const auto expected = reference.path(a, b);
        const auto forward = net.path(a, b);
        const auto backward = net.path(b, a);
        CHECK(forward.length_m == Approx(expected.length_m).epsilon(1e-12));
        CHECK(backward.length_m == Approx(expected.length_m).epsilon(1e-12));
        CHECK(forward.nodes.front() == a);
        CHECK(forward.nodes.back() == b);
        CHECK(backward.nodes.front() == b);
        CHECK(backward.nodes.back() == a);
        // The path is made of edges, and its length and crossings are theirs.
        double length = 0;
        int crossings = 0;
        for (std::size_t i = 1; i < forward.nodes.size(); ++i) {
            const auto u = forward.nodes[i - 1];
            const auto v = forward.nodes[i];
            const auto e = std::find_if(spec.edges.begin(), spec.edges.end(), [&](const auto& x) {
                return (x.from == u && x.to == v) || (x.from == v && x.to == u);
            });
            REQUIRE(e != spec.edges.end());
            length += e->length_m;
            crossings += e->crossings;
        }
        CHECK(length == Approx(forward.length_m).epsilon(1e-12));
        CHECK(forward.crossings == crossings);
        // Asked again, and by a network that never searched before: the same answer.
        CHECK(net.distance_m(a, b) == forward.length_m);
        CHECK(model::GroundNetwork(spec, frame).distance_m(a, b) == forward.length_m);
    }
}
