// `lastmile replay RUN.h5 --timeline`: filters print exactly the events of the trace that
// name a vehicle, an order or a window; a file without a trace is re-simulated for it.

#include <sstream>

#include <catch2/catch.hpp>

#include <lastmile/output/run_file.hpp>

#include "cli/cli_support.hpp"

using namespace lastmile;
using lastmile::testing::run_lastmile;
using lastmile::testing::Scratch;

namespace {

const std::string kSafetyCase = LASTMILE_SOURCE_DIR "/scenarios/safety-case.yaml";

struct Printed {
    std::size_t events = 0;      ///< lines of trace events
    std::size_t safety = 0;      ///< lines of safety events
    std::size_t encounters = 0;  ///< of the events, separation-monitor encounters
};

Printed count_lines(const std::string& out) {
    Printed p;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') {
            continue;
        }
        (line.find("!! safety event") != std::string::npos ? p.safety : p.events)++;
        p.encounters += line.find("safety.encounter") != std::string::npos ? 1 : 0;
    }
    return p;
}

}  // namespace

TEST_CASE("replay --timeline prints exactly the filtered events of the trace", "[cli][replay]") {
    Scratch s;
    const std::string file = s.path("traced.h5");
    REQUIRE(run_lastmile("run -q --trace '" + kSafetyCase + "' -o '" + file + "'").exit_code == 0);
    const auto run = output::read_run_file(file);
    const auto& trace = run.records.trace;
    REQUIRE_FALSE(trace.empty());
    const auto role_is = [&](const output::TraceEventRecord& e, const std::string& role,
                             std::uint64_t id) {
        const auto& k = trace.kinds[e.kind];
        return (k.subject == role && e.subject == id) || (k.object == role && e.object == id);
    };

    SECTION("a vehicle") {
        const auto r = run_lastmile("replay '" + file + "' --timeline --vehicle 10");
        REQUIRE(r.exit_code == 0);
        std::size_t expected = 0;
        for (const auto& e : trace.events) {
            expected += role_is(e, "vehicle", 10) ? 1 : 0;
        }
        const auto printed = count_lines(r.out);
        // Its own events, plus the encounters of its flights (tagged by flight, not vehicle).
        CHECK(printed.events - printed.encounters == expected);
        CHECK_THAT(r.out, Catch::Contains("# " + std::to_string(printed.events) + " events"));
    }
    SECTION("an order") {
        const auto r = run_lastmile("replay '" + file + "' --timeline --order 36");
        REQUIRE(r.exit_code == 0);
        std::size_t expected = 0;
        for (const auto& e : trace.events) {
            expected += role_is(e, "order", 36) ? 1 : 0;
        }
        CHECK(expected > 3);
        CHECK(count_lines(r.out).events == expected);
    }
    SECTION("a window") {
        const auto r = run_lastmile("replay '" + file + "' --timeline --from '1 h' --to 5400");
        REQUIRE(r.exit_code == 0);
        std::size_t expected = 0;
        for (const auto& e : trace.events) {
            expected += e.time_s >= 3600 && e.time_s <= 5400 ? 1 : 0;
        }
        CHECK(count_lines(r.out).events == expected);
    }
    SECTION("an incident") {
        REQUIRE_FALSE(run.records.safety.empty());
        const auto& incident = run.records.safety[0];
        const auto r = run_lastmile("replay '" + file + "' --timeline --incident 0 --margin 30");
        REQUIRE(r.exit_code == 0);
        CHECK_THAT(r.out, Catch::StartsWith("# safety event 0 at "));
        CHECK_THAT(r.out, Catch::Contains("!! safety event 0: " + incident.type));
        std::size_t expected = 0;
        const double end_s = std::isnan(incident.end_s) ? incident.time_s : incident.end_s;
        for (const auto& e : trace.events) {
            expected += e.time_s >= incident.time_s - 30 && e.time_s <= end_s + 30 ? 1 : 0;
        }
        CHECK(count_lines(r.out).events == expected);
        CHECK(run_lastmile("replay '" + file + "' --timeline --incident 100000").exit_code == 2);
    }
    SECTION("a file without a trace is re-simulated for the same timeline") {
        const std::string plain = s.path("plain.h5");
        REQUIRE(run_lastmile("run -q '" + kSafetyCase + "' -o '" + plain + "'").exit_code == 0);
        const auto from_trace = run_lastmile("replay '" + file + "' --timeline --order 36");
        const auto resimulated = run_lastmile("replay '" + plain + "' --timeline --order 36");
        REQUIRE(resimulated.exit_code == 0);
        CHECK_THAT(resimulated.out, Catch::StartsWith("# the file has no trace: re-simulated"));
        CHECK(resimulated.out.substr(resimulated.out.find('\n') + 1) == from_trace.out);
    }
    SECTION("bad filters are usage errors") {
        CHECK(run_lastmile("replay '" + file + "' --timeline --from soon").exit_code == 2);
        CHECK(run_lastmile("replay '" + file + "' --verify --timeline").exit_code == 2);
        CHECK(run_lastmile("replay '" + file + "' --vehicle 3").exit_code == 2);
    }
}
