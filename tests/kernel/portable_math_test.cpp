#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>

#include <catch2/catch.hpp>

#include <lastmile/kernel/hash.hpp>
#include <lastmile/kernel/portable_math.hpp>
#include <lastmile/kernel/random.hpp>

namespace portable = lastmile::kernel::portable;
using lastmile::kernel::RandomStream;
using lastmile::kernel::StreamKey;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Distance in units in the last place, through the ordered integer image of the doubles.
std::int64_t ulps_apart(double a, double b) {
    const auto ordered = [](double x) {
        const auto bits = std::bit_cast<std::int64_t>(x);
        return bits < 0 ? std::numeric_limits<std::int64_t>::min() - bits : bits;
    };
    const std::int64_t d = ordered(a) - ordered(b);
    return d < 0 ? -d : d;
}

// The C library's result is within one ulp of the truth, ours within two: three apart at most.
constexpr std::int64_t kUlps = 3;

RandomStream inputs(std::uint64_t which) {
    return RandomStream(StreamKey{20261207, 0, which, 0});
}

}  // namespace

TEST_CASE("portable log and log1p agree with the C library within a few ulps",
          "[kernel][portable_math]") {
    auto rng = inputs(1);
    std::int64_t worst = 0;
    for (int i = 0; i < 200'000; ++i) {
        // Mantissas in [1, 2) at exponents from subnormal to near overflow.
        const int e = static_cast<int>(rng.below(2097)) - 1074;
        const double x = std::ldexp(1.0 + rng.uniform01(), e);
        worst = std::max(worst, ulps_apart(portable::log(x), std::log(x)));
    }
    CHECK(worst <= kUlps);

    worst = 0;
    for (int i = 0; i < 200'000; ++i) {
        // The exponential draws' range (-1, 0], small arguments, and large ones.
        const double u = rng.uniform01();
        for (const double x : {-u, u * 1e-6, u * 20, std::ldexp(u, -40)}) {
            worst = std::max(worst, ulps_apart(portable::log1p(x), std::log1p(x)));
        }
    }
    CHECK(worst <= kUlps);
}

TEST_CASE("portable exp and expm1 agree with the C library within a few ulps",
          "[kernel][portable_math]") {
    auto rng = inputs(2);
    std::int64_t worst = 0;
    for (int i = 0; i < 200'000; ++i) {
        const double x = rng.uniform(-708.0, 709.0);
        worst = std::max(worst, ulps_apart(portable::exp(x), std::exp(x)));
    }
    CHECK(worst <= kUlps);

    worst = 0;
    for (int i = 0; i < 200'000; ++i) {
        const double u = rng.uniform(-1.0, 1.0);
        for (const double x : {u * 40, u * 0.5, u * 1e-8}) {
            worst = std::max(worst, ulps_apart(portable::expm1(x), std::expm1(x)));
        }
    }
    CHECK(worst <= kUlps);
}

TEST_CASE("portable sine and cosine agree with the C library", "[kernel][portable_math]") {
    auto rng = inputs(3);
    std::int64_t worst = 0;
    double worst_absolute = 0;
    for (int i = 0; i < 200'000; ++i) {
        const double x = rng.uniform(-1000.0, 1000.0);
        const double s = portable::sin(x);
        const double c = portable::cos(x);
        // Near a zero a tiny absolute error is many ulps of a tiny result: judge those by the
        // absolute error, which the reduction keeps near an ulp of the reduced angle.
        if (std::abs(std::sin(x)) > 1e-3) {
            worst = std::max(worst, ulps_apart(s, std::sin(x)));
        }
        if (std::abs(std::cos(x)) > 1e-3) {
            worst = std::max(worst, ulps_apart(c, std::cos(x)));
        }
        worst_absolute =
            std::max({worst_absolute, std::abs(s - std::sin(x)), std::abs(c - std::cos(x))});
    }
    CHECK(worst <= kUlps);
    CHECK(worst_absolute < 3e-16);
}

