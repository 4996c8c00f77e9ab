#pragma once
// What every part of an operation shares: the simulation it runs in, the scenario, where it
// reports, the local frame, and the kinds of the events it schedules. Private to the model.

#include <cmath>
#include <limits>

#include <lastmile/geo/local_frame.hpp>
#include <lastmile/kernel/simulation.hpp>
#include <lastmile/output/recorder.hpp>
#include <lastmile/scenario/spec.hpp>

namespace lastmile::model {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
inline constexpr double kInfinity = std::numeric_limits<double>::infinity();

// A drone back from a mission hovers until it gets a pad, burning energy: it lands before any
// drone on the ground takes off. (With an airspace, it diverts when its reserve is reached.)
inline constexpr kernel::Priority kLandingPriority = -1;
// The sampler looks at the state after everything else that happens at the same tick.
inline constexpr kernel::Priority kSamplerPriority = 100;

using Mode = scenario::VehicleMode;
inline constexpr std::size_t kModes = 2;

inline std::size_t mode_index(Mode mode) {
    return static_cast<std::size_t>(mode);
}

inline output::Mode output_mode(Mode mode) {
    return mode == Mode::drone ? output::Mode::drone : output::Mode::robot;
}

/// The kinds of the events an operation schedules. Registered in this order, which the event
/// digest depends on.
struct EventKinds {
    explicit EventKinds(kernel::Simulation& sim);

    kernel::EventKind start, dispatch, load, takeoff, climb, cruise_out, drop, cruise_back, descent,
        land, charge, swap, pack_charged, repair, drive, handover, depot_hours, sample, pack_grant,
        ground_hold, leg, encounter, contingency, conditions, retry, recovery, reserve_divert;
};

struct ModelContext {
    ModelContext(kernel::Simulation& simulation, const scenario::ScenarioSpec& scenario,
                 output::Recorder& out)
        : sim(simulation),
          spec(scenario),
          recorder(out),
          horizon(kernel::ticks_from_seconds(scenario.simulation.duration_s)),
          frame(scenario.frame_origin),
          kinds(simulation) {}
    ModelContext(const ModelContext&) = delete;
    ModelContext& operator=(const ModelContext&) = delete;

    kernel::Simulation& sim;
    const scenario::ScenarioSpec& spec;
    output::Recorder& recorder;
    const kernel::Tick horizon;
    const geo::LocalFrame frame;
    const EventKinds kinds;

    double now_s() const { return kernel::seconds_from_ticks(sim.now()); }
    /// Seconds since midnight, in the scenario's day, now.
    double time_of_day_s() const {
        return std::fmod(spec.simulation.start_time_of_day_s + now_s(), scenario::kSecondsPerDay);
    }
};

}  // namespace lastmile::model
