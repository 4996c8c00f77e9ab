#pragma once
/// The airspace a drone operation flies in: corridors, wind, geofences, reservations and
/// separation monitoring, and the planner that turns a delivery into a 4D flight.
///
/// A delivery flight: take off and climb at the depot (its terminal area), fly the connector
/// to the depot's gate node, follow the minimum-time corridor route to the exit nearest the
/// customer, leave the corridors and fly straight to the customer, descend to the drop
/// altitude, hover while the parcel is lowered, climb, fly to the exit nearest the customer
/// from which the gate can be reached, follow the corridors home, and approach, descend and
/// land. Altitude changes between segments happen at the waypoint. Planning uses the wind at
/// take-off for the whole flight (at the middle of each leg, where regions have their own),
/// closes segments where drones are grounded, and avoids segments and last legs crossing
/// geofences known to be active within the planning window. A flight in the air keeps to its
/// planned times when the wind changes: its airspeed, and so its energy, change instead.

#include <cstdint>
#include <limits>
#include <optional>
#include <unordered_map>
#include <vector>

#include <Eigen/Core>

#include <lastmile/geo/local_frame.hpp>
#include <lastmile/geo/point_grid.hpp>
#include <lastmile/model/corridor_network.hpp>
#include <lastmile/model/deconfliction.hpp>
#include <lastmile/model/geofences.hpp>
#include <lastmile/model/multirotor_energy.hpp>
#include <lastmile/model/separation_monitor.hpp>
#include <lastmile/model/trajectory.hpp>
#include <lastmile/model/wind.hpp>
#include <lastmile/scenario/airspace_spec.hpp>

namespace lastmile::model {

/// A planned delivery flight. Times are relative to the start of the take-off.
struct AirspacePlan {
    std::vector<TrajectoryLeg> legs;
    std::vector<double> leg_wh;
    std::size_t drop_leg =
        0;  ///< the hover over the customer; the parcel is handed over at its end
    /// The first leg of the final descent at the depot: before it the drone holds for a pad.
    std::size_t approach_leg = 0;
    RouteReservation reservation;
    std::vector<std::size_t> route;  ///< corridor segments, out then back
    double distance_m = 0;           ///< horizontal, over the ground
    double out_wh = 0;               ///< up to the end of the drop
    double total_wh = 0;
    double out_s = 0;
    double total_s = 0;  ///< to the end of the landing, without waiting for a pad
};

/// The figures of a plan that dispatch needs: when it delivers and what it costs.
struct PlanTotals {
    double out_s = 0;
    double out_wh = 0;
    double total_s = 0;
    double total_wh = 0;
};

enum class PlanFailure { none, grounded, blocked, no_route };

class Airspace {
  public:
    /// How far ahead a planner looks for geofence activations it has notice of.
    static constexpr double kPlanningWindow_s = 3600;

    Airspace(const scenario::AirspaceSpec& spec, const geo::LocalFrame& frame,
             std::vector<Eigen::Vector2d> depot_positions);
    Airspace(const Airspace&) = delete;  // the network points into spec_
    Airspace& operator=(const Airspace&) = delete;

    const scenario::AirspaceSpec& spec() const { return spec_; }
    const CorridorNetwork& network() const { return network_; }
    const WindField& wind() const { return wind_; }
    const Geofences& geofences() const { return geofences_; }
    Reservations& reservations() { return reservations_; }
    SeparationMonitor& monitor() { return monitor_; }

    /// True when drones at `p` may not fly for the wind.
    bool grounded(const Eigen::Vector2d& p, double now_s) const { return wind_.grounded(p, now_s); }
    /// When the conditions that could make a flight possible next change: a wind change or the
    /// end of a geofence window, whichever comes first after `now_s`; infinity if never.
    double next_change_s(double now_s) const;

    /// Plans a delivery from `depot` to `customer` carrying `payload_kg` out, taking off at
    /// `now_s`; `avoid` marks extra segments not to use (a reroute). Nothing, with the reason,
    /// if the drone cannot fly it now.
    std::optional<AirspacePlan> plan(std::size_t depot, const Eigen::Vector2d& customer,
                                     const MultirotorEnergy& energy, double payload_kg,
                                     double now_s, const std::vector<bool>* avoid = nullptr,
                                     PlanFailure* why = nullptr);

    /// The totals of plan(), exactly, without building its legs and reservations (no
    /// reroute).
    std::optional<PlanTotals> plan_totals(std::size_t depot, const Eigen::Vector2d& customer,
                                          const MultirotorEnergy& energy, double payload_kg,
                                          double now_s, PlanFailure* why = nullptr);

    /// A time that plan(...).out_s cannot beat, found without planning: the corridor route's
    /// time to the exit the plan would take, with the climb, descent and off-corridor legs at
    /// their quickest. Nothing when the plan might fail (grounded, blocked, or a wind the
    /// drone might not make headway against), where dispatch falls back on other figures.
    std::optional<double> out_time_lower_bound_s(std::size_t depot, const Eigen::Vector2d& customer,
                                                 const MultirotorEnergy& energy, double now_s);

