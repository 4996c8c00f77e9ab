#include <string>

#include <catch2/catch.hpp>

#include <lastmile/scenario/loader.hpp>

#include "support/tiny_scenario.hpp"

using lastmile::scenario::InputError;
using lastmile::scenario::load_scenario_text;
using lastmile::testing::tiny_scenario_with;

namespace {

struct Expected {
    int line;
    int column;
    std::string key_path;
    std::string message_part;
};

void check_error(const std::string& text, const Expected& expected) {
    try {
        load_scenario_text(text, "tiny.yaml");
        FAIL("the scenario was accepted, expected an error containing: " << expected.message_part);
    } catch (const InputError& e) {
        INFO(e.report());
        CHECK(e.where().file == "tiny.yaml");
        CHECK(e.where().line == expected.line);
        CHECK(e.where().column == expected.column);
        CHECK(e.key_path() == expected.key_path);
        CHECK_THAT(e.message(), Catch::Contains(expected.message_part));
        // The report quotes the offending line and puts a caret under the column.
        const std::string located = "tiny.yaml:" + std::to_string(expected.line) + ":" +
                                    std::to_string(expected.column) + ": error: ";
        CHECK_THAT(e.report(), Catch::StartsWith(located));
        CHECK_THAT(e.report(), Catch::Contains("^"));
    }
}

}  // namespace

TEST_CASE("the tiny scenario itself is valid", "[scenario][errors]") {
    CHECK_NOTHROW(load_scenario_text(lastmile::testing::tiny_scenario(), "tiny.yaml"));
}

TEST_CASE("a value of the wrong type is located at the value", "[scenario][errors]") {
    check_error(
        tiny_scenario_with(9, "    pads: many"),
        {9, 11, "depots[0].pads", "expected a whole number from 0 to 100000, found 'many'"});
    check_error(
        tiny_scenario_with(8, "    location: here"),
        {8, 15, "depots[0].location", "expected a mapping of keys to values, found 'here'"});
    check_error(tiny_scenario_with(2, "name: [tiny]"),
                {2, 7, "name", "expected text, found a list"});
    check_error(
        tiny_scenario_with(36, "        - 42"),
        {36, 11, "demand.zones[0].points[0]", "expected a mapping of keys to values, found '42'"});
}

TEST_CASE("a misspelled key is located at the key with a suggestion", "[scenario][errors]") {
    // A required key spelled wrongly...
    check_error(tiny_scenario_with(29, "    cuont: 2"),
                {29, 5, "fleets[0].cuont", "unknown key 'cuont' (did you mean 'count'?)"});
    // ...and an optional one, found only as an unknown key.
    check_error(tiny_scenario_with(11, "    loadng_time: \"1 min\""),
                {11, 5, "depots[0].loadng_time", "did you mean 'loading_time'?"});
    // A key that resembles nothing lists what is accepted.
    check_error(tiny_scenario_with(2, "name: tiny\nzzzzzz: 1"),
                {3, 1, "zzzzzz", "expected one of:"});
}

TEST_CASE("a missing required key is located at its mapping", "[scenario][errors]") {
    check_error(tiny_scenario_with(17, ""),
                {13, 5, "drone_types[0]", "missing required key 'cruise_speed' in drone_types[0]"});
    check_error(tiny_scenario_with(5, ""),
                {4, 3, "simulation", "missing required key 'seed' in simulation"});
}

TEST_CASE("a negative or zero battery is refused", "[scenario][errors]") {
    check_error(tiny_scenario_with(15, "    battery: {capacity: \"-400 Wh\", reserve: \"20 %\"}"),
                {15, 25, "drone_types[0].battery.capacity",
                 "expected an energy (e.g. '2.5 kWh') from 1 Wh to 1000 kWh, found '-400 Wh'"});
    check_error(tiny_scenario_with(15, "    battery: {capacity: 0 Wh, reserve: 20 %}"),
                {15, 25, "drone_types[0].battery.capacity", "from 1 Wh to 1000 kWh, found '0 Wh'"});
}

