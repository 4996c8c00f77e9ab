#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>
#include <tuple>

#include <lastmile/model/charging.hpp>
#include <lastmile/model/operation.hpp>

#include "operation_internals.hpp"

namespace lastmile::model {

Operation::Operation(kernel::Simulation& sim, const scenario::ScenarioSpec& spec,
                     output::Recorder& recorder)
    : sim_(sim),
      spec_(spec),
      recorder_(recorder),
      horizon_(ticks_from_seconds(spec.simulation.duration_s)),
      frame_(spec.frame_origin),
      kinds_(std::make_unique<Kinds>(Kinds{sim.kind("vehicle.start", "vehicle", ""),
                                           sim.kind("vehicle.dispatch", "vehicle", ""),
                                           sim.kind("vehicle.load", "vehicle", "order"),
                                           sim.kind("drone.takeoff", "vehicle", "order"),
                                           sim.kind("drone.climb", "vehicle", "order"),
                                           sim.kind("drone.cruise_out", "vehicle", "order"),
                                           sim.kind("drone.drop", "vehicle", "order"),
                                           sim.kind("drone.cruise_back", "vehicle", "order"),
                                           sim.kind("drone.descent", "vehicle", "order"),
                                           sim.kind("drone.land", "vehicle", "order"),
                                           sim.kind("vehicle.charge", "vehicle", ""),
                                           sim.kind("drone.swap", "vehicle", "pack"),
                                           sim.kind("pack.charged", "pack", ""),
                                           sim.kind("vehicle.repair", "vehicle", ""),
                                           sim.kind("robot.drive", "vehicle", "order"),
                                           sim.kind("robot.handover", "vehicle", "order"),
                                           sim.kind("depot.hours", "depot", ""),
                                           sim.kind("sample"),
                                           sim.kind("pack.grant", "depot", ""),
                                           sim.kind("drone.ground_hold", "vehicle", "order"),
                                           sim.kind("drone.leg", "vehicle", "order"),
                                           sim.kind("safety.encounter", "flight", "flight"),
                                           sim.kind("drone.contingency", "vehicle", "order"),
                                           sim.kind("airspace.conditions"),
                                           sim.kind("order.retry", "order", ""),
                                           sim.kind("drone.recovery", "vehicle", ""),
                                           sim.kind("drone.reserve_divert", "vehicle", "order")})),
      policy_(make_dispatch_policy(spec.dispatch)) {
    if (spec.ground_network.present()) {
        network_ = std::make_unique<GroundNetwork>(spec.ground_network, frame_);
    }
    for (const auto& type : spec.drone_types) {
        drone_energy_.emplace_back(type);
    }
    for (std::size_t d = 0; d < spec.depots.size(); ++d) {
        const auto& ds = spec.depots[d];
        Depot& depot = depots_.emplace_back();
        depot.spec = &ds;
        depot.index = d;
        depot.position = frame_.to_enu(ds.location);
        depot.position.z() = 0;
        if (network_) {
            depot.ground_node = network_->snap(depot.position);
            if (depot.ground_node) {
                network_->keep(*depot.ground_node);
            }
        }
        const auto resource = [&](const char* what, int count) -> kernel::Resource* {
            return count > 0
                       ? &sim.add_resource(ds.id + "." + what, static_cast<std::size_t>(count))
                       : nullptr;
        };
        depot.pads = resource("pads", ds.pads);
        depot.bays = resource("loading_bays", ds.loading_bays);
        depot.chargers = resource("chargers", ds.chargers.count);
        if (ds.swap.enabled) {
            depot.swap_stations = resource("swap_stations", ds.swap.stations);
            depot.charged_packs = std::make_unique<kernel::Store<std::size_t>>(
                sim, kernel::EventTag{kinds_->pack_grant, d});
        }
    }
    if (spec.airspace.present()) {
        std::vector<Eigen::Vector2d> depot_xy;
        for (const Depot& depot : depots_) {
            depot_xy.emplace_back(depot.position.x(), depot.position.y());
        }
        air_ = std::make_unique<AirspaceState>();
        air_->airspace = std::make_unique<Airspace>(spec.airspace, frame_, std::move(depot_xy));
        air_->segment_use.resize(spec.airspace.segments.size());
        for (std::size_t s = 0; s < air_->airspace->network().segment_count(); ++s) {
            lowest_corridor_m_ =
                std::min(lowest_corridor_m_, air_->airspace->network().segment(s).altitude_m);
        }
        air_->segment_delay_s.assign(spec.airspace.segments.size(), 0);
    }
    for (std::size_t f = 0; f < spec.fleets.size(); ++f) {
        const auto& fleet = spec.fleets[f];
        Depot& depot = depots_[fleet.depot_index];
        const std::size_t m = mode_index(fleet.mode);
        if (std::find(depot.types[m].begin(), depot.types[m].end(), fleet.type_index) ==
            depot.types[m].end()) {
            depot.types[m].push_back(fleet.type_index);
        }
        depot.fleet_size[m] += static_cast<std::size_t>(fleet.count);
        for (int i = 0; i < fleet.count; ++i) {
            Vehicle& v = vehicles_.emplace_back();
            v.index = static_cast<std::uint32_t>(vehicles_.size() - 1);
            v.fleet = static_cast<std::int32_t>(f);
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
            packs_.push_back(Pack{v.battery->usable_wh(), v.battery->usable_wh(), 0, 0,
                                  static_cast<std::int32_t>(fleet.depot_index),
                                  static_cast<std::int32_t>(v.index), v.battery->usable_wh()});
            v.inbox = std::make_unique<kernel::Mailbox<std::vector<std::size_t>>>(
                sim, kernel::EventTag{kinds_->dispatch, v.index});
            v.failure_stream.emplace(sim.stream("reliability.failures", v.index));
            v.charge_stream.emplace(sim.stream("charging.service", v.index));
            v.lost_link_stream.emplace(sim.stream("contingency.lost_link", v.index));
            draw_next_failure(v);
        }
    }
    // Spare packs for battery swap, sized like the drones based at the depot.
    for (Depot& depot : depots_) {
        if (!depot.charged_packs) {
            continue;
        }
        const auto& types = depot.types[mode_index(Mode::drone)];
        if (types.empty()) {
            continue;
        }
        const double usable = spec.drone_types[types.front()].battery.usable_wh();
        for (int i = 0; i < depot.spec->swap.spare_packs; ++i) {
            depot.charged_packs->put(packs_.size());
            packs_.push_back(
                Pack{usable, usable, 0, 0, static_cast<std::int32_t>(depot.index), -1, usable});
        }
    }
    demand_ = std::make_unique<DemandGenerator>(sim, spec, frame_,
                                                [this](const OrderRequest& r) { accept(r); });
}

Operation::~Operation() = default;

void Operation::start() {
    for (std::size_t d = 0; d < depots_.size(); ++d) {
        if (!depots_[d].spec->hours.always_open) {
            sim_.spawn(opening_hours(d), {kinds_->depot_hours, d});
        }
    }
    for (auto& v : vehicles_) {
        sim_.spawn(v.mode == Mode::drone ? drone_cycle(v) : robot_cycle(v),
                   {kinds_->start, v.index});
    }
    demand_->start();
    if (air_) {
        sim_.spawn(airspace_conditions(), {kinds_->conditions});
    }
    sim_.spawn(sampler(), {kinds_->sample});
}

// --- demand and dispatch -------------------------------------------------------------------

bool Operation::can_serve(const Vehicle& v, const Order& order) const {
    if (v.mode == Mode::drone) {
        if (order.record.weight_kg > v.drone->max_payload_kg) {
            return false;
        }
        if (air_) {
            const Eigen::Vector2d customer(order.position.x(), order.position.y());
            const auto plan =
                air_->airspace->plan_totals(v.depot, customer, drone_energy_[v.type],
                                            order.record.weight_kg, seconds_from_ticks(sim_.now()));
            return plan && plan->total_wh <= v.battery->plannable_wh();
        }
        return drone_energy_[v.type].feasible(order.one_way_m, order.record.weight_kg);
    }
    if (order.record.weight_kg > v.robot->max_payload_kg) {
        return false;
    }
    const auto trip = robot_round_trip_m(v.depot, order);
    return trip && *trip * v.robot->energy_per_distance_wh_per_m <= v.battery->plannable_wh();
}

std::optional<double> Operation::robot_round_trip_m(std::size_t depot, const Order& order) const {
    const Depot& d = depots_[depot];
    if (!network_ || !order.ground_node || !d.ground_node) {
        return std::nullopt;
    }
    const double one_way = network_->snap_distance_m(d.position, *d.ground_node) +
                           network_->distance_m(*d.ground_node, *order.ground_node) +
                           network_->snap_distance_m(order.position, *order.ground_node);
    return 2 * one_way;
}

void Operation::accept(const OrderRequest& request) {
    Order& order = orders_.emplace_back();
    const std::size_t order_index = orders_.size() - 1;
    auto& r = order.record;
    r.id = order_index;
    r.created_s = seconds_from_ticks(sim_.now());
    r.zone = request.zone;
    r.weight_kg = request.weight_kg;
    r.promise_s = std::isfinite(request.promise_s) ? request.promise_s : kNaN;
    order.position = request.position;
    if (network_) {
        order.ground_node = network_->snap(order.position);
    }
    place(order_index);
}

std::optional<double> Operation::expected_delivery_s(const Order& order, std::size_t d, Mode mode,
                                                     double trip_m, Rejections& why) const {
    const Depot& depot = depots_[d];
    const auto& r = order.record;
    const std::size_t m = mode_index(mode);
    double best_service_s = kInfinity;
    for (const std::size_t t : depot.types[m]) {
        double service_s = kInfinity;
        if (mode == Mode::drone) {
            const auto& type = spec_.drone_types[t];
            if (r.weight_kg > type.max_payload_kg) {
                continue;
            }
            why.payload_possible = true;
            if (air_) {
                const auto s = airspace_service_s(d, t, order, why.out_of_range);
                if (!s) {
                    continue;
                }
                service_s = depot.spec->loading_time_s + *s;
            } else {
                const double straight_m =
                    geo::horizontal_distance_m(depot.position, order.position);
                const FlightPlan plan = drone_energy_[t].plan(straight_m, r.weight_kg);
                if (plan.total_wh() > type.battery.plannable_wh()) {
                    why.out_of_range = true;
                    continue;
                }
                service_s = depot.spec->loading_time_s + plan.out_leg_s();
            }
        } else {
            const auto& type = spec_.robot_types[t];
            if (r.weight_kg > type.max_payload_kg) {
                continue;
            }
            why.payload_possible = true;
            if (std::isnan(trip_m)) {
                why.unreachable = true;
                continue;
            }
            if (trip_m * type.energy_per_distance_wh_per_m > type.battery.plannable_wh()) {
                why.out_of_range = true;
                continue;
            }
            service_s =
                depot.spec->loading_time_s + trip_m / 2 / type.speed_mps + type.handover_time_s;
        }
        best_service_s = std::min(best_service_s, service_s);
    }
    if (!std::isfinite(best_service_s)) {
        return std::nullopt;
    }
    return expected_with_wait_s(depot, mode, best_service_s);
}

double Operation::expected_with_wait_s(const Depot& depot, Mode mode, double service_s) const {
    // Expected wait: none if a vehicle is idle; otherwise the queue ahead shared by the
    // vehicles based here, each taking about a round trip per order. A closed depot serves
    // nobody before it opens. (Every step rounds monotonically: a lower service time never
    // gives a later delivery.)
    const std::size_t m = mode_index(mode);
    const double ahead =
        static_cast<double>(depot.queue[m].size() + (depot.idle[m].empty() ? 1 : 0));
    const double wait_s = ahead * 2 * service_s / static_cast<double>(depot.fleet_size[m]);
    return seconds_until_open(depot) + wait_s + service_s;
}

double Operation::strongest_wind_mps(double now_s) const {
    if (!air_) {
        return 0;
    }
    // Asked for every depot of every order, and the same until the wind changes.
    if (!(now_s >= strongest_wind_from_s_ && now_s < strongest_wind_until_s_)) {
        const WindField& wind = air_->airspace->wind();
        strongest_wind_from_s_ = wind.last_change_s(now_s);
        strongest_wind_until_s_ = wind.next_change_s(now_s);
        strongest_wind_mps_ = wind.strongest_mps(now_s);
    }
    return strongest_wind_mps_;
}

double Operation::drone_delivery_bound_s(const Order& order, std::size_t d, bool route,
                                         Rejections& why) const {
    const Depot& depot = depots_[d];
    const double now_s = seconds_from_ticks(sim_.now());
    const double straight_m = geo::horizontal_distance_m(depot.position, order.position);
    const double wind_mps = strongest_wind_mps(now_s);
    const Eigen::Vector2d customer(order.position.x(), order.position.y());
    double fastest_s = kInfinity;
    for (const std::size_t t : depot.types[mode_index(Mode::drone)]) {
        const auto& type = spec_.drone_types[t];
        if (order.record.weight_kg > type.max_payload_kg) {
            continue;
        }
        why.payload_possible = true;
        // In the airspace, the corridor route's own time, when the airspace can vouch for it.
        if (air_ && route) {
            if (const auto out_s =
                    air_->airspace->out_time_lower_bound_s(d, customer, drone_energy_[t], now_s)) {
                fastest_s = std::min(fastest_s, depot.spec->loading_time_s + *out_s);
                continue;
            }
        }
        // Otherwise no flight is faster than: take-off, the climb to the lowest height it
        // could cruise at, the straight line at its airspeed plus the strongest wind blowing
        // now, and the drop. (No descent: this also bounds the wait-then-fly-straight figure
        // dispatch uses when the airspace is closed to the flight for now.)
        const double cruise_m =
            air_ ? std::min(type.cruise_altitude_m, lowest_corridor_m_) : type.cruise_altitude_m;
        const double climb_s = cruise_m > 0 ? cruise_m / type.climb_rate_mps : 0.0;
        fastest_s = std::min(fastest_s, depot.spec->loading_time_s + type.takeoff_time_s + climb_s +
                                            straight_m / (type.cruise_speed_mps + wind_mps) +
                                            type.drop_time_s);
    }
    // Shaved a little, so that rounding, summing in another order, can never lift the bound
    // above a plan's exact time.
    return expected_with_wait_s(depot, Mode::drone, fastest_s * (1 - 1e-9));
}

void Operation::place(std::size_t order_index) {
    Order& order = orders_[order_index];
    auto& r = order.record;
    Rejections why;
    std::vector<DispatchCandidate> candidates;
    double earliest_s = kInfinity;
    const auto consider = [&](std::size_t d, Mode mode, double trip_m) {
        if (const auto expected = expected_delivery_s(order, d, mode, trip_m, why)) {
            candidates.push_back(DispatchCandidate{d, mode, *expected});
            earliest_s = std::min(earliest_s, *expected);
        }
    };
    // Robots first: their trips come from the depots' shortest-path trees and cost little.
    // Each drone candidate needs a flight plan; when the policy takes the earliest delivery,
    // depots are tried in order of a lower bound on theirs, and those whose bound is later
    // than a delivery already found are left out: they could not be chosen.
    const bool prune = policy_->picks_earliest();
    // Depots by a bound on their delivery time, smallest first: the straight-line bound to
    // begin with, refined to the corridor route's when a depot comes up (and only then, as
    // that costs a route lookup), and worked out exactly when its refined bound comes up.
    struct Pending {
        double bound_s;
        bool refined;
        std::size_t depot;
        bool operator>(const Pending& o) const {
            return std::tie(bound_s, depot, refined) > std::tie(o.bound_s, o.depot, o.refined);
        }
    };
    std::vector<Pending> drone_depots;
    for (std::size_t d = 0; d < depots_.size(); ++d) {
        const Depot& depot = depots_[d];
        if (!depot.types[mode_index(Mode::robot)].empty()) {
            // NaN when the customer is off the robots' network.
            consider(d, Mode::robot, robot_round_trip_m(d, order).value_or(kNaN));
        }
        if (!depot.types[mode_index(Mode::drone)].empty()) {
            const double bound_s = prune ? drone_delivery_bound_s(order, d, false, why) : 0.0;
            drone_depots.push_back(Pending{bound_s, !prune || !air_, d});
        }
    }
    std::make_heap(drone_depots.begin(), drone_depots.end(), std::greater<>{});
    while (!drone_depots.empty()) {
        std::pop_heap(drone_depots.begin(), drone_depots.end(), std::greater<>{});
        const Pending next = drone_depots.back();
        drone_depots.pop_back();
        if (prune && next.bound_s > earliest_s) {
            break;  // and every depot still pending
        }
        if (!next.refined) {
            drone_depots.push_back(
                Pending{drone_delivery_bound_s(order, next.depot, true, why), true, next.depot});
            std::push_heap(drone_depots.begin(), drone_depots.end(), std::greater<>{});
            continue;
        }
        consider(next.depot, Mode::drone, kNaN);
    }
    if (candidates.empty()) {
        r.status = !why.payload_possible ? OrderStatus::rejected_payload
                   : why.out_of_range    ? OrderStatus::rejected_range
                   : why.unreachable     ? OrderStatus::rejected_unreachable
                                         : OrderStatus::rejected_range;
        return;
    }
    // The policy sees the candidates in (depot, mode) order, drones first, whichever were
    // worked out.
    std::sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
        return std::tie(a.depot, a.mode) < std::tie(b.depot, b.mode);
    });
    const double promise_s = std::isnan(r.promise_s) ? kInfinity : r.promise_s;
    const auto& choice = candidates[policy_->choose(candidates, promise_s)];
    Depot& depot = depots_[choice.depot];
    r.depot = static_cast<std::int32_t>(choice.depot);
    r.mode = output_mode(choice.mode);
    r.status = OrderStatus::queued;
    order.one_way_m = geo::horizontal_distance_m(depot.position, order.position);
    depot.queue[mode_index(choice.mode)].push_back(order_index);
    assign_waiting(choice.depot, choice.mode);
}

