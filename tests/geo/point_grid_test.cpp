#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include <lastmile/geo/point_grid.hpp>
#include <lastmile/kernel/random.hpp>

using lastmile::geo::PointGrid;

namespace {

// What nearest() must equal: every point sorted by (distance, index), the first accepted.
std::optional<std::size_t> brute_force(const std::vector<Eigen::Vector2d>& points,
                                       const Eigen::Vector2d& p, const std::vector<bool>& ok,
                                       double max_distance) {
    std::vector<std::pair<double, std::size_t>> all;
    for (std::size_t i = 0; i < points.size(); ++i) {
        all.emplace_back((points[i] - p).norm(), i);
    }
    std::sort(all.begin(), all.end());
    for (const auto& [d, i] : all) {
        if (d > max_distance) {
            return std::nullopt;
        }
        if (ok[i]) {
            return i;
        }
    }
    return std::nullopt;
}

}  // namespace

TEST_CASE("the grid finds what sorting every point by (distance, index) finds", "[geo][grid]") {
    auto rng = lastmile::kernel::RandomStreams(3, 0).stream("point-grid");
    for (int trial = 0; trial < 40; ++trial) {
        // Scattered points, points on a lattice (many exact ties), and repeated points.
        std::vector<Eigen::Vector2d> points;
        const auto n = 1 + rng.below(300);
        for (std::uint64_t i = 0; i < n; ++i) {
            switch (trial % 3) {
                case 0:
                    points.emplace_back(rng.uniform(-5000, 5000), rng.uniform(-2000, 2000));
                    break;
                case 1:
                    points.emplace_back(200.0 * static_cast<double>(rng.below(20)),
                                        200.0 * static_cast<double>(rng.below(20)));
                    break;
                default:
                    points.emplace_back(points.empty() || rng.below(2) == 0
                                            ? Eigen::Vector2d(rng.uniform(0, 100), 0)
                                            : points[rng.below(points.size())]);
            }
        }
        const PointGrid grid(points);
        for (int q = 0; q < 200; ++q) {
            // Queries inside, on lattice points, and far outside the points' extent.
            const Eigen::Vector2d p =
                q % 4 == 0 ? points[rng.below(points.size())]
                           : Eigen::Vector2d(rng.uniform(-20000, 20000), rng.uniform(-9000, 9000));
            std::vector<bool> ok(points.size());
            for (std::size_t i = 0; i < ok.size(); ++i) {
                ok[i] = rng.below(4) != 0;
            }
            const double max_distance =
                q % 3 == 0 ? rng.uniform(0, 3000) : std::numeric_limits<double>::infinity();
            const auto expected = brute_force(points, p, ok, max_distance);
            const auto found = grid.nearest(
                p, [&](std::size_t i) { return ok[i]; }, max_distance);
            REQUIRE(found == expected);
        }
    }
}

TEST_CASE("an empty grid finds nothing", "[geo][grid]") {
    const PointGrid grid(std::vector<Eigen::Vector2d>{});
    CHECK_FALSE(grid.nearest(Eigen::Vector2d(0, 0), [](std::size_t) { return true; }));
}
