// Bad airspace input: each gives one located error.

#include <ctime>
#include <filesystem>
#include <fstream>
#include <optional>
#include <unistd.h>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include <lastmile/scenario/loader.hpp>

#include "support/corridor_scenario.hpp"

using lastmile::scenario::InputError;
using lastmile::testing::corridor_scenario;

namespace fs = std::filesystem;

namespace {

using Edits = std::vector<std::pair<std::string, std::string>>;

/// Loads the corridor scenario with each edit's text replaced (and `extra` airspace keys).
std::optional<InputError> load(const Edits& edits, const std::string& extra = "") {
    const fs::path dir =
        fs::temp_directory_path() / ("lastmile-airspace-errors-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::ofstream(dir / "orders.csv") << "id,time,lat,lon,weight,promise\no1,0,50.01,8.0,1,\n";
    std::string text = corridor_scenario("orders.csv", 1, 1, extra);
    for (const auto& [old_text, new_text] : edits) {
        const auto at = text.find(old_text);
        REQUIRE(at != std::string::npos);
        text.replace(at, old_text.size(), new_text);
    }
    std::ofstream(dir / "s.yaml") << text;
    std::optional<InputError> error;
    try {
        lastmile::scenario::load_scenario_file(dir / "s.yaml");
    } catch (const InputError& e) {
        error = e;
    }
    fs::remove_all(dir);
    return error;
}

InputError error_of(const std::string& from, const std::string& to, const std::string& extra = "") {
    auto e = load(from.empty() ? Edits{} : Edits{{from, to}}, extra);
    REQUIRE(e.has_value());
    return *e;
}

const std::string kFence = R"(  geofences:
    - id: park
      altitude: {min: "0 m", max: "100 m"}
      polygon:
)";

}  // namespace

TEST_CASE("the corridor scenario itself loads", "[scenario][airspace]") {
    CHECK_FALSE(load({}).has_value());
}

TEST_CASE("a segment referencing an unknown node", "[scenario][airspace]") {
    const auto e = error_of("from: W, to: N", "from: W, to: X");
    CHECK(e.where().line > 30);
    CHECK_THAT(e.key_path(), Catch::Contains("airspace.segments"));
    CHECK_THAT(e.what(), Catch::Contains("no corridor node with id 'X'"));
}

TEST_CASE("a corridor graph that leaves a depot unreachable", "[scenario][airspace]") {
    // The ways back removed: nothing leads to the gate any more.
    const auto e =
        load({{"from: N, to: G,", "from: N, to: W,"}, {"from: W, to: G,", "from: G, to: W,"}});
    REQUIRE(e.has_value());
    CHECK_THAT(e->what(), Catch::Contains("unreachable"));
    CHECK_THAT(e->what(), Catch::Contains("depot 'd1'"));
}

TEST_CASE("overlapping altitude bands that cannot be separated", "[scenario][airspace]") {
    // The way back on the same track as the way out, in the same band.
    const auto e = error_of("from: N, to: G, altitude: {min: \"65 m\"",
                            "from: N, to: G, altitude: {min: \"50 m\"");
    CHECK_THAT(e.what(), Catch::Contains("'G-N' and 'N-G' share a track"));
    CHECK_THAT(e.what(), Catch::Contains("cannot be separated"));
}

TEST_CASE("segments that cross away from a waypoint in one band", "[scenario][airspace]") {
    // W-E crosses G-N half way, at an altitude G-N uses.
    const auto e =
        load({{"    - {id: W, location: {lat: 50.005, lon: 7.99}}",
               "    - {id: W, location: {lat: 50.005, lon: 7.99}}\n"
               "    - {id: E, location: {lat: 50.005, lon: 8.01}}"},
              {"  segments:\n",
               "  segments:\n"
               "    - {id: W-E, from: W, to: E, altitude: {min: \"50 m\", max: \"60 m\"}, "
               "half_width: \"10 m\", speed_limit: \"20 m/s\", separation: \"10 s\"}\n"}});
    REQUIRE(e.has_value());
    CHECK_THAT(e->what(), Catch::Contains("'W-E' and 'G-N' overlap away from a waypoint"));
}

