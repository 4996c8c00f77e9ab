#include "fleet.hpp"

#include <algorithm>

namespace lastmile::model {

using output::VehicleState;

Vehicle& Fleet::add_vehicle(std::size_t fleet_index, const scenario::FleetSpec& fleet) {
    const auto& spec = context_.spec;
    auto& sim = context_.sim;
    Vehicle& v = vehicles_.emplace_back();
    v.index = static_cast<std::uint32_t>(vehicles_.size() - 1);
    v.fleet = static_cast<std::int32_t>(fleet_index);
    v.mode = fleet.mode;
    v.type = fleet.type_index;
    v.depot = fleet.depot_index;
    if (fleet.mode == Mode::drone) {
        v.drone = &spec.drone_types[fleet.type_index];
        v.battery = &v.drone->battery;
        v.reliability = &v.drone->reliability;
    } else {
        v.robot = &spec.robot_types[fleet.type_index];
        v.battery = &v.robot->battery;
        v.reliability = &v.robot->reliability;
    }
    v.pack = packs_.size();
    const double usable = v.battery->usable_wh();
    packs_.push_back(Pack{usable, usable, 0, 0, static_cast<std::int32_t>(fleet.depot_index),
                          static_cast<std::int32_t>(v.index), usable});
    v.inbox = std::make_unique<kernel::Mailbox<std::vector<std::size_t>>>(
        sim, kernel::EventTag{context_.kinds.dispatch, v.index});
    v.failure_stream.emplace(sim.stream("reliability.failures", v.index));
    v.charge_stream.emplace(sim.stream("charging.service", v.index));
    v.lost_link_stream.emplace(sim.stream("contingency.lost_link", v.index));
    draw_next_failure(v);
    return v;
}

std::size_t Fleet::add_spare_pack(std::size_t depot, double usable_wh) {
    packs_.push_back(
        Pack{usable_wh, usable_wh, 0, 0, static_cast<std::int32_t>(depot), -1, usable_wh});
    return packs_.size() - 1;
}

void Fleet::set_state(Vehicle& v, VehicleState state) {
    auto& sim = context_.sim;
    v.state_s[static_cast<std::size_t>(v.state)] +=
        kernel::seconds_from_ticks(sim.now() - v.state_since);
    // Only the economics' staffing needs every change; other runs skip the bookkeeping.
    if (context_.spec.economics.present &&
        (v.state == VehicleState::mission) != (state == VehicleState::mission)) {
        auto& count = on_mission_[mode_index(v.mode)];
        state == VehicleState::mission ? ++count : --count;
        context_.recorder.record(
            output::OnMissionChange{context_.now_s(), output_mode(v.mode), count});
    }
    v.state = state;
    v.state_since = sim.now();
}

void Fleet::close_states() {
    for (auto& v : vehicles_) {
        set_state(v, v.state);
    }
}

void Fleet::draw_next_failure(Vehicle& v) {
    if (std::isfinite(v.reliability->mtbf_s)) {
        v.next_failure_at_s = v.operating_s + v.failure_stream->exponential(v.reliability->mtbf_s);
    }
}

kernel::Task Fleet::repair_if_due(Vehicle& v) {
    if (v.operating_s < v.next_failure_at_s) {
        co_return;
    }
    // Failures surface when the vehicle is back at its depot (found at the post-trip check).
    ++v.failures;
    co_await repair(v);
}

kernel::Task Fleet::repair(Vehicle& v) {
    set_state(v, VehicleState::repair);
    co_await context_.sim.timeout(kernel::ticks_from_seconds(v.reliability->repair_time_s),
                                  {context_.kinds.repair, v.index});
    draw_next_failure(v);
}

void Fleet::account_mission(Vehicle& v, const MissionTotals& totals, Orders& orders,
                            std::span<const std::size_t> delivered) {
    const Pack& pack = packs_[v.pack];
    if (v.mode == Mode::drone && pack.charge_wh < v.battery->reserve_wh()) {
        ++missions_below_reserve_;  // a long wait for a pad ate into the reserve
    }
    v.energy_wh += totals.energy_wh;
    v.cycles += totals.energy_wh / pack.usable_wh;
    v.distance_m += totals.distance_m;
    v.operating_s += kernel::seconds_from_ticks(context_.sim.now() - totals.started);
    const auto shares = static_cast<double>(delivered.size());
    for (const std::size_t o : delivered) {
        orders[o].record.distance_m = totals.distance_m / shares;
        orders[o].record.energy_wh = totals.energy_wh / shares;
    }
}

void Fleet::count_states(output::FleetSample& sample) const {
    for (const auto& v : vehicles_) {
        ++sample.vehicles[static_cast<std::size_t>(v.state)];
        if (v.state == VehicleState::mission) {
            ++(v.mode == Mode::drone ? sample.drones_on_mission : sample.robots_on_mission);
        }
    }
}

void Fleet::report() const {
    auto& recorder = context_.recorder;
    for (const auto& v : vehicles_) {
        output::VehicleRecord r;
        r.index = v.index;
        r.fleet = v.fleet;
        r.mode = output_mode(v.mode);
        r.type = static_cast<std::int32_t>(v.type);
        r.depot = static_cast<std::int32_t>(v.depot);
        std::copy(v.state_s.begin(), v.state_s.end(), r.state_s);
        r.distance_m = v.distance_m;
        r.energy_wh = v.energy_wh;
        r.missions = v.missions;
        r.deliveries = v.deliveries;
        r.failures = v.failures;
        r.battery_cycles = v.cycles;
        recorder.record(r);
    }
    for (std::size_t p = 0; p < packs_.size(); ++p) {
        const auto& pack = packs_[p];
        recorder.record(output::BatteryRecord{static_cast<std::uint32_t>(p), pack.depot,
                                              pack.vehicle, pack.discharged_wh,
                                              pack.discharged_wh / pack.usable_wh, pack.charges});
    }
}

}  // namespace lastmile::model
