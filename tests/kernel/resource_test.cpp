#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <lastmile/kernel/resource.hpp>
#include <lastmile/kernel/simulation.hpp>

#include "kernel/test_simulation.hpp"

using namespace lastmile::kernel;

namespace {

struct Log {
    std::vector<std::pair<Tick, std::string>> entries;
    void add(Tick t, std::string what) { entries.emplace_back(t, std::move(what)); }
};

// Arrives at `arrive`, holds one unit of `res` for `hold`, and logs when it got the unit.
Process user(Simulation& sim, Resource& res, Log& log, std::string name, Tick arrive, Tick hold) {
    const auto k = sim.kind("test.user");
    co_await sim.timeout(arrive, {k});
    auto lease = co_await res.acquire();
    log.add(sim.now(), name);
    co_await sim.timeout(hold, {k});
}

}  // namespace

TEST_CASE("a resource serves waiters first come, first served", "[kernel][resource]") {
    TestSimulation sim;
    auto& pads = sim.add_resource("pads", 1);
    Log log;
    sim.spawn(user(sim, pads, log, "a", 0, 10), {});
    sim.spawn(user(sim, pads, log, "b", 1, 10), {});
    sim.spawn(user(sim, pads, log, "c", 2, 10), {});
    sim.spawn(user(sim, pads, log, "d", 3, 10), {});
    sim.run();
    REQUIRE(log.entries.size() == 4);
    CHECK(log.entries[0] == std::pair<Tick, std::string>{0, "a"});
    CHECK(log.entries[1] == std::pair<Tick, std::string>{10, "b"});
    CHECK(log.entries[2] == std::pair<Tick, std::string>{20, "c"});
    CHECK(log.entries[3] == std::pair<Tick, std::string>{30, "d"});
    CHECK(pads.in_use() == 0);
}

TEST_CASE("capacity limits how many hold a resource at once", "[kernel][resource]") {
    TestSimulation sim;
    auto& chargers = sim.add_resource("chargers", 2);
    Log log;
    for (const char* name : {"a", "b", "c", "d", "e"}) {
        sim.spawn(user(sim, chargers, log, name, 0, 10), {});
    }
    sim.run();
    std::vector<Tick> times;
    for (const auto& [t, name] : log.entries) {
        times.push_back(t);
    }
    CHECK(times == std::vector<Tick>{0, 0, 10, 10, 20});
    CHECK(sim.now() == 30);
}

TEST_CASE("a newcomer cannot overtake a waiter when a unit is handed over", "[kernel][resource]") {
    // c arrives at the very tick b's unit is passed on; the unit must go to b, who waited.
    TestSimulation sim;
    auto& pad = sim.add_resource("pad", 1);
    Log log;
    sim.spawn(user(sim, pad, log, "a", 0, 10), {});
    sim.spawn(user(sim, pad, log, "b", 5, 10), {});
    sim.spawn(user(sim, pad, log, "c", 10, 10), {});
    sim.run();
    REQUIRE(log.entries.size() == 3);
    CHECK(log.entries[1].second == "b");
    CHECK(log.entries[2].second == "c");
    CHECK(log.entries[2].first == 20);
}

TEST_CASE("a lease returns its unit when it goes out of scope", "[kernel][resource]") {
    TestSimulation sim;
    auto& res = sim.add_resource("r", 1);
    std::size_t held_inside = 99;
    std::size_t held_after = 99;
    auto proc = [&]() -> Process {
        const auto k = sim.kind("t");
        {
            auto lease = co_await res.acquire();
            held_inside = res.in_use();
            co_await sim.timeout(5, {k});
        }
        held_after = res.in_use();
    };
    sim.spawn(proc(), {});
    sim.run();
    CHECK(held_inside == 1);
    CHECK(held_after == 0);
}

TEST_CASE("an exception inside a process releases its leases", "[kernel][resource]") {
    TestSimulation sim;
    auto& res = sim.add_resource("r", 1);
    auto failing = [&]() -> Process {
        auto lease = co_await res.acquire();
        throw std::runtime_error("boom");
    };
    sim.spawn(failing(), {});
    CHECK_THROWS_WITH(sim.run(), "boom");
    CHECK(res.in_use() == 0);
}

TEST_CASE("resource statistics obey Little's law", "[kernel][resource][stats]") {
    // Deterministic arrivals every 4 ticks, service 10 ticks, one server: a queue builds up.
    TestSimulation sim;
    auto& res = sim.add_resource("r", 1);
    Log log;
    for (int i = 0; i < 20; ++i) {
        sim.spawn(user(sim, res, log, std::to_string(i), 4 * i, 10), {});
    }
    sim.run();
    const auto s = res.stats();
    REQUIRE(s.grants == 20);
    // Customer i starts at 10 i and arrived at 4 i: it waited 6 i ticks.
    Tick expected_wait = 0;
    for (int i = 0; i < 20; ++i) {
        expected_wait += 6 * i;
    }
    CHECK(s.total_wait == expected_wait);
    CHECK(s.max_wait == 6 * 19);
    // L = lambda W over the whole horizon: the queue integral equals the summed waits.
    CHECK(s.queue_tick_integral == Approx(static_cast<double>(expected_wait)));
    CHECK(s.in_use_tick_integral == Approx(200.0));
}

