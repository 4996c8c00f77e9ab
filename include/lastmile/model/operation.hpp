#pragma once
/// A delivery operation: depots, drone and robot fleets, demand, dispatch, charging or battery
/// swap, and failures, driven by the kernel and reporting to a Recorder.
///
/// Drone cycle: wait for an order; load it; on a pad, take off; climb; cruise to the customer;
/// hover while the parcel is lowered; cruise back; descend; wait (hovering, ahead of any
/// take-off) for a pad and land; swap the battery or queue for a charger; go to repair if a
/// failure is due.
/// Robot cycle: wait for orders (one, or a batch under robot-batching); at a loading bay, load
/// them; drive the network's shortest paths from stop to stop (nearest stop next), crossing
/// streets and handing over each parcel; drive back; charge; repair if due.
///
/// Orders go to the feasible (depot, mode) the dispatch policy picks, and wait there for the
/// first idle vehicle of that mode that can serve them; those no vehicle can serve are
/// rejected with the reason. Depots dispatch only while open.

#include <array>
#include <deque>
#include <limits>
#include <memory>
#include <optional>
#include <vector>

#include <lastmile/geo/local_frame.hpp>
#include <lastmile/geo/plan_to_geo.hpp>
#include <lastmile/kernel/mailbox.hpp>
#include <lastmile/kernel/resource.hpp>
#include <lastmile/kernel/simulation.hpp>
#include <lastmile/kernel/store.hpp>
#include <lastmile/kernel/task.hpp>
#include <lastmile/model/airspace.hpp>
#include <lastmile/model/demand.hpp>
#include <lastmile/model/dispatch.hpp>
#include <lastmile/model/ground_network.hpp>
#include <lastmile/model/multirotor_energy.hpp>
#include <lastmile/output/recorder.hpp>
#include <lastmile/scenario/spec.hpp>

namespace lastmile::model {

class Operation {
  public:
    Operation(kernel::Simulation& sim, const scenario::ScenarioSpec& spec,
              output::Recorder& recorder);
    ~Operation();
    Operation(const Operation&) = delete;
    Operation& operator=(const Operation&) = delete;

    /// Starts demand, depots, vehicles and the time-series sampler at the current time.
    void start();
    /// Reports every table and metric. Call once, after the run reached the horizon.
    void finish();

  private:
    using Mode = scenario::VehicleMode;
    static constexpr std::size_t kModes = 2;

    struct Order;
    struct Pack;
    struct Vehicle;
    struct Depot;
    struct Kinds;

    // Demand and dispatch.
    void accept(const OrderRequest& request);
    /// Chooses a depot and mode for the order and queues it there, or rejects it.
    void place(std::size_t order_index);
    /// Why no (depot, mode) could take an order, gathered over those tried.
    struct Rejections {
        bool payload_possible = false;
        bool out_of_range = false;
        bool unreachable = false;
    };
    /// Expected time from now to delivery if `mode` vehicles at depot `d` take the order;
    /// nothing if none can. `trip_m` is the robots' round trip (NaN if off their network).
    std::optional<double> expected_delivery_s(const Order& order, std::size_t d, Mode mode,
                                              double trip_m, Rejections& why) const;
    /// A time no drone delivery of the order from depot `d` can beat: from the straight line,
    /// or, with `route`, from the corridor route where the airspace can vouch for it.
    double drone_delivery_bound_s(const Order& order, std::size_t d, bool route,
                                  Rejections& why) const;
    /// The strongest wind blowing anywhere at `now_s` (0 without an airspace).
    double strongest_wind_mps(double now_s) const;
    /// Expected time to delivery by `mode` vehicles at `depot` taking `service_s` from
    /// dispatch: the wait for the depot to open and for the queue ahead, then the service.
    double expected_with_wait_s(const Depot& depot, Mode mode, double service_s) const;
    double time_of_day_s() const;
    double seconds_until_open(const Depot& depot) const;
    bool can_serve(const Vehicle& vehicle, const Order& order) const;
    std::optional<double> robot_round_trip_m(std::size_t depot, const Order& order) const;
    void assign_waiting(std::size_t depot, Mode mode);
    std::vector<std::size_t> robot_batch(const Vehicle& robot, std::deque<std::size_t>& queue,
                                         std::deque<std::size_t>::iterator first);
    std::vector<std::size_t> route_order(const Vehicle& robot,
                                         std::vector<std::size_t> stops) const;
    double robot_tour_m(const Vehicle& robot, const std::vector<std::size_t>& stops) const;

