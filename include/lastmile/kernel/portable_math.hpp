#pragma once
/// Elementary functions that give the same bits on every machine.
///
/// The C library's `log`, `exp`, `sin`… are not specified bit for bit: glibc, musl, macOS and
/// Windows round differently, glibc picks a different implementation at run time on a processor
/// with FMA, and compilers fold calls on constants with their own (correctly rounded) library.
/// Any of those would move an event time by a tick now and then, and a replay on another
/// machine would then differ. The functions here use only IEEE 754 operations that are
/// correctly rounded by definition (+, -, *, /, sqrt, and exact scaling by powers of two),
/// evaluated in a fixed order: with FLT_EVAL_METHOD 0 and no contraction into fused
/// multiply-adds (the build sets -ffp-contract=off), every conforming platform computes the
/// same result. Each is within 2 units in the last place of glibc's (which is within 1 of the
/// true value); tests/kernel/portable_math_test.cpp checks them against the C library.
///
/// Every model quantity that feeds the event stream uses these instead of <cmath>'s:
/// exponential draws, the charger's taper, wind components, rotor induced power.

#include <cfloat>
#include <limits>

#if defined(__FAST_MATH__)
#error \
    "LastMile's results are reproducible only with IEEE 754 arithmetic: build without -ffast-math"
#endif
static_assert(std::numeric_limits<double>::is_iec559, "LastMile needs IEEE 754 doubles");
static_assert(FLT_EVAL_METHOD == 0,
              "LastMile needs doubles evaluated as doubles (no x87 excess precision): "
              "build for x86-64 or AArch64, or with -mfpmath=sse");

namespace lastmile::kernel::portable {

/// Natural logarithm; -inf at 0, NaN below 0.
double log(double x) noexcept;
/// log(1 + x), accurate for small x; -inf at -1, NaN below -1.
double log1p(double x) noexcept;
/// e^x; overflows to +inf, underflows to 0.
double exp(double x) noexcept;
/// e^x - 1, accurate for small x.
double expm1(double x) noexcept;
/// Sine and cosine of an angle in radians. Accurate for |x| up to about 1e5 (any angle a
/// model meets); beyond that the argument reduction loses digits, still the same everywhere.
double sin(double x) noexcept;
double cos(double x) noexcept;
/// x^1.5 for x >= 0, as x * sqrt(x): both correctly rounded, so the same everywhere.
double pow_1_5(double x) noexcept;
/// base^n for a whole exponent, by repeated squaring (the order of products is fixed).
double pow_int(double base, int n) noexcept;

}  // namespace lastmile::kernel::portable
