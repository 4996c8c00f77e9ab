#include <catch2/catch.hpp>

#include <lastmile/kernel/simulation.hpp>

#include "kernel/test_simulation.hpp"

using namespace lastmile::kernel;

TEST_CASE("a trace holds every processed event in order, with its kind's roles",
          "[kernel][trace]") {
    TestSimulation sim;
    sim.enable_trace();
    const auto takeoff = sim.kind("drone.takeoff", "vehicle", "order");
    const auto tick = sim.kind("tick");
    sim.schedule_at(20, {takeoff, 3, 17}, [] {});
    sim.schedule_at(10, {tick}, [] {});
    const auto cancelled = sim.schedule_at(15, {tick, 9}, [] {});
    sim.schedule_at(20, {tick, 1}, [] {});
    sim.cancel(cancelled);
    sim.run();

    const EventTrace trace = sim.take_trace();
    REQUIRE(trace.events.size() == sim.events_processed());
    REQUIRE(trace.events.size() == 3);  // the cancelled event never ran
    CHECK(trace.kinds[trace.events[0].kind].name == "tick");
    CHECK(trace.events[0].time == 10);
    CHECK(trace.kinds[trace.events[1].kind].name == "drone.takeoff");
    CHECK(trace.events[1].subject == 3);
    CHECK(trace.events[1].object == 17);
    CHECK(trace.kinds[trace.events[1].kind].roles.subject == "vehicle");
    CHECK(trace.kinds[trace.events[1].kind].roles.object == "order");
    CHECK(trace.events[2].subject == 1);  // ties run in scheduling order
    CHECK(sim.take_trace().events.empty());
}

TEST_CASE("tracing is off unless asked for, and does not change the digest", "[kernel][trace]") {
    const auto run = [](bool traced) {
        TestSimulation sim;
        if (traced) {
            sim.enable_trace();
        }
        for (Tick t = 0; t < 100; ++t) {
            sim.schedule_at(t * 7 % 31, {sim.kind("e"), static_cast<std::uint64_t>(t)}, [] {});
        }
        sim.run();
        return std::pair(sim.digest().value(), sim.take_trace().events.size());
    };
    CHECK(run(false).second == 0);
    CHECK(run(true).second == 100);
    CHECK(run(false).first == run(true).first);
}
