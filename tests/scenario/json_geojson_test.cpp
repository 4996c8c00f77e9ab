// The strict JSON reader (RFC 8259) and the GeoJSON checks (RFC 7946), tested on the reader
// itself: every refusal is located at the offending value, line and column.

#include <string>

#include <catch2/catch.hpp>

#include <lastmile/scenario/input_error.hpp>

#include "scenario/geojson_reader.hpp"
#include "scenario/json_reader.hpp"

using lastmile::scenario::InputError;
using lastmile::scenario::detail::check_geometry;
using lastmile::scenario::detail::JsonDocument;
using lastmile::scenario::detail::read_feature_collection;

namespace {

/// The error reading `text` gives, or a failed test when it is accepted.
InputError json_error(const std::string& text) {
    try {
        const JsonDocument doc("in.json", text);
        FAIL("accepted: " << text);
    } catch (const InputError& e) {
        CHECK(e.where().file == "in.json");
        return e;
    }
    throw std::logic_error("unreachable");
}

InputError geometry_error(const std::string& text) {
    const JsonDocument doc("in.json", text);
    try {
        check_geometry(doc.root());
        FAIL("accepted: " << text);
    } catch (const InputError& e) {
        return e;
    }
    throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("JSON: what RFC 8259 refuses is refused, at the character that breaks it",
          "[scenario][json]") {
    SECTION("a trailing comma, at the bracket after it, not where the array starts") {
        const auto e = json_error("{\"a\": [1, 2,\n  ]}");
        CHECK(e.where().line == 2);
        CHECK(e.where().column == 3);
        CHECK(e.key_path() == "a[2]");
    }
    SECTION("comments") {
        CHECK(json_error("{\"a\": 1 // one\n}").where().column == 9);
        CHECK(json_error("/* c */ {}").where().column == 1);
    }
    SECTION("literals JSON does not have") {
        CHECK_THAT(json_error("[NaN]").message(), Catch::Contains("invalid literal"));
        CHECK_THAT(json_error("[Infinity]").message(), Catch::Contains("invalid literal"));
        CHECK_THAT(json_error("['a']").message(), Catch::Contains("invalid literal"));
        CHECK_THAT(json_error("[01]").message(), Catch::Contains("invalid JSON"));
        CHECK_THAT(json_error("[+1]").message(), Catch::Contains("invalid JSON"));
        CHECK_THAT(json_error("[.5]").message(), Catch::Contains("invalid JSON"));
    }
    SECTION("YAML that is not JSON: anchors, unquoted keys, a second document") {
        CHECK(json_error("{\"a\": &x 1, \"b\": *x}").where().column == 7);
        CHECK(json_error("{a: 1}").where().column == 2);
        CHECK(json_error("{}\n---\n{}").where().line == 2);
    }
    SECTION("strings: control characters, bad escapes, invalid UTF-8, lone surrogates") {
        CHECK_THAT(json_error("[\"a\tb\"]").message(), Catch::Contains("control character"));
        CHECK_THAT(json_error("[\"\\x\"]").message(),
                   Catch::Contains("forbidden character after backslash"));
        CHECK_THAT(json_error("[\"\xC3\x28\"]").message(), Catch::Contains("UTF-8"));
        CHECK_THAT(json_error("[\"\\ud800\"]").message(), Catch::Contains("surrogate"));
    }
    SECTION("numbers too large for a double") {
        const auto e = json_error("{\"x\": [1, 1e400]}");
        CHECK(e.key_path() == "x[1]");
        CHECK(e.where().column == 15);  // where the parser found out: the number's last digit
        CHECK_THAT(e.message(), Catch::Contains("number overflow parsing '1e400'"));
    }
    SECTION("a name given twice in one object, at its second use") {
        const auto e = json_error("{\"a\": 1,\n \"b\": {\"c\": 1, \"c\": 2}}");
        CHECK(e.where().line == 2);
        CHECK(e.where().column == 16);
        CHECK(e.key_path() == "b.c");
        CHECK_THAT(e.message(), Catch::Contains("given twice"));
    }
    SECTION("nesting deeper than the limit, without deep recursion") {
        const std::string deep(100'000, '[');
        CHECK_THAT(json_error(deep).message(), Catch::Contains("nested more than 100 deep"));
    }
    SECTION("an empty text and trailing garbage") {
        CHECK_THAT(json_error("").message(), Catch::Contains("end of input"));
        CHECK_THAT(json_error("{} x").message(), Catch::Contains("expected end of input"));
    }
}

TEST_CASE("JSON: values are located and typed", "[scenario][json]") {
    const std::string text =
        "\xEF\xBB\xBF{\"n\": -1.5e2, \"s\": \"\\u00e9t\\u00e9\",\n"
        "  \"list\": [true, null, {\"k\": [ 7 ]}]}";
    const JsonDocument doc("in.json", text);
    const auto root = doc.root();
    CHECK(root.required("n").as_number() == -150.0);
    CHECK(root.required("s").as_string() == "\xC3\xA9t\xC3\xA9");
    const auto list = root.required("list").as_array();
    REQUIRE(list.size() == 3);
    CHECK(list[0].found() == "true");
    CHECK(list[1].is_null());
    const auto seven = list[2].required("k").as_array().at(0);
    CHECK(seven.path() == "list[2].k[0]");
    CHECK(seven.location().line == 2);
    CHECK(seven.location().column == 32);
    CHECK(root.required("n").location().column == 10);  // columns count bytes, the mark's 3 too
    CHECK_FALSE(root.member("missing").has_value());
    try {
        root.required("lst");
        FAIL("accepted");
    } catch (const InputError& e) {
        CHECK(e.key_path() == "list");
        CHECK_THAT(e.message(), Catch::Equals("unknown key 'list' (did you mean 'lst'?)"));
    }
    try {
        root.required("n").as_string();
        FAIL("accepted");
    } catch (const InputError& e) {
        CHECK_THAT(e.message(), Catch::Equals("expected a string, found -1.5e2"));
    }
}

TEST_CASE("GeoJSON: geometries are checked against RFC 7946", "[scenario][geojson]") {
    SECTION("every geometry type with valid coordinates is accepted") {
        for (
            const char* ok : {
                R"({"type": "Point", "coordinates": [8, 50]})",
                R"({"type": "Point", "coordinates": [8, 50, 120.5]})",
                R"({"type": "MultiPoint", "coordinates": [[8, 50], [8.1, 50]]})",
                R"({"type": "LineString", "coordinates": [[8, 50], [8.1, 50]]})",
                R"({"type": "MultiLineString", "coordinates": [[[8, 50], [8.1, 50]]]})",
                R"({"type": "Polygon", "coordinates": [[[8, 50], [8.1, 50], [8, 50.1], [8, 50]]]})",
                R"({"type": "MultiPolygon", "coordinates": [[[[8, 50], [8.1, 50], [8, 50.1], [8, 50]]]]})",
                R"({"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [8, 50]}]})",
                R"({"type": "Point", "coordinates": [-180, -90], "bbox": [-180, -90, -180, -90]})",
            }) {
            const JsonDocument doc("in.json", std::string_view(ok));
            CHECK_NOTHROW(check_geometry(doc.root()));
        }
    }
    SECTION("a linear ring that is not closed, at its last position") {
        const auto e = geometry_error(
            R"({"type": "Polygon", "coordinates": [[[8, 50], [8.1, 50], [8, 50.1], [8, 50.2]]]})");
        CHECK(e.key_path() == "coordinates[0][3]");
        CHECK_THAT(e.message(), Catch::Contains("linear ring must be closed"));
    }
    SECTION("a linear ring of three positions") {
        const auto e = geometry_error(
            R"({"type": "Polygon", "coordinates": [[[8, 50], [8.1, 50], [8, 50]]]})");
        CHECK_THAT(e.message(), Catch::Contains("linear ring with at least 4 positions, found 3"));
    }
    SECTION("a ring closed in two dimensions but not in height") {
        const auto e = geometry_error(
            R"({"type": "Polygon", "coordinates": [[[8, 50, 1], [8.1, 50, 1], [8, 50.1, 1], [8, 50, 2]]]})");
        CHECK_THAT(e.message(), Catch::Contains("closed"));
    }
    SECTION("positions: too few or too many numbers, text, latitude first") {
        CHECK_THAT(geometry_error(R"({"type": "Point", "coordinates": [8]})").message(),
                   Catch::Contains("found 1 number"));
        CHECK_THAT(geometry_error(R"({"type": "Point", "coordinates": [8, 50, 1, 2]})").message(),
                   Catch::Contains("found 4 numbers"));
        CHECK_THAT(geometry_error(R"({"type": "Point", "coordinates": ["8", 50]})").message(),
                   Catch::Contains("expected a number, found '8'"));
        const auto e = geometry_error(R"({"type": "Point", "coordinates": [50, 95]})");
        CHECK(e.key_path() == "coordinates[1]");
        CHECK_THAT(e.message(), Catch::Contains("latitude from -90 to 90, found 95"));
        CHECK_THAT(geometry_error(R"({"type": "Point", "coordinates": [181, 50]})").message(),
                   Catch::Contains("longitude from -180 to 180, found 181"));
    }
    SECTION("coordinates nested to the wrong depth for the type") {
        CHECK_THAT(geometry_error(R"({"type": "LineString", "coordinates": [8, 50]})").message(),
                   Catch::Contains("expected a position"));
        CHECK_THAT(
            geometry_error(R"({"type": "MultiLineString", "coordinates": [[8, 50], [8, 51]]})")
                .message(),
            Catch::Contains("expected a position"));
    }
    SECTION("types GeoJSON does not have, and misspelt ones") {
        CHECK_THAT(geometry_error(R"({"type": "Linestring", "coordinates": []})").message(),
                   Catch::Contains("did you mean 'LineString'"));
        CHECK_THAT(geometry_error(R"({"type": "Circle", "coordinates": [8, 50]})").message(),
                   Catch::Contains("expected a GeoJSON geometry type"));
        CHECK_THAT(geometry_error(R"({"type": "Point"})").message(),
                   Catch::Contains("missing required key 'coordinates'"));
        CHECK_THAT(geometry_error(R"({"type": "GeometryCollection", "geometries": [7]})").message(),
                   Catch::Contains("expected a GeoJSON geometry object, found 7"));
    }
    SECTION("a bbox of the wrong size") {
        CHECK_THAT(geometry_error(R"({"type": "Point", "coordinates": [8, 50], "bbox": [1, 2, 3]})")
                       .message(),
                   Catch::Contains("4 or 6 numbers, found 3"));
    }
}

