// Drone cycles, and drone missions without an airspace. Missions in an airspace are
// CorridorFlights (sim/model/corridor_flight.cpp).

#include "corridor_flight.hpp"
#include "missions.hpp"

namespace lastmile::model {

using kernel::seconds_from_ticks;
using kernel::Tick;
using kernel::ticks_from_seconds;

void deliver(Order& order, Vehicle& vehicle, double now_s) {
    auto& r = order.record;
    r.delivered_s = now_s;
    r.status = output::OrderStatus::delivered;
    if (!std::isnan(r.promise_s)) {
        r.promise_met = (r.delivered_s - r.created_s) <= r.promise_s ? 1 : 0;
    }
    ++vehicle.deliveries;
}

void FlightTracks::record(std::uint64_t flight, const std::vector<TrajectoryLeg>& path,
                          std::size_t last_out_leg) {
    const auto point = [&](std::size_t i, double t_s, const Eigen::Vector3d& p) {
        const geo::GeoPoint g = to_geo_(p.x(), p.y());
        context_.recorder.record(
            output::FlightTrackPoint{flight, static_cast<std::uint8_t>(i <= last_out_leg ? 0 : 1),
                                     t_s, g.lat_deg, g.lon_deg, p.z()});
    };
    for (std::size_t i = 0; i < path.size(); ++i) {
        // Each leg starts where the last ended, unless the drone held (hovered) in between:
        // then the start is a point of its own, so the hold shows as a pause. The way back
        // repeats the drop point, so that each leg's track is whole on its own.
        if (i == 0 || i == last_out_leg + 1 || path[i].t0_s != path[i - 1].t1_s) {
            point(i, path[i].t0_s, path[i].p0);
        }
        point(i, path[i].t1_s, path[i].p1);
    }
}

kernel::Process DroneMissions::cycle(Vehicle& drone) {
    Fleet& fleet = scene_.fleet;
    for (;;) {
        scene_.dispatcher.vehicle_idle(drone);
        const std::vector<std::size_t> batch = co_await drone.inbox->receive();
        fleet.set_state(drone, output::VehicleState::mission);
        const std::uint64_t flight = next_flight_++;
        if (scene_.air != nullptr) {
            CorridorFlight mission(scene_, drone, batch.front(), flight);
            co_await mission.fly();
            if (!mission.set_out()) {
                continue;  // the order went back to dispatch
            }
            ++drone.missions;
        } else {
            ++drone.missions;
            co_await fly_direct(drone, batch.front(), flight);
        }
        co_await fleet.repair_if_due(drone);
        co_await scene_.depots[drone.depot].recharge(drone, fleet);
    }
}

kernel::Task DroneMissions::fly_direct(Vehicle& drone, std::size_t order_index,
                                       std::uint64_t flight) {
    auto& sim = scene_.context.sim;
    auto& recorder = scene_.context.recorder;
    const auto& k = scene_.context.kinds;
    Depot& depot = scene_.depots[drone.depot];
    Order& order = scene_.orders[order_index];
    const MultirotorEnergy& energy = scene_.drone_energy[drone.type];
    const std::uint64_t id = drone.index;
    const std::uint64_t oid = order.record.id;
    const FlightPlan plan = energy.plan(order.one_way_m, order.record.weight_kg);
    Pack& pack = scene_.fleet.pack_of(drone);
    // Each phase takes its energy from the battery as it starts, so the state of charge is
    // right at every phase boundary and never overstated in between.
    const auto fly = [&](FlightPhase phase, kernel::EventKind kind) {
        pack.discharge(plan.wh_of(phase));
        return sim.timeout(ticks_from_seconds(plan.seconds_of(phase)), {kind, id, oid});
    };
    // The path flown, for /flight_tracks: straight up, across at cruise height, down.
    const double cruise_m = drone.drone->cruise_altitude_m;
    const Eigen::Vector3d home(depot.position().x(), depot.position().y(), 0);
    const Eigen::Vector3d above_home(home.x(), home.y(), cruise_m);
    const Eigen::Vector3d above_customer(order.position.x(), order.position.y(), cruise_m);
    std::vector<TrajectoryLeg> track;
    double track_t = 0;
    const auto reach = [&](const Eigen::Vector3d& to) {
        const double now_s = seconds_from_ticks(sim.now());
        const Eigen::Vector3d from = track.empty() ? home : track.back().p1;
        track.push_back(TrajectoryLeg{track_t, now_s, from, to, -1, false});
        track_t = now_s;
    };
    // Loading happens beside the pads; a pad is held only to take off, so a drone coming
    // home never hovers longer than take-offs (and earlier landings) keep it waiting.
    co_await sim.timeout(ticks_from_seconds(depot.spec().loading_time_s), {k.load, id, oid});
    Tick leg_start = 0;
    {
        auto pad = co_await depot.pads().acquire();
        leg_start = sim.now();
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
    deliver(order, drone, seconds_from_ticks(sim.now()));
    // One /flights row per direction: out with the parcel (0), back empty (1).
    const auto record_leg = [&](std::uint8_t leg, Tick from, double wh, double payload_kg) {
        recorder.record(output::FlightRecord{flight,
                                             drone.index,
                                             oid,
                                             static_cast<std::int32_t>(drone.depot),
                                             leg,
                                             seconds_from_ticks(from),
                                             seconds_from_ticks(sim.now()),
                                             order.one_way_m,
                                             wh,
                                             payload_kg,
                                             0,
                                             0,
                                             {}});
    };
    record_leg(0, leg_start, plan.out_wh(), order.record.weight_kg);
    const Tick back_start = sim.now();
    co_await fly(FlightPhase::cruise_back, k.cruise_back);
    reach(above_home);
    co_await fly(FlightPhase::descent, k.descent);
    reach(home);
    double back_wh = plan.back_wh();
    {
        const Tick arrived = sim.now();
        auto pad = co_await depot.pads().acquire(kLandingPriority);
        const double hover_wh =
            energy.hover_power_w(0) * seconds_from_ticks(sim.now() - arrived) / 3600.0;
        pack.discharge(hover_wh);
        back_wh += hover_wh;
        reach(home);
        co_await fly(FlightPhase::landing, k.land);
        reach(home);
    }
    scene_.tracks.record(flight, track, drop_leg);
    record_leg(1, back_start, back_wh, 0);
    scene_.fleet.account_mission(
        drone, MissionTotals{plan.out_wh() + back_wh, 2 * order.one_way_m, leg_start},
        scene_.orders, std::span<const std::size_t>(&order_index, 1));
}

}  // namespace lastmile::model
