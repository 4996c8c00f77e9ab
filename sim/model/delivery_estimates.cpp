// Feasibility and delivery estimates for dispatch. Part of Dispatcher (see dispatcher.hpp).

#include <algorithm>
#include <cmath>

#include "dispatcher.hpp"

namespace lastmile::model {

bool Dispatcher::can_serve(const Vehicle& v, const Order& order) const {
    if (v.mode == Mode::drone) {
        if (order.record.weight_kg > v.drone->max_payload_kg) {
            return false;
        }
        if (scene_.airspace != nullptr) {
            const Eigen::Vector2d customer(order.position.x(), order.position.y());
            const auto plan =
                scene_.airspace->plan_totals(v.depot, customer, scene_.drone_energy[v.type],
                                             order.record.weight_kg, context_.now_s());
            return plan && plan->total_wh <= v.battery->plannable_wh();
        }
        return scene_.drone_energy[v.type].feasible(order.one_way_m, order.record.weight_kg);
    }
    if (order.record.weight_kg > v.robot->max_payload_kg) {
        return false;
    }
    const auto trip = robot_round_trip_m(v.depot, order);
    return trip && *trip * v.robot->energy_per_distance_wh_per_m <= v.battery->plannable_wh();
}

std::optional<double> Dispatcher::robot_round_trip_m(std::size_t depot, const Order& order) const {
    const Depot& d = scene_.depots[depot];
    const GroundNetwork* network = scene_.network;
    if (network == nullptr || !order.ground_node || !d.ground_node()) {
        return std::nullopt;
    }
    const double one_way = network->snap_distance_m(d.position(), *d.ground_node()) +
                           network->distance_m(*d.ground_node(), *order.ground_node) +
                           network->snap_distance_m(order.position, *order.ground_node);
    return 2 * one_way;
}

std::optional<double> Dispatcher::expected_delivery_s(const Order& order, std::size_t d, Mode mode,
                                                      double trip_m, Rejections& why) const {
    const Depot& depot = scene_.depots[d];
    const auto& r = order.record;
    const double loading_s = depot.spec().loading_time_s;
    double best_service_s = kInfinity;
    for (const std::size_t t : depot.types(mode)) {
        double service_s = kInfinity;
        if (mode == Mode::drone) {
            const auto& type = context_.spec.drone_types[t];
            if (r.weight_kg > type.max_payload_kg) {
                continue;
            }
            why.payload_possible = true;
            if (scene_.airspace != nullptr) {
                const auto s = airspace_service_s(d, t, order, why.out_of_range);
                if (!s) {
                    continue;
                }
                service_s = loading_s + *s;
            } else {
                const double straight_m =
                    geo::horizontal_distance_m(depot.position(), order.position);
                const FlightPlan plan = scene_.drone_energy[t].plan(straight_m, r.weight_kg);
                if (plan.total_wh() > type.battery.plannable_wh()) {
                    why.out_of_range = true;
                    continue;
                }
                service_s = loading_s + plan.out_leg_s();
            }
        } else {
            const auto& type = context_.spec.robot_types[t];
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
            service_s = loading_s + trip_m / 2 / type.speed_mps + type.handover_time_s;
        }
        best_service_s = std::min(best_service_s, service_s);
    }
    if (!std::isfinite(best_service_s)) {
        return std::nullopt;
    }
    return expected_with_wait_s(depot, mode, best_service_s);
}

double Dispatcher::expected_with_wait_s(const Depot& depot, Mode mode, double service_s) const {
    // Expected wait: none if a vehicle is idle; otherwise the queue ahead shared by the
    // vehicles based here, each taking about a round trip per order. A closed depot serves
    // nobody before it opens. (Every step rounds monotonically: a lower service time never
    // gives a later delivery.)
    const double ahead =
        static_cast<double>(depot.queue(mode).size() + (depot.idle(mode).empty() ? 1 : 0));
    const double wait_s = ahead * 2 * service_s / static_cast<double>(depot.fleet_size(mode));
    return depot.seconds_until_open() + wait_s + service_s;
}

double Dispatcher::strongest_wind_mps(double now_s) const {
    if (scene_.airspace == nullptr) {
        return 0;
    }
    // Asked for every depot of every order, and the same until the wind changes.
    if (!(now_s >= strongest_wind_from_s_ && now_s < strongest_wind_until_s_)) {
        const WindField& wind = scene_.airspace->wind();
        strongest_wind_from_s_ = wind.last_change_s(now_s);
        strongest_wind_until_s_ = wind.next_change_s(now_s);
        strongest_wind_mps_ = wind.strongest_mps(now_s);
    }
    return strongest_wind_mps_;
}

double Dispatcher::drone_delivery_bound_s(const Order& order, std::size_t d, bool route,
                                          Rejections& why) const {
    const Depot& depot = scene_.depots[d];
    const double now_s = context_.now_s();
    const double straight_m = geo::horizontal_distance_m(depot.position(), order.position);
    const double wind_mps = strongest_wind_mps(now_s);
    const Eigen::Vector2d customer(order.position.x(), order.position.y());
    const bool in_airspace = scene_.airspace != nullptr;
    double fastest_s = kInfinity;
    for (const std::size_t t : depot.types(Mode::drone)) {
        const auto& type = context_.spec.drone_types[t];
        if (order.record.weight_kg > type.max_payload_kg) {
            continue;
        }
        why.payload_possible = true;
        // In the airspace, the corridor route's own time, when the airspace can vouch for it.
        if (in_airspace && route) {
            if (const auto out_s = scene_.airspace->out_time_lower_bound_s(
                    d, customer, scene_.drone_energy[t], now_s)) {
                fastest_s = std::min(fastest_s, depot.spec().loading_time_s + *out_s);
                continue;
            }
        }
        // Otherwise no flight is faster than: take-off, the climb to the lowest height it
        // could cruise at, the straight line at its airspeed plus the strongest wind blowing
        // now, and the drop. (No descent: this also bounds the wait-then-fly-straight figure
        // dispatch uses when the airspace is closed to the flight for now.)
        const double cruise_m = in_airspace ? std::min(type.cruise_altitude_m, lowest_corridor_m_)
                                            : type.cruise_altitude_m;
        const double climb_s = cruise_m > 0 ? cruise_m / type.climb_rate_mps : 0.0;
        fastest_s = std::min(
            fastest_s, depot.spec().loading_time_s + type.takeoff_time_s + climb_s +
                           straight_m / (type.cruise_speed_mps + wind_mps) + type.drop_time_s);
    }
    // Shaved a little, so that rounding, summing in another order, can never lift the bound
    // above a plan's exact time.
    return expected_with_wait_s(depot, Mode::drone, fastest_s * (1 - 1e-9));
}

std::optional<double> Dispatcher::airspace_service_s(std::size_t depot, std::size_t type,
                                                     const Order& order, bool& out_of_range) const {
    Airspace& airspace = *scene_.airspace;
    const Eigen::Vector2d customer(order.position.x(), order.position.y());
    const double now_s = context_.now_s();
    PlanFailure why = PlanFailure::none;
    const auto plan = airspace.plan_totals(depot, customer, scene_.drone_energy[type],
                                           order.record.weight_kg, now_s, &why);
    if (plan) {
        if (plan->total_wh > context_.spec.drone_types[type].battery.plannable_wh()) {
            out_of_range = true;
            return std::nullopt;
        }
        return plan->out_s;
    }
    // Grounded or blocked for now: it may fly once conditions change.
    const double next = airspace.next_change_s(now_s);
    if (!std::isfinite(next)) {
        return std::nullopt;
    }
    const double straight_m =
        geo::horizontal_distance_m(scene_.depots[depot].position(), order.position);
    return next - now_s +
           scene_.drone_energy[type].plan(straight_m, order.record.weight_kg).out_leg_s();
}

}  // namespace lastmile::model