double Operation::time_of_day_s() const {
    return std::fmod(spec_.simulation.start_time_of_day_s + seconds_from_ticks(sim_.now()),
                     scenario::kSecondsPerDay);
}

double Operation::seconds_until_open(const Depot& depot) const {
    if (depot.open) {
        return 0;
    }
    const double wait = depot.spec->hours.open_s - time_of_day_s();
    return wait < 0 ? wait + scenario::kSecondsPerDay : wait;
}

double Operation::robot_tour_m(const Vehicle& robot, const std::vector<std::size_t>& stops) const {
    const Depot& depot = depots_[robot.depot];
    double total = network_->snap_distance_m(depot.position, *depot.ground_node);
    std::size_t at = *depot.ground_node;
    for (const std::size_t o : stops) {
        const Order& order = orders_[o];
        total += network_->distance_m(at, *order.ground_node) +
                 2 * network_->snap_distance_m(order.position, *order.ground_node);
        at = *order.ground_node;
    }
    return total + network_->distance_m(at, *depot.ground_node) +
           network_->snap_distance_m(depot.position, *depot.ground_node);
}

std::vector<std::size_t> Operation::route_order(const Vehicle& robot,
                                                std::vector<std::size_t> stops) const {
    // Nearest stop next, from the depot; ties keep the queue order.
    std::vector<std::size_t> route;
    std::size_t at = *depots_[robot.depot].ground_node;
    while (!stops.empty()) {
        std::size_t best = 0;
        for (std::size_t i = 1; i < stops.size(); ++i) {
            if (network_->distance_m(at, *orders_[stops[i]].ground_node) <
                network_->distance_m(at, *orders_[stops[best]].ground_node)) {
                best = i;
            }
        }
        at = *orders_[stops[best]].ground_node;
        route.push_back(stops[best]);
        stops.erase(stops.begin() + static_cast<std::ptrdiff_t>(best));
    }
    return route;
}

