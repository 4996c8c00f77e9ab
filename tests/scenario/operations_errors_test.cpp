// Bad operations input: each gives one located error.

#include <cmath>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <lastmile/scenario/loader.hpp>

#include "support/robot_scenario.hpp"
#include "support/tiny_scenario.hpp"

using lastmile::scenario::InputError;
using lastmile::scenario::load_scenario_file;
using lastmile::scenario::load_scenario_text;
using lastmile::testing::tiny_scenario_with;

namespace fs = std::filesystem;

namespace {

InputError error_of(const std::string& text, const std::string& file = "tiny.yaml") {
    try {
        load_scenario_text(text, file);
    } catch (const InputError& e) {
        return e;
    }
    FAIL("the scenario was accepted");
    throw;  // unreachable
}

/// Writes files into a fresh directory so scenarios can reference them.
struct Folder {
    fs::path dir =
        fs::temp_directory_path() / ("lastmile-ops-errors-" + std::to_string(::getpid()));
    Folder() { fs::create_directories(dir); }
    ~Folder() { fs::remove_all(dir); }
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream(dir / name) << text;
        return (dir / name).string();
    }
};

std::string replace(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("an unknown vehicle type is located with a suggestion", "[scenario][operations]") {
    const auto e = error_of(tiny_scenario_with(27, "    type: qq"));
    CHECK(e.where().line == 27);
    CHECK(e.where().column == 11);
    CHECK_THAT(e.message(), Catch::Contains("no vehicle type with id 'qq' (did you mean 'q'?)"));
}

TEST_CASE("drones at a depot without chargers or battery swap are refused",
          "[scenario][operations]") {
    const auto e = error_of(tiny_scenario_with(10, "    chargers: {count: 0, power: 1 kW}"));
    CHECK(e.where().line == 28);  // the fleet's depot reference
    CHECK(e.where().column == 12);
    CHECK_THAT(e.message(),
               Catch::Contains("depot 'd1' has neither chargers nor battery swap, but fleet 'f1'"));
    // With a swap station instead, it is fine.
    CHECK_NOTHROW(
        load_scenario_text(tiny_scenario_with(10,
                                              "    battery_swap: {stations: 1, swap_time: 60 s, "
                                              "spare_packs: 2, pack_charge_power: 500 W}"),
                           "tiny.yaml"));
}

TEST_CASE("drones need pads and robots need bays, chargers and a network",
          "[scenario][operations]") {
    CHECK_THAT(error_of(tiny_scenario_with(9, "    pads: 0")).message(),
               Catch::Contains("depot 'd1' has no pads, but fleet 'f1' of drones is based there"));
    const std::string robots = lastmile::testing::robot_scenario();
    CHECK_THAT(error_of(replace(robots, "    loading_bays: 1\n", "")).message(),
               Catch::Contains("depot 'd1' has no loading_bays"));
    const auto no_network =
        replace(robots,
                robots.substr(robots.find("ground_network:"),
                              robots.find("demand:") - robots.find("ground_network:")),
                "");
    CHECK_THAT(error_of(no_network).message(), Catch::Contains("needs a ground_network"));
}

TEST_CASE("parcels above every vehicle's payload are a scenario error", "[scenario][operations]") {
    const auto e = error_of(tiny_scenario_with(34, "      parcel_weight: {min: 3 kg, max: 5 kg}"));
    CHECK(e.where().line == 32);  // the zone
    CHECK(e.key_path() == "demand.zones[0].parcel_weight");
    CHECK_THAT(
        e.message(),
        Catch::Contains("weighs at least 3 kg, above every vehicle's payload (largest 2 kg)"));
}

TEST_CASE("a disconnected ground network is located at a node it cannot reach",
          "[scenario][operations]") {
    std::string robots = lastmile::testing::robot_scenario();
    robots = replace(robots, "    - {from: a, to: d}\n", "");
    robots = replace(robots, "    - {from: d, to: c, crossings: 2}\n", "");
    const auto e = error_of(robots, "robots.yaml");
    CHECK(e.where().line == 27);  // node d
    CHECK(e.where().column == 7);
    CHECK_THAT(e.message(),
               Catch::Contains("disconnected: node 'd' cannot be reached from node 'a'"));
}

TEST_CASE("orders CSV files load, and malformed rows are located", "[scenario][operations][csv]") {
    Folder folder;
    const std::string scenario_with_csv = replace(lastmile::testing::tiny_scenario(), "demand:\n",
                                                  "demand:\n  orders_csv: orders.csv\n");
    const auto load_with = [&](const std::string& csv) {
        folder.write("orders.csv", csv);
        return load_scenario_file(folder.write("s.yaml", scenario_with_csv));
    };
    const auto spec = load_with(
        "id,time,lat,lon,weight,promise\n"
        "# a comment\n"
        "o2,90,50.01,8.0,1.5,30 min\n"
        "o1,30 s,50.01,8.0,500 g,\n");
    REQUIRE(spec.demand.trace.size() == 2);
    CHECK(spec.demand.trace[0].id == "o1");  // sorted by time
    CHECK(spec.demand.trace[0].weight_kg == 0.5);
    CHECK(std::isinf(spec.demand.trace[0].promise_s));
    CHECK(spec.demand.trace[1].promise_s == 1800);
    CHECK(spec.demand.trace_text.find("o2,90") != std::string::npos);

    const auto csv_error = [&](const std::string& csv) {
        folder.write("orders.csv", csv);
        try {
            load_scenario_file(folder.write("s.yaml", scenario_with_csv));
        } catch (const InputError& e) {
            return e;
        }
        FAIL("accepted");
        throw;
    };
    auto e = csv_error("id,time,lat,lon,weight,promise\no1,abc,50.01,8.0,1,\n");
    CHECK(e.where().file == (folder.dir / "orders.csv").string());
    CHECK(e.where().line == 2);
    CHECK(e.where().column == 4);
    CHECK(e.key_path() == "time");
    CHECK_THAT(e.message(), Catch::Contains("expected a duration"));

    e = csv_error("id,time,lat,lon,weight,promise\no1,10,50.01,8.0,1\n");
    CHECK(e.where().line == 2);
    CHECK_THAT(e.message(), Catch::Contains("expected 6 columns"));

    e = csv_error("id,time,lat,lon,weight,promise\no1,10,95,8.0,1,\n");
    CHECK(e.where().column == 7);
    CHECK_THAT(e.message(), Catch::Contains("expected a latitude"));

    e = csv_error("id,time,lat,lon,weight,promise\no1,10,50.01,8.0,1,\no1,20,50.01,8.0,1,\n");
    CHECK(e.where().line == 3);
    CHECK_THAT(e.message(), Catch::Contains("duplicate order id 'o1'"));

    e = csv_error("order,time,lat,lon,weight,promise\n");
    CHECK(e.where().line == 1);
    CHECK_THAT(e.message(), Catch::Contains("expected the header"));

    e = csv_error("id,time,lat,lon,weight,promise\no1,10,50.01,8.0,7 kg,\n");
    CHECK(e.where().line == 2);
    CHECK_THAT(e.message(), Catch::Contains("above every vehicle's payload"));

    // Not text: stored in results files as UTF-8, so refused at the byte.
    e = csv_error("id,time,lat,lon,weight,promise\ncaf\xE9,10,50.01,8.0,1,\n");
    CHECK(e.where().file == (folder.dir / "orders.csv").string());
    CHECK(e.where().line == 2);
    CHECK(e.where().column == 4);
    CHECK_THAT(e.message(), Catch::Contains("not UTF-8: the file named by demand.orders_csv"));
    e = csv_error(std::string("id,time,lat,lon,weight,promise\no1,1\0", 36));
    CHECK(e.where().column == 5);
    CHECK_THAT(e.message(), Catch::Contains("NUL byte"));

    // A missing file is located at the key that names it.
    fs::remove(folder.dir / "orders.csv");
    try {
        load_scenario_file(folder.write("s.yaml", scenario_with_csv));
        FAIL("accepted");
    } catch (const InputError& e2) {
        CHECK(e2.where().line == 31);
        CHECK_THAT(e2.message(), Catch::Contains("cannot open"));
    }
}

TEST_CASE("a GeoJSON ground network loads, shares nodes and is located on error",
          "[scenario][operations][geojson]") {
    Folder folder;
    const std::string geojson = R"({
  "type": "FeatureCollection",
  "features": [
    {"type": "Feature", "properties": {"crossings": 1},
     "geometry": {"type": "LineString", "coordinates": [[8.000, 50.000], [8.002, 50.000], [8.003, 50.001]]}},
    {"type": "Feature", "properties": {},
     "geometry": {"type": "LineString", "coordinates": [[8.000, 50.000], [8.000, 50.001], [8.003, 50.001]]}}
  ]
})";
    std::string robots = lastmile::testing::robot_scenario();
    const auto start = robots.find("  nodes:");
    robots = robots.replace(start, robots.find("demand:") - start, "  geojson: streets.geojson\n");
    folder.write("streets.geojson", geojson);
    const auto spec = load_scenario_file(folder.write("robots.yaml", robots));
    CHECK(spec.ground_network.nodes.size() == 4);  // the shared end points are one node each
    CHECK(spec.ground_network.edges.size() == 4);
    CHECK(spec.ground_network.edges[0].crossings == 1);
    CHECK(spec.ground_network.edges[2].crossings == 0);
    CHECK(spec.ground_network.source_text == geojson);

    folder.write("streets.geojson",
                 replace(geojson, "\"LineString\", \"coordinates\": [[8.000, 50.000], [8.000",
                         "\"Point\", \"coordinates\": [[8.000, 50.000], [8.000"));
    try {
        load_scenario_file(folder.write("robots.yaml", robots));
        FAIL("accepted");
    } catch (const InputError& e) {
        CHECK(e.where().file == (folder.dir / "streets.geojson").string());
        CHECK(e.where().line == 7);
        CHECK_THAT(
            e.message(),
            Catch::Contains("expected a LineString or MultiLineString geometry, found 'Point'"));
    }
}

