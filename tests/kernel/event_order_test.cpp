#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <lastmile/kernel/simulation.hpp>

#include "kernel/test_simulation.hpp"

using namespace lastmile::kernel;

TEST_CASE("events run in time order regardless of scheduling order", "[kernel][order]") {
    TestSimulation sim;
    const auto k = sim.kind("test");
    std::vector<Tick> seen;
    for (Tick t : {50, 10, 40, 20, 30}) {
        sim.schedule_at(t, {k}, [&seen, &sim] { seen.push_back(sim.now()); });
    }
    sim.run();
    CHECK(seen == std::vector<Tick>{10, 20, 30, 40, 50});
    CHECK(sim.now() == 50);
    CHECK(sim.events_processed() == 5);
}

TEST_CASE("ties at the same tick run first in priority order, then FIFO", "[kernel][order]") {
    TestSimulation sim;
    const auto k = sim.kind("test");
    std::string order;
    sim.schedule_at(5, {k}, [&] { order += 'a'; });
    sim.schedule_at(
        5, {k}, [&] { order += 'b'; }, Priority{1});
    sim.schedule_at(5, {k}, [&] { order += 'c'; });
    sim.schedule_at(
        5, {k}, [&] { order += 'd'; }, Priority{-1});
    sim.schedule_at(5, {k}, [&] { order += 'e'; });
    sim.run();
    CHECK(order == "daceb");
}

TEST_CASE("an event scheduled at the current time from a handler runs after earlier ties",
          "[kernel][order]") {
    TestSimulation sim;
    const auto k = sim.kind("test");
    std::string order;
    sim.schedule_at(1, {k}, [&] {
        order += 'a';
        sim.schedule_in(0, {k}, [&] { order += 'c'; });
    });
    sim.schedule_at(1, {k}, [&] { order += 'b'; });
    sim.run();
    CHECK(order == "abc");
}

TEST_CASE("FIFO ties survive many interleaved insertions", "[kernel][order]") {
    // A heap that is not stable would reorder equal-time events; insertion order must hold.
    TestSimulation sim;
    const auto k = sim.kind("test");
    std::vector<int> seen;
    for (int i = 0; i < 2000; ++i) {
        sim.schedule_at(i % 7, {k}, [&seen, i] { seen.push_back(i); });
    }
    sim.run();
    REQUIRE(seen.size() == 2000);
    for (std::size_t j = 1; j < seen.size(); ++j) {
        const int a = seen[j - 1];
        const int b = seen[j];
        INFO("positions " << j - 1 << "," << j << " hold " << a << "," << b);
        CHECK((a % 7 < b % 7 || (a % 7 == b % 7 && a < b)));
    }
}

TEST_CASE("scheduling into the past is refused", "[kernel][order]") {
    TestSimulation sim;
    const auto k = sim.kind("test");
    sim.schedule_at(10, {k}, [] {});
    sim.run();
    CHECK_THROWS_AS(sim.schedule_at(5, {k}, [] {}), std::invalid_argument);
    CHECK_THROWS_AS(sim.schedule_in(-1, {k}, [] {}), std::invalid_argument);
}

TEST_CASE("run_until processes events up to and including the limit, then advances the clock",
          "[kernel][run]") {
    TestSimulation sim;
    const auto k = sim.kind("test");
    int count = 0;
    for (Tick t : {10, 20, 30}) {
        sim.schedule_at(t, {k}, [&] { ++count; });
    }
    sim.run_until(20);
    CHECK(count == 2);
    CHECK(sim.now() == 20);
    sim.run_until(25);
    CHECK(count == 2);
    CHECK(sim.now() == 25);
    CHECK(sim.pending() == 1);
    sim.run();
    CHECK(count == 3);
}

TEST_CASE("stop returns from run after the current event", "[kernel][run]") {
    TestSimulation sim;
    const auto k = sim.kind("test");
    int count = 0;
    for (Tick t = 1; t <= 10; ++t) {
        sim.schedule_at(t, {k}, [&] {
            if (++count == 4) {
                sim.stop();
            }
        });
    }
    sim.run();
    CHECK(count == 4);
    CHECK(sim.now() == 4);
    sim.run();  // resumes where it stopped
    CHECK(count == 10);
}

TEST_CASE("two simulations in one process do not share state", "[kernel][run]") {
    TestSimulation a(RandomStreams(1, 0));
    TestSimulation b(RandomStreams(1, 0));
    const auto ka = a.kind("x");
    const auto kb = b.kind("x");
    int in_a = 0;
    int in_b = 0;
    a.schedule_at(3, {ka}, [&] { ++in_a; });
    b.schedule_at(7, {kb}, [&] { ++in_b; });
    a.run();
    CHECK(in_a == 1);
    CHECK(in_b == 0);
    CHECK(a.now() == 3);
    CHECK(b.now() == 0);
    b.run();
    CHECK(in_b == 1);
    CHECK(a.digest().value() != b.digest().value());
}

TEST_CASE("tick conversions round to the nearest millisecond and reject non-finite values",
          "[kernel][time]") {
    CHECK(kTicksPerSecond == 1000);
    CHECK(ticks_from_seconds(1.5) == 1500);
    CHECK(ticks_from_seconds(0.0004) == 0);
    CHECK(ticks_from_seconds(0.0005) == 1);
    CHECK(seconds_from_ticks(2500) == 2.5);
    CHECK_THROWS_AS(ticks_from_seconds(std::numeric_limits<double>::quiet_NaN()),
                    std::domain_error);
    CHECK_THROWS_AS(ticks_from_seconds(1e300), std::domain_error);
}