std::vector<std::size_t> Operation::robot_batch(const Vehicle& robot,
                                                std::deque<std::size_t>& queue,
                                                std::deque<std::size_t>::iterator first) {
    std::vector<std::size_t> batch{*first};
    const int limit = policy_->batch_limit(Mode::robot, robot.robot->compartments);
    queue.erase(first);
    for (auto it = queue.begin(); it != queue.end() && static_cast<int>(batch.size()) < limit;) {
        if (!can_serve(robot, orders_[*it])) {
            ++it;
            continue;
        }
        auto candidate = batch;
        candidate.push_back(*it);
        candidate = route_order(robot, candidate);
        if (robot_tour_m(robot, candidate) * robot.robot->energy_per_distance_wh_per_m >
            robot.battery->plannable_wh()) {
            ++it;
            continue;
        }
        batch.push_back(*it);
        it = queue.erase(it);
    }
    return route_order(robot, batch);
}

void Operation::assign_waiting(std::size_t depot_index, Mode mode) {
    Depot& depot = depots_[depot_index];
    if (!depot.open) {
        return;
    }
    const std::size_t m = mode_index(mode);
    auto& queue = depot.queue[m];
    auto& idle = depot.idle[m];
    // Oldest order first; each goes to the longest-idle vehicle that can serve it. Whether a
    // vehicle can depends only on its type here (same depot, same moment): asked once a type.
    std::vector<std::pair<std::size_t, bool>> by_type;
    for (auto order_it = queue.begin(); order_it != queue.end() && !idle.empty();) {
        const Order& order = orders_[*order_it];
        by_type.clear();
        const auto vehicle_it = std::find_if(idle.begin(), idle.end(), [&](std::size_t v) {
            const Vehicle& vehicle = vehicles_[v];
            for (const auto& [type, ok] : by_type) {
                if (type == vehicle.type) {
                    return ok;
                }
            }
            const bool ok = can_serve(vehicle, order);
            by_type.emplace_back(vehicle.type, ok);
            return ok;
        });
        if (vehicle_it == idle.end()) {
            ++order_it;
            continue;
        }
        Vehicle& vehicle = vehicles_[*vehicle_it];
        idle.erase(vehicle_it);
        const auto offset = order_it - queue.begin();
        std::vector<std::size_t> batch;
        if (mode == Mode::robot) {
            batch = robot_batch(vehicle, queue, order_it);
        } else {
            batch = {*order_it};
            queue.erase(order_it);
        }
        for (const std::size_t o : batch) {
            auto& r = orders_[o].record;
            r.vehicle = static_cast<std::int32_t>(vehicle.index);
            r.status = OrderStatus::in_progress;
            r.dispatched_s = seconds_from_ticks(sim_.now());
            r.wait_s = r.dispatched_s - r.created_s;
        }
        vehicle.inbox->send(std::move(batch));
        order_it = queue.begin() +
                   std::min<std::ptrdiff_t>(offset, static_cast<std::ptrdiff_t>(queue.size()));
    }
}