TEST_CASE("portable functions give the exact values and limits", "[kernel][portable_math]") {
    CHECK(portable::log(1.0) == 0.0);
    CHECK(portable::log(0.0) == -kInf);
    CHECK(std::isnan(portable::log(-1.0)));
    CHECK(portable::log(kInf) == kInf);
    CHECK(std::isnan(portable::log(std::nan(""))));
    CHECK(ulps_apart(portable::log(2.0), std::numbers::ln2) <= 1);
    CHECK(ulps_apart(portable::log(std::numbers::e), 1.0) <= 1);
    CHECK(portable::log(std::numeric_limits<double>::denorm_min()) ==
          Approx(-744.4400719213812).epsilon(1e-15));

    CHECK(portable::log1p(0.0) == 0.0);
    CHECK(portable::log1p(1e-300) == 1e-300);
    CHECK(portable::log1p(-1.0) == -kInf);
    CHECK(std::isnan(portable::log1p(-1.5)));

    CHECK(portable::exp(0.0) == 1.0);
    CHECK(portable::exp(-kInf) == 0.0);
    CHECK(portable::exp(kInf) == kInf);
    CHECK(portable::exp(710.0) == kInf);
    CHECK(portable::exp(-746.0) == 0.0);
    CHECK(ulps_apart(portable::exp(1.0), std::numbers::e) <= 1);
    CHECK(portable::exp(-745.0) > 0.0);  // the smallest subnormal, not zero
    CHECK(portable::expm1(0.0) == 0.0);
    CHECK(portable::expm1(1e-300) == 1e-300);
    CHECK(portable::expm1(-100.0) == -1.0);

    CHECK(portable::sin(0.0) == 0.0);
    CHECK(portable::cos(0.0) == 1.0);
    CHECK(std::isnan(portable::sin(kInf)));
    CHECK(std::isnan(portable::cos(std::nan(""))));
    CHECK(std::abs(portable::sin(std::numbers::pi)) < 1.3e-16);
    CHECK(std::abs(portable::cos(std::numbers::pi / 2)) < 1e-16);
    CHECK(portable::sin(1e300) == portable::sin(1e300));  // deterministic, even if not accurate

    CHECK(portable::pow_1_5(4.0) == 8.0);
    CHECK(portable::pow_1_5(0.0) == 0.0);
    CHECK(portable::pow_int(2.0, 10) == 1024.0);
    CHECK(portable::pow_int(2.0, -2) == 0.25);
    CHECK(portable::pow_int(3.0, 0) == 1.0);
    CHECK(portable::pow_int(1.0, std::numeric_limits<int>::min()) == 1.0);
}

TEST_CASE("sine is odd and cosine even, bit for bit", "[kernel][portable_math]") {
    auto rng = inputs(4);
    for (int i = 0; i < 10'000; ++i) {
        const double x = rng.uniform(0.0, 100.0);
        REQUIRE(portable::sin(-x) == -portable::sin(x));
        REQUIRE(portable::cos(-x) == portable::cos(x));
    }
}

TEST_CASE("portable functions give the same bits as when these results were recorded",
          "[kernel][portable_math]") {
    // A fingerprint of 40,000 results. These functions use only correctly rounded IEEE
    // operations in a fixed order, so the fingerprint is the same for every compiler, build
    // type and processor; a build that fuses multiply-adds or reassociates changes it.
    auto rng = inputs(5);
    std::uint64_t fingerprint = 0;
    const auto fold = [&fingerprint](double value) {
        fingerprint =
            lastmile::kernel::splitmix64(fingerprint ^ std::bit_cast<std::uint64_t>(value));
    };
    for (int i = 0; i < 5'000; ++i) {
        const double u = rng.uniform01();
        fold(portable::log(u * 1e3 + 1e-3));
        fold(portable::log1p(-u));
        fold(portable::exp(u * 100 - 50));
        fold(portable::expm1(u - 0.5));
        fold(portable::sin(u * 7));
        fold(portable::cos(u * 7));
        fold(portable::pow_1_5(u * 100));
        fold(portable::pow_int(1 + u, 7));
    }
    CHECK(fingerprint == 0x94c3a6d029292da5ULL);
}
