// Which orders a robot takes on one trip, and in which order it visits them. Part of
// Dispatcher (see dispatcher.hpp).

#include "dispatcher.hpp"

namespace lastmile::model {

double Dispatcher::robot_tour_m(const Vehicle& robot, const std::vector<std::size_t>& stops) const {
    const GroundNetwork& network = *scene_.network;
    const Depot& depot = scene_.depots[robot.depot];
    const std::size_t home = *depot.ground_node();
    double total = network.snap_distance_m(depot.position(), home);
    std::size_t at = home;
    for (const std::size_t o : stops) {
        const Order& order = scene_.orders[o];
        total += network.distance_m(at, *order.ground_node) +
                 2 * network.snap_distance_m(order.position, *order.ground_node);
        at = *order.ground_node;
    }
    return total + network.distance_m(at, home) + network.snap_distance_m(depot.position(), home);
}

std::vector<std::size_t> Dispatcher::route_order(const Vehicle& robot,
                                                 std::vector<std::size_t> stops) const {
    const GroundNetwork& network = *scene_.network;
    const Orders& orders = scene_.orders;
    // Nearest stop next, from the depot; ties keep the queue order.
    std::vector<std::size_t> route;
    std::size_t at = *scene_.depots[robot.depot].ground_node();
    while (!stops.empty()) {
        std::size_t best = 0;
        for (std::size_t i = 1; i < stops.size(); ++i) {
            if (network.distance_m(at, *orders[stops[i]].ground_node) <
                network.distance_m(at, *orders[stops[best]].ground_node)) {
                best = i;
            }
        }
        at = *orders[stops[best]].ground_node;
        route.push_back(stops[best]);
        stops.erase(stops.begin() + static_cast<std::ptrdiff_t>(best));
    }
    return route;
}

std::vector<std::size_t> Dispatcher::robot_batch(const Vehicle& robot,
                                                 std::deque<std::size_t>& queue,
                                                 std::deque<std::size_t>::iterator first) {
    std::vector<std::size_t> batch{*first};
    const int limit = policy_->batch_limit(Mode::robot, robot.robot->compartments);
    queue.erase(first);
    for (auto it = queue.begin(); it != queue.end() && static_cast<int>(batch.size()) < limit;) {
        if (!can_serve(robot, scene_.orders[*it])) {
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

}  // namespace lastmile::model
