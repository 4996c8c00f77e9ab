#pragma once
/// The safety case of a recorded run, for a regulator: the operation in figures, each safety
/// event type's rate per 1,000 flight hours with its 95 % interval against the scenario's
/// target level, every incident with the routes of the flights involved on a plan-view map,
/// and an animated replay of the whole run, as one self-contained HTML page.

#include <optional>
#include <string>
#include <vector>

#include <lastmile/output/run_file.hpp>
#include <lastmile/scenario/spec.hpp>

namespace lastmile::report {

/// One safety event type's record against its target level.
struct SafetyVerdict {
    std::string event;
    double count = 0;
    double rate_per_1000_h = 0;  ///< NaN without flight hours
    double ci_low_per_1000_h = 0;
    double ci_high_per_1000_h = 0;
    std::optional<double> target_per_1000_h;  ///< none when the scenario sets no target
    /// The observed rate is at or below the target.
    bool meets_target() const { return target_per_1000_h && rate_per_1000_h <= *target_per_1000_h; }
    /// Even the upper end of the 95 % interval is at or below the target.
    bool demonstrated() const {
        return target_per_1000_h && ci_high_per_1000_h <= *target_per_1000_h;
    }
    /// "pass", "fail" or "no target".
    std::string verdict() const;
};

/// Every event type the airspace model records, in its order, with rates read from the run's
/// /metrics (so that the report and the file cannot disagree) and the scenario's targets.
std::vector<SafetyVerdict> safety_verdicts(const scenario::ScenarioSpec& spec,
                                           const output::RunRecords& records);

struct SafetyCaseOptions {
    /// Incidents drawn on maps of their own; the rest are listed in the table only.
    std::size_t max_incident_maps = 500;
    /// Track points the animation carries; beyond it, only flights near incidents move.
    std::size_t max_animation_points = 400'000;
};

/// The report as one HTML page that needs no network: styles, data and script inline.
std::string safety_case_html(const scenario::ScenarioSpec& spec, const output::RunFileContents& run,
                             const SafetyCaseOptions& options = {});

}  // namespace lastmile::report