TEST_CASE("GeoJSON: feature collections, features and reference systems", "[scenario][geojson]") {
    const auto features_of = [](const std::string& text) {
        const JsonDocument doc("in.json", text);
        return read_feature_collection(doc.root(), {"LineString"}).size();
    };
    const auto error_of = [](const std::string& text) {
        const JsonDocument doc("in.json", text);
        try {
            read_feature_collection(doc.root(), {"LineString", "MultiLineString"});
        } catch (const InputError& e) {
            return e.message();
        }
        return std::string("accepted");
    };
    const std::string line = R"({"type": "LineString", "coordinates": [[8, 50], [8.1, 50]]})";
    CHECK(features_of(
              R"({"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": )" +
              line + R"(, "properties": null, "id": 3, "foreign": [1]}]})") == 1);
    CHECK(
        features_of(
            R"({"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null}]})") ==
        1);
    // GDAL's way of naming WGS 84 longitude, latitude.
    CHECK(
        features_of(
            R"({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}, "features": []})") ==
        0);
    CHECK_THAT(
        error_of(
            R"({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::25832"}}, "features": []})"),
        Catch::Contains("reproject"));
    CHECK_THAT(error_of(R"({"type": "Feature", "geometry": null, "properties": null})"),
               Catch::Contains("expected a GeoJSON FeatureCollection, found 'Feature'"));
    CHECK_THAT(error_of(R"([])"), Catch::Contains("FeatureCollection, found an array"));
    CHECK_THAT(
        error_of(
            R"({"type": "FeatureCollection", "features": [{"type": "Featur", "geometry": null}]})"),
        Catch::Contains("expected 'Feature', found 'Featur'"));
    CHECK_THAT(
        error_of(
            R"({"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Polygon", "coordinates": []}}]})"),
        Catch::Contains("expected a LineString or MultiLineString geometry, found 'Polygon'"));
    CHECK_THAT(
        error_of(
            R"({"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null, "properties": 5}]})"),
        Catch::Contains("expected an object or null, found 5"));
    CHECK_THAT(
        error_of(
            R"({"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null, "id": [1]}]})"),
        Catch::Contains("expected a string or a number, found an array"));
}

