#pragma once
// The mission processes: one per vehicle kind (drones flying straight, drones in an
// airspace's corridors, robots on the ground network). Each vehicle runs a cycle: idle until
// the dispatcher sends it orders, the mission, the post-mission check (repair if a failure is
// due), then charging or a battery swap. Private to the model.

#include <cstdint>
#include <deque>
#include <vector>

#include <lastmile/geo/plan_to_geo.hpp>
#include <lastmile/kernel/task.hpp>
#include <lastmile/model/ground_network.hpp>
#include <lastmile/model/multirotor_energy.hpp>
#include <lastmile/model/trajectory.hpp>

#include "air_traffic.hpp"
#include "depot.hpp"
#include "dispatcher.hpp"
#include "fleet.hpp"
#include "model_context.hpp"
#include "order.hpp"

namespace lastmile::model {

/// /flight_tracks: the path each flight flew, as geographic points.
class FlightTracks {
  public:
    explicit FlightTracks(ModelContext& context) : context_(context), to_geo_(context.frame) {}
    /// Records `path`; legs up to `last_out_leg` are the way out.
    void record(std::uint64_t flight, const std::vector<TrajectoryLeg>& path,
                std::size_t last_out_leg);

  private:
    ModelContext& context_;
    geo::PlanToGeo to_geo_;  ///< flight tracks revisit the same waypoints
};

/// The parts a mission works with; they outlive every mission.
struct MissionScene {
    ModelContext& context;
    Orders& orders;
    std::deque<Depot>& depots;
    Fleet& fleet;
    Dispatcher& dispatcher;
    const std::vector<MultirotorEnergy>& drone_energy;  ///< one per drone type
    const GroundNetwork* network = nullptr;             ///< null without robots' network
    AirTraffic* air = nullptr;                          ///< null without an airspace
    FlightTracks& tracks;
};

/// The order is handed to the customer now.
void deliver(Order& order, Vehicle& vehicle, double now_s);

class DroneMissions {
  public:
    explicit DroneMissions(MissionScene scene) : scene_(scene) {}
    kernel::Process cycle(Vehicle& drone);

  private:
    /// Without an airspace: straight up, across at cruise height, the drop, back and down.
    kernel::Task fly_direct(Vehicle& drone, std::size_t order_index, std::uint64_t flight);

    MissionScene scene_;
    std::uint64_t next_flight_ = 0;
};

class RobotMissions {
  public:
    explicit RobotMissions(MissionScene scene) : scene_(scene) {}
    kernel::Process cycle(Vehicle& robot);

  private:
    /// Loads the stops at a bay, drives from stop to stop handing each parcel over, and back.
    kernel::Task trip(Vehicle& robot, std::vector<std::size_t> stops);

    MissionScene scene_;
    std::uint64_t next_trip_ = 0;
};

}  // namespace lastmile::model
