// `lastmile safety-case`: the page opens in headless Chromium without a console message,
// draws itself (the page's script marks data-status="ready"), shows every incident, and its
// verdicts are those of /metrics. The test keeps a screenshot (safety-case.png).

#include <regex>

#include <catch2/catch.hpp>

#include <lastmile/output/run_file.hpp>
#include <lastmile/scenario/spec.hpp>

#include "cli/cli_support.hpp"

using namespace lastmile;
using lastmile::testing::run_command;
using lastmile::testing::run_lastmile;
using lastmile::testing::Scratch;

namespace {

const std::string kSafetyCase = LASTMILE_SOURCE_DIR "/scenarios/safety-case.yaml";

/// Headless Chromium as the project runs it (no sandbox as root, no GPU, no network chatter),
/// logging the page's console to stderr.
std::string chromium(const std::string& arguments) {
    return std::string("'") + LASTMILE_CHROMIUM +
           "' --headless --no-sandbox --disable-gpu --disable-background-networking "
           "--enable-logging=stderr --v=0 --virtual-time-budget=5000 " +
           arguments;
}

}  // namespace

TEST_CASE("the safety case opens in headless Chromium and shows every incident",
          "[cli][safety-case]") {
    Scratch s;
    const std::string run = s.path("safety.h5");
    const std::string page = s.path("report.html");
    REQUIRE(run_lastmile("run -q '" + kSafetyCase + "' -o '" + run + "'").exit_code == 0);
    const auto made = run_lastmile("safety-case '" + run + "' -o '" + page + "'");
    INFO(made.out);
    REQUIRE(made.exit_code == 0);
    const auto contents = output::read_run_file(run);
    const auto& safety = contents.records.safety;
    REQUIRE(safety.size() > 5);
    CHECK_THAT(made.out, Catch::Contains(std::to_string(safety.size()) + " incidents"));

    // The DOM after the page's script ran, and everything the browser logged meanwhile.
    const auto dom = run_command(chromium("--dump-dom 'file://" + page + "'"));
    REQUIRE(dom.exit_code == 0);
    CHECK_THAT(dom.out, Catch::Contains("<body data-status=\"ready\">"));
    CHECK_THAT(dom.out, !Catch::Contains(":CONSOLE"));  // no console message of any level
    for (std::size_t k = 0; k < safety.size(); ++k) {
        INFO("incident " << k);
        CHECK_THAT(dom.out, Catch::Contains("id=\"incident-" + std::to_string(k) +
                                            "\" data-type=\"" + safety[k].type + "\""));
    }
    // The replay drew a dot per flight that landed before the horizon (a flight still in the
    // air then has no track; the script adds a dot per track).
    std::size_t flights = 0;
    for (const auto& f : contents.records.flights) {
        flights += f.leg == 1 ? 1 : 0;
    }
    std::size_t dots = 0;
    for (std::size_t at = 0; (at = dom.out.find("class=\"vehicle\"", at)) != std::string::npos;
         ++at) {
        ++dots;
    }
    CHECK(dots == flights);
    // Verdicts as the page states them, against the rates and targets of the run.
    const std::regex row(
        R"re(data-event="([a-z_]+)" data-rate="[^"]*" data-target="([^"]*)" data-verdict="([a-z ]+)")re");
    std::size_t rows = 0;
    for (auto it = std::sregex_iterator(dom.out.begin(), dom.out.end(), row);
         it != std::sregex_iterator(); ++it, ++rows) {
        const std::string event = (*it)[1];
        const double rate = contents.records.find_metric("safety_" + event + "_per_1000_h")->value;
        const std::string target = (*it)[2];
        INFO(event << " at " << rate << " per 1000 h, target '" << target << "'");
        CHECK((*it)[3] == (target.empty()              ? "no target"
                           : rate <= std::stod(target) ? "pass"
                                                       : "fail"));
    }
    CHECK(rows == scenario::safety_event_names().size());

    const std::string screenshot = std::string(LASTMILE_SCREENSHOT_DIR) + "/safety-case.png";
    std::filesystem::remove(screenshot);
    const auto shot = run_command(chromium("--window-size=1200,1800 --screenshot='" + screenshot +
                                           "' 'file://" + page + "'"));
    CHECK(shot.exit_code == 0);
    REQUIRE(std::filesystem::exists(screenshot));
    CHECK(std::filesystem::file_size(screenshot) > 20'000);  // a drawn page, not a blank one
}

TEST_CASE("safety-case refuses files it cannot read with exit 2", "[cli][safety-case]") {
    Scratch s;
    CHECK(
        run_lastmile("safety-case '" + kSafetyCase + "' -o '" + s.path("x.html") + "'").exit_code ==
        2);
    CHECK(run_lastmile("safety-case '" + s.path("absent.h5") + "'").exit_code == 2);
    CHECK_FALSE(std::filesystem::exists(s.path("x.html")));
}
