#include <limits>

#include <lastmile/econ/report.hpp>

namespace lastmile::econ {
namespace {

constexpr double kMonth_s = 365.25 * 86400 / 12;

}  // namespace

output::EconomicsRecords to_records(const EconomicsReport& report,
                                    const scenario::EconomicsSpec& spec) {
    output::EconomicsRecords e;
    const Costs& c = report.costs;
    const double deliveries = c.deliveries_per_year;
    for (const auto& line : c.lines) {
        e.breakdown.push_back({kOptionNames[static_cast<int>(line.option)], line.vehicle_type,
                               std::string(scenario::name_of(line.item)), line.annual_usd,
                               deliveries > 0 ? line.annual_usd / deliveries
                                              : std::numeric_limits<double>::quiet_NaN()});
    }
    for (const auto& [option, cost] :
         {std::pair{Option::owned, &c.owned}, std::pair{Option::raas, &c.raas}}) {
        e.summary.push_back({kOptionNames[static_cast<int>(option)], cost->annual_usd,
                             cost->present_value_usd, cost->cost_per_delivery_usd, deliveries});
    }
    for (std::size_t t = 0; t < spec.vehicles.size(); ++t) {
        e.break_even_fees.push_back({spec.vehicles[t].type_id, c.break_even_fee[t] * kMonth_s});
    }
    for (const auto& s : report.sensitivity) {
        e.sensitivity.push_back({s.key, s.unit, s.low, s.high, s.owned_at_low, s.owned_at_high,
                                 s.raas_at_low, s.raas_at_high});
    }
    scenario::for_each_param(spec, [&](const scenario::EconParam& p) {
        e.parameters.push_back({p.key, p.unit, p.value, p.low, p.high, p.source});
    });
    for (const auto& v : report.volume_curve) {
        e.volume.push_back({v.volume, v.fleet_utilisation, v.deliveries_per_year,
                            v.owned_cost_per_delivery_usd, v.raas_cost_per_delivery_usd});
    }
    return e;
}

void append_economics(const scenario::ScenarioSpec& spec, output::RunRecords& records) {
    if (!spec.economics.present) {
        return;
    }
    const EconomicsReport report = analyse(spec.economics, activity_from(records, spec));
    records.economics = to_records(report, spec.economics);
    const Costs& c = report.costs;
    std::vector<output::Metric> metrics{
        {"econ_deliveries_per_year", c.deliveries_per_year, "1/year",
         "the run's deliveries scaled to a year of operating days"},
        {"econ_owned_annual_usd", c.owned.annual_usd, "USD/year",
         "equivalent annual cost of owning the fleet"},
        {"econ_raas_annual_usd", c.raas.annual_usd, "USD/year",
         "equivalent annual cost of renting the fleet as a service"},
        {"econ_owned_cost_per_delivery_usd", c.owned.cost_per_delivery_usd, "USD",
         "owning: annual cost over annual deliveries"},
        {"econ_raas_cost_per_delivery_usd", c.raas.cost_per_delivery_usd, "USD",
         "renting: annual cost over annual deliveries"},
        {"econ_operator_hours_per_year", c.operator_hours_per_year, "h/year",
         "remote-operator hours the simulated activity needs"},
        {"econ_break_even_deliveries_per_year",
         report.break_even_deliveries_per_year.value_or(std::numeric_limits<double>::quiet_NaN()),
         "1/year",
         "volume at which both options cost the same, fleet fixed (NaN: none up to its capacity)"},
    };
    for (std::size_t t = 0; t < spec.economics.vehicles.size(); ++t) {
        metrics.push_back({"econ_break_even_fee_" + spec.economics.vehicles[t].type_id,
                           c.break_even_fee[t] * kMonth_s, "USD/month",
                           "RaaS fee per vehicle-month at which renting this type costs the same "
                           "as owning it"});
    }
    records.metrics.insert(records.metrics.end(), metrics.begin(), metrics.end());
}

}  // namespace lastmile::econ
