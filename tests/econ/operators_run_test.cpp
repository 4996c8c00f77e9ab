// Operator-hours come from the simulated activity, not from averages.

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <lastmile/econ/report.hpp>

#include "support/economics_scenario.hpp"
#include "support/run_helpers.hpp"

using namespace lastmile;

namespace {

/// Twelve 1 kg orders to the same customer at `times`, flown by six drones.
output::RunRecords run_orders(const std::vector<int>& times, const std::string& interval = "10 s") {
    const auto dir =
        std::filesystem::temp_directory_path() / ("lastmile-econ-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::string csv = "id,time,lat,lon,weight,promise\n";
    for (std::size_t i = 0; i < times.size(); ++i) {
        csv += "o" + std::to_string(i) + "," + std::to_string(times[i]) + ",50.01,8.0,1,\n";
    }
    std::ofstream(dir / "orders.csv") << csv;
    auto lines = testing::tiny_scenario_lines();
    lines.resize(29);  // up to the fleets
    lines[3] = R"(  duration: "1 h")";
    lines[4] = "  seed: 7\n  timeseries_interval: \"" + interval + "\"";
    lines[28] = "    count: 6";
    const std::string text = testing::join_lines(lines) + "demand:\n  orders_csv: orders.csv\n" +
                             testing::economics_section();
    std::ofstream(dir / "s.yaml") << text;
    const auto spec = scenario::load_scenario_file(dir / "s.yaml");
    auto records = testing::run(spec).records;
    econ::append_economics(spec, records);
    std::filesystem::remove_all(dir);
    return records;
}

double metric(const output::RunRecords& r, std::string_view name) {
    const auto* m = r.find_metric(name);
    REQUIRE(m != nullptr);
    return m->value;
}

}  // namespace

TEST_CASE("a run with a peak needs more operator-hours than a flat run with the same total",
          "[econ][operators]") {
    std::vector<int> flat;
    std::vector<int> peak;
    for (int i = 0; i < 12; ++i) {
        flat.push_back(i * 300);  // one every 5 min
        peak.push_back(1200);     // all at 20 min
    }
    const auto f = run_orders(flat);
    const auto p = run_orders(peak);
    // The same work: twelve deliveries to the same place, the same drone-hours on mission.
    REQUIRE(metric(f, "orders_delivered") == 12);
    REQUIRE(metric(p, "orders_delivered") == 12);
    CHECK(metric(f, "econ_deliveries_per_year") == metric(p, "econ_deliveries_per_year"));
    // Two drones per operator and one always on duty: the flat day never needs a second
    // operator; the peak puts six drones in the air at once and needs three.
    const double flat_hours = metric(f, "econ_operator_hours_per_year");
    const double peak_hours = metric(p, "econ_operator_hours_per_year");
    CHECK(flat_hours == Approx(300));  // the minimum crew, 1 h a day, 300 days
    CHECK(peak_hours > flat_hours * 1.05);
    CHECK(metric(p, "econ_owned_annual_usd") > metric(f, "econ_owned_annual_usd"));
}

TEST_CASE("operator-hours do not depend on the timeseries sampling interval", "[econ][operators]") {
    // Six drones take off together at 20 min and are back within minutes: a 30-minute sample
    // grid would miss the peak entirely, the exact count of vehicles on missions does not.
    const std::vector<int> peak(12, 1200);
    const double fine = metric(run_orders(peak, "10 s"), "econ_operator_hours_per_year");
    const double coarse = metric(run_orders(peak, "30 min"), "econ_operator_hours_per_year");
    CHECK(coarse == Approx(fine).epsilon(1e-12));
    CHECK(fine > 300);  // more than the minimum crew alone
}
