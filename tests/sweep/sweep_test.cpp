// Sweep files, their variants, and the statistics of the summary.

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <lastmile/scenario/input_error.hpp>
#include <lastmile/scenario/sweep_spec.hpp>
#include <lastmile/sweep/statistics.hpp>

#include "support/run_helpers.hpp"

using namespace lastmile;
namespace fs = std::filesystem;

namespace {

/// A sweep file over the quickstart scenario, written to a scratch directory.
struct SweepFile {
    fs::path dir = fs::temp_directory_path() / ("lastmile-sweep-" + std::to_string(::getpid()));
    explicit SweepFile(const std::string& body) {
        fs::create_directories(dir);
        std::ofstream(dir / "s.yaml") << "schema: 1\nname: t\nbase: " LASTMILE_SOURCE_DIR
                                         "/scenarios/quickstart.yaml\nseed: 5\nreplications: 2\n"
                                      << body;
    }
    ~SweepFile() { fs::remove_all(dir); }
    scenario::SweepSpec load() const { return scenario::load_sweep_file(dir / "s.yaml"); }
    scenario::InputError error() const {
        try {
            load();
        } catch (const scenario::InputError& e) {
            return e;
        }
        FAIL("the sweep was accepted");
        throw;
    }
};

}  // namespace

TEST_CASE("a grid expands to every combination, the first key slowest", "[sweep]") {
    const SweepFile f(R"(grid:
  fleets[hub-drones].count: [4, 6, 8]
  depots[hub].pads: {from: 1, to: 2, steps: 2}
variants:
  - name: slow
    set:
      drone_types[quad-2.5kg].cruise_speed: "12 m/s"
baseline: g002
)");
    const auto sweep = f.load();
    REQUIRE(sweep.variants.size() == 7);
    CHECK(sweep.variants[0].name == "g000");
    CHECK(sweep.variants[0].spec.fleets[0].count == 4);
    CHECK(sweep.variants[0].spec.depots[0].pads == 1);
    CHECK(sweep.variants[1].spec.depots[0].pads == 2);
    CHECK(sweep.variants[5].spec.fleets[0].count == 8);
    CHECK(sweep.variants[6].name == "slow");
    CHECK(sweep.variants[6].spec.drone_types[0].cruise_speed_mps == Approx(12));
    CHECK(sweep.variants[6].parameters == std::vector<std::pair<std::string, std::string>>{
                                              {"drone_types[quad-2.5kg].cruise_speed", "12 m/s"}});
    CHECK(sweep.baseline == 2);
    // Replication-major: every variant of replication 0 before replication 1.
    const auto runs = sweep.runs();
    REQUIRE(runs.size() == 14);
    CHECK(runs[6].variant == 6);
    CHECK(runs[7].variant == 0);
    CHECK(runs[7].replication == 1);
}

TEST_CASE("a variant that changes nothing runs exactly as the base scenario", "[sweep]") {
    const SweepFile f("grid:\n  fleets[hub-drones].count: [6]\n");  // the base has 6
    const auto sweep = f.load();
    const auto base =
        scenario::load_scenario_file(LASTMILE_SOURCE_DIR "/scenarios/quickstart.yaml");
    model::RunOptions options;
    options.seed = 5;
    options.replication = 1;
    CHECK(testing::run(sweep.variants[0].spec, options).outcome.digest ==
          testing::run(base, options).outcome.digest);
}

TEST_CASE("bad sweeps are located in the sweep file before anything runs", "[sweep]") {
    SECTION("a key path the base scenario does not have") {
        const SweepFile f("grid:\n  fleets[hub-drones].cuont: [4]\n");
        const auto e = f.error();
        CHECK(e.where().line == 7);
        CHECK_THAT(e.message(), Catch::Contains("no key 'cuont'"));
        CHECK_THAT(e.message(), Catch::Contains("did you mean 'count'"));
    }
    SECTION("a list element that does not exist") {
        const SweepFile f("grid:\n  fleets[no-such].count: [4]\n");
        CHECK_THAT(f.error().message(), Catch::Contains("has no element '[no-such]'"));
    }
    SECTION("a value the scenario rejects, at the value") {
        const SweepFile f("grid:\n  fleets[hub-drones].count: [4, -1]\n");
        const auto e = f.error();
        CHECK(e.where().line == 7);
        CHECK(e.where().column == 33);
        CHECK_THAT(e.message(), Catch::Contains("fleets[0].count"));
    }
    SECTION("an unknown baseline") {
        const SweepFile f("grid:\n  fleets[hub-drones].count: [4]\nbaseline: g9\n");
        CHECK_THAT(f.error().message(), Catch::Contains("no variant 'g9'"));
    }
    SECTION("a key that is not a key path") {
        const SweepFile f("grid:\n  ? [fleets, count]\n  : [4]\n");
        const auto e = f.error();
        CHECK(e.where().line == 7);
        CHECK_THAT(e.message(), Catch::Contains("expected a key path"));
    }
    SECTION("an empty grid") {
        const SweepFile f("grid: {}\n");
        CHECK_THAT(f.error().message(), Catch::Contains("found an empty mapping"));
    }
    SECTION("a second document") {
        const SweepFile f("grid:\n  fleets[hub-drones].count: [4]\n---\nreplications: 9\n");
        CHECK_THAT(f.error().message(), Catch::Contains("found a second YAML document"));
    }
    SECTION("a range with two units") {
        const SweepFile f(
            "grid:\n  drone_types[quad-2.5kg].cruise_speed: {from: \"10 m/s\", to: \"40 km/h\", "
            "steps: 3}\n");
        CHECK_THAT(f.error().message(), Catch::Contains("one unit at both ends"));
    }
}

