// The bound dispatch uses to leave out drone depots must never exceed the plan it stands for.

#include <catch2/catch.hpp>

#include <lastmile/geo/local_frame.hpp>
#include <lastmile/kernel/random.hpp>
#include <lastmile/model/airspace.hpp>
#include <lastmile/scenario/loader.hpp>

using namespace lastmile;

TEST_CASE("no flight plan delivers sooner than the airspace's bound, wind or restriction",
          "[model][airspace][dispatch]") {
    // A day of the shipped safety case: a wind front that grounds the fleet for an hour, a
    // pop-up restriction over the stadium, two depots; customers all over and beyond the
    // corridors, at every minute.
    const auto spec =
        scenario::load_scenario_file(LASTMILE_SOURCE_DIR "/scenarios/safety-case.yaml");
    const geo::LocalFrame frame(spec.frame_origin);
    std::vector<Eigen::Vector2d> depots;
    for (const auto& d : spec.depots) {
        const auto e = frame.to_enu(d.location);
        depots.emplace_back(e.x(), e.y());
    }
    model::Airspace airspace(spec.airspace, frame, depots);
    const model::MultirotorEnergy energy(spec.drone_types.front());
    auto rng = kernel::RandomStreams(5, 0).stream("dispatch-bound");
    int bounded = 0;
    for (double t = 0; t < spec.simulation.duration_s; t += 60) {
        const Eigen::Vector2d customer(rng.uniform(-4000, 4000), rng.uniform(-4000, 4000));
        const double payload = rng.uniform(0, 2.5);
        for (std::size_t d = 0; d < depots.size(); ++d) {
            const auto bound = airspace.out_time_lower_bound_s(d, customer, energy, t);
            const auto plan = airspace.plan_totals(d, customer, energy, payload, t);
            if (!bound) {
                continue;
            }
            ++bounded;
            INFO("t = " << t << " s, depot " << d);
            REQUIRE(plan);  // a bound is given only where the plan flies
            CHECK(*bound <= plan->out_s);
            CHECK(*bound > 0.6 * plan->out_s);  // and close enough to prune with
            // The totals are the full plan's.
            const auto full = airspace.plan(d, customer, energy, payload, t);
            REQUIRE(full);
            CHECK(full->out_s == plan->out_s);
            CHECK(full->total_wh == plan->total_wh);
        }
    }
    CHECK(bounded > 500);
}
