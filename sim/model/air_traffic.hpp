#pragma once
// The drone traffic in an airspace: which flights are airborne, the safety events they have,
// the separation monitor's predictions, corridor use and delays, and their report. Private to
// the model.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <lastmile/model/airspace.hpp>
#include <lastmile/scenario/safety_events.hpp>

#include "fleet.hpp"
#include "model_context.hpp"

namespace lastmile::model {

class AirTraffic {
  public:
    /// The airspace over the depots at `depot_positions` (metres in the local frame).
    AirTraffic(ModelContext& context, std::vector<Eigen::Vector2d> depot_positions);

    Airspace& airspace() { return *airspace_; }
    const Airspace& airspace() const { return *airspace_; }

    /// A flight of `vehicle` takes off on `path`; `ground_delay_s` it waited for its slot on
    /// the corridor segments `route`, after `reroutes` other routes.
    void take_off(std::uint64_t flight, std::uint32_t vehicle, std::vector<TrajectoryLeg> path,
                  double ground_delay_s, std::uint32_t reroutes,
                  const std::vector<std::size_t>& route);
    /// Its path changed: the separation monitor's predictions are redone from now.
    void watch_encounters(std::uint64_t flight, std::vector<TrajectoryLeg> path);
    /// Segment `segment` was flown from `entry_s` to `exit_s`.
    void use_segment(std::size_t segment, double entry_s, double exit_s);
    /// The flight landed after `airborne_s` in the air.
    void land(std::uint64_t flight, double airborne_s);
    /// Counts a flight denied for want of a conflict-free slot.
    void deny() { ++flights_denied_; }

    /// A safety event of `drone` on `flight` now, at `where` on leg `leg` of its path.
    output::SafetyRecord safety_row(scenario::SafetyEvent type, std::uint64_t flight,
                                    const Vehicle& drone, const Eigen::Vector3d& where,
                                    std::size_t leg) const;
    void record_safety(output::SafetyRecord row);
    /// True when a geofence active now lies on the rest of the path (recording an incursion
    /// if the drone is already inside one).
    bool geofence_ahead(std::uint64_t flight, const Vehicle& drone,
                        const std::vector<TrajectoryLeg>& path, std::size_t leg, double now_s);

    /// The airspace-wide metrics and /segments.
    void report() const;

  private:
    ModelContext& context_;
    std::unique_ptr<Airspace> airspace_;
    std::map<std::uint64_t, std::uint32_t> flight_vehicle_;  ///< airborne flights
    std::multimap<std::uint64_t, kernel::EventHandle> encounter_events_;
    std::vector<std::vector<std::pair<double, double>>> segment_use_;  ///< entry, exit
    std::vector<double> segment_delay_s_;
    std::map<std::string, std::uint64_t> events_;  ///< by type
    double flight_s_ = 0;
    std::uint64_t flights_denied_ = 0;
    std::uint64_t reroutes_ = 0;
    double ground_delay_s_ = 0;
    std::uint64_t delayed_flights_ = 0;
    double last_forget_s_ = 0;
};

}  // namespace lastmile::model
