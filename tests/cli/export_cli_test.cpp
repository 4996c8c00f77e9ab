// `lastmile export --geojson`: every flight leg's track, vertex for vertex with its times, and
// the airspace, as a FeatureCollection a GIS can open (checked with Python's json and h5py
// against the results file).

#include <catch2/catch.hpp>

#include "cli/cli_support.hpp"

using lastmile::testing::run_command;
using lastmile::testing::run_lastmile;
using lastmile::testing::Scratch;

TEST_CASE("export --geojson writes the tracks and airspace of a run", "[cli][export]") {
    Scratch s;
    const std::string run = s.path("run.h5");
    const std::string out = s.path("run.geojson");
    REQUIRE(
        run_lastmile("run -q '" LASTMILE_SOURCE_DIR "/scenarios/safety-case.yaml' -o '" + run + "'")
            .exit_code == 0);
    const auto made =
        run_lastmile("export '" + run + "' --geojson '" + out + "' --epoch 2026-11-25T06:00:00Z");
    INFO(made.out);
    REQUIRE(made.exit_code == 0);
    CHECK_THAT(made.out, Catch::Contains("geofences"));
    // 2026-11-25T06:00:00Z is Unix time 1795586400.
    const auto check =
        run_command("/usr/bin/python3 '" LASTMILE_SOURCE_DIR "/tests/cli/check_geojson.py' '" +
                    run + "' '" + out + "' 1795586400");
    INFO(check.out);
    CHECK(check.exit_code == 0);
}

TEST_CASE("export refuses bad input with exit 2", "[cli][export]") {
    Scratch s;
    CHECK(
        run_lastmile("export '" + s.path("absent.h5") + "' --geojson '" + s.path("x.geojson") + "'")
            .exit_code == 2);
    CHECK(run_lastmile("export '" + s.path("absent.h5") + "'").exit_code == 2);  // no format
    CHECK(run_lastmile("export '" + s.path("absent.h5") + "' --geojson x --epoch yesterday")
              .exit_code == 2);
    CHECK_FALSE(std::filesystem::exists(s.path("x.geojson")));
}
