#pragma once
/// Time value of money, in whole or fractional years.

namespace lastmile::econ {

/// Capital recovery factor: the level yearly payment over `years` that repays 1 now at `rate`,
/// i (1+i)^n / ((1+i)^n - 1); 1/n at a zero rate.
double capital_recovery_factor(double rate, double years);

/// Sinking fund factor: the level yearly payment that accumulates to 1 after `years`,
/// i / ((1+i)^n - 1); 1/n at a zero rate. (CRF = SFF + i.)
double sinking_fund_factor(double rate, double years);

/// Present value of 1 paid at the end of each of `years` whole years (1 / CRF).
double annuity_factor(double rate, int years);

/// The level yearly equivalent of a payment of 1 in year 1 growing by `growth` a year, over
/// `years` whole years at `rate`: CRF * sum_t (1+g)^(t-1) / (1+i)^t. 1 when growth is 0.
double level_escalation_factor(double rate, double growth, int years);

}  // namespace lastmile::econ