TEST_CASE("destroying a simulation with suspended processes holding leases is safe",
          "[kernel][resource]") {
    auto sim = std::make_unique<TestSimulation>();
    auto& res = sim->add_resource("r", 1);
    Log log;
    sim->spawn(user(*sim, res, log, "a", 0, 1000), {});
    sim->spawn(user(*sim, res, log, "b", 0, 1000), {});
    sim->run_until(10);
    CHECK(res.in_use() == 1);
    CHECK(res.queue_length() == 1);
    sim.reset();  // must neither crash nor leak (checked under sanitizers)
    CHECK(log.entries.size() == 1);
}

TEST_CASE("urgent waiters are served first, and FIFO within a priority", "[kernel][resource]") {
    TestSimulation sim;
    auto& pad = sim.add_resource("pad", 1);
    std::string order;
    auto user_with = [&](char name, Tick arrive, Priority priority) -> Process {
        co_await sim.timeout(arrive, {sim.kind("t")});
        auto lease = co_await pad.acquire(priority);
        order += name;
        co_await sim.timeout(10, {sim.kind("t")});
    };
    sim.spawn(user_with('a', 0, 0), {});  // holds the pad from t=0
    sim.spawn(user_with('b', 1, 0), {});  // departures queue...
    sim.spawn(user_with('c', 2, 0), {});
    sim.spawn(user_with('L', 3, -1), {});  // ...a landing arrives later but goes first
    sim.spawn(user_with('M', 4, -1), {});
    sim.run();
    CHECK(order == "aLMbc");
}

TEST_CASE("cancelling an event whose callback owns a lease hands the unit on safely",
          "[kernel][resource]") {
    TestSimulation sim;
    auto& res = sim.add_resource("r", 1);
    Resource::Lease lease;
    REQUIRE(res.try_acquire(lease));
    auto owned = std::make_shared<Resource::Lease>(std::move(lease));
    // Enough pending events that scheduling from inside cancel() would reallocate storage.
    for (int i = 0; i < 64; ++i) {
        sim.schedule_at(1000 + i, {sim.kind("filler")}, [] {});
    }
    const auto handle = sim.schedule_at(500, {sim.kind("holder")}, [owned] {});
    owned.reset();
    bool waiter_got_it = false;
    auto waiter = [&]() -> Process {
        auto l = co_await res.acquire();
        waiter_got_it = true;
    };
    sim.spawn(waiter(), {});
    sim.run_until(1);
    REQUIRE(res.queue_length() == 1);
    CHECK(sim.cancel(handle));  // destroys the lease: the waiter is granted the unit
    sim.run_until(2);
    CHECK(waiter_got_it);
}

TEST_CASE("destroying a simulation with pending callbacks that own leases is safe",
          "[kernel][resource]") {
    auto sim = std::make_unique<TestSimulation>();
    auto& res = sim->add_resource("r", 1);
    Resource::Lease lease;
    REQUIRE(res.try_acquire(lease));
    auto owned = std::make_shared<Resource::Lease>(std::move(lease));
    sim->schedule_at(100, {sim->kind("holder")}, [owned] {});
    owned.reset();
    sim->run_until(10);
    sim.reset();  // must neither crash nor touch freed memory (checked under sanitizers)
    CHECK_FALSE(sim);
}

namespace {

// Arrives at `arrive`, waits for a unit until `deadline` at the latest, holds it for `hold`.
Process impatient(Simulation& sim, Resource& res, Log& log, std::string name, Tick arrive,
                  Tick deadline, Tick hold) {
    const auto k = sim.kind("test.user");
    co_await sim.timeout(arrive, {k});
    auto lease = co_await res.acquire_before(deadline, {sim.kind("test.renege")});
    log.add(sim.now(), name + (lease.holds() ? "" : " gave up"));
    if (lease.holds()) {
        co_await sim.timeout(hold, {k});
    }
}

}  // namespace

TEST_CASE("a waiter with a deadline gives up then, and the line moves on without it",
          "[kernel][resource]") {
    TestSimulation sim;
    auto& pads = sim.add_resource("pads", 1);
    Log log;
    sim.spawn(user(sim, pads, log, "a", 0, 100), {});
    sim.spawn(impatient(sim, pads, log, "b", 1, 50, 10), {});     // gives up at 50
    sim.spawn(impatient(sim, pads, log, "c", 2, 150, 10), {});    // served at 100
    sim.spawn(user(sim, pads, log, "d", 3, 10), {});              // served at 110
    sim.spawn(impatient(sim, pads, log, "e", 200, 200, 10), {});  // a free unit: served at once
    sim.run();
    using Entry = std::pair<Tick, std::string>;
    CHECK(log.entries ==
          std::vector<Entry>{{0, "a"}, {50, "b gave up"}, {100, "c"}, {110, "d"}, {200, "e"}});
    const auto s = pads.stats();
    CHECK(s.grants == 4);
    CHECK(s.reneged == 1);
    CHECK(s.reneged_wait == 49);
    CHECK(s.total_wait == 98 + 107);
    // Little's law still holds when the waits of those who gave up are counted too.
    CHECK(s.queue_tick_integral == Approx(static_cast<double>(s.total_wait + s.reneged_wait)));
    // The served waiter's give-up event was cancelled: it never ran.
    CHECK(sim.pending() == 0);
    CHECK(pads.in_use() == 0);
}