// --- vehicle behaviour ---------------------------------------------------------------------

void Operation::set_state(Vehicle& v, VehicleState state) {
    v.state_s[static_cast<std::size_t>(v.state)] += seconds_from_ticks(sim_.now() - v.state_since);
    // Only the economics' staffing needs every change; other runs skip the bookkeeping.
    if (spec_.economics.present &&
        (v.state == VehicleState::mission) != (state == VehicleState::mission)) {
        auto& count = on_mission_[mode_index(v.mode)];
        state == VehicleState::mission ? ++count : --count;
        recorder_.record(
            output::OnMissionChange{seconds_from_ticks(sim_.now()), output_mode(v.mode), count});
    }
    v.state = state;
    v.state_since = sim_.now();
}

void Operation::become_idle(Vehicle& v) {
    set_state(v, VehicleState::idle);
    depots_[v.depot].idle[mode_index(v.mode)].push_back(v.index);
    assign_waiting(v.depot, v.mode);
}

void Operation::draw_next_failure(Vehicle& v) {
    if (std::isfinite(v.reliability->mtbf_s)) {
        v.next_failure_at_s = v.operating_s + v.failure_stream->exponential(v.reliability->mtbf_s);
    }
}

void Operation::deliver(Order& order, Vehicle& vehicle) {
    auto& r = order.record;
    r.delivered_s = seconds_from_ticks(sim_.now());
    r.status = OrderStatus::delivered;
    if (!std::isnan(r.promise_s)) {
        r.promise_met = (r.delivered_s - r.created_s) <= r.promise_s ? 1 : 0;
    }
    ++vehicle.deliveries;
}

