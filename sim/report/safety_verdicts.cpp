#include <cmath>
#include <limits>

#include <lastmile/report/safety_case.hpp>
#include <lastmile/scenario/airspace_spec.hpp>

namespace lastmile::report {

std::string SafetyVerdict::verdict() const {
    if (!target_per_1000_h) {
        return "no target";
    }
    return meets_target() ? "pass" : "fail";
}

std::vector<SafetyVerdict> safety_verdicts(const scenario::ScenarioSpec& spec,
                                           const output::RunRecords& records) {
    const auto metric = [&](const std::string& name) {
        const output::Metric* m = records.find_metric(name);
        return m ? m->value : std::numeric_limits<double>::quiet_NaN();
    };
    std::vector<SafetyVerdict> verdicts;
    for (const auto& type : scenario::kSafetyEventTypes) {
        SafetyVerdict v;
        v.event = type.name;
        const std::string base = scenario::metric_name(type.event);
        v.count = metric(base);
        v.rate_per_1000_h = metric(base + "_per_1000_h");
        v.ci_low_per_1000_h = metric(base + "_per_1000_h_ci_low");
        v.ci_high_per_1000_h = metric(base + "_per_1000_h_ci_high");
        for (const auto& target : spec.airspace.targets) {
            if (target.event == type.name) {
                v.target_per_1000_h = target.max_per_1000_h;
            }
        }
        verdicts.push_back(std::move(v));
    }
    return verdicts;
}

}  // namespace lastmile::report
