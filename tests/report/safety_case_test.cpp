// The safety case: verdicts follow the rates in /metrics and the scenario's targets; the page
// shows every incident; plan-view maps keep distances.

#include <limits>
#include <regex>

#include <catch2/catch.hpp>

#include <lastmile/geo/local_frame.hpp>
#include <lastmile/pipeline/run_scenario.hpp>
#include <lastmile/report/plan_view.hpp>
#include <lastmile/report/safety_case.hpp>
#include <lastmile/scenario/loader.hpp>

using namespace lastmile;

namespace {

output::RunRecords with_rates(double nmac_rate, double nmac_ci_high) {
    output::RunRecords r;
    for (const auto& event : scenario::safety_event_names()) {
        const bool nmac = event == "nmac";
        r.metrics.push_back({"safety_" + event, nmac ? 2.0 : 0.0, "1", ""});
        r.metrics.push_back({"safety_" + event + "_per_1000_h", nmac ? nmac_rate : 0.0, "", ""});
        r.metrics.push_back({"safety_" + event + "_per_1000_h_ci_low", 0.0, "", ""});
        r.metrics.push_back(
            {"safety_" + event + "_per_1000_h_ci_high", nmac ? nmac_ci_high : 3.0, "", ""});
    }
    return r;
}

const report::SafetyVerdict& find(const std::vector<report::SafetyVerdict>& v,
                                  const std::string& event) {
    return *std::find_if(v.begin(), v.end(), [&](const auto& x) { return x.event == event; });
}

/// The shipped safety-case scenario, run, as a results file would hold it.
std::pair<scenario::ScenarioSpec, output::RunFileContents> safety_case_run() {
    auto spec = scenario::load_scenario_file(LASTMILE_SOURCE_DIR "/scenarios/safety-case.yaml");
    auto completed = pipeline::run_scenario(spec);
    output::RunFileContents run;
    run.provenance = std::move(completed.provenance);
    run.records = std::move(completed.records);
    return {std::move(spec), std::move(run)};
}

}  // namespace

TEST_CASE("a type passes when its rate is at or below its target", "[report][safety-case]") {
    scenario::ScenarioSpec spec;
    spec.airspace.targets = {{"nmac", 1.0, {}}, {"lost_link", 2.5, {}}};
    SECTION("above the target fails") {
        const auto v = report::safety_verdicts(spec, with_rates(1.5, 4.0));
        CHECK(v.size() == scenario::safety_event_names().size());
        CHECK(find(v, "nmac").verdict() == "fail");
        CHECK(find(v, "nmac").count == 2);
        CHECK_FALSE(find(v, "nmac").demonstrated());
        CHECK(find(v, "lost_link").verdict() == "pass");
        CHECK_FALSE(find(v, "lost_link").demonstrated());  // its interval reaches 3.0 > 2.5
        CHECK(find(v, "flight_failure").verdict() == "no target");
    }
    SECTION("exactly at the target passes; a narrow interval demonstrates it") {
        const auto v = report::safety_verdicts(spec, with_rates(1.0, 1.0));
        CHECK(find(v, "nmac").verdict() == "pass");
        CHECK(find(v, "nmac").demonstrated());
    }
    SECTION("no flight hours: no rate, so no pass") {
        const auto v = report::safety_verdicts(spec, with_rates(std::nan(""), std::nan("")));
        CHECK(find(v, "nmac").verdict() == "fail");
    }
}

TEST_CASE("the safety case shows every incident and the verdicts of /metrics",
          "[report][safety-case]") {
    auto [spec, run] = safety_case_run();
    REQUIRE(run.records.safety.size() > 5);
    REQUIRE_FALSE(spec.airspace.targets.empty());

    const std::string html = report::safety_case_html(spec, run);
    for (std::size_t k = 0; k < run.records.safety.size(); ++k) {
        INFO("incident " << k);
        CHECK(html.find("<article class=\"incident\" id=\"incident-" + std::to_string(k) + "\"") !=
              std::string::npos);
        CHECK(html.find("id=\"incident-map-" + std::to_string(k) + "\"") != std::string::npos);
    }
    // Each verdict row carries the rate and target it was decided on: they are the metrics'.
    const std::regex row(
        R"re(data-event="([a-z_]+)" data-rate="([^"]*)" data-target="([^"]*)" data-verdict="([a-z ]+)")re");
    std::size_t rows = 0;
    for (auto it = std::sregex_iterator(html.begin(), html.end(), row);
         it != std::sregex_iterator(); ++it, ++rows) {
        const std::string event = (*it)[1];
        INFO(event);
        const double rate = run.records.find_metric("safety_" + event + "_per_1000_h")->value;
        CHECK(std::stod((*it)[2]) == Approx(rate).epsilon(1e-12));
        const std::string target = (*it)[3];
        const std::string verdict = (*it)[4];
        if (target.empty()) {
            CHECK(verdict == "no target");
        } else {
            CHECK(verdict == (rate <= std::stod(target) ? "pass" : "fail"));
        }
    }
    CHECK(rows == scenario::safety_event_names().size());
    // Self-contained: nothing is fetched from anywhere.
    CHECK(html.find("http://") == html.find("http://www.w3.org/2000/svg"));
    CHECK(html.find("https://") == std::string::npos);
    CHECK(html.find("<script src") == std::string::npos);
}

TEST_CASE("plan-view maps keep distances", "[report][plan-view]") {
    const geo::GeoPoint a{48.137, 11.575, 0};
    const geo::GeoPoint east{48.137, 11.605, 0};
    const geo::GeoPoint north{48.167, 11.575, 0};
    report::GeoBounds b;
    for (const auto& p : {a, east, north}) {
        b.add(p.lat_deg, p.lon_deg);
    }
    const report::PlanProjection proj(b, 100);
    const double dx = proj.x(east.lon_deg) - proj.x(a.lon_deg);
    const double dy = proj.y(a.lat_deg) - proj.y(north.lat_deg);  // y points down
    CHECK(dx == Approx(geo::geodesic_distance_m(a, east)).epsilon(0.002));
    CHECK(dy == Approx(geo::geodesic_distance_m(a, north)).epsilon(0.002));
    CHECK(proj.width_m() == Approx(dx + 200).epsilon(1e-9));
}

TEST_CASE("the page's data never holds NaN or infinities", "[report][safety-case]") {
    auto [spec, run] = safety_case_run();
    REQUIRE(run.records.flight_tracks.size() > 3);
    REQUIRE_FALSE(run.records.safety.empty());
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    run.records.flight_tracks[0].lon_deg = nan;
    run.records.flight_tracks[1].time_s = inf;
    run.records.flight_tracks[2].lat_deg = -inf;
    run.records.safety[0].lon_deg = nan;
    run.records.safety[0].end_s = inf;
    const std::string html = report::safety_case_html(spec, run);
    // What printf writes for a non-finite number, where JSON would have a number.
    const std::regex non_finite(R"([\[,:]\s*-?(nan|inf)\b)", std::regex::icase);
    CHECK_FALSE(std::regex_search(html, non_finite));
}

TEST_CASE("text in the page is escaped", "[report]") {
    CHECK(report::escape_html(R"(<a href="x">&'</a>)") ==
          "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
}