kernel::Process Operation::drone_cycle(Vehicle& drone) {
    Depot& depot = depots_[drone.depot];
    const MultirotorEnergy& energy = drone_energy_[drone.type];
    const std::uint64_t id = drone.index;
    const auto& k = *kinds_;
    for (;;) {
        become_idle(drone);
        const std::vector<std::size_t> batch = co_await drone.inbox->receive();
        set_state(drone, VehicleState::mission);
        const std::uint64_t flight = next_flight_++;
        if (air_) {
            bool flown = false;
            co_await airspace_mission(drone, batch.front(), flight, flown);
            if (flown) {
                ++drone.missions;
                co_await repair_if_due(drone);
                co_await recharge(drone);
            }
            continue;
        }
        Order& order = orders_[batch.front()];
        const std::uint64_t oid = order.record.id;
        ++drone.missions;
        const FlightPlan plan = energy.plan(order.one_way_m, order.record.weight_kg);
        Pack& pack = packs_[drone.pack];
        // Each phase takes its energy from the battery as it starts, so the state of charge is
        // right at every phase boundary and never overstated in between.
        const auto fly = [&](FlightPhase phase, kernel::EventKind kind) {
            pack.discharge(plan.wh_of(phase));
            return sim_.timeout(ticks_from_seconds(plan.seconds_of(phase)), {kind, id, oid});
        };
        // The path flown, for /flight_tracks: straight up, across at cruise height, down.
        const double cruise_m = drone.drone->cruise_altitude_m;
        const Eigen::Vector3d home(depot.position.x(), depot.position.y(), 0);
        const Eigen::Vector3d above_home(home.x(), home.y(), cruise_m);
        const Eigen::Vector3d above_customer(order.position.x(), order.position.y(), cruise_m);
        std::vector<TrajectoryLeg> track;
        double track_t = 0;
        const auto reach = [&](const Eigen::Vector3d& to) {
            const double now_s = seconds_from_ticks(sim_.now());
            const Eigen::Vector3d from = track.empty() ? home : track.back().p1;
            track.push_back(TrajectoryLeg{track_t, now_s, from, to, -1, false});
            track_t = now_s;
        };
        // Loading happens beside the pads; a pad is held only to take off, so a drone coming
        // home never hovers longer than take-offs (and earlier landings) keep it waiting.
        co_await sim_.timeout(ticks_from_seconds(depot.spec->loading_time_s), {k.load, id, oid});
        Tick leg_start = 0;
        {
            auto pad = co_await depot.pads->acquire();
            leg_start = sim_.now();
            track_t = seconds_from_ticks(leg_start);
            co_await fly(FlightPhase::takeoff, k.takeoff);
            reach(home);
        }
        co_await fly(FlightPhase::climb, k.climb);
        reach(above_home);
        co_await fly(FlightPhase::cruise_out, k.cruise_out);
        reach(above_customer);
        co_await fly(FlightPhase::drop, k.drop);
        reach(above_customer);
        const std::size_t drop_leg = track.size() - 1;
        deliver(order, drone);
        recorder_.record(output::FlightRecord{flight,
                                              drone.index,
                                              oid,
                                              static_cast<std::int32_t>(drone.depot),
                                              0,
                                              seconds_from_ticks(leg_start),
                                              seconds_from_ticks(sim_.now()),
                                              order.one_way_m,
                                              plan.out_wh(),
                                              order.record.weight_kg,
                                              0,
                                              0,
                                              {}});
        const Tick back_start = sim_.now();
        co_await fly(FlightPhase::cruise_back, k.cruise_back);
        reach(above_home);
        co_await fly(FlightPhase::descent, k.descent);
        reach(home);
        double back_wh = plan.back_wh();
        {
            const Tick arrived = sim_.now();
            auto pad = co_await depot.pads->acquire(kLandingPriority);
            const double hover_wh =
                energy.hover_power_w(0) * seconds_from_ticks(sim_.now() - arrived) / 3600.0;
            pack.discharge(hover_wh);
            back_wh += hover_wh;
            reach(home);
            co_await fly(FlightPhase::landing, k.land);
            reach(home);
        }
        record_track(flight, track, drop_leg);
        recorder_.record(output::FlightRecord{flight,
                                              drone.index,
                                              oid,
                                              static_cast<std::int32_t>(drone.depot),
                                              1,
                                              seconds_from_ticks(back_start),
                                              seconds_from_ticks(sim_.now()),
                                              order.one_way_m,
                                              back_wh,
                                              0,
                                              0,
                                              0,
                                              {}});
        const double used_wh = plan.out_wh() + back_wh;
        if (pack.charge_wh < drone.battery->reserve_wh()) {
            ++missions_below_reserve_;  // a long wait for a pad ate into the reserve
        }
        drone.energy_wh += used_wh;
        drone.cycles += used_wh / pack.usable_wh;
        drone.distance_m += 2 * order.one_way_m;
        drone.operating_s += seconds_from_ticks(sim_.now() - leg_start);
        order.record.distance_m = 2 * order.one_way_m;
        order.record.energy_wh = used_wh;
        co_await repair_if_due(drone);
        co_await recharge(drone);
    }
}