TEST_CASE("a large corridor grid is checked without comparing every pair of segments",
          "[scenario][airspace]") {
    // 300 x 300 nodes, 358,800 segments: comparing every pair would take hours. The grid lies
    // beyond the depot's reach, so the load ends, after the separation check, with that error.
    const std::string grid =
        R"(  grid: {center: {lat: 50.5, lon: 8.0}, rows: 300, cols: 300, spacing: "200 m",
         lanes: {east: {min: "40 m", max: "50 m"}, west: {min: "60 m", max: "70 m"},
                 north: {min: "80 m", max: "90 m"}, south: {min: "100 m", max: "110 m"}},
         half_width: "10 m", speed_limit: "15 m/s", separation: "150 m"}
)";
    std::string text = corridor_scenario("orders.csv", 1, 1);
    text = text.substr(0, text.find("airspace:\n") + 10) + grid;
    text.replace(text.find("  orders_csv: orders.csv"), 24,
                 "  zones: [{id: z, rate: \"1 /h\", parcel_weight: \"1 kg\", "
                 "points: [{id: p, location: {lat: 50.01, lon: 8.0}}]}]");
    // CPU time, not wall-clock time, so that a busy machine cannot fail the check: comparing
    // every pair of the 180,000 segments would take hours, the sweep takes seconds.
    const std::clock_t started = std::clock();
    try {
        lastmile::scenario::load_scenario_text(text, "grid.yaml");
        FAIL("accepted a grid out of the depot's reach");
    } catch (const InputError& e) {
        CHECK_THAT(e.message(), Catch::Contains("more than airspace.max_connector"));
    }
    CHECK(static_cast<double>(std::clock() - started) / CLOCKS_PER_SEC < 600.0);
}

TEST_CASE("a geofence polygon that is not closed", "[scenario][airspace]") {
    const auto e = error_of("", "",
                            kFence +
                                "        - {lat: 50.004, lon: 7.998}\n"
                                "        - {lat: 50.004, lon: 8.002}\n"
                                "        - {lat: 50.006, lon: 8.002}\n"
                                "        - {lat: 50.006, lon: 7.998}\n");
    CHECK_THAT(e.what(), Catch::Contains("not closed"));
    CHECK(e.where().column > 0);
}

TEST_CASE("a geofence polygon that intersects itself", "[scenario][airspace]") {
    // A bow tie: the second and fourth edges cross.
    const auto e = error_of("", "",
                            kFence +
                                "        - {lat: 50.004, lon: 7.998}\n"
                                "        - {lat: 50.004, lon: 8.002}\n"
                                "        - {lat: 50.006, lon: 7.998}\n"
                                "        - {lat: 50.006, lon: 8.002}\n"
                                "        - {lat: 50.004, lon: 7.998}\n");
    CHECK_THAT(e.what(), Catch::Contains("intersects itself"));
}

TEST_CASE("an in-trail separation that is neither a time nor a distance", "[scenario][airspace]") {
    const auto e =
        error_of("separation: \"10 s\"}\n    - {id: N-G", "separation: \"10 kg\"}\n    - {id: N-G");
    CHECK_THAT(e.what(), Catch::Contains("time headway"));
}

namespace {

const std::string kRegionSquare =
    "[{lat: 50.004, lon: 7.998}, {lat: 50.004, lon: 8.002}, "
    "{lat: 50.006, lon: 8.002}, {lat: 50.006, lon: 7.998}, "
    "{lat: 50.004, lon: 7.998}]";

std::string wind_regions(const std::string& first_polygon, const std::string& second_id) {
    return R"(  wind:
    changes:
      - {at: "0 s", speed: "2 m/s", from: "270 deg"}
    regions:
      - id: shore
        polygon: )" +
           first_polygon + R"(
        changes: [{at: "0 s", speed: "9 m/s", from: "180 deg"}]
      - id: )" +
           second_id + R"(
        polygon: )" +
           kRegionSquare + R"(
        changes: [{at: "0 s", speed: "9 m/s", from: "180 deg"}]
)";
}

}  // namespace

TEST_CASE("wind regions: an open polygon and a duplicate id", "[scenario][airspace]") {
    SECTION("open polygon") {
        const auto e = error_of("", "",
                                wind_regions("[{lat: 50.004, lon: 7.998}, {lat: 50.004, lon: "
                                             "8.002}, {lat: 50.006, lon: 8.002}]",
                                             "hill"));
        CHECK_THAT(e.what(), Catch::Contains("airspace.wind.regions[0].polygon"));
        CHECK_THAT(e.what(), Catch::Contains("at least 3 corners"));
    }
    SECTION("duplicate id") {
        const auto e = error_of("", "", wind_regions(kRegionSquare, "shore"));
        CHECK_THAT(e.what(), Catch::Contains("duplicate wind region id 'shore'"));
        CHECK(e.where().line > 0);
    }
    SECTION("both well formed: no error") {
        CHECK_FALSE(load({}, wind_regions(kRegionSquare, "hill")).has_value());
    }
}
