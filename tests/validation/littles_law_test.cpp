// Little's law, L = lambda W, for every queue a run records: the time-average number waiting
// must equal the arrival rate times the mean wait. It holds exactly for customers who have
// left; the few still waiting at the horizon make the tolerance.

#include <catch2/catch.hpp>

#include "support/robot_scenario.hpp"
#include "support/run_helpers.hpp"

using namespace lastmile;

namespace {

void check_littles_law(const testing::Run& r, double horizon_s) {
    int checked = 0;
    for (const auto& q : r.records.depots) {
        if (q.waited == 0) {
            continue;  // no queue to speak of
        }
        INFO("depot " << q.depot << " " << q.resource << ": L = " << q.mean_queue << ", lambda W = "
                      << static_cast<double>(q.served) / horizon_s * q.mean_wait_s);
        const double lambda_w =
            (static_cast<double>(q.served) * q.mean_wait_s + q.gave_up_wait_s) / horizon_s;
        CHECK(q.mean_queue == Approx(lambda_w).epsilon(0.03).margin(0.002));
        ++checked;
    }
    CHECK(checked >= 1);
}

}  // namespace

TEST_CASE("Little's law holds for the pads and chargers of a busy drone depot",
          "[validation][queueing]") {
    auto spec = testing::tiny();
    spec.simulation.duration_s = 48 * 3600;
    spec.fleets[0].count = 8;
    spec.depots[0].pads = 1;
    spec.depots[0].chargers.count = 2;
    spec.demand.zones[0].rate_per_s = 25.0 / 3600;
    check_littles_law(testing::run(spec), spec.simulation.duration_s);
}

TEST_CASE("Little's law holds for battery swap stock and robot loading bays",
          "[validation][queueing]") {
    auto spec = testing::tiny();
    spec.simulation.duration_s = 48 * 3600;
    spec.fleets[0].count = 6;
    spec.depots[0].chargers.count = 0;
    spec.depots[0].swap = {true, 1, 60, 2, 400};  // one station, two spares, slow pack charging
    spec.demand.zones[0].rate_per_s = 25.0 / 3600;
    const auto drones = testing::run(spec);
    bool packs_ran_out = false;
    for (const auto& q : drones.records.depots) {
        packs_ran_out = packs_ran_out || (q.resource == "charged_packs" && q.waited > 0);
    }
    CHECK(packs_ran_out);  // the stock does run out: drones wait for a charged pack
    check_littles_law(drones, spec.simulation.duration_s);

    auto robots = scenario::load_scenario_text(testing::robot_scenario(), "robots.yaml");
    robots.fleets[0].count = 4;
    robots.demand.zones[0].rate_per_s = 20.0 / 3600;
    check_littles_law(testing::run(robots), robots.simulation.duration_s);
}