kernel::Process Operation::robot_cycle(Vehicle& robot) {
    const auto& type = *robot.robot;
    Depot& depot = depots_[robot.depot];
    const std::uint64_t id = robot.index;
    const auto& k = *kinds_;
    for (;;) {
        become_idle(robot);
        const std::vector<std::size_t> stops = co_await robot.inbox->receive();
        set_state(robot, VehicleState::mission);
        ++robot.missions;
        const std::uint64_t trip = next_trip_++;
        {
            auto bay = co_await depot.bays->acquire();
            co_await sim_.timeout(
                ticks_from_seconds(depot.spec->loading_time_s * static_cast<double>(stops.size())),
                {k.load, id, orders_[stops.front()].record.id});
        }
        const Tick trip_start = sim_.now();
        double trip_m = 0;
        std::uint32_t leg = 0;
        std::size_t at_node = *depot.ground_node;
        // Each leg: off the network to the nearest node, along the shortest path, and off
        // the network again to the stop.
        double start_snap_m = network_->snap_distance_m(depot.position, at_node);
        for (std::size_t s = 0; s <= stops.size(); ++s) {
            const bool home = s == stops.size();
            const std::size_t to_node = home ? *depot.ground_node : *orders_[stops[s]].ground_node;
            const double end_snap_m =
                home ? network_->snap_distance_m(depot.position, to_node)
                     : network_->snap_distance_m(orders_[stops[s]].position, to_node);
            const std::int64_t order_id =
                home ? -1 : static_cast<std::int64_t>(orders_[stops[s]].record.id);
            const GroundPath path = network_->path(at_node, to_node);
            const double length = start_snap_m + path.length_m + end_snap_m;
            const Tick start = sim_.now();
            co_await sim_.timeout(ticks_from_seconds(length / type.speed_mps +
                                                     path.crossings * type.crossing_delay_s),
                                  {k.drive, id, static_cast<std::uint64_t>(order_id)});
            recorder_.record(output::TripRecord{
                trip, robot.index, leg++, order_id, static_cast<std::int32_t>(robot.depot),
                seconds_from_ticks(start), seconds_from_ticks(sim_.now()), length, path.crossings,
                length * type.energy_per_distance_wh_per_m});
            packs_[robot.pack].discharge(length * type.energy_per_distance_wh_per_m);
            trip_m += length;
            at_node = to_node;
            start_snap_m = end_snap_m;
            if (!home) {
                Order& order = orders_[stops[s]];
                co_await sim_.timeout(ticks_from_seconds(type.handover_time_s),
                                      {k.handover, id, order.record.id});
                deliver(order, robot);
            }
        }
        const double used_wh = trip_m * type.energy_per_distance_wh_per_m;
        for (const std::size_t o : stops) {
            orders_[o].record.distance_m = trip_m / static_cast<double>(stops.size());
            orders_[o].record.energy_wh = used_wh / static_cast<double>(stops.size());
        }
        const Pack& pack = packs_[robot.pack];
        robot.energy_wh += used_wh;
        robot.cycles += used_wh / pack.usable_wh;
        robot.distance_m += trip_m;
        robot.operating_s += seconds_from_ticks(sim_.now() - trip_start);
        co_await repair_if_due(robot);
        co_await recharge(robot);
    }
}

kernel::Task Operation::repair_if_due(Vehicle& v) {
    if (v.operating_s < v.next_failure_at_s) {
        co_return;
    }
    // Failures surface when the vehicle is back at its depot (found at the post-trip check).
    ++v.failures;
    set_state(v, VehicleState::repair);
    co_await sim_.timeout(ticks_from_seconds(v.reliability->repair_time_s),
                          {kinds_->repair, v.index});
    draw_next_failure(v);
}

kernel::Task Operation::recharge(Vehicle& v) {
    Depot& depot = depots_[v.depot];
    if (v.mode == Mode::drone && depot.charged_packs) {
        set_state(v, VehicleState::swapping);
        auto station = co_await depot.swap_stations->acquire();
        // The spent pack goes on charge first: with no spares in stock, it may be the very
        // pack that comes back.
        const std::size_t spent = v.pack;
        packs_[spent].vehicle = -1;
        sim_.spawn(recharge_pack(v.depot, spent), {kinds_->pack_charged, spent});
        const std::size_t fresh = co_await depot.charged_packs->get();
        co_await sim_.timeout(ticks_from_seconds(depot.spec->swap.swap_time_s),
                              {kinds_->swap, v.index, fresh});
        packs_[fresh].vehicle = static_cast<std::int32_t>(v.index);
        v.pack = fresh;
        co_return;
    }
    set_state(v, VehicleState::charging);
    auto charger = co_await depot.chargers->acquire();
    Pack& pack = packs_[v.pack];
    const auto& chargers = depot.spec->chargers;
    const double seconds = chargers.exponential_service_mean_s > 0
                               ? v.charge_stream->exponential(chargers.exponential_service_mean_s)
                               : charge_time_s(chargers, pack.usable_wh,
                                               std::max(0.0, pack.charge_wh), pack.usable_wh);
    co_await sim_.timeout(ticks_from_seconds(seconds), {kinds_->charge, v.index});
    pack.charge_wh = pack.usable_wh;
    ++pack.charges;
}

