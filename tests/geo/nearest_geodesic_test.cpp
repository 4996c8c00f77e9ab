#include <limits>
#include <vector>

#include <catch2/catch.hpp>

#include <lastmile/geo/local_frame.hpp>
#include <lastmile/geo/nearest_geodesic.hpp>
#include <lastmile/kernel/random.hpp>

using namespace lastmile::geo;

TEST_CASE("the nearest point by geodesic is the one computing every geodesic finds",
          "[geo][nearest]") {
    auto rng = lastmile::kernel::RandomStreams(9, 0).stream("nearest-geodesic");
    for (int trial = 0; trial < 20; ++trial) {
        // Points a city apart and points metres apart, some repeated, near the poles too.
        const double lat0 = trial % 5 == 0 ? 89.5 : rng.uniform(-60, 60);
        const double spread = trial % 2 == 0 ? 0.3 : 0.0005;
        std::vector<GeoPoint> points;
        for (int i = 0; i < 200; ++i) {
            points.push_back(i % 7 == 6 ? points[rng.below(points.size())]
                                        : GeoPoint{lat0 + rng.uniform(-spread, spread),
                                                   rng.uniform(-spread, spread), 0});
        }
        const NearestByGeodesic index(points);
        for (int q = 0; q < 50; ++q) {
            const GeoPoint p{lat0 + rng.uniform(-2 * spread, 2 * spread),
                             rng.uniform(-2 * spread, 2 * spread), 0};
            std::size_t best = 0;
            double best_d = std::numeric_limits<double>::infinity();
            for (std::size_t i = 0; i < points.size(); ++i) {
                const double d = geodesic_distance_m(p, points[i]);
                if (d < best_d) {
                    best_d = d;
                    best = i;
                }
            }
            const auto found = index.nearest(p);
            REQUIRE(found.index == best);
            REQUIRE(found.distance_m == best_d);
        }
    }
}
