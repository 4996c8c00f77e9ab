#pragma once
// Dispatch: where each order goes (which depot, which mode), and which vehicle takes it when.
// The policy chooses among the feasible candidates; the dispatcher works out which are
// feasible and when each would deliver. Private to the model.

#include <deque>
#include <memory>
#include <optional>
#include <vector>

#include <lastmile/model/airspace.hpp>
#include <lastmile/model/demand.hpp>
#include <lastmile/model/dispatch.hpp>
#include <lastmile/model/ground_network.hpp>
#include <lastmile/model/multirotor_energy.hpp>

#include "depot.hpp"
#include "fleet.hpp"
#include "model_context.hpp"
#include "order.hpp"

namespace lastmile::model {

/// What the dispatcher works with; the parts outlive it.
struct DispatchScene {
    Orders& orders;
    std::deque<Depot>& depots;
    Fleet& fleet;
    const GroundNetwork* network = nullptr;             ///< null without robots' network
    const std::vector<MultirotorEnergy>& drone_energy;  ///< one per drone type
    Airspace* airspace = nullptr;                       ///< null without an airspace
};

class Dispatcher {
  public:
    Dispatcher(ModelContext& context, DispatchScene scene, std::unique_ptr<DispatchPolicy> policy);

    /// A new order: kept, snapped to the robots' network, and placed.
    void accept(const OrderRequest& request);
    /// Chooses a depot and mode for the order and queues it there, or rejects it.
    void place(std::size_t order_index);
    /// An order whose flight did not set out (or did not reach the customer) looks again.
    void return_order(std::size_t order_index);
    /// Every order waiting at `depot` for `mode` looks again (the depot closed, or the
    /// airspace changed).
    void place_again(Depot& depot, Mode mode);
    /// Hands waiting orders at the depot to its idle vehicles of `mode`, oldest order first.
    void assign_waiting(std::size_t depot_index, Mode mode);
    /// The vehicle is idle at its depot: it may take a waiting order at once.
    void vehicle_idle(Vehicle& v);

    /// Whether the vehicle can serve the order from its depot now (payload, energy with its
    /// reserve, reach).
    bool can_serve(const Vehicle& v, const Order& order) const;

  private:
    /// Why no (depot, mode) could take an order, gathered over those tried.
    struct Rejections {
        bool payload_possible = false;
        bool out_of_range = false;
        bool unreachable = false;
    };

    // Delivery estimates (sim/model/delivery_estimates.cpp).
    /// Expected time from now to delivery if `mode` vehicles at depot `d` take the order;
    /// nothing if none can. `trip_m` is the robots' round trip (NaN if off their network).
    std::optional<double> expected_delivery_s(const Order& order, std::size_t d, Mode mode,
                                              double trip_m, Rejections& why) const;
    /// A time no drone delivery of the order from depot `d` can beat: from the straight line,
    /// or, with `route`, from the corridor route where the airspace can vouch for it.
    double drone_delivery_bound_s(const Order& order, std::size_t d, bool route,
                                  Rejections& why) const;
    /// Expected time to delivery by `mode` vehicles at `depot` taking `service_s` from
    /// dispatch: the wait for the depot to open and for the queue ahead, then the service.
    double expected_with_wait_s(const Depot& depot, Mode mode, double service_s) const;
    /// Time from take-off to delivery for a drone of type `type` from `depot`, plus any wait
    /// for the wind or a restriction to allow it; nothing if it cannot be flown.
    std::optional<double> airspace_service_s(std::size_t depot, std::size_t type,
                                             const Order& order, bool& out_of_range) const;
    /// The strongest wind blowing anywhere at `now_s` (0 without an airspace).
    double strongest_wind_mps(double now_s) const;
    std::optional<double> robot_round_trip_m(std::size_t depot, const Order& order) const;

    // Robot batches (sim/model/robot_batches.cpp).
    std::vector<std::size_t> robot_batch(const Vehicle& robot, std::deque<std::size_t>& queue,
                                         std::deque<std::size_t>::iterator first);
    std::vector<std::size_t> route_order(const Vehicle& robot,
                                         std::vector<std::size_t> stops) const;
    double robot_tour_m(const Vehicle& robot, const std::vector<std::size_t>& stops) const;

    ModelContext& context_;
    DispatchScene scene_;
    std::unique_ptr<DispatchPolicy> policy_;
    /// The lowest corridor centre line: no flight cruises lower (bounds in dispatch).
    double lowest_corridor_m_ = kInfinity;
    // strongest_wind_mps() as of the wind in force over [from, until).
    mutable double strongest_wind_mps_ = 0;
    mutable double strongest_wind_from_s_ = 0;
    mutable double strongest_wind_until_s_ = -1;
};

}  // namespace lastmile::model