    /// Power to fly the planned level leg `leg` on its planned times in the wind at `now_s`
    /// (the airspeed that keeps its ground speed); nothing for a leg without horizontal motion,
    /// whose power does not depend on the wind.
    std::optional<double> level_leg_power_w(const TrajectoryLeg& leg,
                                            const MultirotorEnergy& energy, double payload_kg,
                                            double now_s) const;
    /// The times of the wind changes in (from_s, to_s).
    std::vector<double> wind_changes(double from_s, double to_s) const;

    /// True when the straight leg meets a geofence known at `now_s` to be active soon.
    bool leg_blocked(const Eigen::Vector3d& a, const Eigen::Vector3d& b, double now_s) const;
    /// Index of the nearest safe landing site to `p`, or nothing if there is none.
    std::optional<std::size_t> nearest_safe_site(const Eigen::Vector2d& p) const;
    const Eigen::Vector2d& safe_site(std::size_t i) const { return safe_sites_[i]; }
    /// True when `p` (x, y, altitude) is inside the volume of corridor segment `s`.
    bool inside_segment(std::size_t s, const Eigen::Vector3d& p) const;

  private:
    /// A plan that keeps only each leg's energy: the other parts are counted or dropped.
    struct CountingPlan {
        struct Count {
            std::size_t n = 0;
            void push_back(const TrajectoryLeg&) { ++n; }
            std::size_t size() const { return n; }
        };
        struct Drop {
            template <typename T>
            void push_back(const T&) {}
        };
        struct Reservation {
            Drop nodes;
            Drop segments;
        };
        Count legs;
        std::vector<double> leg_wh;
        Reservation reservation;
        Drop route;
        std::size_t drop_leg = 0;
        std::size_t approach_leg = 0;
        double distance_m = 0;
        double out_wh = 0;
        double total_wh = 0;
        double out_s = 0;
        double total_s = 0;
        void reset() {
            const auto kept = std::move(leg_wh);
            *this = CountingPlan{};
            leg_wh = std::move(kept);
            leg_wh.clear();
        }
    };
    /// Plans into `plan` (an AirspacePlan or a CountingPlan); false, with the reason, if the
    /// flight cannot be flown now.
    template <typename Plan>
    bool build_plan(Plan& plan, std::size_t depot, const Eigen::Vector2d& customer,
                    const MultirotorEnergy& energy, double payload_kg, double now_s,
                    const std::vector<bool>* avoid, PlanFailure* why);
    /// Sets the network's wind and closed segments for planning at `now_s`.
    void update_conditions(double now_s);
    std::optional<std::size_t> exit_for(const RouteTree& tree, const Eigen::Vector2d& customer,
                                        double altitude_m, double now_s);

    scenario::AirspaceSpec spec_;
    CorridorNetwork network_;
    WindField wind_;
    Geofences geofences_;
    Reservations reservations_;
    SeparationMonitor monitor_;
    std::vector<Eigen::Vector2d> depots_;
    std::vector<Eigen::Vector2d> safe_sites_;
    std::vector<std::vector<std::size_t>> fence_segments_;  ///< segments each fence meets
    // The wind at each segment's midpoint, and whether drones are grounded there, as of the
    // last wind change at or before the time they were computed for.
    std::vector<Eigen::Vector2d> segment_wind_mps_;
    std::vector<bool> segment_grounded_;
    double segment_wind_since_s_ = std::numeric_limits<double>::quiet_NaN();
    std::vector<bool> known_fences_;  ///< fences closing segments, as of the last update
    geo::PointGrid node_grid_;        ///< corridor nodes, for the exit nearest a customer
    // Scratch reused by every plan.
    std::vector<std::size_t> route_out_;
    std::vector<std::size_t> route_back_;
    CountingPlan totals_;
    // The corridor node nearest the last customer planned for.
    Eigen::Vector2d nearest_for_ =
        Eigen::Vector2d::Constant(std::numeric_limits<double>::quiet_NaN());
    std::optional<std::size_t> nearest_node_;
    // Plan totals under the current conditions, by (depot, drone type, customer, payload).
    struct TotalsKey {
        std::uint64_t depot;
        std::uint64_t energy;
        std::uint64_t x;
        std::uint64_t y;
        std::uint64_t payload;
        bool operator==(const TotalsKey&) const = default;
    };
    struct TotalsKeyHash {
        std::size_t operator()(const TotalsKey& k) const noexcept;
    };
    struct Remembered {
        std::optional<PlanTotals> totals;
        PlanFailure failure = PlanFailure::none;
    };
    static constexpr std::size_t kMaxRememberedPlans = std::size_t{1} << 18;
    std::unordered_map<TotalsKey, Remembered, TotalsKeyHash> remembered_totals_;  // lookups only
    double lowest_corridor_m_ = std::numeric_limits<double>::infinity();
};

}  // namespace lastmile::model
