#include "dispatcher.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <tuple>

namespace lastmile::model {

using output::OrderStatus;

Dispatcher::Dispatcher(ModelContext& context, DispatchScene scene,
                       std::unique_ptr<DispatchPolicy> policy)
    : context_(context), scene_(scene), policy_(std::move(policy)) {
    if (scene_.airspace != nullptr) {
        const CorridorNetwork& network = scene_.airspace->network();
        for (std::size_t s = 0; s < network.segment_count(); ++s) {
            lowest_corridor_m_ = std::min(lowest_corridor_m_, network.segment(s).altitude_m);
        }
    }
}

void Dispatcher::accept(const OrderRequest& request) {
    Order& order = scene_.orders.emplace_back();
    const std::size_t order_index = scene_.orders.size() - 1;
    auto& r = order.record;
    r.id = order_index;
    r.created_s = context_.now_s();
    r.zone = request.zone;
    r.weight_kg = request.weight_kg;
    r.promise_s = std::isfinite(request.promise_s) ? request.promise_s : kNaN;
    order.position = request.position;
    if (scene_.network != nullptr) {
        order.ground_node = scene_.network->snap(order.position);
    }
    place(order_index);
}

void Dispatcher::place(std::size_t order_index) {
    Order& order = scene_.orders[order_index];
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
    for (std::size_t d = 0; d < scene_.depots.size(); ++d) {
        const Depot& depot = scene_.depots[d];
        if (!depot.types(Mode::robot).empty()) {
            // NaN when the customer is off the robots' network.
            consider(d, Mode::robot, robot_round_trip_m(d, order).value_or(kNaN));
        }
        if (!depot.types(Mode::drone).empty()) {
            const double bound_s = prune ? drone_delivery_bound_s(order, d, false, why) : 0.0;
            drone_depots.push_back(Pending{bound_s, !prune || scene_.airspace == nullptr, d});
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
    Depot& depot = scene_.depots[choice.depot];
    r.depot = static_cast<std::int32_t>(choice.depot);
    r.mode = output_mode(choice.mode);
    r.status = OrderStatus::queued;
    order.one_way_m = geo::horizontal_distance_m(depot.position(), order.position);
    depot.queue(choice.mode).push_back(order_index);
    assign_waiting(choice.depot, choice.mode);
}

void Dispatcher::return_order(std::size_t order_index) {
    auto& r = scene_.orders[order_index].record;
    r.status = OrderStatus::queued;
    r.vehicle = -1;
    r.dispatched_s = kNaN;
    r.wait_s = kNaN;
    place(order_index);
}

void Dispatcher::place_again(Depot& depot, Mode mode) {
    const std::deque<std::size_t> waiting = std::exchange(depot.queue(mode), {});
    for (const std::size_t o : waiting) {
        place(o);
    }
}

void Dispatcher::vehicle_idle(Vehicle& v) {
    scene_.fleet.set_state(v, output::VehicleState::idle);
    scene_.depots[v.depot].idle(v.mode).push_back(v.index);
    assign_waiting(v.depot, v.mode);
}

void Dispatcher::assign_waiting(std::size_t depot_index, Mode mode) {
    Depot& depot = scene_.depots[depot_index];
    if (!depot.open()) {
        return;
    }
    auto& queue = depot.queue(mode);
    auto& idle = depot.idle(mode);
    // Oldest order first; each goes to the longest-idle vehicle that can serve it. Whether a
    // vehicle can depends only on its type here (same depot, same moment): asked once a type.
    std::vector<std::pair<std::size_t, bool>> by_type;
    for (auto order_it = queue.begin(); order_it != queue.end() && !idle.empty();) {
        const Order& order = scene_.orders[*order_it];
        by_type.clear();
        const auto vehicle_it = std::find_if(idle.begin(), idle.end(), [&](std::size_t v) {
            const Vehicle& vehicle = scene_.fleet.vehicle(v);
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
        Vehicle& vehicle = scene_.fleet.vehicle(*vehicle_it);
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
            auto& r = scene_.orders[o].record;
            r.vehicle = static_cast<std::int32_t>(vehicle.index);
            r.status = OrderStatus::in_progress;
            r.dispatched_s = context_.now_s();
            r.wait_s = r.dispatched_s - r.created_s;
        }
        vehicle.inbox->send(std::move(batch));
        order_it = queue.begin() +
                   std::min<std::ptrdiff_t>(offset, static_cast<std::ptrdiff_t>(queue.size()));
    }
}

}  // namespace lastmile::model
