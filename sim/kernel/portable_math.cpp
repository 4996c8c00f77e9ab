// The reductions and kernels follow the classic designs of Sun's fdlibm (Cody–Waite argument
// reduction with split constants), with plain Taylor or atanh series in place of its minimax
// polynomials: a few more terms, but coefficients anyone can check. Only frexp, ldexp, fmod
// and sqrt, which IEEE 754 and C define exactly, come from the C library.
#include <cmath>
#include <limits>

#include <lastmile/kernel/portable_math.hpp>

namespace lastmile::kernel::portable {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ln 2 split so that k * kLn2Hi is exact for |k| < 2^11 (its last 20 bits are zero).
constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kInvLn2 = 1.44269504088896338700e+00;
constexpr double kSqrtHalf = 7.07106781186547524401e-01;
constexpr double kSqrt2Minus1 = 4.14213562373095048802e-01;

// pi/2 in three pieces of 33 bits each, so that k * piece is exact for the k met in practice.
constexpr double kPiOver2_1 = 1.57079632673412561417e+00;
constexpr double kPiOver2_2 = 6.07710050630396597660e-11;
constexpr double kPiOver2_3 = 2.02226624871116645580e-21;
constexpr double kPiOver2_3Tail = 8.47842766036889956997e-32;
constexpr double kTwoOverPi = 6.36619772367581382433e-01;

// Rounds to the nearest integer, ties to even (the default rounding mode, which models never
// change): adding and subtracting 1.5 * 2^52 drops the fraction. Valid for |x| < 2^51.
double round_to_integer(double x) noexcept {
    constexpr double kShifter = 6755399441055744.0;  // 1.5 * 2^52
    return (x + kShifter) - kShifter;
}

// log(1 + f) for f in [sqrt(1/2) - 1, sqrt(2) - 1], through s = f / (2 + f):
// log(1 + f) = 2 atanh(s) = f - (f^2/2 - s (f^2/2 + R(s^2))), R(z) = 2 sum_k z^k / (2k + 1).
// |s| <= 0.172, so z <= 0.0295 and thirteen terms leave the series below 1e-20.
double log1p_reduced(double f) noexcept {
    const double s = f / (2.0 + f);
    const double z = s * s;
    double r = 2.0 / 27.0;
    for (int k = 12; k >= 1; --k) {
        r = r * z + 2.0 / (2 * k + 1);
    }
    r *= z;
    const double hfsq = 0.5 * f * f;
    return f - (hfsq - s * (hfsq + r));
}

// e^r - 1 for |r| <= 0.35 by its Taylor series to r^16 (the remainder is below 1e-21).
double expm1_reduced(double r) noexcept {
    // 1 / n!, n = 1 … 16 (every n! here is exact in a double, so each quotient is rounded once).
    constexpr double c[] = {1.0,
                            1.0 / 2.0,
                            1.0 / 6.0,
                            1.0 / 24.0,
                            1.0 / 120.0,
                            1.0 / 720.0,
                            1.0 / 5040.0,
                            1.0 / 40320.0,
                            1.0 / 362880.0,
                            1.0 / 3628800.0,
                            1.0 / 39916800.0,
                            1.0 / 479001600.0,
                            1.0 / 6227020800.0,
                            1.0 / 87178291200.0,
                            1.0 / 1307674368000.0,
                            1.0 / 20922789888000.0};
    double p = c[15];
    for (int n = 14; n >= 0; --n) {
        p = p * r + c[n];
    }
    return p * r;  // r (1 + r/2! + r^2/3! + …)
}

// sin r and cos r for |r| <= pi/4 by their Taylor series; the next terms are below 1e-19.
double sin_reduced(double r) noexcept {
    const double z = r * r;
    // Coefficients (-1)^k / (2k+1)!, k = 1 … 8.
    constexpr double c[] = {
        -1.0 / 6.0,        1.0 / 120.0,        -1.0 / 5040.0,          1.0 / 362880.0,
        -1.0 / 39916800.0, 1.0 / 6227020800.0, -1.0 / 1307674368000.0, 1.0 / 355687428096000.0};
    double p = c[7];
    for (int k = 6; k >= 0; --k) {
        p = p * z + c[k];
    }
    return r + r * z * p;
}

double cos_reduced(double r) noexcept {
    const double z = r * r;
    // Coefficients (-1)^k / (2k)!, k = 2 … 9.
    constexpr double c[] = {
        1.0 / 24.0,        -1.0 / 720.0,         1.0 / 40320.0,          -1.0 / 3628800.0,
        1.0 / 479001600.0, -1.0 / 87178291200.0, 1.0 / 20922789888000.0, -1.0 / 6402373705728000.0};
    double p = c[7];
    for (int k = 6; k >= 0; --k) {
        p = p * z + c[k];
    }
    const double half_z = 0.5 * z;
    // 1 - z/2 loses the fewest bits when written as (1 - z/2) + z^2 p.
    return (1.0 - half_z) + z * z * p;
}

// x = quadrant * pi/2 + r with |r| <= pi/4 (about; the rounding of x * 2/pi may leave a hair
// more, which the kernels handle as well). Angles beyond 1e9 rad are first brought down by
// whole turns with fmod, which is exact: deterministic, though no longer accurate there.
double reduce_quarter_turns(double x, long long& quadrant) noexcept {
    constexpr double kTwoPi = 6.28318530717958647692e+00;
    if (x > 1e9 || x < -1e9) {
        x = std::fmod(x, kTwoPi);
    }
    const double k = round_to_integer(x * kTwoOverPi);
    quadrant = static_cast<long long>(k);
    return ((x - k * kPiOver2_1) - k * kPiOver2_2) - (k * kPiOver2_3 + k * kPiOver2_3Tail);
}

// sin(quadrant * pi/2 + r) from the kernels on r.
double sin_of_quarter_turns(long long quadrant, double r) noexcept {
    switch (quadrant & 3) {
        case 0:
            return sin_reduced(r);
        case 1:
            return cos_reduced(r);
        case 2:
            return -sin_reduced(r);
        default:
            return -cos_reduced(r);
    }
}

}  // namespace