    // Airspace (sim/model/airspace_mission.cpp).
    struct AirspaceState;
    struct FlightOutcome;
    /// Whether a drone of `drone`'s type could fly the order from its depot now, and why not.
    std::optional<AirspacePlan> airspace_plan(const Vehicle& drone, const Order& order,
                                              PlanFailure* why = nullptr) const;
    /// Time from take-off to delivery for a drone of type `type` from `depot`, plus any wait
    /// for the wind or a restriction to allow it; nothing if it cannot be flown.
    std::optional<double> airspace_service_s(std::size_t depot, std::size_t type,
                                             const Order& order, bool& out_of_range) const;
    kernel::Task airspace_mission(Vehicle& drone, std::size_t order_index, std::uint64_t flight,
                                  bool& flown);
    /// Records the path flight `flight` flew as /flight_tracks points; legs up to
    /// `last_out_leg` are its way out.
    void record_track(std::uint64_t flight, const std::vector<TrajectoryLeg>& path,
                      std::size_t last_out_leg);
    struct ContingencyRoute;
    /// Where a drone at `here` goes now that `cause` ends its planned flight (home, the nearest
    /// safe landing site, or straight down), the legs that take it there and down, and their
    /// energy.
    ContingencyRoute contingency_route(const Vehicle& drone, const Eigen::Vector3d& here,
                                       scenario::SafetyEvent cause, double payload_kg,
                                       double now_s) const;
    /// Flies from where `cause` interrupted the flight to a landing; `landed_away` tells
    /// whether that was away from the depot.
    kernel::Task fly_contingency(Vehicle& drone, Order& order, std::uint64_t flight,
                                 std::vector<TrajectoryLeg>& path, std::size_t leg,
                                 scenario::SafetyEvent cause, bool delivered, bool& landed_away);
    /// After the flight: recovery by road if it landed away, repair if it failed.
    kernel::Task recover_after_contingency(Vehicle& drone, scenario::SafetyEvent cause,
                                           bool landed_away);
    kernel::Process airspace_conditions();
    void watch_encounters(std::uint64_t flight, std::vector<TrajectoryLeg> path);
    void record_safety(output::SafetyRecord row);
    /// A safety event of `drone` on `flight` now, at `where` on leg `leg` of its path.
    output::SafetyRecord safety_row(scenario::SafetyEvent type, std::uint64_t flight,
                                    const Vehicle& drone, const Eigen::Vector3d& where,
                                    std::size_t leg) const;
    /// True when a geofence active now lies on the rest of the path (recording an incursion
    /// if the drone is already inside one).
    bool geofence_ahead(std::uint64_t flight, const Vehicle& drone,
                        const std::vector<TrajectoryLeg>& path, std::size_t leg, double now_s);
    void return_order(std::size_t order_index);
    void report_airspace();

    // Vehicle behaviour.
    kernel::Process drone_cycle(Vehicle& drone);
    kernel::Process robot_cycle(Vehicle& robot);
    kernel::Task recharge(Vehicle& vehicle);
    kernel::Task repair_if_due(Vehicle& vehicle);
    kernel::Process recharge_pack(std::size_t depot, std::size_t pack);
    kernel::Process opening_hours(std::size_t depot);
    kernel::Process sampler();
    void set_state(Vehicle& vehicle, output::VehicleState state);
    void become_idle(Vehicle& vehicle);
    void draw_next_failure(Vehicle& vehicle);
    void deliver(Order& order, Vehicle& vehicle);

    // Reporting.
    void report_orders();
    void report_vehicles_and_batteries();
    void report_depots();
    void report_metrics();

    kernel::Simulation& sim_;
    const scenario::ScenarioSpec& spec_;
    output::Recorder& recorder_;
    kernel::Tick horizon_;
    geo::LocalFrame frame_;
    geo::PlanToGeo track_geo_{frame_};  ///< flight tracks revisit the same waypoints
    std::unique_ptr<Kinds> kinds_;
    std::unique_ptr<DispatchPolicy> policy_;
    std::unique_ptr<GroundNetwork> network_;
    std::unique_ptr<DemandGenerator> demand_;
    std::vector<MultirotorEnergy> drone_energy_;  ///< one per drone type
    std::deque<Depot> depots_;
    std::deque<Vehicle> vehicles_;  // deque: vehicles are referenced by their processes
    std::deque<Order> orders_;
    std::vector<Pack> packs_;
    std::unique_ptr<AirspaceState> air_;  ///< null without an airspace section
    /// The lowest corridor centre line: no flight cruises lower (bounds in dispatch).
    double lowest_corridor_m_ = std::numeric_limits<double>::infinity();
    // strongest_wind_mps() as of the wind in force over [from, until).
    mutable double strongest_wind_mps_ = 0;
    mutable double strongest_wind_from_s_ = 0;
    mutable double strongest_wind_until_s_ = -1;
    std::uint64_t next_flight_ = 0;
    std::uint64_t next_trip_ = 0;
    std::uint64_t missions_below_reserve_ = 0;
    std::array<std::uint32_t, 2> on_mission_{};  ///< vehicles on missions, by mode
    bool finished_ = false;
};

}  // namespace lastmile::model
