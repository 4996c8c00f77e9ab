// End-to-end tests of the `lastmile` binary: arguments in, exit codes, messages and files out.

#include <array>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>

#include <catch2/catch.hpp>

#include <lastmile/output/run_file.hpp>

#include "cli/cli_support.hpp"
#include "support/economics_scenario.hpp"

namespace fs = std::filesystem;

namespace {

using lastmile::testing::Result;
using lastmile::testing::run_lastmile;
using lastmile::testing::Scratch;

const std::string kQuickstart = LASTMILE_SOURCE_DIR "/scenarios/quickstart.yaml";

}  // namespace

TEST_CASE("run twice with the same seed gives identical digests and orders", "[cli][run]") {
    Scratch s;
    const auto a = run_lastmile("run '" + kQuickstart + "' -o '" + s.path("q.h5") + "'");
    REQUIRE(a.exit_code == 0);
    CHECK_THAT(a.out, Catch::Contains("digest"));
    const auto b = run_lastmile("run '" + kQuickstart + "' -o '" + s.path("q2.h5") + "' --quiet");
    REQUIRE(b.exit_code == 0);
    CHECK(b.out.empty());

    const auto first = lastmile::output::read_run_file(s.path("q.h5"));
    const auto second = lastmile::output::read_run_file(s.path("q2.h5"));
    CHECK(first.provenance.event_digest == second.provenance.event_digest);
    CHECK(first.provenance.events_processed == second.provenance.events_processed);
    REQUIRE(first.records.orders.size() == second.records.orders.size());
    CHECK(first.records.orders.size() > 100);
    for (std::size_t i = 0; i < first.records.orders.size(); ++i) {
        const auto& x = first.records.orders[i];
        const auto& y = second.records.orders[i];
        CHECK(std::memcmp(&x.created_s, &y.created_s, sizeof(double)) == 0);
        CHECK(std::memcmp(&x.delivered_s, &y.delivered_s, sizeof(double)) == 0);
        CHECK(x.vehicle == y.vehicle);
        CHECK(x.status == y.status);
        CHECK(x.energy_wh == y.energy_wh);
    }
    // The summary's digest is the file's.
    CHECK_THAT(a.out, Catch::Contains(first.provenance.event_digest));

    const auto c =
        run_lastmile("run '" + kQuickstart + "' -o '" + s.path("q3.h5") + "' --seed 7 -q");
    REQUIRE(c.exit_code == 0);
    const auto third = lastmile::output::read_run_file(s.path("q3.h5"));
    CHECK(third.provenance.seed == 7);
    CHECK(third.provenance.event_digest != first.provenance.event_digest);
}

TEST_CASE("the results file carries provenance and the scenario verbatim", "[cli][run]") {
    Scratch s;
    REQUIRE(run_lastmile("run '" + kQuickstart + "' -o '" + s.path("q.h5") + "' -q").exit_code ==
            0);
    const auto file = lastmile::output::read_run_file(s.path("q.h5"));
    std::ifstream in(kQuickstart);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(file.provenance.scenario_text == text);
    CHECK(file.provenance.scenario_name == "quickstart");
    CHECK(file.provenance.seed == 20261125);
    CHECK(file.provenance.git_sha.size() >= 7);
    CHECK(file.provenance.created_utc.size() == 20);
    CHECK(file.provenance.event_digest.size() == 16);
}

TEST_CASE("the default output file is named after the scenario", "[cli][run]") {
    Scratch s;
    const std::string scenario = s.write("mytown.yaml", lastmile::testing::tiny_scenario());
    const auto r = run_lastmile("run -q '" + scenario + "'");
    REQUIRE(r.exit_code == 0);
    // Written to the current directory: move it out of the way.
    REQUIRE(fs::exists("mytown.h5"));
    fs::remove("mytown.h5");
}

TEST_CASE("the city scenario runs end to end with drones and robots", "[cli][run]") {
    Scratch s;
    const auto r =
        run_lastmile("run '" LASTMILE_SOURCE_DIR "/scenarios/city-mixed-fleet.yaml' -o '" +
                     s.path("city.h5") + "'");
    REQUIRE(r.exit_code == 0);
    const auto file = lastmile::output::read_run_file(s.path("city.h5"));
    CHECK(file.records.find_metric("orders_delivered_by_drone")->value > 100);
    CHECK(file.records.find_metric("orders_delivered_by_robot")->value > 100);
    CHECK(file.records.vehicles.size() == 92);
    CHECK(file.records.fleet_samples.size() == 24 * 12 + 1);
    CHECK_FALSE(file.records.trips.empty());
    CHECK_FALSE(file.records.flights.empty());
}

