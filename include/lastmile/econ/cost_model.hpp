#pragma once
/// Owning a fleet versus renting it as a service (RaaS), from a run's activity.
///
/// A run is one operating day (a run longer than a day counts as that many days), scaled to a
/// year by the operating days. `volume` scales all activity (deliveries, operating hours,
/// energy, cycles, failures and vehicles on mission at every instant) with the fleet held
/// fixed. Costs are equivalent annual costs, in USD a year:
/// - capital: vehicles in service plus spares (rounded up) times the price, annualised with
///   the capital recovery factor over the life (the calendar life, or the operating-hours
///   life at this use, whichever ends first) less the salvage value times the sinking fund
///   factor;
/// - battery: equivalent full cycles over the pack's cycle life, times the pack cost;
/// - maintenance: a share of the price per vehicle-year, per operating hour, per failure;
/// - insurance and software per vehicle; energy drawn through the chargers at the price;
/// - remote operators: per interval, ceil(vehicles on mission / vehicles per operator),
///   never below the minimum crew, times the wage and burden, shared among the mode's types
///   by their operating time;
/// - site (capex annualised over the horizon, rent) and field crew per depot: the same for
///   both options;
/// - RaaS: the fee per vehicle in service, per delivery and per active hour (at least the
///   minimum hours per vehicle-month), as level annual equivalents of fees that grow by the
///   escalator; onboarding annualised over the horizon; the items the fee does not include,
///   priced as if owned (without spares).
/// Present values cover the horizon: the annual cost times the annuity factor.

#include <string>
#include <vector>

#include <lastmile/econ/activity.hpp>
#include <lastmile/scenario/economics_spec.hpp>

namespace lastmile::econ {

enum class Option { owned, raas };
inline constexpr const char* kOptionNames[] = {"owned", "raas"};

struct CostLine {
    Option option = Option::owned;
    std::string vehicle_type;  ///< empty for costs of the whole operation (sites)
    scenario::CostItem item = scenario::CostItem::capital;
    double annual_usd = 0;
};

struct OptionCost {
    double annual_usd = 0;
    double present_value_usd = 0;  ///< of the costs over the horizon
    double cost_per_delivery_usd = 0;
};

struct Costs {
    std::vector<CostLine> lines;
    OptionCost owned;
    OptionCost raas;
    double deliveries_per_year = 0;
    double operator_hours_per_year = 0;  ///< remote operators, all modes
    /// Per economics vehicle type: the fee per vehicle-month (USD/s, like the parameter) at
    /// which renting it costs the same as owning it.
    std::vector<double> break_even_fee;
};

/// Costs of both options for `activity` scaled by `volume`.
Costs evaluate(const scenario::EconomicsSpec& spec, const Activity& activity, double volume = 1);

/// Remote-operator hours in the run (not annualised) for one mode's on-mission series.
double operator_hours(const ActiveSeries& series, double duration_s, double vehicles_per_operator,
                      double min_crew, double volume = 1);

}  // namespace lastmile::econ
