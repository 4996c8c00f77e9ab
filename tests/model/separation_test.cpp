// Separation monitoring against the closed-form closest point of approach, checked by brute
// force at every tick.

#include <cmath>

#include <catch2/catch.hpp>

#include <lastmile/model/separation_monitor.hpp>

using namespace lastmile::model;

namespace {

TrajectoryLeg leg(double t0, double t1, Eigen::Vector3d p0, Eigen::Vector3d p1) {
    return TrajectoryLeg{t0, t1, p0, p1, -1, true};
}

/// First and last tick (1 ms) at which both distances are under the minima, found by
/// stepping through time; and the smallest horizontal distance then.
struct Brute {
    double first = NAN;
    double last = NAN;
    double closest = INFINITY;
    double closest_at = NAN;
};

Brute brute_force(const TrajectoryLeg& a, const TrajectoryLeg& b, double h, double v) {
    Brute out;
    const double lo = std::max(a.t0_s, b.t0_s);
    const double hi = std::min(a.t1_s, b.t1_s);
    for (long tick = std::lround(lo * 1000); tick <= std::lround(hi * 1000); ++tick) {
        const double t = tick / 1000.0;
        const Eigen::Vector3d r = a.at(t) - b.at(t);
        const double dh = r.head<2>().norm();
        if (dh < h && std::abs(r.z()) < v) {
            if (std::isnan(out.first)) {
                out.first = t;
            }
            out.last = t;
            if (dh < out.closest) {
                out.closest = dh;
                out.closest_at = t;
            }
        }
    }
    return out;
}

}  // namespace

TEST_CASE("crossing legs: the event matches the analytic closest approach", "[model][safety]") {
    // A flies east at 20 m/s through the origin at t = 50 s; B flies north at 20 m/s and
    // passes the origin at t = 60 s: closest approach at t = 55 s, 100 * sqrt(2) m apart.
    const auto a = leg(0, 100, {-1000, 0, 50}, {1000, 0, 50});
    const auto b = leg(10, 110, {0, -1000, 50}, {0, 1000, 50});
    const double h = 150;
    const double v = 10;
    const auto e = loss_of_separation(a, b, h, v);
    REQUIRE(e);
    CHECK(e->cpa_s == Approx(55).margin(1e-9));
    CHECK(e->horizontal_m == Approx(100 * std::sqrt(2.0)).margin(1e-6));
    CHECK(e->vertical_m == Approx(0).margin(1e-9));
    const Brute ref = brute_force(a, b, h, v);
    CHECK(std::abs(e->start_s - ref.first) <= 1e-3);
    CHECK(std::abs(e->end_s - ref.last) <= 1e-3);
    CHECK(std::abs(e->cpa_s - ref.closest_at) <= 1e-3);
    CHECK(std::abs(e->horizontal_m - ref.closest) <= 1.0);

    SECTION("no event when the minima are not violated") {
        CHECK_FALSE(loss_of_separation(a, b, 100, v));  // 141 m > 100 m
        const auto high = leg(10, 110, {0, -1000, 70}, {0, 1000, 70});
        CHECK_FALSE(loss_of_separation(a, high, h, v));  // 20 m above, minimum 10 m
    }
}

TEST_CASE("opposing legs at a vertical offset: event only under both minima", "[model][safety]") {
    // Head-on on the same track, 8 m apart vertically, closing at 30 m/s: they meet at 50 s.
    const auto a = leg(0, 100, {-1500, 0, 50}, {1500, 0, 50});
    const auto b = leg(0, 100, {1500, 0, 58}, {-1500, 0, 58});
    const auto e = loss_of_separation(a, b, 60, 10);
    REQUIRE(e);
    CHECK(e->start_s == Approx(50 - 60.0 / 60).margin(1e-9));  // 60 m apart at closing 60 m/s
    CHECK(e->end_s == Approx(50 + 1.0).margin(1e-9));
    CHECK(e->cpa_s == Approx(50).margin(1e-9));
    CHECK(e->vertical_m == Approx(8).margin(1e-9));
    const Brute ref = brute_force(a, b, 60, 10);
    CHECK(std::abs(e->start_s - ref.first) <= 1e-3);
    CHECK_FALSE(loss_of_separation(a, b, 60, 8));  // exactly at the vertical minimum
}

TEST_CASE("the monitor reports each encounter once, merged across legs", "[model][safety]") {
    SeparationMonitor monitor(lastmile::scenario::SeparationSpec{150, 10, 30, 5, 100});
    // Flight 1 flies east in two legs meeting at the origin; flight 2 crosses it there.
    std::vector<TrajectoryLeg> one{leg(0, 50, {-1000, 0, 50}, {0, 0, 50}),
                                   leg(50, 100, {0, 0, 50}, {1000, 0, 50})};
    std::vector<TrajectoryLeg> two{leg(0, 100, {0, -1000, 50}, {0, 1000, 50})};
    CHECK(monitor.set_path(1, one).empty());
    const auto found = monitor.set_path(2, two);
    REQUIRE(found.size() == 2);  // one loss of separation, one NMAC
    CHECK(found[0].kind == EncounterKind::loss_of_separation);
    CHECK(found[0].other == 1);
    CHECK(found[0].at.horizontal_m == Approx(0).margin(1e-6));
    CHECK(found[0].at.cpa_s == Approx(50).margin(1e-9));
    // 150 m minimum, closing along both axes at 20 m/s: d(t) = sqrt(2) * 20 * |t - 50|.
    CHECK(found[0].at.start_s == Approx(50 - 150 / (20 * std::sqrt(2.0))).margin(1e-6));
    CHECK(found[1].kind == EncounterKind::nmac);

    SECTION("far away flights are not even compared") {
        const auto before = monitor.pair_checks();
        monitor.set_path(3, {leg(0, 100, {50000, 0, 50}, {52000, 0, 50})});
        CHECK(monitor.pair_checks() == before);
    }
    SECTION("a removed flight has no encounters") {
        monitor.remove(1);
        CHECK(monitor.set_path(2, two).empty());
    }
}
