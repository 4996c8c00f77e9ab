#pragma once
// One drone mission through an airspace: loading, planning and strategic deconfliction (a
// reserved conflict-free slot, a ground hold, another route), the 4D path flown leg by leg,
// the hold for a pad over the depot, and the contingencies that can interrupt it (lost link,
// failure, a wind that eats the reserve, a geofence). Private to the model.

#include <cstdint>
#include <optional>
#include <vector>

#include <lastmile/kernel/resource.hpp>
#include <lastmile/kernel/task.hpp>
#include <lastmile/model/airspace.hpp>
#include <lastmile/scenario/safety_events.hpp>

#include "missions.hpp"

namespace lastmile::model {

/// Where a contingency takes a drone: legs from where it is to a landing, and their energy.
struct ContingencyRoute {
    std::vector<TrajectoryLeg> legs;  ///< from now, in absolute time
    double wh = 0;
    bool at_depot = false;  ///< lands at its own depot (else it is recovered by road)
};

/// Where a drone at `here` goes now that `cause` ends its planned flight (home, the nearest
/// safe landing site, or straight down), the legs that take it there and down, and their
/// energy. A failed drone comes straight down; a drone short of charge goes to the nearer of
/// home and the site (the site, over a home whose pads are all taken).
ContingencyRoute contingency_route(const Airspace& airspace, const scenario::DroneTypeSpec& type,
                                   const MultirotorEnergy& energy, const Eigen::Vector2d& home,
                                   const Eigen::Vector3d& here, scenario::SafetyEvent cause,
                                   double payload_kg, double now_s);

class CorridorFlight {
  public:
    CorridorFlight(MissionScene scene, Vehicle& drone, std::size_t order_index,
                   std::uint64_t flight);
    CorridorFlight(const CorridorFlight&) = delete;
    CorridorFlight& operator=(const CorridorFlight&) = delete;

    /// The whole mission, from loading to landing (and any recovery after it).
    kernel::Task fly();
    /// Whether it took off; if not, its order went back to dispatch.
    bool set_out() const { return set_out_; }

  private:
    /// Plans, reserves the earliest conflict-free slot, holds on the ground until it, and
    /// takes a pad; or gives the order back (no plan now, or no slot in time).
    kernel::Task get_clearance();
    /// Looks for a slot on the plan, or on another route avoiding its segments.
    std::optional<double> find_slot(double now_s);
    /// Airborne: the path in absolute time, the traffic told, the interruptions known.
    void take_off();
    /// The earliest instant that could interrupt the flight.
    double next_interrupt() const;
    /// What the interrupt at `interrupt` does to the flight, now on leg `i` with `paid` of its
    /// energy taken: the cause of a contingency, or nothing to fly on as planned.
    std::optional<scenario::SafetyEvent> on_interrupt(double interrupt, std::size_t i, double paid);
    /// Over the depot at the top of the final descent: holds for a pad while the charge lasts.
    kernel::Task hold_for_pad(std::size_t i);
    /// A leg being flown, piece by piece between the instants that could interrupt it. (The
    /// loop over the pieces is in fly(): a coroutine per leg would cost a frame each.)
    struct LegInFlight {
        std::size_t index;
        kernel::Tick start;
        kernel::Tick end;
        double duration_s;
        double paid;         ///< fraction of the leg's energy taken
        double interrupt_s;  ///< the instant that ends the current piece, if before `end`
    };
    LegInFlight start_leg(std::size_t i) const;
    /// Takes the next piece's energy and returns when the piece ends: at the leg's end, or at
    /// the next instant that could interrupt the flight.
    kernel::Tick next_piece(LegInFlight& leg);
    /// Leg `i` ended as planned at `leg_end`.
    void finish_leg(std::size_t i, kernel::Tick leg_end);
    /// One /flights row per direction: out to the customer (0), back (1).
    void record_leg(std::uint8_t leg, double distance_m, double wh,
                    std::optional<scenario::SafetyEvent> why);
    /// After the last leg or an interruption: the flight's records and accounting.
    kernel::Task land();

    // Contingencies (sim/model/contingency.cpp).
    /// Flies from where `cause_` interrupted the flight to a landing.
    kernel::Task fly_contingency(bool delivered);
    /// After the flight: recovery by road if it landed away, repair if it failed.
    kernel::Task recover();

    bool in_order_leg(std::size_t i) const { return i <= plan_->drop_leg; }
    double charge_above_reserve_wh() const;

    MissionScene scene_;
    Vehicle& drone_;
    std::size_t order_index_;
    Order& order_;
    std::uint64_t flight_;
    Depot& depot_;
    Airspace& airspace_;
    Pack* pack_ = nullptr;  ///< the drone's pack (it does not change in flight)

    // Clearance.
    std::optional<AirspacePlan> plan_;
    kernel::Resource::Lease pad_;
    double ground_delay_s_ = 0;
    std::uint32_t reroutes_ = 0;
    double planned_at_s_ = 0;
    bool set_out_ = false;

    // In the air.
    kernel::Tick start_ = 0;
    double t0_s_ = 0;
    std::vector<TrajectoryLeg> path_;
    double lost_link_at_s_ = kInfinity;
    double failure_at_s_ = kInfinity;
    std::vector<double> activations_s_;
    std::vector<double> wind_changes_s_;
    double out_wh_ = 0;
    double back_wh_ = 0;
    double out_distance_m_ = 0;
    double back_distance_m_ = 0;
    kernel::Tick back_start_ = 0;
    std::optional<scenario::SafetyEvent> cause_;  ///< none: the flight goes as planned
    std::size_t stopped_at_ = 0;                  ///< the leg interrupted (path size: none)
    bool landed_away_ = false;
};

}  // namespace lastmile::model