kernel::Process Operation::recharge_pack(std::size_t depot_index, std::size_t pack_index) {
    Depot& depot = depots_[depot_index];
    Pack& pack = packs_[pack_index];
    co_await sim_.timeout(
        ticks_from_seconds(constant_power_charge_time_s(
            depot.spec->swap.pack_charge_power_w, std::max(0.0, pack.charge_wh), pack.usable_wh)),
        {kinds_->pack_charged, pack_index});
    pack.charge_wh = pack.usable_wh;
    ++pack.charges;
    depot.charged_packs->put(pack_index);
}

kernel::Process Operation::opening_hours(std::size_t depot_index) {
    Depot& depot = depots_[depot_index];
    const auto& hours = depot.spec->hours;
    const auto is_open = [&](double tod) {
        return hours.open_s < hours.close_s ? (tod >= hours.open_s && tod < hours.close_s)
                                            : (tod >= hours.open_s || tod < hours.close_s);
    };
    const double start = spec_.simulation.start_time_of_day_s;
    depot.open = is_open(std::fmod(start, scenario::kSecondsPerDay));
    for (;;) {
        // Next opening or closing, whichever changes the state.
        const double tod = time_of_day_s();
        const double target = depot.open ? hours.close_s : hours.open_s;
        double wait = target - tod;
        if (wait <= 0) {
            wait += scenario::kSecondsPerDay;
        }
        const Tick gap = ticks_from_seconds(wait);
        if (gap >= horizon_ - sim_.now()) {
            co_return;
        }
        co_await sim_.timeout(gap, {kinds_->depot_hours, depot_index});
        depot.open = !depot.open;
        if (depot.open) {
            assign_waiting(depot_index, Mode::drone);
            assign_waiting(depot_index, Mode::robot);
        } else {
            // Orders still waiting here look again: an open depot may serve them now.
            for (auto& queue : depot.queue) {
                const std::deque<std::size_t> waiting = std::exchange(queue, {});
                for (const std::size_t o : waiting) {
                    place(o);
                }
            }
        }
    }
}

kernel::Process Operation::sampler() {
    const Tick interval =
        std::max<Tick>(1, ticks_from_seconds(spec_.simulation.timeseries_interval_s));
    for (Tick t = 0; t <= horizon_; t += interval) {
        if (t > sim_.now()) {
            // Sampled after everything else at the same tick: the state the tick ends in.
            co_await sim_.timeout(t - sim_.now(), {kinds_->sample}, kSamplerPriority);
        }
        output::FleetSample fleet;
        fleet.time_s = seconds_from_ticks(t);
        for (const auto& v : vehicles_) {
            ++fleet.vehicles[static_cast<std::size_t>(v.state)];
            if (v.state == VehicleState::mission) {
                ++(v.mode == Mode::drone ? fleet.drones_on_mission : fleet.robots_on_mission);
            }
        }
        for (const auto& depot : depots_) {
            output::DepotSample s;
            s.time_s = fleet.time_s;
            s.depot = static_cast<std::int32_t>(depot.index);
            const auto use = [](const kernel::Resource* r, std::uint32_t& in_use,
                                std::uint32_t& queue) {
                if (r != nullptr) {
                    in_use = static_cast<std::uint32_t>(r->in_use());
                    queue = static_cast<std::uint32_t>(r->queue_length());
                }
            };
            use(depot.pads, s.pads_in_use, s.pad_queue);
            use(depot.chargers, s.chargers_in_use, s.charger_queue);
            use(depot.bays, s.bays_in_use, s.bay_queue);
            s.packs_in_stock =
                depot.charged_packs ? static_cast<std::uint32_t>(depot.charged_packs->size()) : 0;
            s.backlog = static_cast<std::uint32_t>(depot.queue[0].size() + depot.queue[1].size());
            fleet.backlog += s.backlog;
            recorder_.record(s);
        }
        recorder_.record(fleet);
    }
}

// --- reporting -----------------------------------------------------------------------------

void Operation::finish() {
    if (finished_) {
        throw std::logic_error("Operation::finish called twice");
    }
    finished_ = true;
    for (auto& v : vehicles_) {
        set_state(v, v.state);  // close the current state's interval at the horizon
    }
    report_orders();
    report_vehicles_and_batteries();
    report_depots();
    if (air_) {
        report_airspace();
    }
    report_metrics();
}

void Operation::report_orders() {
    for (const auto& order : orders_) {
        recorder_.record(order.record);
    }
}

void Operation::report_vehicles_and_batteries() {
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
        recorder_.record(r);
    }
    for (std::size_t p = 0; p < packs_.size(); ++p) {
        const auto& pack = packs_[p];
        recorder_.record(output::BatteryRecord{static_cast<std::uint32_t>(p), pack.depot,
                                               pack.vehicle, pack.discharged_wh,
                                               pack.discharged_wh / pack.usable_wh, pack.charges});
    }
}

void Operation::report_depots() {
    const double horizon_s = seconds_from_ticks(horizon_);
    const auto row = [&](const Depot& depot, const char* name, double capacity,
                         const kernel::ResourceStats& s, bool utilisation) {
        output::DepotQueueRecord r;
        r.depot = static_cast<std::int32_t>(depot.index);
        r.resource = name;
        r.capacity = capacity;
        r.served = s.grants;
        r.waited = s.waited;
        r.mean_wait_s =
            s.grants == 0 ? kNaN : seconds_from_ticks(s.total_wait) / static_cast<double>(s.grants);
        r.max_wait_s = seconds_from_ticks(s.max_wait);
        r.mean_queue = horizon_s > 0 ? s.queue_tick_integral / static_cast<double>(horizon_) : 0;
        r.max_queue = s.max_queue;
        r.gave_up = s.reneged;
        r.gave_up_wait_s = seconds_from_ticks(s.reneged_wait);
        r.utilisation = utilisation && capacity > 0
                            ? s.in_use_tick_integral / static_cast<double>(horizon_) / capacity
                            : kNaN;
        recorder_.record(r);
    };
    for (const auto& depot : depots_) {
        const auto resource = [&](const char* name, const kernel::Resource* r) {
            if (r != nullptr) {
                row(depot, name, static_cast<double>(r->capacity()), r->stats(), true);
            }
        };
        resource("pads", depot.pads);
        resource("loading_bays", depot.bays);
        resource("chargers", depot.chargers);
        resource("swap_stations", depot.swap_stations);
        if (depot.charged_packs) {
            row(depot, "charged_packs", static_cast<double>(depot.spec->swap.spare_packs),
                depot.charged_packs->stats(), false);
        }
    }
}