TEST_CASE("runs too large for memory are refused before they start", "[scenario][operations]") {
    auto e = error_of(tiny_scenario_with(
        33, "      rate: \"100 /s\"\n      profile: [{from: \"00:00\", factor: 1000}]"));
    CHECK_THAT(e.message(), Catch::Contains("would generate up to"));
    e = error_of(tiny_scenario_with(4, "  duration: \"300 d\"\n  timeseries_interval: \"1 s\""));
    CHECK(e.key_path() == "simulation");
    CHECK_THAT(e.message(), Catch::Contains("samples; at most 1000000"));
}

TEST_CASE("a zone polygon without area is refused", "[scenario][operations]") {
    const auto e = error_of(replace(tiny_scenario_with(36, ""), "      points:\n",
                                    "      polygon: [{lat: 50.01, lon: 8.0}, {lat: 50.02, lon: "
                                    "8.0}, {lat: 50.03, lon: 8.0}]\n"));
    CHECK(e.key_path() == "demand.zones[0].polygon");
    CHECK_THAT(e.message(), Catch::Contains("a zone needs at least 100 m^2"));
}

TEST_CASE("drones of different batteries cannot share a swap depot", "[scenario][operations]") {
    std::string text = tiny_scenario_with(10,
                                          "    battery_swap: {stations: 1, swap_time: 60 s, "
                                          "spare_packs: 2, pack_charge_power: 500 W}");
    text = replace(
        text, "fleets:\n",
        "  - id: big\n    max_payload: 2 kg\n    battery: {capacity: 900 Wh, reserve: 20 %}\n"
        "    cruise_speed: 15 m/s\n    drop_time: 30 s\n    energy: {per_distance: 25 Wh/km, "
        "per_takeoff_landing: 5 Wh, hover_power: 800 W}\nfleets:\n  - {id: fb, type: big, depot: "
        "d1, count: 1}\n");
    const auto e = error_of(text);
    CHECK_THAT(e.message(),
               Catch::Contains("swap batteries at depot 'd1' but their drone types have "
                               "different batteries"));
}

TEST_CASE("opening 00:00 to 24:00 means always open", "[scenario][operations]") {
    const auto spec = load_scenario_text(
        tiny_scenario_with(11, "    hours: {open: \"00:00\", close: \"24:00\"}"), "tiny.yaml");
    CHECK(spec.depots[0].hours.always_open);
    const auto night = load_scenario_text(
        tiny_scenario_with(11, "    hours: {open: \"18:00\", close: \"24:00\"}"), "tiny.yaml");
    CHECK_FALSE(night.depots[0].hours.always_open);
    CHECK(night.depots[0].hours.close_s == 0);
}

TEST_CASE("an orders CSV saved with a byte order mark loads", "[scenario][operations][csv]") {
    Folder folder;
    folder.write("orders.csv", "\xEF\xBB\xBFid,time,lat,lon,weight,promise\no1,10,50.01,8.0,1,\n");
    const auto spec = load_scenario_file(
        folder.write("s.yaml", replace(lastmile::testing::tiny_scenario(), "demand:\n",
                                       "demand:\n  orders_csv: orders.csv\n")));
    CHECK(spec.demand.trace.size() == 1);
}
