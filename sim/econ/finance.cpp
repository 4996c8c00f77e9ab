#include <cmath>

#include <lastmile/econ/finance.hpp>

namespace lastmile::econ {

double capital_recovery_factor(double rate, double years) {
    if (rate == 0) {
        return 1 / years;
    }
    const double growth = std::pow(1 + rate, years);
    return rate * growth / (growth - 1);
}

double sinking_fund_factor(double rate, double years) {
    if (rate == 0) {
        return 1 / years;
    }
    return rate / (std::pow(1 + rate, years) - 1);
}

double annuity_factor(double rate, int years) {
    return 1 / capital_recovery_factor(rate, years);
}

double level_escalation_factor(double rate, double growth, int years) {
    double present = 0;
    for (int t = 1; t <= years; ++t) {
        present += std::pow(1 + growth, t - 1) / std::pow(1 + rate, t);
    }
    return present * capital_recovery_factor(rate, years);
}

}  // namespace lastmile::econ
