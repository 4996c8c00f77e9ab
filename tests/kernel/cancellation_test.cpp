#include <memory>
#include <stdexcept>

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

TEST_CASE("what a callback captured is freed when it runs, is cancelled, or never runs",
          "[kernel][cancel]") {
    // A shared_ptr is neither small enough to share the event's line nor trivially copyable:
    // its callback is boxed, and each way an event ends must release it exactly once.
    const auto token = std::make_shared<int>(7);
    int seen = 0;
    {
        TestSimulation sim;
        const auto k = sim.kind("test");
        sim.schedule_at(1, {k}, [token, &seen] { seen += *token; });
        const auto cancelled = sim.schedule_at(2, {k}, [token, &seen] { seen += 100; });
        sim.schedule_at(50, {k}, [token, &seen] { seen += 1000; });  // never reached
        CHECK(token.use_count() == 4);
        CHECK(sim.cancel(cancelled));
        CHECK(token.use_count() == 3);
        sim.run_until(10);
        CHECK(seen == 7);
        CHECK(token.use_count() == 2);  // the one still pending
    }
    CHECK(token.use_count() == 1);  // freed with the simulation
    CHECK(seen == 7);
}

TEST_CASE("a callback that throws frees what it captured and stops the run", "[kernel][cancel]") {
    const auto token = std::make_shared<int>(1);
    TestSimulation sim;
    const auto k = sim.kind("test");
    sim.schedule_at(1, {k}, [token] { throw std::runtime_error("boom"); });
    CHECK_THROWS_WITH(sim.run(), "boom");
    CHECK(token.use_count() == 1);
}
