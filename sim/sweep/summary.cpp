#include <limits>
#include <map>

#include <fmt/format.h>

#include <lastmile/output/run_file.hpp>
#include <lastmile/sweep/runner.hpp>
#include <lastmile/sweep/statistics.hpp>
#include <lastmile/sweep/summary.hpp>

namespace lastmile::sweep {

output::SweepSummary summarise(const scenario::SweepSpec& sweep, const std::filesystem::path& dir) {
    output::SweepSummary s;
    s.name = sweep.name;
    s.seed = sweep.seed;
    s.replications = sweep.replications;
    s.baseline = sweep.variants[sweep.baseline].name;
    for (const auto& v : sweep.variants) {
        std::string parameters;
        for (const auto& [key, value] : v.parameters) {
            parameters += (parameters.empty() ? "" : "; ") + key + "=" + value;
        }
        s.variants.push_back({v.name, parameters});
    }

    std::vector<std::string> missing;
    std::vector<std::string> metric_names;  // in the order of the first run's metrics
    // values[variant][metric][replication]
    std::vector<std::map<std::string, std::vector<double>>> values(sweep.variants.size());
    for (const auto& run : sweep.runs()) {
        const auto path = run_file(dir, sweep, run);
        output::RunFileContents contents;
        try {
            contents = output::read_run_file(path, output::RunFileParts::provenance_and_metrics);
        } catch (const output::RunFileError&) {
            missing.push_back(path.filename().string());
            continue;
        }
        if (!matches(contents.provenance, sweep, run)) {
            missing.push_back(path.filename().string());
            continue;
        }
        const auto& name = sweep.variants[run.variant].name;
        const auto metric = [&](std::string_view m) {
            const auto* found = contents.records.find_metric(m);
            return found != nullptr ? found->value : std::numeric_limits<double>::quiet_NaN();
        };
        s.runs.push_back({run.index, name, run.replication, contents.provenance.seed,
                          contents.provenance.event_digest,
                          std::filesystem::relative(path, dir).string(),
                          s.variants[run.variant].parameters, metric("orders_delivered"),
                          metric("delivery_time_mean_s"), metric("promise_met_fraction"),
                          metric("econ_owned_cost_per_delivery_usd"),
                          metric("econ_raas_cost_per_delivery_usd")});
        for (const auto& m : contents.records.metrics) {
            if (values[run.variant].count(m.name) == 0 &&
                std::find(metric_names.begin(), metric_names.end(), m.name) == metric_names.end()) {
                metric_names.push_back(m.name);
            }
            values[run.variant][m.name].push_back(m.value);
            s.metrics.push_back({run.index, name, run.replication, m.name, m.value});
        }
    }
    if (!missing.empty()) {
        throw IncompleteSweep(
            fmt::format("{} of {} runs have no complete results file yet: {}{}", missing.size(),
                        sweep.runs().size(),
                        fmt::join(missing.begin(),
                                  missing.begin() + std::min<std::size_t>(missing.size(), 5), ", "),
                        missing.size() > 5 ? ", ..." : ""));
    }
    const auto& base = values[sweep.baseline];
    for (std::size_t v = 0; v < sweep.variants.size(); ++v) {
        const auto& name = sweep.variants[v].name;
        for (const auto& metric : metric_names) {
            const auto it = values[v].find(metric);
            if (it == values[v].end()) {
                continue;
            }
            const Interval i = mean_interval(it->second);
            s.aggregates.push_back({name, metric, it->second.size(), i.mean, i.low, i.high});
            const auto b = base.find(metric);
            if (v == sweep.baseline || b == base.end()) {
                continue;
            }
            const Interval paired = paired_difference(it->second, b->second);
            const Interval unpaired = unpaired_difference(it->second, b->second);
            s.differences.push_back({name, metric, it->second.size(), paired.mean, paired.low,
                                     paired.high, unpaired.low, unpaired.high});
        }
    }
    return s;
}

}  // namespace lastmile::sweep
