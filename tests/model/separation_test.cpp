// Separation monitoring against the closed-form closest point of approach, checked by brute
// force at every tick.

#include <cmath>
#include <map>
#include <set>
#include <vector>

#include <catch2/catch.hpp>

#include <lastmile/kernel/random.hpp>
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

TEST_CASE("the monitor finds every pair of flights that every pair of legs would show",
          "[model][safety]") {
    // Many flights criss-crossing a few kilometres at random times and heights, some of them
    // replanned: whatever the monitor's grid and filters leave out, comparing every leg with
    // every leg must not find more.
    const lastmile::scenario::SeparationSpec minima{60, 10, 20, 5, 100};
    SeparationMonitor monitor(minima);
    auto rng = lastmile::kernel::RandomStreams(11, 0).stream("separation-monitor");
    std::map<std::uint64_t, std::vector<TrajectoryLeg>> current;
    std::size_t encounters = 0;
    double now = 0;
    for (std::uint64_t flight = 0; flight < 300; ++flight) {
        now += rng.uniform(0, 5);
        std::vector<TrajectoryLeg> path;
        double t = now + rng.uniform(0, 60);
        Eigen::Vector3d at(rng.uniform(-1500, 1500), rng.uniform(-1500, 1500), rng.uniform(20, 80));
        for (int i = 0; i < 4; ++i) {
            const bool level = rng.below(3) != 0;
            const Eigen::Vector3d to(at.x() + rng.uniform(-1500, 1500),
                                     at.y() + rng.uniform(-1500, 1500),
                                     level ? at.z() : rng.uniform(20, 80));
            const double dt = (to - at).head<2>().norm() / rng.uniform(8, 20) + 1;
            path.push_back(leg(t, t + dt, at, to));
            t += dt;
            at = to;
        }
        // Now and then an earlier flight is replanned instead of a new one added.
        const std::uint64_t id =
            flight > 10 && rng.below(10) == 0 ? flight - 1 - rng.below(10) : flight;
        if (current.count(id) != 0 && rng.below(2) == 0) {
            monitor.remove(id);
            current.erase(id);
            continue;
        }
        const auto found = monitor.set_path(id, path, now);
        current[id] = path;
        std::set<std::pair<std::uint64_t, EncounterKind>> expected;
        for (const auto& [other, legs] : current) {
            if (other == id) {
                continue;
            }
            for (const auto& a : path) {
                for (const auto& b : legs) {
                    const auto los =
                        loss_of_separation(a, b, minima.horizontal_m, minima.vertical_m);
                    if (los && los->start_s >= now) {
                        expected.emplace(other, EncounterKind::loss_of_separation);
                    }
                    const auto nmac =
                        loss_of_separation(a, b, minima.nmac_horizontal_m, minima.nmac_vertical_m);
                    if (nmac && nmac->start_s >= now) {
                        expected.emplace(other, EncounterKind::nmac);
                    }
                }
            }
        }
        std::set<std::pair<std::uint64_t, EncounterKind>> reported;
        for (const auto& e : found) {
            CHECK(e.flight == id);
            if (e.at.end_s >= now) {
                reported.emplace(e.other, e.kind);
            }
        }
        // Everything expected is reported (an encounter under way now may have begun earlier).
        encounters += expected.size();
        for (const auto& pair : expected) {
            INFO("flight " << id << " and " << pair.first);
            CHECK(reported.count(pair) == 1);
        }
    }
    CHECK(encounters > 100);  // the test sees plenty
}

TEST_CASE("legs either side of any line, closer than the minimum, are compared",
          "[model][safety]") {
    // Pairs of parallel legs 40 m apart (minimum 60 m), swept across a kilometre in 7 m
    // steps, so that some pairs straddle every edge of whatever grid the monitor uses; and
    // pairs in altitude bands 12 m apart (minimum 10 m), which never meet.
    SeparationMonitor monitor(lastmile::scenario::SeparationSpec{60, 10, 20, 5, 100});
    std::uint64_t id = 0;
    for (double y = 0; y < 1000; y += 7) {
        const double t = 200 * y;  // each pair in its own time, alone
        CHECK(monitor.set_path(id++, {leg(t, t + 100, {0, y, 50}, {1000, y, 50})}, t).empty());
        const auto found =
            monitor.set_path(id++, {leg(t, t + 100, {1000, y + 40, 55}, {0, y + 40, 55})}, t);
        INFO("at y = " << y);
        CHECK(found.size() == 1);  // a loss of separation, not an NMAC (40 m > 20 m)
        CHECK(monitor.set_path(id++, {leg(t, t + 100, {0, y + 20, 67}, {1000, y + 20, 67})}, t)
                  .empty());
    }
}
