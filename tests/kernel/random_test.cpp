#include <cmath>
#include <set>
#include <vector>

#include <catch2/catch.hpp>

#include <lastmile/kernel/random.hpp>

using namespace lastmile::kernel;

namespace {
std::vector<std::uint64_t> draws(RandomStream s, int n) {
    std::vector<std::uint64_t> out;
    for (int i = 0; i < n; ++i) {
        out.push_back(s());
    }
    return out;
}
}  // namespace

TEST_CASE("the same key always gives the same sequence", "[kernel][random]") {
    const RandomStreams streams(42, 3);
    CHECK(draws(streams.stream("demand", 7), 100) == draws(streams.stream("demand", 7), 100));
}

TEST_CASE("every field of the key selects a different stream", "[kernel][random]") {
    const auto base = draws(RandomStreams(42, 0).stream("demand", 0), 8);
    CHECK(draws(RandomStreams(43, 0).stream("demand", 0), 8) != base);
    CHECK(draws(RandomStreams(42, 1).stream("demand", 0), 8) != base);
    CHECK(draws(RandomStreams(42, 0).stream("demanD", 0), 8) != base);
    CHECK(draws(RandomStreams(42, 0).stream("demand", 1), 8) != base);
}

TEST_CASE("creating or using one stream never changes another's draws", "[kernel][random]") {
    // The property that makes variants comparable: a drone added to a fleet draws from its own
    // stream, so the demand stream's sequence is untouched.
    const RandomStreams streams(7, 0);
    auto demand_alone = streams.stream("demand");
    std::vector<double> alone;
    for (int i = 0; i < 50; ++i) {
        alone.push_back(demand_alone.uniform01());
    }

    auto demand = streams.stream("demand");
    std::vector<RandomStream> drones;
    std::vector<double> interleaved;
    for (int i = 0; i < 50; ++i) {
        drones.push_back(streams.stream("drone.failures", static_cast<std::uint64_t>(i)));
        for (auto& d : drones) {
            (void)d.uniform01();
        }
        interleaved.push_back(demand.uniform01());
    }
    CHECK(interleaved == alone);
}

TEST_CASE("streams for neighbouring entities are uncorrelated", "[kernel][random]") {
    const RandomStreams streams(1, 0);
    auto a = streams.stream("x", 0);
    auto b = streams.stream("x", 1);
    const int n = 20000;
    double sab = 0;
    double sa = 0;
    double sb = 0;
    for (int i = 0; i < n; ++i) {
        const double x = a.uniform01() - 0.5;
        const double y = b.uniform01() - 0.5;
        sab += x * y;
        sa += x * x;
        sb += y * y;
    }
    const double r = sab / std::sqrt(sa * sb);
    CHECK(std::fabs(r) < 4.0 / std::sqrt(n));  // 4 standard errors
}

TEST_CASE("uniform01 lies in the half-open unit interval with the right mean and variance",
          "[kernel][random]") {
    auto s = RandomStreams(3, 0).stream("u");
    const int n = 100000;
    double sum = 0;
    double sum2 = 0;
    for (int i = 0; i < n; ++i) {
        const double u = s.uniform01();
        REQUIRE(u >= 0.0);
        REQUIRE(u < 1.0);
        sum += u;
        sum2 += u * u;
    }
    const double mean = sum / n;
    const double var = sum2 / n - mean * mean;
    CHECK(mean == Approx(0.5).margin(4 * std::sqrt(1.0 / 12 / n)));
    CHECK(var == Approx(1.0 / 12).margin(0.002));
}

TEST_CASE("exponential draws have the requested mean and are positive", "[kernel][random]") {
    auto s = RandomStreams(5, 0).stream("e");
    const int n = 100000;
    const double mean = 90.0;
    double sum = 0;
    for (int i = 0; i < n; ++i) {
        const double x = s.exponential(mean);
        REQUIRE(x >= 0.0);
        sum += x;
    }
    // Standard error of the mean is mean / sqrt(n).
    CHECK(sum / n == Approx(mean).margin(4 * mean / std::sqrt(n)));
}

TEST_CASE("below(n) covers 0 to n-1 evenly", "[kernel][random]") {
    auto s = RandomStreams(9, 0).stream("b");
    std::vector<int> counts(6, 0);
    const int n = 60000;
    for (int i = 0; i < n; ++i) {
        const auto v = s.below(6);
        REQUIRE(v < 6);
        ++counts[v];
    }
    // Chi-square with 5 degrees of freedom; 20.5 is the 0.999 quantile.
    double chi2 = 0;
    for (const int c : counts) {
        chi2 += (c - n / 6.0) * (c - n / 6.0) / (n / 6.0);
    }
    CHECK(chi2 < 20.5);
}

TEST_CASE("a stream's output is pinned across platforms and releases", "[kernel][random]") {
    // Results files must replay bit for bit on another machine, so the generator and key
    // derivation may never change silently. These values were produced by this implementation;
    // if they change, every recorded run stops replaying.
    auto s = RandomStreams(2026, 1).stream("demand.arrivals", 3);
    CHECK(s() == 0x45e21b623245117aULL);
    CHECK(s() == 0x0dc6e10adffe5a9aULL);
    CHECK(s.draws() == 2);
}