TEST_CASE("JSON: long texts cost little to locate and show", "[scenario][json]") {
    SECTION("lines and columns past many 64 KiB checkpoints") {
        std::string text = "[\n";
        for (int i = 0; i < 50'000; ++i) {
            text += "  1,\n";  // 5 bytes a line: 250 kB in all
        }
        text += "  \"x\", 2, [3, \"end\"]]";
        const JsonDocument doc("in.json", text);
        const auto items = doc.root().as_array();
        REQUIRE(items.size() == 50'003);
        CHECK(items[49'999].location().line == 50'001);
        CHECK(items[49'999].location().column == 3);
        const auto last = items.back().as_array().at(1);
        CHECK(last.location().line == 50'002);
        CHECK(last.location().column == 15);
    }
    SECTION("a huge name or value is shown short, escaped, and not compared for hints") {
        const std::string huge(20'000'000, 'k');
        const std::string text = "{\"type\": \"FeatureCollection\", \"" + huge + "\": 0}";
        const JsonDocument doc("in.json", text);
        try {
            read_feature_collection(doc.root(), {});
            FAIL("accepted");
        } catch (const InputError& e) {
            CHECK(e.report().size() < 500);
            CHECK_THAT(e.message(), Catch::Contains("missing required key 'features'"));
        }
        const auto e = json_error("{\"a\\u001b[31m\": 1, \"a\\u001b[31m\": 2}");
        CHECK(e.message().find('\x1b') == std::string::npos);
        CHECK_THAT(e.message(), Catch::Contains("'a\\u001b[31m'"));
        const auto unterminated = json_error("[\"" + std::string(1'000'000, 'z'));
        CHECK(unterminated.report().size() < 1'000);
    }
}