TEST_CASE("the airspace scenarios run end to end and report safety", "[cli][run]") {
    Scratch s;
    for (const char* name : {"bvlos-corridors", "safety-case"}) {
        INFO(name);
        const std::string out = s.path(std::string(name) + ".h5");
        const auto r = run_lastmile("run '" LASTMILE_SOURCE_DIR "/scenarios/" + std::string(name) +
                                    ".yaml' -o '" + out + "'");
        REQUIRE(r.exit_code == 0);
        const auto file = lastmile::output::read_run_file(out);
        CHECK(file.records.find_metric("orders_delivered_by_drone")->value > 500);
        CHECK(file.records.find_metric("flight_hours")->value > 100);
        CHECK(file.records.segments.size() == 288);  // 9 x 9 grid, both directions
        CHECK_FALSE(file.records.flight_segments.empty());
        CHECK(file.records.find_metric("flights_delayed")->value > 0);
    }
    const auto file = lastmile::output::read_run_file(s.path("safety-case.h5"));
    CHECK(file.records.find_metric("safety_lost_link")->value >= 1);
    CHECK(file.records.safety.size() ==
          static_cast<std::size_t>(file.records.find_metric("safety_loss_of_separation")->value +
                                   file.records.find_metric("safety_nmac")->value +
                                   file.records.find_metric("safety_lost_link")->value +
                                   file.records.find_metric("safety_nonconformance")->value +
                                   file.records.find_metric("safety_flight_failure")->value +
                                   file.records.find_metric("safety_geofence_incursion")->value +
                                   file.records.find_metric("safety_geofence_contingency")->value +
                                   file.records.find_metric("safety_reserve_divert")->value));
}

TEST_CASE("a run with economics prints both costs per delivery and the break-even fees",
          "[cli][run][economics]") {
    Scratch s;
    const std::string out = s.path("raas.h5");
    const auto r =
        run_lastmile("run '" LASTMILE_SOURCE_DIR "/scenarios/raas-vs-owned.yaml' -o '" + out + "'");
    INFO(r.out);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Matches("(.|\\n)*economics  per delivery: owned [0-9.]+ USD · RaaS "
                                     "[0-9.]+ USD(.|\\n)*"));
    CHECK_THAT(r.out, Catch::Contains("break-even RaaS fee for quad-2.5kg:"));
    CHECK_THAT(r.out, Catch::Contains("break-even RaaS fee for rover-3:"));
    const auto file = lastmile::output::read_run_file(out);
    const auto& e = file.records.economics;
    REQUIRE(e.summary.size() == 2);
    CHECK(e.break_even_fees.size() == 2);
    CHECK_FALSE(e.sensitivity.empty());
    CHECK(e.parameters.front().source.size() > 24);  // long texts survive the file
    CHECK(file.records.find_metric("econ_owned_cost_per_delivery_usd")->value > 0);
}

TEST_CASE("validate accepts a good scenario", "[cli][validate]") {
    const auto r = run_lastmile("validate '" + kQuickstart + "'");
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("ok"));
}

TEST_CASE("validate and run reject bad scenarios with exit 2 and a located message",
          "[cli][validate]") {
    using lastmile::testing::tiny_scenario_with;
    struct Case {
        const char* name;
        std::string text;
        std::string location;
        std::string message;
    };
    const std::vector<Case> cases{
        {"wrong type", tiny_scenario_with(9, "    pads: many"),
         ":9:11: error: depots[0].pads:", "found 'many'"},
        {"misspelled key", tiny_scenario_with(29, "    cuont: 2"),
         ":29:5: error: fleets[0].cuont:", "did you mean 'count'?"},
        {"missing key", tiny_scenario_with(17, ""),
         ":13:5: error: drone_types[0]:", "missing required key 'cruise_speed'"},
        {"negative battery",
         tiny_scenario_with(15, "    battery: {capacity: \"-400 Wh\", reserve: 20 %}"),
         ":15:25: error: drone_types[0].battery.capacity:",
         "from 1 Wh to 1000 kWh, found '-400 Wh'"},
        {"bad unit", tiny_scenario_with(17, "    cruise_speed: \"15 m/h\""),
         ":17:23: error: drone_types[0].cruise_speed:", "unknown unit 'm/h'"},
        {"unknown vehicle type", tiny_scenario_with(27, "    type: qq"),
         ":27:11: error: fleets[0].type:", "no vehicle type with id 'qq'"},
        {"drones without chargers", tiny_scenario_with(10, "    chargers: {count: 0, power: 1 kW}"),
         ":28:12: error: fleets[0].depot:", "neither chargers nor battery swap"},
        {"negative price",
         lastmile::testing::tiny_with_economics(R"(unit_price: "20000 USD")",
                                                R"(unit_price: "-20000 USD")"),
         ":45:21: error: economics.vehicles[0].owned.unit_price:", "found '-20000 USD'"},
    };
    Scratch s;
    for (const auto& c : cases) {
        INFO(c.name);
        const std::string file = s.write("bad.yaml", c.text);
        for (const char* command : {"validate", "run -q"}) {
            INFO(command);
            const auto r = run_lastmile(std::string(command) + " '" + file + "'");
            INFO(r.out);
            CHECK(r.exit_code == 2);
            CHECK_THAT(r.out, Catch::StartsWith(file + c.location));
            CHECK_THAT(r.out, Catch::Contains(c.message));
            CHECK_THAT(r.out, Catch::Contains("^"));
        }
        CHECK_FALSE(fs::exists("bad.h5"));  // nothing written for bad input
    }
}

