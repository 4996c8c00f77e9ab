// `replay --verify` run by a binary whose model differs from the one that wrote the file:
// `lastmile-perturbed` (built with LASTMILE_PERTURBED_TWIN) draws 0.1 % more power in cruise.

#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "cli/cli_support.hpp"

namespace {

using lastmile::testing::run_command;
using lastmile::testing::run_lastmile;
using lastmile::testing::Scratch;

const std::string kQuickstart = LASTMILE_SOURCE_DIR "/scenarios/quickstart.yaml";
const std::string kSafetyCase = LASTMILE_SOURCE_DIR "/scenarios/safety-case.yaml";

/// What follows "first" in a verification's output.
std::string first_difference(const std::string& out) {
    std::istringstream lines(out);
    std::string first;
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("first", 0) == 0) {
            first = line.substr(std::string("first").size());
            break;
        }
    }
    first.erase(0, first.find_first_not_of(' '));
    return first;
}

lastmile::testing::Result replay_perturbed(const std::string& file) {
    return run_command(std::string("'") + LASTMILE_PERTURBED_BINARY + "' replay '" + file +
                       "' --verify");
}

}  // namespace

TEST_CASE("replay --verify by a perturbed model fails and names the first difference",
          "[cli][replay]") {
    Scratch s;
    const std::string run_file = s.path("quickstart.h5");
    const auto run = run_lastmile("run '" + kQuickstart + "' -o '" + run_file + "' -q");
    REQUIRE(run.exit_code == 0);

    const auto same = run_lastmile("replay '" + run_file + "' --verify");
    INFO(same.out);
    CHECK(same.exit_code == 0);
    CHECK_THAT(same.out, Catch::StartsWith("identical"));

    const auto perturbed = replay_perturbed(run_file);
    INFO(perturbed.out);
    CHECK(perturbed.exit_code == 1);
    CHECK_THAT(perturbed.out, Catch::Contains("different"));
    CHECK_FALSE(first_difference(perturbed.out).empty());
}

TEST_CASE("with a trace, the perturbed replay names the first event that differs",
          "[cli][replay]") {
    Scratch s;
    const std::string run_file = s.path("safety.h5");
    REQUIRE(run_lastmile("run -q --trace '" + kSafetyCase + "' -o '" + run_file + "'").exit_code ==
            0);
    REQUIRE(run_lastmile("replay '" + run_file + "' --verify").exit_code == 0);
    const auto perturbed = replay_perturbed(run_file);
    INFO(perturbed.out);
    CHECK(perturbed.exit_code == 1);
    // "/trace event N: <time> <kind> <entities> in the file; <time> <kind> <entities> now"
    const std::string first = first_difference(perturbed.out);
    CHECK_THAT(first, Catch::StartsWith("/trace event "));
    CHECK_THAT(first, Catch::Contains(" in the file; "));
    CHECK_THAT(first, Catch::EndsWith(" now"));
}