TEST_CASE("a bad unit is located at the unit", "[scenario][errors]") {
    // Column 23 is the 'm' of "m/h", inside the quotes.
    check_error(tiny_scenario_with(17, "    cruise_speed: \"15 m/h\""),
                {17, 23, "drone_types[0].cruise_speed", "unknown unit 'm/h': expected a speed"});
    check_error(tiny_scenario_with(17, "    cruise_speed: 15 kg"),
                {17, 22, "drone_types[0].cruise_speed",
                 "wrong kind of unit: expected a speed (e.g. '12 m/s'), found '15 kg'"});
    check_error(tiny_scenario_with(4, "  duration: 60"),
                {4, 15, "simulation.duration", "missing unit: expected a duration"});
    check_error(tiny_scenario_with(33, "      rate: fast"),
                {33, 13, "demand.zones[0].rate", "expected a rate (e.g. '40 /h'), found 'fast'"});
}

TEST_CASE("references to undefined ids are errors with a suggestion", "[scenario][errors]") {
    check_error(tiny_scenario_with(28, "    depot: d2"),
                {28, 12, "fleets[0].depot", "no depot with id 'd2' (did you mean 'd1'?)"});
    check_error(tiny_scenario_with(27, "    type: quad"),
                {27, 11, "fleets[0].type", "no vehicle type with id 'quad'"});
}

TEST_CASE("duplicate ids and duplicate keys are errors", "[scenario][errors]") {
    check_error(
        tiny_scenario_with(26, "  - id: f1\n    type: q\n    depot: d1\n    count: 1\n  - id: f1"),
        {30, 9, "fleets[1].id", "duplicate fleet id 'f1' (first defined on line 26)"});
    check_error(tiny_scenario_with(10, "    chargers: {count: 1, power: 1 kW}\n    pads: 2"),
                {11, 5, "depots[0].pads", "duplicate key 'pads' (first given on line 9)"});
}

TEST_CASE("out-of-range values are refused", "[scenario][errors]") {
    check_error(tiny_scenario_with(15, "    battery: {capacity: \"400 Wh\", reserve: 100 %}"),
                {15, 44, "drone_types[0].battery.reserve",
                 "expected a fraction (e.g. '20 %' or 0.2) from 0 % to 99 %, found '100 %'"});
    check_error(tiny_scenario_with(29, "    count: 0"),
                {29, 12, "fleets[0].count", "expected a whole number from 1 to 1000000, found 0"});
    check_error(tiny_scenario_with(8, "    location: {lat: 95.0, lon: 8.0}"),
                {8, 21, "depots[0].location.lat", "expected a latitude from -90 to 90 degrees"});
    check_error(tiny_scenario_with(34, "      parcel_weight: {min: 2 kg, max: 1 kg}"),
                {34, 39, "demand.zones[0].parcel_weight.max", "at least the minimum"});
}

TEST_CASE("the schema version is checked", "[scenario][errors]") {
    check_error(tiny_scenario_with(1, "schema: 2"),
                {1, 9, "schema", "unsupported schema version 2; this lastmile reads schema 1"});
}

TEST_CASE("YAML syntax errors are located", "[scenario][errors]") {
    // yaml-cpp notices the unclosed list on the next line, where the flow should have ended.
    check_error(tiny_scenario_with(9, "    pads: [1"), {10, 13, "", "invalid YAML"});
}

TEST_CASE("a file that is not a mapping is refused", "[scenario][errors]") {
    check_error("# nothing here\n", {1, 1, "", "expected a scenario"});
    check_error("- just\n- a list\n", {1, 1, "", "found a list"});
}

TEST_CASE("an unreadable file is an input error naming the file", "[scenario][errors]") {
    try {
        lastmile::scenario::load_scenario_file("/nonexistent/dir/scenario.yaml");
        FAIL("expected an error");
    } catch (const InputError& e) {
        CHECK(e.where().file == "/nonexistent/dir/scenario.yaml");
        CHECK_THAT(e.message(), Catch::Contains("cannot open"));
    }
}

TEST_CASE("implausible magnitudes are refused before they can break a run", "[scenario][errors]") {
    check_error(
        tiny_scenario_with(4, "  duration: 1e300 s"),
        {4, 13, "simulation.duration", "expected a duration (e.g. '30 min') from 1 s to 366 d"});
    check_error(tiny_scenario_with(33, "      rate: 1e300 /s"),
                {33, 13, "demand.zones[0].rate", "from 0.001 /h to 360000 /h"});
    check_error(tiny_scenario_with(17, "    cruise_speed: 1e-300 m/s"),
                {17, 19, "drone_types[0].cruise_speed", "from 0.1 m/s to 300 m/s"});
    check_error(tiny_scenario_with(10, "    chargers: {count: 1, power: 1e-300 W}"),
                {10, 33, "depots[0].chargers.power", "from 1 W to 10000 kW"});
    check_error(tiny_scenario_with(
                    29, "    count: 600000\n  - {id: f2, type: q, depot: d1, count: 600000}"),
                {30, 5, "fleets[1]", "the fleets add up to 1200000 vehicles; at most 1000000"});
}