TEST_CASE("a missing scenario file is bad input", "[cli][validate]") {
    const auto r = run_lastmile("validate /nonexistent/scenario.yaml");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.out, Catch::Contains("/nonexistent/scenario.yaml"));
    CHECK(run_lastmile("run -q /nonexistent/scenario.yaml").exit_code == 2);
}

TEST_CASE("usage errors exit 2 and help exits 0", "[cli][usage]") {
    CHECK(run_lastmile("").exit_code == 2);
    CHECK(run_lastmile("frobnicate").exit_code == 2);
    CHECK(run_lastmile("run").exit_code == 2);
    CHECK(run_lastmile("run '" + kQuickstart + "' --seed -4").exit_code == 2);
    CHECK(run_lastmile("run '" + kQuickstart + "' --no-such-option").exit_code == 2);

    const auto help = run_lastmile("--help");
    CHECK(help.exit_code == 0);
    CHECK_THAT(help.out, Catch::Contains("run"));
    CHECK_THAT(help.out, Catch::Contains("validate"));
    CHECK_THAT(help.out, Catch::Contains("sweep"));
    CHECK_THAT(help.out, Catch::Contains("replay"));
    CHECK_THAT(help.out, Catch::Contains("safety-case"));
    CHECK_THAT(help.out, Catch::Contains("export"));
    CHECK(run_lastmile("replay --help").exit_code == 0);
    CHECK(run_lastmile("safety-case --help").exit_code == 0);
    CHECK(run_lastmile("export --help").exit_code == 0);
    CHECK(run_lastmile("run --help").exit_code == 0);
    CHECK(run_lastmile("sweep --help").exit_code == 0);
    CHECK(run_lastmile("sweep").exit_code == 2);
    CHECK(run_lastmile("validate --help").exit_code == 0);
}

TEST_CASE("replay --verify: 0 identical, 1 different, 2 unreadable", "[cli][replay]") {
    Scratch s;
    const std::string out = s.path("q.h5");
    REQUIRE(run_lastmile("run -q '" + kQuickstart + "' -o '" + out + "'").exit_code == 0);
    const auto same = run_lastmile("replay '" + out + "' --verify");
    INFO(same.out);
    CHECK(same.exit_code == 0);
    CHECK_THAT(same.out, Catch::StartsWith("identical  digest 826ab6dc7b08879a"));
    // Cut short, or not HDF5 at all: unreadable.
    {
        std::ifstream in(out, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), {});
        std::ofstream(s.path("cut.h5"), std::ios::binary) << bytes.substr(0, bytes.size() / 3);
    }
    CHECK(run_lastmile("replay '" + s.path("cut.h5") + "' --verify").exit_code == 2);
    CHECK(run_lastmile("replay '" + kQuickstart + "' --verify").exit_code == 2);
    CHECK(run_lastmile("replay '" + out + "'").exit_code == 2);  // --verify or --timeline
}

TEST_CASE("a results file that cannot be written fails the run with exit 1", "[cli][run]") {
    const auto r = run_lastmile("run -q '" + kQuickstart + "' -o /nonexistent/dir/q.h5");
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.out, Catch::Contains("cannot write results file /nonexistent/dir/q.h5"));
}

TEST_CASE("no progress bar is drawn when stdout is not a terminal", "[cli][run]") {
    Scratch s;
    const auto r = run_lastmile("run '" + kQuickstart + "' -o '" + s.path("q.h5") + "'");
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find('\r') == std::string::npos);
    CHECK(r.out.find('#') == std::string::npos);
}
