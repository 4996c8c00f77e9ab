// Contingencies: where an interrupted flight goes, how it gets there, and what happens to the
// drone after it lands. Part of CorridorFlight (see corridor_flight.hpp).

#include "corridor_flight.hpp"

namespace lastmile::model {

using kernel::seconds_from_ticks;
using kernel::ticks_from_seconds;
using scenario::SafetyEvent;

ContingencyRoute contingency_route(const Airspace& airspace, const scenario::DroneTypeSpec& type,
                                   const MultirotorEnergy& energy, const Eigen::Vector2d& home,
                                   const Eigen::Vector3d& here, SafetyEvent cause,
                                   double payload_kg, double now_s) {
    const auto& contingency = airspace.spec().contingency;
    // Where to go: home, or the nearest safe landing site; a failed drone comes straight down,
    // and a drone short of charge over a busy depot diverts to the site.
    ContingencyRoute route;
    Eigen::Vector2d target = here.head<2>();
    if (cause != SafetyEvent::flight_failure) {
        const Eigen::Vector3d home3(home.x(), home.y(), here.z());
        const bool home_clear = !airspace.leg_blocked(here, home3, now_s);
        const auto site = airspace.nearest_safe_site(here.head<2>());
        const double to_home_m = (home - here.head<2>()).norm();
        // Short of charge: the nearer of home and the site; over a home whose pads are all
        // taken (why it would be short there), the site.
        const bool prefer_site =
            cause == SafetyEvent::reserve_divert
                ? !site || to_home_m <= airspace.spec().separation.terminal_radius_m ||
                      (airspace.safe_site(*site) - here.head<2>()).norm() < to_home_m
                : cause == SafetyEvent::lost_link &&
                      contingency.lost_link_action ==
                          scenario::ContingencyAction::land_at_safe_site;
        if (site && (prefer_site || !home_clear)) {
            target = airspace.safe_site(*site);
        } else if (home_clear) {
            target = home;
            route.at_depot = true;
        }
    }
    double t = now_s;
    Eigen::Vector3d pos = here;
    const Eigen::Vector2d d = target - pos.head<2>();
    const Eigen::Vector2d wind = airspace.wind().velocity_mps((pos.head<2>() + target) / 2, now_s);
    if (d.norm() > 0) {
        const double gs = ground_speed_mps(type.cruise_speed_mps, d / d.norm(), wind).value_or(1.0);
        const double seconds = d.norm() / gs;
        const Eigen::Vector3d to(target.x(), target.y(), pos.z());
        route.legs.push_back(TrajectoryLeg{t, t + seconds, pos, to, -1, true});
        route.wh += energy.cruise_power_w(payload_kg) * seconds / 3600.0;
        t += seconds;
        pos = to;
    }
    const double rate = cause == SafetyEvent::flight_failure
                            ? contingency.emergency_descent_rate_mps
                            : type.descent_rate_mps;
    const double down_s = pos.z() / rate;
    route.legs.push_back(TrajectoryLeg{t, t + down_s, pos, Eigen::Vector3d(pos.x(), pos.y(), 0), -1,
                                       !route.at_depot});
    route.wh += energy.hover_power_w(payload_kg) * down_s / 3600.0;
    return route;
}

kernel::Task CorridorFlight::fly_contingency(bool delivered) {
    auto& sim = scene_.context.sim;
    AirTraffic& air = *scene_.air;
    const SafetyEvent cause = cause_.value();
    const std::size_t leg = stopped_at_;
    const double now_s = seconds_from_ticks(sim.now());
    const Eigen::Vector3d here = path_[leg].at(now_s);

    const output::SafetyRecord row = air.safety_row(cause, flight_, drone_, here, leg);
    air.record_safety(row);
    if (path_[leg].segment >= 0) {
        // Leaving the corridor volume it reserved, off its operational intent.
        output::SafetyRecord off = row;
        off.type = std::string(scenario::name_of(SafetyEvent::nonconformance));
        air.record_safety(off);
    }

    const Eigen::Vector2d home(depot_.position().x(), depot_.position().y());
    const ContingencyRoute route =
        contingency_route(airspace_, *drone_.drone, scene_.drone_energy[drone_.type], home, here,
                          cause, delivered ? 0.0 : order_.record.weight_kg, now_s);
    // The path flown up to here, then the way down.
    path_.resize(leg + 1);
    path_.back().t1_s = now_s;
    path_.back().p1 = here;
    path_.insert(path_.end(), route.legs.begin(), route.legs.end());
    air.watch_encounters(flight_, path_);
    pack_->discharge(route.wh);
    co_await sim.timeout(ticks_from_seconds(route.legs.back().t1_s) - sim.now(),
                         {scene_.context.kinds.contingency, drone_.index, order_.record.id});
    landed_away_ = !route.at_depot;
}

kernel::Task CorridorFlight::recover() {
    auto& sim = scene_.context.sim;
    const SafetyEvent cause = cause_.value();
    if (cause == SafetyEvent::flight_failure) {
        ++drone_.failures;
    }
    if (landed_away_) {
        // Landed away from the depot: the drone is recovered by road.
        scene_.fleet.set_state(drone_, output::VehicleState::repair);
        co_await sim.timeout(ticks_from_seconds(airspace_.spec().contingency.recovery_time_s),
                             {scene_.context.kinds.recovery, drone_.index});
    }
    if (cause == SafetyEvent::flight_failure) {
        co_await scene_.fleet.repair(drone_);
    }
}

}  // namespace lastmile::model
