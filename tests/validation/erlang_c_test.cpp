// A charger bank fed by Poisson arrivals with exponential charge times is an M/M/c queue; the
// simulated mean wait must agree with the Erlang C formula within the simulation's own 95%
// confidence interval.
//
// How the scenario makes it M/M/c: orders arrive as a Poisson process and are served at once
// by one of many idle drones (far more drones and pads than ever busy), every mission takes
// the same time, so drones reach the chargers as a shifted Poisson process (the output of an
// M/D/infinity queue is Poisson). The chargers use the documented validation option
// `exponential_service_mean`, so service is exponential.

#include <cmath>
#include <vector>

#include <catch2/catch.hpp>

#include "support/run_helpers.hpp"

using namespace lastmile;

namespace {

/// Erlang C: probability an arrival waits, for c servers and offered load a = lambda / mu.
double erlang_c(int c, double a) {
    double sum = 0;
    double term = 1;  // a^k / k!
    for (int k = 0; k < c; ++k) {
        sum += term;
        term *= a / (k + 1);
    }
    const double rho = a / c;
    const double top = term / (1 - rho);  // a^c / c! / (1 - rho)
    return top / (sum + top);
}

double mean_wait_theory_s(int c, double lambda_per_s, double mean_service_s) {
    const double mu = 1 / mean_service_s;
    return erlang_c(c, lambda_per_s / mu) / (c * mu - lambda_per_s);
}

struct Estimate {
    double mean = 0;
    double half_width = 0;
};

/// Mean charger wait over replications, with a Student-t 95% interval.
Estimate simulated_mean_wait_s(double lambda_per_s, double mean_service_s, int chargers,
                               int replications) {
    auto spec = testing::tiny();
    spec.simulation.duration_s = 300 * 3600;
    spec.fleets[0].count = 80;
    spec.depots[0].pads = 80;
    spec.depots[0].chargers.count = chargers;
    spec.depots[0].chargers.exponential_service_mean_s = mean_service_s;
    spec.demand.zones[0].rate_per_s = lambda_per_s;
    std::vector<double> means;
    for (int rep = 0; rep < replications; ++rep) {
        model::RunOptions options;
        options.replication = static_cast<std::uint64_t>(rep);
        const auto r = testing::run(spec, options);
        for (const auto& q : r.records.depots) {
            if (q.resource == "chargers") {
                means.push_back(q.mean_wait_s);
            }
        }
        // The model assumptions hold: no order ever waited for a drone, no drone for a pad.
        REQUIRE(r.metric("dispatch_wait_mean_s") == 0);
    }
    double sum = 0;
    for (const double m : means) {
        sum += m;
    }
    const double mean = sum / static_cast<double>(means.size());
    double ss = 0;
    for (const double m : means) {
        ss += (m - mean) * (m - mean);
    }
    const double sd = std::sqrt(ss / static_cast<double>(means.size() - 1));
    const double t_975_19 = 2.093;  // Student t, 19 degrees of freedom
    return {mean, t_975_19 * sd / std::sqrt(static_cast<double>(means.size()))};
}

}  // namespace

TEST_CASE("Erlang C formula sanity: one server reduces to M/M/1", "[validation][queueing]") {
    // M/M/1: Wq = rho / (mu - lambda).
    const double lambda = 0.5;
    const double mu = 1.0;
    CHECK(mean_wait_theory_s(1, lambda, 1 / mu) == Approx(0.5 / (mu - lambda)));
}

TEST_CASE("chargers as an M/M/c queue reproduce the Erlang C mean wait", "[validation][queueing]") {
    const int c = 3;
    const double service_s = 20 * 60;
    for (const double rho : {0.5, 0.8}) {
        const double lambda = rho * c / service_s;
        const double theory = mean_wait_theory_s(c, lambda, service_s);
        const Estimate sim = simulated_mean_wait_s(lambda, service_s, c, 20);
        INFO("utilisation " << rho << ": Erlang C " << theory << " s, simulated " << sim.mean
                            << " s +/- " << sim.half_width << " s (95%)");
        CHECK(std::abs(sim.mean - theory) <= sim.half_width);
        CHECK(sim.half_width < 0.15 * theory);  // the interval is tight enough to mean something
    }
}
