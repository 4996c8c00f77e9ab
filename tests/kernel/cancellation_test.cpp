#include <catch2/catch.hpp>

#include <lastmile/kernel/simulation.hpp>

#include "kernel/test_simulation.hpp"

using namespace lastmile::kernel;

TEST_CASE("a cancelled event does not run and is no longer pending", "[kernel][cancel]") {
    TestSimulation sim;
    const auto k = sim.kind("test");
    int ran = 0;
    const auto keep = sim.schedule_at(5, {k}, [&] { ran += 1; });
    const auto drop = sim.schedule_at(6, {k}, [&] { ran += 10; });
    CHECK(sim.is_pending(drop));
    CHECK(sim.cancel(drop));
    CHECK_FALSE(sim.is_pending(drop));
    CHECK(sim.pending() == 1);
    sim.run();
    CHECK(ran == 1);
    CHECK(sim.events_processed() == 1);
    CHECK_FALSE(sim.is_pending(keep));
}

TEST_CASE("cancelling twice, or after the event ran, reports false", "[kernel][cancel]") {
    TestSimulation sim;
    const auto k = sim.kind("test");
    const auto h = sim.schedule_at(1, {k}, [] {});
    const auto g = sim.schedule_at(2, {k}, [] {});
    CHECK(sim.cancel(h));
    CHECK_FALSE(sim.cancel(h));
    sim.run();
    CHECK_FALSE(sim.cancel(g));
    CHECK_FALSE(sim.cancel(EventHandle{}));
}

TEST_CASE("a stale handle never cancels the event that reuses its slot", "[kernel][cancel]") {
    TestSimulation sim;
    const auto k = sim.kind("test");
    const auto first = sim.schedule_at(1, {k}, [] {});
    REQUIRE(sim.cancel(first));
    int ran = 0;
    const auto second = sim.schedule_at(2, {k}, [&] { ++ran; });
    CHECK(second.slot == first.slot);  // the slot was recycled
    CHECK_FALSE(sim.cancel(first));
    sim.run();
    CHECK(ran == 1);
}

TEST_CASE("an event can cancel a later one from its handler", "[kernel][cancel]") {
    TestSimulation sim;
    const auto k = sim.kind("test");
    bool timeout_fired = false;
    const auto timeout = sim.schedule_at(100, {k}, [&] { timeout_fired = true; });
    sim.schedule_at(50, {k}, [&] { sim.cancel(timeout); });
    sim.run();
    CHECK_FALSE(timeout_fired);
    CHECK(sim.now() == 50);
}

TEST_CASE("cancelled events do not enter the digest", "[kernel][cancel][digest]") {
    auto build = [](bool with_cancelled) {
        TestSimulation sim;
        const auto k = sim.kind("test");
        sim.schedule_at(1, {k, 1}, [] {});
        if (with_cancelled) {
            sim.cancel(sim.schedule_at(2, {k, 2}, [] {}));
        }
        sim.schedule_at(3, {k, 3}, [] {});
        sim.run();
        return sim.digest().value();
    };
    CHECK(build(true) == build(false));
}