double log(double x) noexcept {
    if (std::isnan(x) || x < 0) {
        return kNaN;
    }
    if (x == 0) {
        return -kInf;
    }
    if (x == kInf) {
        return kInf;
    }
    int e = 0;
    double m = std::frexp(x, &e);  // x = m 2^e, m in [0.5, 1), exact (subnormals too)
    if (m < kSqrtHalf) {
        m *= 2;
        --e;
    }
    const double f = m - 1.0;  // exact: m lies within a factor of two of 1
    const double k = e;
    return k * kLn2Hi + (log1p_reduced(f) + k * kLn2Lo);
}

double log1p(double x) noexcept {
    if (std::isnan(x) || x < -1) {
        return kNaN;
    }
    if (x == -1) {
        return -kInf;
    }
    if (x == kInf) {
        return kInf;
    }
    if (x > kSqrtHalf - 1 && x < kSqrt2Minus1) {  // within the series' range as it stands
        return log1p_reduced(x);
    }
    // 1 + x rounds; log(u + c) = log(u) + c/u for the lost part c, to first order.
    const double u = 1.0 + x;
    const double c = (u - 1.0 == x) ? 0.0 : (x >= 1 ? 1.0 - (u - x) : x - (u - 1.0));
    return log(u) + c / u;
}

double exp(double x) noexcept {
    if (std::isnan(x)) {
        return x;
    }
    if (x > 709.782712893383973096) {  // log(DBL_MAX)
        return kInf;
    }
    if (x < -745.133219101941108420) {  // below half the smallest subnormal
        return 0.0;
    }
    const double k = round_to_integer(x * kInvLn2);
    const double r = (x - k * kLn2Hi) - k * kLn2Lo;  // |r| <= ln2/2 (and a hair)
    const double e_r = 1.0 + expm1_reduced(r);
    const int n = static_cast<int>(k);
    // Two scalings keep 2^n representable at both ends of the range.
    return std::ldexp(std::ldexp(e_r, n / 2), n - n / 2);
}

double expm1(double x) noexcept {
    if (std::isnan(x)) {
        return x;
    }
    if (x > 709.782712893383973096) {
        return kInf;
    }
    if (x > -0.35 && x < 0.35) {
        return expm1_reduced(x);
    }
    // x = k ln2 + r: e^x - 1 = 2^k (e^r - 1) + (2^k - 1). 2^k - 1 is exact for -53 <= k <= 52
    // (at k = -54 it rounds to -1, below the result's own rounding), so only the sum rounds,
    // and no digits cancel when e^x is near 1/2 (k = -1).
    const double k = round_to_integer(x * kInvLn2);
    if (k < -54) {
        return -1.0;  // e^x is below half an ulp of 1
    }
    if (k > 52) {
        return exp(x) - 1.0;  // the 1 is below half an ulp of e^x
    }
    const double r = (x - k * kLn2Hi) - k * kLn2Lo;
    const int n = static_cast<int>(k);
    return std::ldexp(expm1_reduced(r), n) + (std::ldexp(1.0, n) - 1.0);
}

double sin(double x) noexcept {
    if (!std::isfinite(x)) {
        return kNaN;
    }
    long long quadrant = 0;
    const double r = reduce_quarter_turns(x, quadrant);
    return sin_of_quarter_turns(quadrant, r);
}

double cos(double x) noexcept {
    if (!std::isfinite(x)) {
        return kNaN;
    }
    long long quadrant = 0;
    const double r = reduce_quarter_turns(x, quadrant);
    return sin_of_quarter_turns(quadrant + 1, r);  // cos x = sin(x + pi/2)
}

double pow_1_5(double x) noexcept {
    return x * std::sqrt(x);
}

double pow_int(double base, int n) noexcept {
    const bool invert = n < 0;
    // Widen before negating: -INT_MIN overflows an int.
    unsigned long long remaining =
        invert ? 0ULL - static_cast<unsigned long long>(n) : static_cast<unsigned long long>(n);
    double result = 1.0;
    double square = base;
    while (remaining != 0) {
        if ((remaining & 1ULL) != 0) {
            result *= square;
        }
        remaining >>= 1;
        if (remaining != 0) {
            square *= square;
        }
    }
    return invert ? 1.0 / result : result;
}

}  // namespace lastmile::kernel::portable