TEST_CASE("an empty value is located at its key", "[scenario][errors]") {
    check_error(
        tiny_scenario_with(9, "    pads:"),
        {9, 5, "depots[0].pads", "expected a whole number from 0 to 100000, found nothing"});
    check_error(tiny_scenario_with(2, "name:"), {2, 1, "name", "expected text, found nothing"});
}

TEST_CASE("a missing key is not blamed on a valid neighbour", "[scenario][errors]") {
    // 'max' is close to 'min' but valid: the error is the missing 'min'.
    check_error(tiny_scenario_with(34, "      parcel_weight: {max: 2 kg}"),
                {34, 22, "demand.zones[0].parcel_weight",
                 "missing required key 'min' in demand.zones[0].parcel_weight"});
}

TEST_CASE("binary content is refused at the first NUL byte", "[scenario][errors]") {
    std::string text = lastmile::testing::tiny_scenario();
    text.insert(text.find("tiny") + 2, std::string(1, '\0'));
    try {
        load_scenario_text(text, "tiny.yaml");
        FAIL("accepted a file with a NUL byte");
    } catch (const InputError& e) {
        CHECK(e.where().line == 2);
        CHECK(e.where().column == 9);
        CHECK_THAT(e.message(), Catch::Contains("NUL byte"));
    }
}

TEST_CASE("bytes that are not UTF-8 text are refused where they are", "[scenario][errors]") {
    const auto refused = [](const std::string& text) {
        try {
            load_scenario_text(text, "tiny.yaml");
        } catch (const InputError& e) {
            return e;
        }
        FAIL("the scenario was accepted");
        throw;
    };
    // "M\xFCnchen" as Latin-1 saves it.
    auto e = refused(tiny_scenario_with(2,
                                        "name: M\xFC"
                                        "nchen"));
    CHECK(e.where().line == 2);
    CHECK(e.where().column == 8);
    CHECK_THAT(e.message(), Catch::Contains("the byte 0xFC, which is not UTF-8"));
    // Columns count characters: the valid two-byte letter before it is one.
    e = refused(tiny_scenario_with(2, "name: \xC3\xBC\xFF"));
    CHECK(e.where().column == 8);
    // An escape sequence, as terminal output pasted into the file brings.
    e = refused(tiny_scenario_with(2, "name: ti\x1B[0mny"));
    CHECK(e.where().column == 9);
    CHECK_THAT(e.message(), Catch::Contains("control character 0x1B"));
    // UTF-16, as some Windows editors save.
    e = refused(std::string("\xFF\xFEs\0c\0h\0", 8));
    CHECK(e.where().line == 1);
    CHECK_THAT(e.message(), Catch::Contains("UTF-16"));
    // Valid UTF-8 is text.
    CHECK_NOTHROW(load_scenario_text(tiny_scenario_with(2, "name: M\xC3\xBCnchen"), "tiny.yaml"));
}

TEST_CASE("a second YAML document is refused, not ignored", "[scenario][errors]") {
    try {
        load_scenario_text(lastmile::testing::tiny_scenario() + "---\nname: other\n", "tiny.yaml");
        FAIL("accepted a file with two documents");
    } catch (const InputError& e) {
        CHECK(e.where().line == 38);
        CHECK_THAT(e.message(), Catch::Contains("found a second YAML document"));
    }
    // A stray marker with nothing after it drops nothing.
    CHECK_NOTHROW(load_scenario_text(lastmile::testing::tiny_scenario() + "---\n", "tiny.yaml"));
}

TEST_CASE("a directory is not a scenario file", "[scenario][errors]") {
    CHECK_THROWS_WITH(lastmile::scenario::load_scenario_file(LASTMILE_SOURCE_DIR "/scenarios"),
                      Catch::Contains("is a directory"));
}
