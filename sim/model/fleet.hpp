#pragma once
// The vehicles and battery packs of an operation, and their accounting: states, missions,
// energy, failures. Private to the model.

#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include <lastmile/kernel/mailbox.hpp>
#include <lastmile/kernel/task.hpp>

#include "model_context.hpp"
#include "order.hpp"

namespace lastmile::model {

struct Pack {
    double usable_wh = 0;
    double charge_wh = 0;
    double discharged_wh = 0;
    std::uint64_t charges = 0;
    std::int32_t depot = -1;
    std::int32_t vehicle = -1;
    double lowest_wh = 0;  ///< lowest charge it ever had, at the end of a mission

    void discharge(double wh) {
        charge_wh -= wh;
        discharged_wh += wh;
        lowest_wh = std::min(lowest_wh, charge_wh);
    }
    void charge_full() {
        charge_wh = usable_wh;
        ++charges;
    }
};

struct Vehicle {
    std::uint32_t index = 0;
    std::int32_t fleet = 0;
    Mode mode = Mode::drone;
    std::size_t type = 0;
    std::size_t depot = 0;
    const scenario::DroneTypeSpec* drone = nullptr;
    const scenario::RobotTypeSpec* robot = nullptr;
    const scenario::BatterySpec* battery = nullptr;
    const scenario::ReliabilitySpec* reliability = nullptr;
    std::size_t pack = 0;
    /// The orders of its next mission, from the dispatcher.
    std::unique_ptr<kernel::Mailbox<std::vector<std::size_t>>> inbox;
    output::VehicleState state = output::VehicleState::idle;
    kernel::Tick state_since = 0;
    std::array<double, static_cast<std::size_t>(output::VehicleState::count)> state_s{};
    double distance_m = 0;
    double energy_wh = 0;
    double cycles = 0;
    std::uint64_t missions = 0;
    std::uint64_t deliveries = 0;
    std::uint64_t failures = 0;
    double operating_s = 0;
    double next_failure_at_s = kInfinity;  ///< in operating time
    std::optional<kernel::RandomStream> failure_stream;
    std::optional<kernel::RandomStream> charge_stream;
    std::optional<kernel::RandomStream> lost_link_stream;
};

/// What a completed mission cost: the energy it took from the pack, the distance travelled,
/// and when it began (its operating time runs from then to now).
struct MissionTotals {
    double energy_wh = 0;
    double distance_m = 0;
    kernel::Tick started = 0;
};

class Fleet {
  public:
    explicit Fleet(ModelContext& context) : context_(context) {}

    /// Adds a vehicle of fleet `fleet_index` with a full pack of its own, and draws its first
    /// failure.
    Vehicle& add_vehicle(std::size_t fleet_index, const scenario::FleetSpec& fleet);
    /// Adds a charged spare pack kept at a depot for battery swap; returns its index.
    std::size_t add_spare_pack(std::size_t depot, double usable_wh);

    std::deque<Vehicle>& vehicles() { return vehicles_; }
    const std::deque<Vehicle>& vehicles() const { return vehicles_; }
    Vehicle& vehicle(std::size_t index) { return vehicles_[index]; }
    const Vehicle& vehicle(std::size_t index) const { return vehicles_[index]; }
    Pack& pack(std::size_t index) { return packs_[index]; }
    Pack& pack_of(const Vehicle& v) { return packs_[v.pack]; }
    const std::deque<Pack>& packs() const { return packs_; }

    /// Moves the vehicle to `state` now, adding the time in the state it leaves.
    void set_state(Vehicle& v, output::VehicleState state);
    /// Closes every vehicle's current state at the end of the run.
    void close_states();

    void draw_next_failure(Vehicle& v);
    /// A failure due by now surfaces at the post-mission check: repair.
    kernel::Task repair_if_due(Vehicle& v);
    /// A failure (found now): repair, then the next failure is drawn.
    kernel::Task repair(Vehicle& v);

    /// Books a completed mission on the vehicle, and shares its distance and energy equally
    /// among `delivered` (the orders it handed over; none when it did not deliver).
    void account_mission(Vehicle& v, const MissionTotals& totals, Orders& orders,
                         std::span<const std::size_t> delivered);
    /// Drone missions that ended below the reserve (after waiting for a pad).
    std::uint64_t missions_below_reserve() const { return missions_below_reserve_; }

    /// Vehicles by state, and those on missions by mode.
    void count_states(output::FleetSample& sample) const;
    /// /vehicles and /batteries.
    void report() const;

  private:
    ModelContext& context_;
    std::deque<Vehicle> vehicles_;  // deque: vehicles are referenced by their processes
    std::deque<Pack> packs_;        // deque: missions hold references to packs
    std::array<std::uint32_t, kModes> on_mission_{};  ///< vehicles on missions, by mode
    std::uint64_t missions_below_reserve_ = 0;
};

}  // namespace lastmile::model
