#pragma once
// A depot: pads, loading bays, chargers, swap stations and spare packs, its opening hours, and
// the orders and idle vehicles waiting there. Private to the model.

#include <array>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include <lastmile/kernel/resource.hpp>
#include <lastmile/kernel/store.hpp>
#include <lastmile/kernel/task.hpp>
#include <lastmile/model/ground_network.hpp>

#include "fleet.hpp"
#include "model_context.hpp"

namespace lastmile::model {

class Depot {
  public:
    /// Creates the depot's resources; snaps it to `network` (and keeps that node) if given.
    Depot(ModelContext& context, std::size_t index, GroundNetwork* network);
    Depot(const Depot&) = delete;
    Depot& operator=(const Depot&) = delete;

    const scenario::DepotSpec& spec() const { return spec_; }
    std::size_t index() const { return index_; }
    const geo::Enu& position() const { return position_; }
    const std::optional<std::size_t>& ground_node() const { return ground_node_; }
    bool open() const { return open_; }

    /// Counts a fleet based here: its vehicle type and size.
    void add_fleet(const scenario::FleetSpec& fleet);
    /// Vehicle types of `mode` based here, in the order their fleets were given.
    const std::vector<std::size_t>& types(Mode mode) const { return types_[mode_index(mode)]; }
    std::size_t fleet_size(Mode mode) const { return fleet_size_[mode_index(mode)]; }

    /// Orders waiting for a vehicle of each mode, oldest first.
    std::deque<std::size_t>& queue(Mode mode) { return queue_[mode_index(mode)]; }
    const std::deque<std::size_t>& queue(Mode mode) const { return queue_[mode_index(mode)]; }
    /// Idle vehicles of each mode, longest idle first.
    std::deque<std::size_t>& idle(Mode mode) { return idle_[mode_index(mode)]; }
    const std::deque<std::size_t>& idle(Mode mode) const { return idle_[mode_index(mode)]; }

    kernel::Resource& pads() { return *pads_; }
    kernel::Resource& bays() { return *bays_; }

    /// Seconds until it opens (0 when open).
    double seconds_until_open() const;
    /// Opens and closes the depot at its hours until the horizon, calling `opened` or `closed`
    /// after each change.
    kernel::Process opening_hours(std::function<void()> opened, std::function<void()> closed);

    /// Gives a charged pack as spare stock for battery swap, if the depot swaps.
    void stock_spare_packs(Fleet& fleet);
    /// After a mission: a fresh pack from the swap station, or the vehicle's own pack charged.
    kernel::Task recharge(Vehicle& v, Fleet& fleet);

    /// Resources in use and queued, stock, and orders waiting, now.
    output::DepotSample sample(double time_s) const;
    /// /depot_queues: one row per resource, over the run.
    void report_queues() const;

  private:
    kernel::Process recharge_pack(std::size_t pack, Fleet& fleet);

    ModelContext& context_;
    const scenario::DepotSpec& spec_;
    std::size_t index_;
    geo::Enu position_;
    std::optional<std::size_t> ground_node_;
    kernel::Resource* pads_ = nullptr;
    kernel::Resource* bays_ = nullptr;
    kernel::Resource* chargers_ = nullptr;
    kernel::Resource* swap_stations_ = nullptr;
    std::unique_ptr<kernel::Store<std::size_t>> charged_packs_;
    std::array<std::deque<std::size_t>, kModes> queue_;
    std::array<std::deque<std::size_t>, kModes> idle_;
    std::array<std::vector<std::size_t>, kModes> types_;
    std::array<std::size_t, kModes> fleet_size_{};
    bool open_ = true;
};

}  // namespace lastmile::model
