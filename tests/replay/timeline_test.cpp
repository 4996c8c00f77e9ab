// Timelines: filters return exactly the events that name a vehicle, an order, a window or an
// incident's neighbourhood, checked against the trace and the flight tables.

#include <algorithm>

#include <catch2/catch.hpp>

#include <lastmile/model/run.hpp>
#include <lastmile/replay/timeline.hpp>
#include <lastmile/scenario/loader.hpp>

using namespace lastmile;

namespace {

const output::RunRecords& traced_safety_case() {
    static const output::RunRecords records = [] {
        const auto spec =
            scenario::load_scenario_file(LASTMILE_SOURCE_DIR "/scenarios/safety-case.yaml");
        output::MemoryRecorder recorder;
        model::RunOptions options;
        options.trace = true;
        model::simulate(spec, options, recorder);
        return recorder.take();
    }();
    return records;
}

std::size_t count_kind(const output::RunRecords& r, const replay::Timeline& t,
                       const std::string& kind) {
    return static_cast<std::size_t>(std::count_if(t.events.begin(), t.events.end(), [&](auto i) {
        return r.trace.kinds[r.trace.events[i].kind].name == kind;
    }));
}

}  // namespace

TEST_CASE("clock times read as h:mm:ss.mmm, with days past 24 h", "[replay][timeline]") {
    CHECK(replay::clock_time(0) == "00:00:00.000");
    CHECK(replay::clock_time(3723.25) == "01:02:03.250");
    CHECK(replay::clock_time(90000) == "1d 01:00:00.000");
}

TEST_CASE("a vehicle's timeline has every event of it, and its flights' encounters",
          "[replay][timeline]") {
    const auto& r = traced_safety_case();
    REQUIRE_FALSE(r.trace.empty());
    for (const std::uint64_t vehicle : {0u, 3u, 10u}) {
        INFO("vehicle " << vehicle);
        replay::TimelineFilter f;
        f.vehicle = vehicle;
        const auto t = replay::select(r, f);
        // Against the flight table: one load per flight it finished (a flight still in the
        // air at the horizon has no row yet).
        std::size_t flights = 0;
        double last_landing_s = 0;
        for (const auto& row : r.flights) {
            if (row.vehicle == vehicle && row.leg == 1) {
                ++flights;
                last_landing_s = std::max(last_landing_s, row.end_s);
            }
        }
        CHECK(flights > 0);
        const auto loads = std::count_if(t.events.begin(), t.events.end(), [&](auto i) {
            const auto& e = r.trace.events[i];
            return r.trace.kinds[e.kind].name == "vehicle.load" && e.time_s < last_landing_s;
        });
        CHECK(static_cast<std::size_t>(loads) == flights);
        // Against the trace: exactly the events whose vehicle id is this one.
        std::size_t direct = 0;
        for (const auto& e : r.trace.events) {
            const auto& kind = r.trace.kinds[e.kind];
            if ((kind.subject == "vehicle" && e.subject == vehicle) ||
                (kind.object == "vehicle" && e.object == vehicle)) {
                ++direct;
            }
        }
        CHECK(t.events.size() - count_kind(r, t, "safety.encounter") == direct);
    }
}

TEST_CASE("an order's timeline runs from loading to the end of its flight", "[replay][timeline]") {
    const auto& r = traced_safety_case();
    const auto& out = *std::find_if(r.flights.begin(), r.flights.end(), [](const auto& f) {
        return f.leg == 0 && f.contingency.empty();
    });
    const auto& back = *std::find_if(r.flights.begin(), r.flights.end(), [&](const auto& f) {
        return f.flight == out.flight && f.leg == 1;
    });
    replay::TimelineFilter f;
    f.order = out.order;
    const auto t = replay::select(r, f);
    REQUIRE(t.events.size() > 3);
    CHECK(count_kind(r, t, "vehicle.load") == 1);
    CHECK(r.trace.events[t.events.front()].time_s <= out.start_s);
    CHECK(r.trace.events[t.events.back()].time_s == Approx(back.end_s).margin(1e-9));
    for (const auto i : t.events) {
        const auto& e = r.trace.events[i];
        CHECK((e.object == out.order || r.trace.kinds[e.kind].name == "safety.encounter"));
    }
}

TEST_CASE("a time window holds exactly the events inside it", "[replay][timeline]") {
    const auto& r = traced_safety_case();
    replay::TimelineFilter f;
    f.from_s = 3600;
    f.to_s = 5400;
    const auto t = replay::select(r, f);
    const auto& ev = r.trace.events;
    const auto first = std::lower_bound(ev.begin(), ev.end(), 3600.0,
                                        [](const auto& e, double s) { return e.time_s < s; });
    const auto last = std::upper_bound(ev.begin(), ev.end(), 5400.0,
                                       [](double s, const auto& e) { return s < e.time_s; });
    CHECK(t.events.size() == static_cast<std::size_t>(last - first));
    CHECK(t.events.front() == static_cast<std::size_t>(first - ev.begin()));
}

TEST_CASE("an incident's window is centred on it and names it", "[replay][timeline]") {
    const auto& r = traced_safety_case();
    REQUIRE_FALSE(r.safety.empty());
    const std::size_t k = r.safety.size() - 1;
    const auto f = replay::incident_window(r, k, 30);
    CHECK(*f.from_s == r.safety[k].time_s - 30);
    const auto t = replay::select(r, f);
    CHECK(std::find(t.safety.begin(), t.safety.end(), k) != t.safety.end());
    for (const auto i : t.events) {
        CHECK(r.trace.events[i].time_s >= *f.from_s);
        CHECK(r.trace.events[i].time_s <= *f.to_s);
    }
    const std::string text = replay::format_timeline(r, t);
    CHECK_THAT(text,
               Catch::Contains("!! safety event " + std::to_string(k) + ": " + r.safety[k].type));
    CHECK_THROWS_AS(replay::incident_window(r, r.safety.size(), 30), std::out_of_range);
    CHECK_THROWS_WITH(replay::incident_window(output::RunRecords{}, 0, 30),
                      Catch::Contains("the run has no safety events"));
}
