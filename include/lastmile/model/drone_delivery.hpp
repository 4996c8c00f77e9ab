#pragma once
/// The first operations model: drones based at depots deliver Poisson orders to demand points.
///
/// Each drone repeats one cycle: wait for an order; on a pad, load and take off; fly straight to
/// the customer; hover while the parcel is lowered; fly back; wait (hovering, ahead of any
/// take-off) for a pad and land; queue for a charger and recharge to full. Orders go to the nearest depot that has a
/// drone able to carry them there and back above its battery reserve, and wait there in FIFO
/// order for the first idle drone that can. Orders no drone can serve are rejected with the
/// reason (payload or range) and counted.

#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include <lastmile/geo/geo_point.hpp>
#include <lastmile/kernel/mailbox.hpp>
#include <lastmile/kernel/resource.hpp>
#include <lastmile/kernel/simulation.hpp>
#include <lastmile/model/drone_energy.hpp>
#include <lastmile/output/recorder.hpp>
#include <lastmile/scenario/spec.hpp>

namespace lastmile::model {

class DroneDelivery {
public:
    DroneDelivery(kernel::Simulation& sim, const scenario::ScenarioSpec& spec,
                  output::Recorder& recorder);

    /// Starts order arrivals and every drone's cycle at the current time.
    void start();
    /// Reports every order and the run's metrics. Call once, after the run reached the horizon.
    void finish();

    std::size_t vehicle_count() const noexcept { return drones_.size(); }

private:
    struct Order {
        output::OrderRecord record;
        double one_way_m = 0;
    };
    struct Depot {
        const scenario::DepotSpec* spec = nullptr;
        geo::Enu position;
        kernel::Resource* pads = nullptr;
        kernel::Resource* chargers = nullptr;
        std::deque<std::size_t> queue;        ///< waiting orders, oldest first
        std::deque<std::size_t> idle_drones;  ///< longest idle first
        std::vector<std::size_t> drone_types; ///< types based here, into spec.drone_types
    };
    struct Drone {
        std::uint32_t index = 0;
        std::size_t depot = 0;
        const scenario::DroneTypeSpec* type = nullptr;
        DroneEnergyModel energy;
        std::unique_ptr<kernel::Mailbox<std::size_t>> inbox;  ///< order indices
        double charge_wh = 0;
        kernel::Tick mission_ticks = 0;
        kernel::Tick mission_started = -1;  ///< dispatch time of the mission under way, or -1
        kernel::Tick charging_ticks = 0;
        double distance_m = 0;
        double energy_wh = 0;
        std::uint64_t deliveries = 0;
        double lowest_charge_wh = 0;
    };
    struct Kinds {
        kernel::EventKind order_created, dispatch, load, takeoff, cruise_out, drop, cruise_back,
            land, charge, start;
    };

    kernel::Process order_arrivals();
    kernel::Process drone_cycle(Drone& drone);
    void accept(std::size_t order_index);
    void assign_waiting_orders(std::size_t depot_index);
    bool can_serve(const Drone& drone, const Order& order) const;
    double distance_from(std::size_t depot_index, const Order& order) const;
    void report_metrics();

    kernel::Simulation& sim_;
    const scenario::ScenarioSpec& spec_;
    output::Recorder& recorder_;
    kernel::Tick horizon_;
    Kinds kinds_;
    std::vector<geo::Enu> point_positions_;
    std::vector<double> point_cumulative_weight_;
    std::vector<DroneEnergyModel> type_energy_;  ///< one per spec.drone_types entry
    std::vector<Depot> depots_;
    std::deque<Drone> drones_;   // deque: drones are referenced by their running processes
    std::deque<Order> orders_;
    std::uint64_t missions_below_reserve_ = 0;
    bool finished_ = false;
};

}  // namespace lastmile::model