TEST_CASE("confidence intervals: t across replications, paired and unpaired differences",
          "[sweep][statistics]") {
    // Mean 2, sample sd 1, n 3: half width t(0.975, 2) * 1 / sqrt(3) = 4.302653 / 1.732051.
    const auto i = sweep::mean_interval({1, 2, 3});
    CHECK(i.mean == Approx(2));
    CHECK(i.high - i.mean == Approx(4.302653 / std::sqrt(3.0)).epsilon(1e-6));
    // Common random numbers: b = a + 1 in every replication. The pairs differ by exactly 1,
    // so the paired interval has no width; treated as unpaired the spread of a shows.
    const std::vector<double> a{10, 20, 30, 40};
    const std::vector<double> b{11, 21, 31, 41};
    const auto paired = sweep::paired_difference(b, a);
    CHECK(paired.mean == Approx(1));
    CHECK(paired.high - paired.low == Approx(0).margin(1e-12));
    const auto unpaired = sweep::unpaired_difference(b, a);
    CHECK(unpaired.mean == Approx(1));
    CHECK(unpaired.high - unpaired.low > 20);
}

TEST_CASE("a value the base shares through a YAML alias changes only where the path names it",
          "[sweep]") {
    const fs::path dir =
        fs::temp_directory_path() / ("lastmile-sweep-alias-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    // Two depots share one chargers mapping: an anchor and its alias.
    std::string base =
        testing::tiny_scenario_with(10, R"(    chargers: &shared {count: 1, power: "1 kW"})");
    const std::string second =
        "  - id: d2\n    location: {lat: 50.02, lon: 8.0}\n    pads: 1\n"
        "    chargers: *shared\n    loading_time: \"0 s\"\n";
    base.insert(base.find("drone_types:"), second);
    std::ofstream(dir / "base.yaml") << base;
    std::ofstream(dir / "s.yaml") << "schema: 1\nname: t\nbase: base.yaml\nseed: 5\n"
                                     "replications: 1\ngrid:\n  depots[d1].chargers.count: [3]\n"
                                     "  depots[d2].chargers.power: [\"2 kW\"]\n";
    const auto sweep = scenario::load_sweep_file(dir / "s.yaml");
    REQUIRE(sweep.variants.size() == 1);
    const auto& depots = sweep.variants[0].spec.depots;
    REQUIRE(depots.size() == 2);
    CHECK(depots[0].chargers.count == 3);
    CHECK(depots[1].chargers.count == 1);  // was 3 too: the alias's target changed in place
    CHECK(depots[0].chargers.power_w == Approx(1000));
    CHECK(depots[1].chargers.power_w == Approx(2000));
    fs::remove_all(dir);
}

TEST_CASE("many grid keys that each name a value of their own are accepted", "[sweep]") {
    // 300 keys (the overlap check keeps them sorted, rather than comparing every pair); the
    // same value under two spellings still is refused.
    const fs::path dir =
        fs::temp_directory_path() / ("lastmile-sweep-many-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::string base = testing::tiny_scenario();
    std::string depots;
    for (int d = 2; d <= 300; ++d) {
        depots += fmt::format(
            "  - id: d{}\n    location: {{lat: 50.0, lon: 8.0}}\n    pads: 1\n"
            "    chargers: {{count: 1, power: \"1 kW\"}}\n"
            "    loading_time: \"0 s\"\n",
            d);
    }
    base.insert(base.find("drone_types:"), depots);
    std::ofstream(dir / "base.yaml") << base;
    std::string grid;
    for (int d = 1; d <= 300; ++d) {
        grid += fmt::format("  depots[d{}].pads: [2]\n", d);
    }
    std::ofstream(dir / "s.yaml") << "schema: 1\nname: t\nbase: base.yaml\nseed: 5\n"
                                     "replications: 1\ngrid:\n"
                                  << grid;
    CHECK(scenario::load_sweep_file(dir / "s.yaml").variants.size() == 1);
    std::ofstream(dir / "s.yaml", std::ios::app) << "  depots[1].pads: [3]\n";
    CHECK_THROWS_WITH(scenario::load_sweep_file(dir / "s.yaml"),
                      Catch::Contains("names the same value as 'depots[d2].pads'"));
    fs::remove_all(dir);
}
