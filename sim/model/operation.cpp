#include "operation.hpp"

#include <stdexcept>

#include "run_metrics.hpp"

namespace lastmile::model {

using kernel::Tick;

EventKinds::EventKinds(kernel::Simulation& sim)
    : start(sim.kind("vehicle.start", "vehicle", "")),
      dispatch(sim.kind("vehicle.dispatch", "vehicle", "")),
      load(sim.kind("vehicle.load", "vehicle", "order")),
      takeoff(sim.kind("drone.takeoff", "vehicle", "order")),
      climb(sim.kind("drone.climb", "vehicle", "order")),
      cruise_out(sim.kind("drone.cruise_out", "vehicle", "order")),
      drop(sim.kind("drone.drop", "vehicle", "order")),
      cruise_back(sim.kind("drone.cruise_back", "vehicle", "order")),
      descent(sim.kind("drone.descent", "vehicle", "order")),
      land(sim.kind("drone.land", "vehicle", "order")),
      charge(sim.kind("vehicle.charge", "vehicle", "")),
      swap(sim.kind("drone.swap", "vehicle", "pack")),
      pack_charged(sim.kind("pack.charged", "pack", "")),
      repair(sim.kind("vehicle.repair", "vehicle", "")),
      drive(sim.kind("robot.drive", "vehicle", "order")),
      handover(sim.kind("robot.handover", "vehicle", "order")),
      depot_hours(sim.kind("depot.hours", "depot", "")),
      sample(sim.kind("sample")),
      pack_grant(sim.kind("pack.grant", "depot", "")),
      ground_hold(sim.kind("drone.ground_hold", "vehicle", "order")),
      leg(sim.kind("drone.leg", "vehicle", "order")),
      encounter(sim.kind("safety.encounter", "flight", "flight")),
      contingency(sim.kind("drone.contingency", "vehicle", "order")),
      conditions(sim.kind("airspace.conditions")),
      retry(sim.kind("order.retry", "order", "")),
      recovery(sim.kind("drone.recovery", "vehicle", "")),
      reserve_divert(sim.kind("drone.reserve_divert", "vehicle", "order")) {}

Operation::Operation(kernel::Simulation& sim, const scenario::ScenarioSpec& spec,
                     output::Recorder& recorder, const DispatchPolicies& policies)
    : context_(sim, spec, recorder) {
    if (spec.ground_network.present()) {
        network_ = std::make_unique<GroundNetwork>(spec.ground_network, context_.frame);
    }
    for (const auto& type : spec.drone_types) {
        drone_energy_.emplace_back(type);
    }
    for (std::size_t d = 0; d < spec.depots.size(); ++d) {
        depots_.emplace_back(context_, d, network_.get());
    }
    if (spec.airspace.present()) {
        std::vector<Eigen::Vector2d> depot_xy;
        for (const Depot& depot : depots_) {
            depot_xy.emplace_back(depot.position().x(), depot.position().y());
        }
        air_ = std::make_unique<AirTraffic>(context_, std::move(depot_xy));
    }
    for (std::size_t f = 0; f < spec.fleets.size(); ++f) {
        const auto& fleet = spec.fleets[f];
        depots_[fleet.depot_index].add_fleet(fleet);
        for (int i = 0; i < fleet.count; ++i) {
            fleet_.add_vehicle(f, fleet);
        }
    }
    for (Depot& depot : depots_) {
        depot.stock_spare_packs(fleet_);
    }
    dispatcher_ = std::make_unique<Dispatcher>(
        context_,
        DispatchScene{orders_, depots_, fleet_, network_.get(), drone_energy_,
                      air_ ? &air_->airspace() : nullptr},
        policies.make(spec.dispatch.policy));
    drone_missions_ = std::make_unique<DroneMissions>(mission_scene());
    robot_missions_ = std::make_unique<RobotMissions>(mission_scene());
    demand_ = std::make_unique<DemandGenerator>(
        sim, spec, context_.frame, [this](const OrderRequest& r) { dispatcher_->accept(r); });
}

Operation::~Operation() = default;

MissionScene Operation::mission_scene() {
    return MissionScene{context_,      orders_,        depots_,    fleet_, *dispatcher_,
                        drone_energy_, network_.get(), air_.get(), tracks_};
}

void Operation::start() {
    auto& sim = context_.sim;
    const auto& kinds = context_.kinds;
    for (Depot& depot : depots_) {
        if (!depot.spec().hours.always_open) {
            Dispatcher& dispatcher = *dispatcher_;
            const std::size_t d = depot.index();
            sim.spawn(depot.opening_hours(
                          [&dispatcher, d] {
                              dispatcher.assign_waiting(d, Mode::drone);
                              dispatcher.assign_waiting(d, Mode::robot);
                          },
                          [&dispatcher, &depot] {
                              // Orders still waiting here look again: an open depot may serve
                              // them now.
                              dispatcher.place_again(depot, Mode::drone);
                              dispatcher.place_again(depot, Mode::robot);
                          }),
                      {kinds.depot_hours, d});
        }
    }
    for (auto& v : fleet_.vehicles()) {
        sim.spawn(v.mode == Mode::drone ? drone_missions_->cycle(v) : robot_missions_->cycle(v),
                  {kinds.start, v.index});
    }
    demand_->start();
    if (air_) {
        sim.spawn(airspace_conditions(), {kinds.conditions});
    }
    sim.spawn(sampler(), {kinds.sample});
}

kernel::Process Operation::airspace_conditions() {
    // When the wind or a restriction changes, orders waiting for drones look again: they may
    // now fly, or go to robots.
    auto& sim = context_.sim;
    for (;;) {
        const double next = air_->airspace().next_change_s(context_.now_s());
        if (!std::isfinite(next) || kernel::ticks_from_seconds(next) >= context_.horizon) {
            co_return;
        }
        co_await sim.timeout(kernel::ticks_from_seconds(next) - sim.now(),
                             {context_.kinds.conditions});
        for (Depot& depot : depots_) {
            dispatcher_->place_again(depot, Mode::drone);
            dispatcher_->assign_waiting(depot.index(), Mode::drone);
        }
    }
}

kernel::Process Operation::sampler() {
    auto& sim = context_.sim;
    const Tick horizon = context_.horizon;
    const Tick interval = std::max<Tick>(
        1, kernel::ticks_from_seconds(context_.spec.simulation.timeseries_interval_s));
    for (Tick t = 0; t <= horizon; t += interval) {
        if (t > sim.now()) {
            // Sampled after everything else at the same tick: the state the tick ends in.
            co_await sim.timeout(t - sim.now(), {context_.kinds.sample}, kSamplerPriority);
        }
        output::FleetSample fleet;
        fleet.time_s = kernel::seconds_from_ticks(t);
        fleet_.count_states(fleet);
        for (const auto& depot : depots_) {
            const output::DepotSample s = depot.sample(fleet.time_s);
            fleet.backlog += s.backlog;
            context_.recorder.record(s);
        }
        context_.recorder.record(fleet);
    }
}

void Operation::finish() {
    if (finished_) {
        throw std::logic_error("Operation::finish called twice");
    }
    finished_ = true;
    fleet_.close_states();  // each vehicle's current state ends at the horizon
    auto& recorder = context_.recorder;
    for (const auto& order : orders_) {
        recorder.record(order.record);
    }
    fleet_.report();
    for (const Depot& depot : depots_) {
        depot.report_queues();
    }
    if (air_) {
        air_->report();
    }
    const RunState state{orders_, fleet_.vehicles(), fleet_.packs(),
                         fleet_.missions_below_reserve(),
                         kernel::seconds_from_ticks(context_.horizon)};
    for (const auto& metric : run_metrics(state)) {
        recorder.record(metric);
    }
}

}  // namespace lastmile::model
