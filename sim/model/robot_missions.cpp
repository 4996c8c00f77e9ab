// Robot cycles and trips on the ground network.

#include "missions.hpp"

namespace lastmile::model {

using kernel::seconds_from_ticks;
using kernel::Tick;
using kernel::ticks_from_seconds;

kernel::Process RobotMissions::cycle(Vehicle& robot) {
    Fleet& fleet = scene_.fleet;
    for (;;) {
        scene_.dispatcher.vehicle_idle(robot);
        const std::vector<std::size_t> stops = co_await robot.inbox->receive();
        fleet.set_state(robot, output::VehicleState::mission);
        ++robot.missions;
        co_await trip(robot, stops);
        co_await fleet.repair_if_due(robot);
        co_await scene_.depots[robot.depot].recharge(robot, fleet);
    }
}

kernel::Task RobotMissions::trip(Vehicle& robot, std::vector<std::size_t> stops) {
    auto& sim = scene_.context.sim;
    const auto& k = scene_.context.kinds;
    const GroundNetwork& network = *scene_.network;
    Orders& orders = scene_.orders;
    const auto& type = *robot.robot;
    Depot& depot = scene_.depots[robot.depot];
    const std::uint64_t id = robot.index;
    const std::uint64_t trip = next_trip_++;
    {
        auto bay = co_await depot.bays().acquire();
        co_await sim.timeout(
            ticks_from_seconds(depot.spec().loading_time_s * static_cast<double>(stops.size())),
            {k.load, id, orders[stops.front()].record.id});
    }
    const Tick trip_start = sim.now();
    double trip_m = 0;
    std::uint32_t leg = 0;
    const std::size_t home_node = *depot.ground_node();
    std::size_t at_node = home_node;
    // Each leg: off the network to the nearest node, along the shortest path, and off
    // the network again to the stop.
    double start_snap_m = network.snap_distance_m(depot.position(), at_node);
    for (std::size_t s = 0; s <= stops.size(); ++s) {
        const bool home = s == stops.size();
        const std::size_t to_node = home ? home_node : *orders[stops[s]].ground_node;
        const double end_snap_m = home
                                      ? network.snap_distance_m(depot.position(), to_node)
                                      : network.snap_distance_m(orders[stops[s]].position, to_node);
        const std::int64_t order_id =
            home ? -1 : static_cast<std::int64_t>(orders[stops[s]].record.id);
        const GroundPath path = network.path(at_node, to_node);
        const double length = start_snap_m + path.length_m + end_snap_m;
        const Tick start = sim.now();
        co_await sim.timeout(
            ticks_from_seconds(length / type.speed_mps + path.crossings * type.crossing_delay_s),
            {k.drive, id, static_cast<std::uint64_t>(order_id)});
        scene_.context.recorder.record(output::TripRecord{
            trip, robot.index, leg++, order_id, static_cast<std::int32_t>(robot.depot),
            seconds_from_ticks(start), seconds_from_ticks(sim.now()), length, path.crossings,
            length * type.energy_per_distance_wh_per_m});
        scene_.fleet.pack_of(robot).discharge(length * type.energy_per_distance_wh_per_m);
        trip_m += length;
        at_node = to_node;
        start_snap_m = end_snap_m;
        if (!home) {
            Order& order = orders[stops[s]];
            co_await sim.timeout(ticks_from_seconds(type.handover_time_s),
                                 {k.handover, id, order.record.id});
            deliver(order, robot, seconds_from_ticks(sim.now()));
        }
    }
    scene_.fleet.account_mission(
        robot, MissionTotals{trip_m * type.energy_per_distance_wh_per_m, trip_m, trip_start},
        orders, stops);
}

}  // namespace lastmile::model
