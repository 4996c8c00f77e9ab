// A depot's opening hours on their own: closed before opening time, how long until it opens,
// and the calls that let the dispatcher act when it opens and closes.

#include <catch2/catch.hpp>

#include "model/parts_fixture.hpp"
#include "support/run_helpers.hpp"

using namespace lastmile;

TEST_CASE("a depot opens and closes at its hours and says how long until it opens",
          "[model][depot]") {
    auto spec = testing::tiny();
    spec.simulation.start_time_of_day_s = 6 * 3600;  // 06:00
    spec.simulation.duration_s = 2 * 86400;
    spec.depots[0].hours = {false, 8 * 3600, 20 * 3600};
    testing::ModelParts parts(spec);
    model::Depot& depot = parts.depots[0];
    int opened = 0;
    int closed = 0;
    parts.sim.spawn(depot.opening_hours([&] { ++opened; }, [&] { ++closed; }),
                    {parts.context.kinds.depot_hours, 0});
    parts.sim.run_until(0);
    CHECK_FALSE(depot.open());
    CHECK(depot.seconds_until_open() == 2 * 3600);
    parts.sim.run_until(kernel::ticks_from_seconds(3600));
    CHECK(depot.seconds_until_open() == 3600);
    parts.sim.run_until(kernel::ticks_from_seconds(2 * 3600));  // 08:00
    CHECK(depot.open());
    CHECK(depot.seconds_until_open() == 0);
    CHECK(opened == 1);
    CHECK(closed == 0);
    parts.sim.run_until(kernel::ticks_from_seconds(14 * 3600));  // 20:00
    CHECK_FALSE(depot.open());
    CHECK(closed == 1);
    CHECK(depot.seconds_until_open() == 12 * 3600);  // 08:00 the next day
    parts.sim.run_until(kernel::ticks_from_seconds(2 * 86400));
    CHECK(opened == 2);
    CHECK(closed == 2);
}