void Operation::report_metrics() {
    std::array<std::uint64_t, std::size(output::kOrderStatusNames)> by_status{};
    std::array<std::vector<double>, kModes> times;
    std::vector<double> all_times;
    std::vector<double> waits;
    std::uint64_t with_promise = 0;
    std::uint64_t promise_met = 0;
    for (const auto& order : orders_) {
        const auto& r = order.record;
        ++by_status[static_cast<std::size_t>(r.status)];
        if (r.status == OrderStatus::delivered) {
            const double t = r.delivered_s - r.created_s;
            all_times.push_back(t);
            times[r.mode == output::Mode::drone ? 0 : 1].push_back(t);
            if (r.promise_met >= 0) {
                ++with_promise;
                promise_met += static_cast<std::uint64_t>(r.promise_met);
            }
        }
        if (!std::isnan(r.wait_s)) {
            waits.push_back(r.wait_s);
        }
    }
    const auto mean = [](const std::vector<double>& v) {
        if (v.empty()) {
            return kNaN;
        }
        double sum = 0;
        for (const double x : v) {
            sum += x;
        }
        return sum / static_cast<double>(v.size());
    };
    const auto percentile = [](std::vector<double> v, double q) {
        if (v.empty()) {
            return kNaN;
        }
        // Nearest rank: the smallest value with at least q of the data at or below it.
        std::sort(v.begin(), v.end());
        const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
        return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
    };
    double distance_m = 0;
    double energy_wh = 0;
    double mission_s = 0;
    double lowest_charge_fraction = 1;
    std::array<std::uint64_t, kModes> fleet{};
    std::uint64_t failures = 0;
    for (const auto& v : vehicles_) {
        distance_m += v.distance_m;
        energy_wh += v.energy_wh;
        mission_s += v.state_s[static_cast<std::size_t>(VehicleState::mission)];
        ++fleet[mode_index(v.mode)];
        failures += v.failures;
    }
    for (const auto& pack : packs_) {
        lowest_charge_fraction = std::min(lowest_charge_fraction, pack.lowest_wh / pack.usable_wh);
    }
    const double horizon_s = seconds_from_ticks(horizon_);
    const auto count = [](std::uint64_t n) { return static_cast<double>(n); };
    const auto status = [&](OrderStatus s) {
        return count(by_status[static_cast<std::size_t>(s)]);
    };
    const std::vector<output::Metric> metrics{
        {"duration_s", horizon_s, "s", "simulated time"},
        {"drones", count(fleet[0]), "1", "drones in all fleets"},
        {"robots", count(fleet[1]), "1", "robots in all fleets"},
        {"orders_created", count(orders_.size()), "1", "orders that arrived before the horizon"},
        {"orders_delivered", status(OrderStatus::delivered), "1", "orders handed to the customer"},
        {"orders_delivered_by_drone", count(times[0].size()), "1", "delivered by drone"},
        {"orders_delivered_by_robot", count(times[1].size()), "1", "delivered by robot"},
        {"orders_in_progress", status(OrderStatus::in_progress), "1",
         "assigned but not delivered at the horizon"},
        {"orders_queued", status(OrderStatus::queued), "1", "waiting for a vehicle at the horizon"},
        {"orders_rejected_payload", status(OrderStatus::rejected_payload), "1",
         "heavier than every vehicle's payload"},
        {"orders_rejected_range", status(OrderStatus::rejected_range), "1",
         "beyond every vehicle's range with its reserve"},
        {"orders_rejected_unreachable", status(OrderStatus::rejected_unreachable), "1",
         "no drone could serve it and it is off the robots' network"},
        {"delivery_time_mean_s", mean(all_times), "s", "created to delivered, mean"},
        {"delivery_time_p50_s", percentile(all_times, 0.5), "s", "created to delivered, median"},
        {"delivery_time_p95_s", percentile(all_times, 0.95), "s",
         "created to delivered, 95th percentile"},
        {"delivery_time_drone_mean_s", mean(times[0]), "s", "created to delivered by drone, mean"},
        {"delivery_time_robot_mean_s", mean(times[1]), "s", "created to delivered by robot, mean"},
        {"promise_met_fraction",
         with_promise == 0 ? kNaN : count(promise_met) / count(with_promise), "1",
         "delivered orders with a promise that were delivered within it"},
        {"dispatch_wait_mean_s", mean(waits), "s", "created to dispatched, mean"},
        {"distance_m", distance_m, "m", "travelled by all vehicles on completed missions"},
        {"energy_wh", energy_wh, "Wh", "battery energy used on completed missions"},
        {"vehicle_utilisation",
         vehicles_.empty() || horizon_s == 0 ? kNaN
                                             : mission_s / (horizon_s * count(vehicles_.size())),
         "1", "fraction of vehicle-time on missions"},
        {"failures", count(failures), "1", "vehicle failures found after a mission"},
        {"missions_below_reserve", count(missions_below_reserve_), "1",
         "drone missions that landed below the reserve (after waiting for a pad)"},
        {"lowest_charge_fraction", lowest_charge_fraction, "1",
         "lowest state of charge (of usable energy) any pack reached at the end of a mission"},
    };
    for (const auto& metric : metrics) {
        recorder_.record(metric);
    }
}

}  // namespace lastmile::model
