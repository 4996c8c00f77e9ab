#include <cmath>

#include <lastmile/econ/finance.hpp>
#include <lastmile/kernel/portable_math.hpp>

namespace lastmile::econ {

// The economics are results in the file, compared by replay --verify: computed with the
// portable functions, they are the same on every machine.
namespace portable = kernel::portable;

namespace {

// Below this the closed forms lose their digits to cancellation; the zero-rate limits are
// within 1e-9 relative of the true values there.
constexpr double kTinyRate = 1e-9;

}  // namespace

double capital_recovery_factor(double rate, double years) {
    if (std::abs(rate) < kTinyRate) {
        return 1 / years;
    }
    // (1+i)^n - 1 as expm1(n log1p(i)): exact for small rates too.
    const double growth_minus_1 = portable::expm1(years * portable::log1p(rate));
    return rate * (growth_minus_1 + 1) / growth_minus_1;
}

double sinking_fund_factor(double rate, double years) {
    if (std::abs(rate) < kTinyRate) {
        return 1 / years;
    }
    return rate / portable::expm1(years * portable::log1p(rate));
}

double annuity_factor(double rate, int years) {
    return 1 / capital_recovery_factor(rate, years);
}

double level_escalation_factor(double rate, double growth, int years) {
    double present = 0;
    for (int t = 1; t <= years; ++t) {
        present += portable::pow_int(1 + growth, t - 1) / portable::pow_int(1 + rate, t);
    }
    return present * capital_recovery_factor(rate, years);
}

}  // namespace lastmile::econ
