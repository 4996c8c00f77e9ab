#pragma once
/// What a run did, in the terms costs are counted in: per vehicle type of the economics
/// section, and remote-operator demand over time.

#include <cstddef>
#include <vector>

#include <lastmile/output/recorder.hpp>
#include <lastmile/scenario/spec.hpp>

namespace lastmile::econ {

struct TypeActivity {
    double vehicles = 0;  ///< in service (the simulated fleet; spares come on top)
    double active_s = 0;  ///< on mission, summed over vehicles
    double distance_m = 0;
    double energy_wh = 0;  ///< drawn from the batteries
    double battery_cycles = 0;
    double failures = 0;
    double deliveries = 0;
    std::vector<double> vehicle_active_s;  ///< on mission, each vehicle (for minimum hours)
};

/// Vehicles of one mode on mission over time: `active[k]` from `start_s[k]` until the next
/// start (the last until the end of the run).
struct ActiveSeries {
    std::vector<double> start_s;
    std::vector<double> active;
};

struct Activity {
    double duration_s = 0;
    double depots = 0;
    std::vector<TypeActivity> types;  ///< as EconomicsSpec::vehicles
    ActiveSeries drones;
    ActiveSeries robots;
};

/// The activity of a finished run, for the vehicle types its economics section lists. Vehicles
/// on mission over time come from the exact changes when the records have them, else from the
/// fleet timeseries samples.
Activity activity_from(const output::RunRecords& records, const scenario::ScenarioSpec& spec);

}  // namespace lastmile::econ
