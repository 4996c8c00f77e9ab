#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <lastmile/kernel/mailbox.hpp>
#include <lastmile/kernel/simulation.hpp>

#include "kernel/test_simulation.hpp"

using namespace lastmile::kernel;

TEST_CASE("a process advances simulated time with timeouts", "[kernel][process]") {
    TestSimulation sim;
    std::vector<Tick> stamps;
    auto proc = [&]() -> Process {
        const auto k = sim.kind("p");
        stamps.push_back(sim.now());
        co_await sim.timeout(7, {k});
        stamps.push_back(sim.now());
        co_await sim.timeout(3, {k});
        stamps.push_back(sim.now());
    };
    sim.spawn(proc(), {});
    CHECK(stamps.empty());  // nothing runs before the simulation does
    sim.run();
    CHECK(stamps == std::vector<Tick>{0, 7, 10});
}

TEST_CASE("an exception thrown inside a process surfaces from run", "[kernel][process]") {
    TestSimulation sim;
    int after = 0;
    auto proc = [&]() -> Process {
        co_await sim.timeout(5, {sim.kind("p")});
        throw std::runtime_error("motor failure in process");
    };
    sim.spawn(proc(), {});
    sim.schedule_at(100, {sim.kind("later")}, [&] { ++after; });
    CHECK_THROWS_WITH(sim.run(), "motor failure in process");
    CHECK(sim.now() == 5);
    CHECK(after == 0);  // the run stopped at the failing event
}

TEST_CASE("an exception thrown before the first suspension also surfaces", "[kernel][process]") {
    TestSimulation sim;
    auto proc = []() -> Process {
        throw std::logic_error("bad start");
        co_return;
    };
    sim.spawn(proc(), {});
    CHECK_THROWS_AS(sim.run(), std::logic_error);
}

TEST_CASE("a process that is never spawned never runs", "[kernel][process]") {
    bool ran = false;
    {
        auto proc = [&]() -> Process {
            ran = true;
            co_return;
        };
        Process p = proc();
    }
    CHECK_FALSE(ran);
}

TEST_CASE("a mailbox hands messages to its receiver in order", "[kernel][process][mailbox]") {
    TestSimulation sim;
    Mailbox<int> box(sim, {sim.kind("mail")});
    std::vector<std::pair<Tick, int>> got;
    auto receiver = [&]() -> Process {
        for (int i = 0; i < 3; ++i) {
            const int m = co_await box.receive();
            got.emplace_back(sim.now(), m);
        }
    };
    sim.spawn(receiver(), {});
    const auto k = sim.kind("send");
    sim.schedule_at(5, {k}, [&] { box.send(1); });
    sim.schedule_at(9, {k}, [&] {
        box.send(2);
        box.send(3);
    });
    sim.run();
    CHECK(got == std::vector<std::pair<Tick, int>>{{5, 1}, {9, 2}, {9, 3}});
}

TEST_CASE("many processes run side by side with reproducible interleaving", "[kernel][process]") {
    auto trace = [] {
        TestSimulation sim;
        std::string out;
        auto proc = [&](char name, Tick step) -> Process {
            for (int i = 0; i < 3; ++i) {
                co_await sim.timeout(step, {sim.kind("p")});
                out += name;
            }
        };
        sim.spawn(proc('a', 2), {});
        sim.spawn(proc('b', 3), {});
        sim.spawn(proc('c', 2), {});
        sim.run();
        return out;
    };
    // t=2: a c; t=3: b; t=4: a c; t=6: b a c (b's wake-up was scheduled first, at t=3); t=9: b
    CHECK(trace() == "acbacbacb");
    CHECK(trace() == trace());
}

TEST_CASE("a mailbox refuses a second receiver instead of losing a message",
          "[kernel][process][mailbox]") {
    TestSimulation sim;
    Mailbox<int> box(sim, {sim.kind("mail")});
    auto receiver = [&]() -> Process { (void)co_await box.receive(); };
    sim.spawn(receiver(), {});
    sim.spawn(receiver(), {});
    CHECK_THROWS_AS(sim.run(), std::logic_error);
}

TEST_CASE("a message sent to a woken receiver is not taken by anyone else",
          "[kernel][process][mailbox]") {
    TestSimulation sim;
    Mailbox<int> box(sim, {sim.kind("mail")});
    std::vector<int> got;
    auto receiver = [&]() -> Process {
        for (int i = 0; i < 2; ++i) {
            got.push_back(co_await box.receive());
        }
    };
    sim.spawn(receiver(), {});
    sim.schedule_at(5, {sim.kind("send")}, [&] {
        box.send(1);
        box.send(2);  // the receiver is already being woken: no second wake-up
    });
    sim.run();
    CHECK(got == std::vector<int>{1, 2});
}
