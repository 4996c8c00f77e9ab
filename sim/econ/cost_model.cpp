#include <algorithm>
#include <cmath>

#include <lastmile/econ/cost_model.hpp>
#include <lastmile/econ/finance.hpp>

namespace lastmile::econ {
namespace {

using scenario::CostItem;
constexpr double kYear_s = 365.25 * 86400;

bool includes(const scenario::RaasTerms& raas, CostItem item) {
    return std::find(raas.includes.begin(), raas.includes.end(), item) != raas.includes.end();
}

}  // namespace

double operator_hours(const ActiveSeries& series, double duration_s, double vehicles_per_operator,
                      double min_crew, double volume) {
    double crew_s = 0;
    for (std::size_t k = 0; k < series.start_s.size(); ++k) {
        const double end = k + 1 < series.start_s.size() ? series.start_s[k + 1] : duration_s;
        // Rounded to 1e-9 first, so an exact multiple never gains an operator from rounding.
        const double needed =
            std::ceil(std::round(series.active[k] * volume / vehicles_per_operator * 1e9) / 1e9);
        crew_s += std::max(min_crew, needed) * std::max(0.0, end - series.start_s[k]);
    }
    return crew_s / 3600;
}

Costs evaluate(const scenario::EconomicsSpec& spec, const Activity& activity, double volume) {
    Costs c;
    const double i = spec.discount_rate.value;
    const int horizon = static_cast<int>(std::lround(spec.horizon_s.value / kYear_s));
    const double run_days = std::max(1.0, activity.duration_s / 86400);
    const double per_year = spec.operating_days.value / run_days * volume;  // activity scale
    const double runs_per_year = spec.operating_days.value / run_days;
    const double horizon_crf = capital_recovery_factor(i, horizon);

    const auto add = [&](Option option, const std::string& type, CostItem item, double usd) {
        c.lines.push_back(CostLine{option, type, item, usd});
        (option == Option::owned ? c.owned : c.raas).annual_usd += usd;
    };

    // Remote operators per mode, from the staffing the run needed.
    double mode_cost[2] = {0, 0};
    double mode_active_s[2] = {0, 0};
    for (const auto& [mode, ops, series] :
         {std::tuple{0, &spec.drone_operators, &activity.drones},
          std::tuple{1, &spec.robot_operators, &activity.robots}}) {
        if (*ops) {
            const auto& o = **ops;
            const double hours =
                operator_hours(*series, activity.duration_s, o.vehicles_per_operator.value,
                               o.min_crew.value, volume) *
                runs_per_year;
            c.operator_hours_per_year += hours;
            mode_cost[mode] = hours * 3600 * o.wage.value * o.burden.value;
        }
    }
    double mode_vehicles[2] = {0, 0};
    for (std::size_t t = 0; t < spec.vehicles.size(); ++t) {
        mode_active_s[static_cast<int>(spec.vehicles[t].mode)] += activity.types[t].active_s;
        mode_vehicles[static_cast<int>(spec.vehicles[t].mode)] += activity.types[t].vehicles;
    }

    double deliveries = 0;
    c.break_even_fee.resize(spec.vehicles.size());
    for (std::size_t t = 0; t < spec.vehicles.size(); ++t) {
        const auto& v = spec.vehicles[t];
        const auto& o = v.owned;
        const auto& r = v.raas;
        const TypeActivity& a = activity.types[t];
        const int mode = static_cast<int>(v.mode);
        const double n = a.vehicles;
        const double units = n + std::ceil(n * o.spare_ratio.value - 1e-9);
        const double active_s = a.active_s * per_year;
        const double cycles = a.battery_cycles * per_year;
        const double failures = a.failures * per_year;
        const double type_deliveries = a.deliveries * per_year;
        deliveries += type_deliveries;
        // Operators are shared by time on mission; with none (the minimum crew only), by fleet.
        const double share = mode_active_s[mode] > 0   ? a.active_s / mode_active_s[mode]
                             : mode_vehicles[mode] > 0 ? n / mode_vehicles[mode]
                                                       : 0;

        // The items priced the same way whoever owns the vehicle, for `count` vehicles.
        const auto item_cost = [&](CostItem item, double count) {
            switch (item) {
                case CostItem::battery:
                    return cycles / o.battery_cycle_life.value * o.battery_pack_cost.value;
                case CostItem::maintenance:
                    return count * o.unit_price.value * o.maintenance_share_per_year.value +
                           o.maintenance_per_operating_s.value * active_s +
                           o.maintenance_per_failure.value * failures;
                case CostItem::insurance:
                    return count * o.insurance.value * kYear_s;
                case CostItem::software:
                    return count * o.software.value * kYear_s;
                case CostItem::energy:
                    return a.energy_wh * per_year / spec.charger_efficiency.value *
                           spec.energy_price.value;
                case CostItem::remote_operators:
                    return mode_cost[mode] * share;
                default:
                    return 0.0;
            }
        };

        // Owned.
        const double hours_per_vehicle_year = n > 0 ? active_s / 3600 / n : 0;
        double life_years = o.life_s.value / kYear_s;
        if (hours_per_vehicle_year > 0) {
            life_years =
                std::min(life_years, o.life_operating_s.value / 3600 / hours_per_vehicle_year);
        }
        const double price = units * o.unit_price.value;
        const double owned_start = c.owned.annual_usd;
        add(Option::owned, v.type_id, CostItem::capital,
            price * capital_recovery_factor(i, life_years) -
                price * o.salvage.value * sinking_fund_factor(i, life_years));
        for (const CostItem item : scenario::kIncludableItems) {
            add(Option::owned, v.type_id, item, item_cost(item, units));
        }
        const double owned_type = c.owned.annual_usd - owned_start;

        // Rented.
        const double escalation = level_escalation_factor(i, r.escalator.value, horizon);
        // Minimum hours are billed per vehicle: a busy one does not make up for an idle one.
        const double minimum_s = r.minimum_active_s.value * 12;
        double billed_s = std::max(active_s, minimum_s * n);
        if (!a.vehicle_active_s.empty()) {
            billed_s = 0;
            for (const double v_s : a.vehicle_active_s) {
                billed_s += std::max(v_s * per_year, minimum_s);
            }
        }
        const double fee_usd = n * r.fee.value * kYear_s * escalation;
        const double raas_start = c.raas.annual_usd;
        add(Option::raas, v.type_id, CostItem::raas_fee,
            fee_usd +
                (r.per_delivery.value * type_deliveries + r.per_active_s.value * billed_s) *
                    escalation +
                r.onboarding.value * horizon_crf);
        for (const CostItem item : scenario::kIncludableItems) {
            if (!includes(r, item)) {
                add(Option::raas, v.type_id, item, item_cost(item, n));
            }
        }
        const double raas_without_fee = c.raas.annual_usd - raas_start - fee_usd;
        const double per_fee_unit = n * kYear_s * escalation;  // annual cost of 1 USD/s of fee
        c.break_even_fee[t] = per_fee_unit > 0 ? (owned_type - raas_without_fee) / per_fee_unit : 0;
    }

    // Sites and field crews: the same whichever way the vehicles are had.
    const double depots = activity.depots;
    const double site =
        depots * (spec.site_capex.value * horizon_crf + spec.site_rent.value * kYear_s);
    const double field = depots * spec.field_crew.value * activity.duration_s * runs_per_year *
                         spec.field_wage.value;
    for (const Option option : {Option::owned, Option::raas}) {
        add(option, "", CostItem::site, site);
        add(option, "", CostItem::field_crew, field);
    }

    c.deliveries_per_year = deliveries;
    const double annuity = annuity_factor(i, horizon);
    for (OptionCost* option : {&c.owned, &c.raas}) {
        option->present_value_usd = option->annual_usd * annuity;
        option->cost_per_delivery_usd = deliveries > 0 ? option->annual_usd / deliveries
                                                       : std::numeric_limits<double>::quiet_NaN();
    }
    return c;
}

}  // namespace lastmile::econ
