// The GeoJSON export is valid JSON and valid GeoJSON whatever the records hold: JSON has no NaN
// or infinity, and RFC 7946 positions are numbers.

#include <limits>
#include <regex>

#include <catch2/catch.hpp>

#include <lastmile/report/geojson.hpp>
#include <lastmile/scenario/spec.hpp>

using namespace lastmile;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

output::FlightTrackPoint at(std::uint64_t flight, double t, double lat, double lon, double alt) {
    return {flight, 0, t, lat, lon, alt};
}

// A bare token nan, inf or infinity outside a string: what a printf of a non-finite number writes.
bool has_non_finite_token(const std::string& json) {
    static const std::regex token(R"((^|[\[,:\s-])(nan|inf|infinity)([\],}\s]|$))",
                                  std::regex::icase);
    return std::regex_search(json, token);
}

}  // namespace

TEST_CASE("the GeoJSON export never writes NaN or infinities", "[report][geojson]") {
    scenario::ScenarioSpec spec;
    spec.depots.push_back({});
    spec.depots.back().id = "hub";
    spec.depots.back().location = {kNaN, 8.0, 0};
    output::RunRecords r;
    // Flight 1: one vertex of three is not finite. Flight 2: only one finite vertex is left.
    r.flight_tracks = {at(1, 0, 50.0, 8.0, 0),       at(1, 10, kNaN, 8.001, 50),
                       at(1, 20, 50.002, 8.002, 60), at(2, 0, 50.0, 8.0, 0),
                       at(2, kInf, 50.0, 8.0, 50),   at(2, 20, 50.0, kInf, 0)};
    output::SafetyRecord s;
    s.type = "nmac";
    s.severity = "major";
    s.lat_deg = 50.0;
    s.lon_deg = 8.0;
    s.altitude_m = kNaN;
    s.horizontal_m = kInf;
    r.safety.push_back(s);

    for (const auto epoch : {std::optional<double>{}, std::optional<double>{1.7e9}}) {
        report::GeoJsonOptions options;
        options.epoch_s = epoch;
        const std::string json = report::trajectories_geojson(spec, r, options);
        INFO(json);
        CHECK_FALSE(has_non_finite_token(json));
        // Flight 1 keeps its two finite vertices; flight 2, with one, has no geometry.
        CHECK_THAT(json, Catch::Contains(R"({"type":"Feature","geometry":{"type":"LineString",)"
                                         R"("coordinates":[[8.0000000,50.0000000,0.0)"));
        CHECK_THAT(json,
                   Catch::Contains(R"("geometry":null,"properties":{"kind":"flight","flight":2)"));
        CHECK_THAT(json, Catch::Contains(R"("geometry":null,"properties":{"kind":"depot")"));
        CHECK_THAT(json, Catch::Contains(R"("horizontal_m":null)"));
    }
}

TEST_CASE("the check for non-finite tokens finds them", "[report][geojson]") {
    CHECK(has_non_finite_token("[8.0,nan,1]"));
    CHECK(has_non_finite_token(R"({"a":-inf})"));
    CHECK_FALSE(has_non_finite_token(R"({"kind":"infrastructure","x":1.5})"));
}
