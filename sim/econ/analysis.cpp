#include <algorithm>
#include <cmath>
#include <limits>

#include <lastmile/econ/analysis.hpp>

namespace lastmile::econ {

double SensitivityRow::swing() const {
    return std::abs((owned_at_high - raas_at_high) - (owned_at_low - raas_at_low));
}

namespace {

double gap(const scenario::EconomicsSpec& spec, const Activity& activity, double volume) {
    const Costs c = evaluate(spec, activity, volume);
    return c.owned.annual_usd - c.raas.annual_usd;
}

std::optional<double> break_even_volume(const scenario::EconomicsSpec& spec,
                                        const Activity& activity) {
    // Scan a log grid for a change of sign, then bisect. Costs are piecewise linear in volume
    // (operators come in whole people), so the root is bracketed, not assumed smooth.
    const double top = std::min(64.0, capacity_volume(activity));
    double lo = 1.0 / 64;
    double g_lo = gap(spec, activity, lo);
    for (double hi = std::min(lo * std::sqrt(2.0), top); lo < top;
         hi = std::min(hi * std::sqrt(2.0), top)) {
        const double g_hi = gap(spec, activity, hi);
        if (g_lo == 0) {
            return lo;
        }
        if ((g_lo < 0) != (g_hi < 0)) {
            for (int k = 0; k < 100 && hi - lo > 1e-12 * hi; ++k) {
                const double mid = (lo + hi) / 2;
                const double g_mid = gap(spec, activity, mid);
                ((g_mid < 0) == (g_lo < 0) ? lo : hi) = mid;
            }
            return (lo + hi) / 2;
        }
        lo = hi;
        g_lo = g_hi;
    }
    return std::nullopt;
}

}  // namespace

double capacity_volume(const Activity& activity) {
    double capacity = std::numeric_limits<double>::infinity();
    for (const auto& t : activity.types) {
        if (t.active_s > 0 && t.vehicles > 0) {
            capacity = std::min(capacity, t.vehicles * activity.duration_s / t.active_s);
        }
    }
    return capacity;
}

EconomicsReport analyse(const scenario::EconomicsSpec& spec, const Activity& activity) {
    EconomicsReport report;
    report.costs = evaluate(spec, activity);
    if (const auto v = break_even_volume(spec, activity)) {
        report.break_even_deliveries_per_year = report.costs.deliveries_per_year * *v;
    }
    const double capacity = capacity_volume(activity);
    for (const double v : {0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0}) {
        const Costs c = evaluate(spec, activity, v);
        report.volume_curve.push_back({v, v / capacity, c.deliveries_per_year,
                                       c.owned.cost_per_delivery_usd,
                                       c.raas.cost_per_delivery_usd});
    }
    scenario::EconomicsSpec varied = spec;
    std::vector<scenario::EconParam*> params;
    scenario::for_each_param(varied, [&](scenario::EconParam& p) { params.push_back(&p); });
    for (scenario::EconParam* p : params) {
        if (!p->has_range()) {
            continue;
        }
        const double value = p->value;
        SensitivityRow row{p->key, p->unit, p->low, p->high};
        p->value = p->low;
        const Costs low = evaluate(varied, activity);
        p->value = p->high;
        const Costs high = evaluate(varied, activity);
        p->value = value;
        row.owned_at_low = low.owned.cost_per_delivery_usd;
        row.raas_at_low = low.raas.cost_per_delivery_usd;
        row.owned_at_high = high.owned.cost_per_delivery_usd;
        row.raas_at_high = high.raas.cost_per_delivery_usd;
        report.sensitivity.push_back(row);
    }
    std::stable_sort(report.sensitivity.begin(), report.sensitivity.end(),
                     [](const auto& a, const auto& b) { return a.swing() > b.swing(); });
    return report;
}

}  // namespace lastmile::econ
