#include "depot.hpp"

#include <algorithm>
#include <cmath>

#include <lastmile/model/charging.hpp>

namespace lastmile::model {

using kernel::seconds_from_ticks;
using kernel::Tick;
using kernel::ticks_from_seconds;

Depot::Depot(ModelContext& context, std::size_t index, GroundNetwork* network)
    : context_(context), spec_(context.spec.depots[index]), index_(index) {
    position_ = context.frame.to_enu(spec_.location);
    position_.z() = 0;
    if (network != nullptr) {
        ground_node_ = network->snap(position_);
        if (ground_node_) {
            network->keep(*ground_node_);
        }
    }
    auto& sim = context.sim;
    const auto resource = [&](const char* what, int count) -> kernel::Resource* {
        return count > 0 ? &sim.add_resource(spec_.id + "." + what, static_cast<std::size_t>(count))
                         : nullptr;
    };
    pads_ = resource("pads", spec_.pads);
    bays_ = resource("loading_bays", spec_.loading_bays);
    chargers_ = resource("chargers", spec_.chargers.count);
    if (spec_.swap.enabled) {
        swap_stations_ = resource("swap_stations", spec_.swap.stations);
        charged_packs_ = std::make_unique<kernel::Store<std::size_t>>(
            sim, kernel::EventTag{context.kinds.pack_grant, index});
    }
}

void Depot::add_fleet(const scenario::FleetSpec& fleet) {
    auto& types = types_[mode_index(fleet.mode)];
    if (std::find(types.begin(), types.end(), fleet.type_index) == types.end()) {
        types.push_back(fleet.type_index);
    }
    fleet_size_[mode_index(fleet.mode)] += static_cast<std::size_t>(fleet.count);
}

double Depot::seconds_until_open() const {
    if (open_) {
        return 0;
    }
    const double wait = spec_.hours.open_s - context_.time_of_day_s();
    return wait < 0 ? wait + scenario::kSecondsPerDay : wait;
}

kernel::Process Depot::opening_hours(std::function<void()> opened, std::function<void()> closed) {
    const auto& hours = spec_.hours;
    const auto is_open = [&](double tod) {
        return hours.open_s < hours.close_s ? (tod >= hours.open_s && tod < hours.close_s)
                                            : (tod >= hours.open_s || tod < hours.close_s);
    };
    auto& sim = context_.sim;
    const double start = context_.spec.simulation.start_time_of_day_s;
    open_ = is_open(std::fmod(start, scenario::kSecondsPerDay));
    for (;;) {
        // Next opening or closing, whichever changes the state.
        const double tod = context_.time_of_day_s();
        const double target = open_ ? hours.close_s : hours.open_s;
        double wait = target - tod;
        if (wait <= 0) {
            wait += scenario::kSecondsPerDay;
        }
        const Tick gap = ticks_from_seconds(wait);
        if (gap >= context_.horizon - sim.now()) {
            co_return;
        }
        co_await sim.timeout(gap, {context_.kinds.depot_hours, index_});
        open_ = !open_;
        open_ ? opened() : closed();
    }
}

void Depot::stock_spare_packs(Fleet& fleet) {
    // Spare packs for battery swap, sized like the drones based at the depot.
    const auto& drone_types = types(Mode::drone);
    if (!charged_packs_ || drone_types.empty()) {
        return;
    }
    const double usable = context_.spec.drone_types[drone_types.front()].battery.usable_wh();
    for (int i = 0; i < spec_.swap.spare_packs; ++i) {
        charged_packs_->put(fleet.add_spare_pack(index_, usable));
    }
}

kernel::Task Depot::recharge(Vehicle& v, Fleet& fleet) {
    auto& sim = context_.sim;
    const auto& kinds = context_.kinds;
    if (v.mode == Mode::drone && charged_packs_) {
        fleet.set_state(v, output::VehicleState::swapping);
        auto station = co_await swap_stations_->acquire();
        // The spent pack goes on charge first: with no spares in stock, it may be the very
        // pack that comes back.
        const std::size_t spent = v.pack;
        fleet.pack(spent).vehicle = -1;
        sim.spawn(recharge_pack(spent, fleet), {kinds.pack_charged, spent});
        const std::size_t fresh = co_await charged_packs_->get();
        co_await sim.timeout(ticks_from_seconds(spec_.swap.swap_time_s),
                             {kinds.swap, v.index, fresh});
        fleet.pack(fresh).vehicle = static_cast<std::int32_t>(v.index);
        v.pack = fresh;
        co_return;
    }
    fleet.set_state(v, output::VehicleState::charging);
    auto charger = co_await chargers_->acquire();
    Pack& pack = fleet.pack_of(v);
    const auto& chargers = spec_.chargers;
    const double seconds = chargers.exponential_service_mean_s > 0
                               ? v.charge_stream->exponential(chargers.exponential_service_mean_s)
                               : charge_time_s(chargers, pack.usable_wh,
                                               std::max(0.0, pack.charge_wh), pack.usable_wh);
    co_await sim.timeout(ticks_from_seconds(seconds), {kinds.charge, v.index});
    pack.charge_full();
}

kernel::Process Depot::recharge_pack(std::size_t pack_index, Fleet& fleet) {
    Pack& pack = fleet.pack(pack_index);
    co_await context_.sim.timeout(
        ticks_from_seconds(constant_power_charge_time_s(
            spec_.swap.pack_charge_power_w, std::max(0.0, pack.charge_wh), pack.usable_wh)),
        {context_.kinds.pack_charged, pack_index});
    pack.charge_full();
    charged_packs_->put(pack_index);
}

output::DepotSample Depot::sample(double time_s) const {
    output::DepotSample s;
    s.time_s = time_s;
    s.depot = static_cast<std::int32_t>(index_);
    const auto use = [](const kernel::Resource* r, std::uint32_t& in_use, std::uint32_t& queue) {
        if (r != nullptr) {
            in_use = static_cast<std::uint32_t>(r->in_use());
            queue = static_cast<std::uint32_t>(r->queue_length());
        }
    };
    use(pads_, s.pads_in_use, s.pad_queue);
    use(chargers_, s.chargers_in_use, s.charger_queue);
    use(bays_, s.bays_in_use, s.bay_queue);
    s.packs_in_stock = charged_packs_ ? static_cast<std::uint32_t>(charged_packs_->size()) : 0;
    s.backlog = static_cast<std::uint32_t>(queue_[0].size() + queue_[1].size());
    return s;
}

void Depot::report_queues() const {
    const Tick horizon = context_.horizon;
    const double horizon_s = seconds_from_ticks(horizon);
    const auto row = [&](const char* name, double capacity, const kernel::ResourceStats& s,
                         bool utilisation) {
        output::DepotQueueRecord r;
        r.depot = static_cast<std::int32_t>(index_);
        r.resource = name;
        r.capacity = capacity;
        r.served = s.grants;
        r.waited = s.waited;
        r.mean_wait_s =
            s.grants == 0 ? kNaN : seconds_from_ticks(s.total_wait) / static_cast<double>(s.grants);
        r.max_wait_s = seconds_from_ticks(s.max_wait);
        r.mean_queue = horizon_s > 0 ? s.queue_tick_integral / static_cast<double>(horizon) : 0;
        r.max_queue = s.max_queue;
        r.gave_up = s.reneged;
        r.gave_up_wait_s = seconds_from_ticks(s.reneged_wait);
        r.utilisation = utilisation && capacity > 0
                            ? s.in_use_tick_integral / static_cast<double>(horizon) / capacity
                            : kNaN;
        context_.recorder.record(r);
    };
    const auto resource = [&](const char* name, const kernel::Resource* r) {
        if (r != nullptr) {
            row(name, static_cast<double>(r->capacity()), r->stats(), true);
        }
    };
    resource("pads", pads_);
    resource("loading_bays", bays_);
    resource("chargers", chargers_);
    resource("swap_stations", swap_stations_);
    if (charged_packs_) {
        row("charged_packs", static_cast<double>(spec_.swap.spare_packs), charged_packs_->stats(),
            false);
    }
}

}  // namespace lastmile::model
