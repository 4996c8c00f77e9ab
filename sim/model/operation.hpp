#pragma once
// A delivery operation: the composition root of the model. It builds the parts (depots, the
// fleet, the dispatcher, the missions of each vehicle kind, the air traffic, demand), starts
// their processes, and at the horizon has them report. Private to the model: simulate() is
// the way in (lastmile/model/run.hpp).
//
// Drone cycle: wait for an order; load it; on a pad, take off; climb; cruise to the customer;
// hover while the parcel is lowered; cruise back; descend; wait (hovering, ahead of any
// take-off) for a pad and land; swap the battery or queue for a charger; go to repair if a
// failure is due. In an airspace, the flight follows a deconflicted 4D plan through the
// corridors, and contingencies can interrupt it.
// Robot cycle: wait for orders (one, or a batch under robot-batching); at a loading bay, load
// them; drive the network's shortest paths from stop to stop (nearest stop next), crossing
// streets and handing over each parcel; drive back; charge; repair if due.

#include <deque>
#include <memory>
#include <vector>

#include <lastmile/model/demand.hpp>
#include <lastmile/model/ground_network.hpp>
#include <lastmile/model/multirotor_energy.hpp>

#include "air_traffic.hpp"
#include "depot.hpp"
#include "dispatcher.hpp"
#include "fleet.hpp"
#include "missions.hpp"
#include "model_context.hpp"
#include "order.hpp"

namespace lastmile::model {

class Operation {
  public:
    /// `policies` holds the dispatch policy the scenario names.
    Operation(kernel::Simulation& sim, const scenario::ScenarioSpec& spec,
              output::Recorder& recorder, const DispatchPolicies& policies);
    ~Operation();
    Operation(const Operation&) = delete;
    Operation& operator=(const Operation&) = delete;

    /// Starts demand, depots, vehicles and the time-series sampler at the current time.
    void start();
    /// Reports every table and metric. Call once, after the run reached the horizon.
    void finish();

  private:
    /// When the wind or a restriction changes, orders waiting for drones look again.
    kernel::Process airspace_conditions();
    /// /timeseries and /depot_timeseries, at the scenario's interval.
    kernel::Process sampler();
    MissionScene mission_scene();

    ModelContext context_;
    std::unique_ptr<GroundNetwork> network_;
    std::vector<MultirotorEnergy> drone_energy_;  ///< one per drone type
    std::deque<Depot> depots_;
    std::unique_ptr<AirTraffic> air_;  ///< null without an airspace section
    Fleet fleet_{context_};
    Orders orders_;
    FlightTracks tracks_{context_};
    std::unique_ptr<Dispatcher> dispatcher_;
    std::unique_ptr<DroneMissions> drone_missions_;
    std::unique_ptr<RobotMissions> robot_missions_;
    std::unique_ptr<DemandGenerator> demand_;
    bool finished_ = false;
};

}  // namespace lastmile::model
