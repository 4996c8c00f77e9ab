// Drone missions through the airspace: planning, strategic deconfliction, flying the 4D path
// leg by leg, contingencies, and safety monitoring. Part of Operation (see operation.hpp).

#include <set>

#include <boost/math/special_functions/gamma.hpp>
#include <fmt/format.h>

#include "operation_internals.hpp"

namespace lastmile::model {

namespace {

struct PoissonInterval {
    double low;
    double high;
};

/// Exact 95% interval for the mean of a Poisson count n: chi-square quantiles written as
/// inverse regularised gamma functions.
PoissonInterval poisson_interval_95(std::uint64_t n) {
    const auto k = static_cast<double>(n);
    const double low = n == 0 ? 0.0 : boost::math::gamma_p_inv(k, 0.025);
    const double high = boost::math::gamma_p_inv(k + 1, 0.975);
    return {low, high};
}

std::vector<TrajectoryLeg> shifted(const std::vector<TrajectoryLeg>& legs, double by_s) {
    std::vector<TrajectoryLeg> out = legs;
    for (auto& leg : out) {
        leg.t0_s += by_s;
        leg.t1_s += by_s;
    }
    return out;
}

}  // namespace

void Operation::record_safety(output::SafetyRecord row) {
    const auto type = scenario::safety_event_named(row.type);
    row.severity = std::string(scenario::name_of(scenario::type_of(type.value()).severity));
    ++air_->events[row.type];
    recorder_.record(row);
}

std::optional<AirspacePlan> Operation::airspace_plan(const Vehicle& drone, const Order& order,
                                                     PlanFailure* why) const {
    const Eigen::Vector2d customer(order.position.x(), order.position.y());
    return air_->airspace->plan(drone.depot, customer, drone_energy_[drone.type],
                                order.record.weight_kg, seconds_from_ticks(sim_.now()), nullptr,
                                why);
}

output::SafetyRecord Operation::safety_row(scenario::SafetyEvent type, std::uint64_t flight,
                                           const Vehicle& drone, const Eigen::Vector3d& where,
                                           std::size_t leg) const {
    output::SafetyRecord row;
    row.time_s = seconds_from_ticks(sim_.now());
    row.type = std::string(scenario::name_of(type));
    row.flight = static_cast<std::int64_t>(flight);
    row.vehicle = static_cast<std::int32_t>(drone.index);
    const geo::GeoPoint g = frame_.to_geo(geo::Enu(where.x(), where.y(), 0));
    row.lat_deg = g.lat_deg;
    row.lon_deg = g.lon_deg;
    row.altitude_m = where.z();
    row.leg = static_cast<std::int32_t>(leg);
    return row;
}

bool Operation::geofence_ahead(std::uint64_t flight, const Vehicle& drone,
                               const std::vector<TrajectoryLeg>& path, std::size_t leg,
                               double now_s) {
    const Geofences& fences = air_->airspace->geofences();
    const Eigen::Vector3d here = path[leg].at(now_s);
    bool ahead = false;
    for (std::size_t f = 0; f < fences.size(); ++f) {
        if (!fences.active(f, now_s)) {
            continue;
        }
        if (fences.contains(f, here)) {
            record_safety(
                safety_row(scenario::SafetyEvent::geofence_incursion, flight, drone, here, leg));
            ahead = true;
        }
        ahead = ahead || fences.meets(f, here, path[leg].p1);
        for (std::size_t j = leg + 1; j < path.size() && !ahead; ++j) {
            ahead = fences.meets(f, path[j].p0, path[j].p1);
        }
    }
    return ahead;
}

std::optional<double> Operation::airspace_service_s(std::size_t depot, std::size_t type,
                                                    const Order& order, bool& out_of_range) const {
    const Eigen::Vector2d customer(order.position.x(), order.position.y());
    const double now_s = seconds_from_ticks(sim_.now());
    PlanFailure why = PlanFailure::none;
    const auto plan = air_->airspace->plan_totals(depot, customer, drone_energy_[type],
                                                  order.record.weight_kg, now_s, &why);
    if (plan) {
        if (plan->total_wh > spec_.drone_types[type].battery.plannable_wh()) {
            out_of_range = true;
            return std::nullopt;
        }
        return plan->out_s;
    }
    // Grounded or blocked for now: it may fly once conditions change.
    const double next = air_->airspace->next_change_s(now_s);
    if (!std::isfinite(next)) {
        return std::nullopt;
    }
    const double straight_m = geo::horizontal_distance_m(depots_[depot].position, order.position);
    return next - now_s + drone_energy_[type].plan(straight_m, order.record.weight_kg).out_leg_s();
}

void Operation::watch_encounters(std::uint64_t flight, std::vector<TrajectoryLeg> path) {
    // Encounters the old path predicted and that have not begun are void.
    const auto [first, last] = air_->encounter_events.equal_range(flight);
    for (auto it = first; it != last; ++it) {
        sim_.cancel(it->second);
    }
    air_->encounter_events.erase(flight);
    const double now_s = seconds_from_ticks(sim_.now());
    for (const auto& e : air_->airspace->monitor().set_path(flight, std::move(path), now_s)) {
        if (e.at.start_s < now_s) {
            continue;  // began under the old paths: already reported
        }
        output::SafetyRecord row;
        row.time_s = e.at.start_s;
        row.end_s = e.at.end_s;
        row.type = std::string(scenario::name_of(e.kind == EncounterKind::nmac
                                                     ? scenario::SafetyEvent::nmac
                                                     : scenario::SafetyEvent::loss_of_separation));
        row.flight = static_cast<std::int64_t>(e.flight);
        row.other_flight = static_cast<std::int64_t>(e.other);
        row.vehicle = static_cast<std::int32_t>(air_->flight_vehicle.at(e.flight));
        row.other_vehicle = static_cast<std::int32_t>(air_->flight_vehicle.at(e.other));
        const geo::GeoPoint g = frame_.to_geo(geo::Enu(e.position.x(), e.position.y(), 0));
        row.lat_deg = g.lat_deg;
        row.lon_deg = g.lon_deg;
        row.altitude_m = e.position.z();
        row.cpa_s = e.at.cpa_s;
        row.horizontal_m = e.at.horizontal_m;
        row.vertical_m = e.at.vertical_m;
        row.leg = static_cast<std::int32_t>(e.leg);
        row.other_leg = static_cast<std::int32_t>(e.other_leg);
        // Reported when it begins, so a later change of plan can still call it off.
        const auto handle = sim_.schedule_at(std::max(sim_.now(), ticks_from_seconds(e.at.start_s)),
                                             {kinds_->encounter, e.flight, e.other},
                                             [this, row] { record_safety(row); });
        air_->encounter_events.emplace(e.flight, handle);
        air_->encounter_events.emplace(e.other, handle);
    }
}

void Operation::return_order(std::size_t order_index) {
    auto& r = orders_[order_index].record;
    r.status = OrderStatus::queued;
    r.vehicle = -1;
    r.dispatched_s = kNaN;
    r.wait_s = kNaN;
    place(order_index);
}

kernel::Task Operation::airspace_mission(Vehicle& drone, std::size_t order_index,
                                         std::uint64_t flight, bool& flown) {
    flown = false;
    Depot& depot = depots_[drone.depot];
    Order& order = orders_[order_index];
    const std::uint64_t id = drone.index;
    const std::uint64_t oid = order.record.id;
    const auto& k = *kinds_;
    Airspace& airspace = *air_->airspace;
    const auto& deconfliction = airspace.spec().deconfliction;
    co_await sim_.timeout(ticks_from_seconds(depot.spec->loading_time_s), {k.load, id, oid});

    // Plan, reserve the earliest conflict-free slot, hold on the ground until it, take off.
    std::optional<AirspacePlan> plan;
    kernel::Resource::Lease pad;
    double ground_delay_s = 0;
    std::uint32_t reroutes = 0;
    double planned_at_s = 0;
    for (;;) {
        const double now_s = seconds_from_ticks(sim_.now());
        planned_at_s = now_s;
        plan = airspace_plan(drone, order);
        if (!plan || plan->total_wh > packs_[drone.pack].charge_wh - drone.battery->reserve_wh()) {
            // The wind or a restriction changed since dispatch: the order looks again.
            return_order(order_index);
            co_return;
        }
        auto shift = airspace.reservations().earliest_shift(plan->reservation, now_s,
                                                            deconfliction.max_ground_delay_s);
        if (!shift && deconfliction.reroute && !plan->route.empty()) {
            std::vector<bool> avoid(airspace.network().segment_count(), false);
            for (const std::size_t s : plan->route) {
                avoid[s] = true;
            }
            const Eigen::Vector2d customer(order.position.x(), order.position.y());
            auto other = airspace.plan(drone.depot, customer, drone_energy_[drone.type],
                                       order.record.weight_kg, now_s, &avoid);
            if (other &&
                other->total_wh <= packs_[drone.pack].charge_wh - drone.battery->reserve_wh()) {
                shift = airspace.reservations().earliest_shift(other->reservation, now_s,
                                                               deconfliction.max_ground_delay_s);
                if (shift) {
                    plan = std::move(other);
                    ++reroutes;
                }
            }
        }
        if (!shift) {
            // No slot within the longest ground delay: denied; the order tries again later.
            ++air_->flights_denied;
            auto& r = order.record;
            r.status = OrderStatus::queued;
            r.vehicle = -1;
            sim_.schedule_in(ticks_from_seconds(deconfliction.max_ground_delay_s), {k.retry, oid},
                             [this, order_index] { return_order(order_index); });
            co_return;
        }
        const Tick depart = sim_.now() + ticks_from_seconds(*shift);
        airspace.reservations().reserve(flight, plan->reservation, seconds_from_ticks(depart));
        if (depart > sim_.now()) {
            ground_delay_s += seconds_from_ticks(depart - sim_.now());
            co_await sim_.timeout(depart - sim_.now(), {k.ground_hold, id, oid});
        }
        if (pad.holds() || depot.pads->try_acquire(pad)) {
            break;
        }
        // Every pad taken at the slot: give the slot back, wait for a pad, plan again.
        airspace.reservations().release(flight, plan->reservation, seconds_from_ticks(depart), 0);
        pad = co_await depot.pads->acquire();
    }
    flown = true;
    ++order.attempts;
    const Tick start = sim_.now();
    const double t0 = seconds_from_ticks(start);
    std::vector<TrajectoryLeg> path = shifted(plan->legs, t0);
    air_->flight_vehicle[flight] = drone.index;
    watch_encounters(flight, path);
    if (ground_delay_s > 0) {
        air_->ground_delay_s += ground_delay_s;
        ++air_->delayed_flights;
    }
    air_->reroutes += reroutes;
    {
        std::set<std::size_t> used(plan->route.begin(), plan->route.end());
        for (const std::size_t s : used) {
            air_->segment_delay_s[s] += ground_delay_s;
        }
    }

    // Off-nominal events that could interrupt this flight, known from its start: a lost link
    // (its own stream, per flight hour) and the drone's next failure (in operating time).
    const auto& contingency = airspace.spec().contingency;
    double lost_link_at = kInfinity;
    if (contingency.lost_link_rate_per_s > 0) {
        lost_link_at =
            t0 + drone.lost_link_stream->exponential(1 / contingency.lost_link_rate_per_s);
    }
    const double failure_at = t0 + (drone.next_failure_at_s - drone.operating_s);
    std::vector<double> activations;
    for (const double a : airspace.geofences().activation_times()) {
        if (a > t0) {
            activations.push_back(a);
        }
    }
    // From the planning on: a change while the flight waited for its slot applies at take-off.
    std::vector<double> wind_changes = airspace.wind_changes(planned_at_s, kInfinity);
    const auto next_interrupt = [&] {
        double at = std::min(lost_link_at, failure_at);
        for (const double a : activations) {
            at = std::min(at, a);
        }
        for (const double w : wind_changes) {
            at = std::min(at, w);
        }
        return at;
    };

    Pack& pack = packs_[drone.pack];
    double out_wh = 0;
    double back_wh = 0;
    double out_distance_m = 0;
    double back_distance_m = 0;
    Tick back_start = start;
    std::optional<scenario::SafetyEvent> cause;  // none: the flight goes as planned
    std::size_t stopped_at = path.size();
    // One /flights row per leg: out to the customer (0), back (1).
    const auto record_leg = [&](std::uint8_t leg, double distance_m, double wh,
                                std::optional<scenario::SafetyEvent> why) {
        const bool out = leg == 0;
        recorder_.record(output::FlightRecord{
            flight, drone.index, oid, static_cast<std::int32_t>(drone.depot), leg,
            seconds_from_ticks(out ? start : back_start), seconds_from_ticks(sim_.now()),
            distance_m, wh, out ? order.record.weight_kg : 0.0, out ? ground_delay_s : 0.0,
            out ? reroutes : 0, why ? std::string(scenario::name_of(*why)) : std::string()});
        back_start = sim_.now();
    };
    // What the interrupt at `interrupt` does to the flight, now on leg i with `paid` of its
    // energy taken: the cause of a contingency, or nothing to fly on as planned.
    const auto on_interrupt = [&](double interrupt, std::size_t i,
                                  double paid) -> std::optional<scenario::SafetyEvent> {
        const double now_s = seconds_from_ticks(sim_.now());
        if (interrupt == lost_link_at) {
            return scenario::SafetyEvent::lost_link;
        }
        if (interrupt == failure_at) {
            return scenario::SafetyEvent::flight_failure;
        }
        if (std::find(wind_changes.begin(), wind_changes.end(), interrupt) != wind_changes.end()) {
            std::erase_if(wind_changes, [&](double w) { return w <= interrupt; });
            // The flight keeps to its reserved times: in the new wind its airspeed, and so the
            // energy of the rest of the flight, change. Divert if that eats the reserve.
            double remaining_wh = 0;
            for (std::size_t j = i; j < path.size(); ++j) {
                const double payload = j <= plan->drop_leg ? order.record.weight_kg : 0.0;
                if (const auto watts = airspace.level_leg_power_w(
                        path[j], drone_energy_[drone.type], payload, now_s)) {
                    plan->leg_wh[j] = *watts * (path[j].t1_s - path[j].t0_s) / 3600.0;
                }
                remaining_wh += plan->leg_wh[j] * (j == i ? 1.0 - paid : 1.0);
            }
            if (pack.charge_wh - remaining_wh >= drone.battery->reserve_wh()) {
                return std::nullopt;
            }
            return scenario::SafetyEvent::reserve_divert;
        }
        if (geofence_ahead(flight, drone, path, i, now_s)) {
            return scenario::SafetyEvent::geofence_contingency;
        }
        // The restriction is not on this path: fly on as planned.
        std::erase_if(activations, [&](double a) { return a <= interrupt; });
        return std::nullopt;
    };
    for (std::size_t i = 0; i < path.size() && stopped_at == path.size(); ++i) {
        const TrajectoryLeg& leg = path[i];
        double& leg_wh = i <= plan->drop_leg ? out_wh : back_wh;
        if (i == plan->approach_leg) {
            // Over the depot at the top of the final descent: hold for a pad, but only while
            // the charge lasts. The drone diverts when what is left above its reserve is just
            // enough to reach the alternate (the nearest safe landing site) and land there.
            // Anything that would interrupt a leg interrupts the hold too.
            const double hover_w = drone_energy_[drone.type].hover_power_w(0);
            while (!pad.holds() && !cause) {
                const Tick since = sim_.now();
                double landing_wh = 0;
                for (std::size_t j = i; j < path.size(); ++j) {
                    landing_wh += plan->leg_wh[j];
                }
                const double divert_wh =
                    contingency_route(drone, leg.p0, scenario::SafetyEvent::reserve_divert, 0,
                                      seconds_from_ticks(since))
                        .wh;
                const double spare_wh =
                    pack.charge_wh - drone.battery->reserve_wh() - std::max(landing_wh, divert_wh);
                const Tick reserve_at =
                    hover_w > 0
                        ? since + ticks_from_seconds(std::max(0.0, spare_wh) / hover_w * 3600.0)
                        : std::numeric_limits<Tick>::max();
                const double interrupt = next_interrupt();
                const Tick interrupt_at =
                    std::isfinite(interrupt)
                        ? std::max(since, ticks_from_seconds(std::min(interrupt, 1e12)))
                        : std::numeric_limits<Tick>::max();
                const Tick until = std::min(reserve_at, interrupt_at);
                if (until == std::numeric_limits<Tick>::max()) {
                    pad = co_await depot.pads->acquire(kLandingPriority);
                } else {
                    pad = co_await depot.pads->acquire_before(until, {k.reserve_divert, id, oid},
                                                              kLandingPriority);
                }
                const double held_s = seconds_from_ticks(sim_.now() - since);
                const double hover_wh = hover_w * held_s / 3600.0;
                pack.discharge(hover_wh);
                back_wh += hover_wh;
                // The rest of the path happens later by the time held.
                for (std::size_t j = i; j < path.size(); ++j) {
                    path[j].t0_s += held_s;
                    path[j].t1_s += held_s;
                }
                if (!pad.holds()) {
                    cause = until == reserve_at ? scenario::SafetyEvent::reserve_divert
                                                : on_interrupt(interrupt, i, 0);
                }
            }
            if (cause) {
                stopped_at = i;
                break;
            }
        }
        // The leg is flown piece by piece between the instants that could interrupt it; each
        // piece's energy is taken as it starts, so the state of charge is never overstated.
        const Tick leg_start = sim_.now();
        const double duration_s = leg.t1_s - leg.t0_s;
        const Tick leg_end = leg_start + ticks_from_seconds(duration_s);
        double paid = 0;  // fraction of the leg's energy taken
        for (;;) {
            const double interrupt = next_interrupt();
            // Anything due before the leg began (during a hold, say) happens as it begins.
            const bool within = interrupt < seconds_from_ticks(leg_end);
            const Tick stop =
                within ? std::max(sim_.now(), ticks_from_seconds(interrupt)) : leg_end;
            // The whole leg's energy by its end, whatever the rounding of its duration to ticks.
            const double upto = stop == leg_end || duration_s <= 0
                                    ? 1.0
                                    : seconds_from_ticks(stop - leg_start) / duration_s;
            const double wh = plan->leg_wh[i] * (std::min(upto, 1.0) - paid);
            paid = std::min(upto, 1.0);
            pack.discharge(wh);
            leg_wh += wh;
            co_await sim_.timeout(stop - sim_.now(),
                                  {stop == leg_end ? k.leg : k.contingency, id, oid});
            if (stop == leg_end) {
                break;
            }
            cause = on_interrupt(interrupt, i, paid);
            if (!cause) {
                continue;
            }
            stopped_at = i;
            break;
        }
        if (stopped_at < path.size()) {
            break;
        }
        if (leg.segment >= 0) {
            const auto s = static_cast<std::size_t>(leg.segment);
            const double entry = seconds_from_ticks(leg_end) - (leg.t1_s - leg.t0_s);
            air_->segment_use[s].emplace_back(entry, seconds_from_ticks(leg_end));
            recorder_.record(output::FlightSegmentRecord{
                flight, static_cast<std::uint8_t>(i <= plan->drop_leg ? 0 : 1),
                static_cast<std::uint32_t>(s), entry, seconds_from_ticks(leg_end)});
        }
        const double horizontal = (leg.p1.head<2>() - leg.p0.head<2>()).norm();
        (i <= plan->drop_leg ? out_distance_m : back_distance_m) += horizontal;
        if (i == 0) {
            pad.release();  // the pad is needed only to take off
        }
        if (i == plan->drop_leg) {
            deliver(order, drone);
            record_leg(0, out_distance_m, out_wh, std::nullopt);
        }
    }
    pad.release();

    const bool delivered = stopped_at > plan->drop_leg;
    bool landed_away = false;
    if (stopped_at < path.size()) {
        if (!delivered) {
            record_leg(0, out_distance_m, out_wh, cause);
        }
        airspace.reservations().release(flight, plan->reservation, t0,
                                        seconds_from_ticks(sim_.now()));
        const double before_wh = pack.discharged_wh;
        co_await fly_contingency(drone, order, flight, path, stopped_at, cause.value(), delivered,
                                 landed_away);
        back_wh += pack.discharged_wh - before_wh;
        // The rest of the interrupted leg and the contingency legs: `path` now ends with them.
        for (std::size_t i = stopped_at; i < path.size(); ++i) {
            back_distance_m += (path[i].p1.head<2>() - path[i].p0.head<2>()).norm();
        }
        record_leg(1, back_distance_m, back_wh, cause);
        if (!delivered) {
            return_order(order_index);
        }
    } else {
        record_leg(1, back_distance_m, back_wh, std::nullopt);
    }
    record_track(flight, path, delivered ? plan->drop_leg : stopped_at);
    air_->airspace->monitor().remove(flight);
    air_->flight_vehicle.erase(flight);
    air_->encounter_events.erase(flight);
    air_->flight_s += seconds_from_ticks(sim_.now() - start);
    const double used_wh = out_wh + back_wh;
    if (pack.charge_wh < drone.battery->reserve_wh()) {
        ++missions_below_reserve_;
    }
    drone.energy_wh += used_wh;
    drone.cycles += used_wh / pack.usable_wh;
    drone.distance_m += out_distance_m + back_distance_m;
    drone.operating_s += seconds_from_ticks(sim_.now() - start);
    if (delivered) {
        order.record.distance_m = out_distance_m + back_distance_m;
        order.record.energy_wh = used_wh;
    }
    const double now_s = seconds_from_ticks(sim_.now());
    if (now_s - air_->last_forget_s > 600) {
        airspace.reservations().forget_before(now_s);
        air_->last_forget_s = now_s;
    }
    if (stopped_at < path.size()) {
        // After the flight, not part of it: its hours and the exposure they give the safety
        // rates end at touchdown.
        co_await recover_after_contingency(drone, cause.value(), landed_away);
    }
}

void Operation::record_track(std::uint64_t flight, const std::vector<TrajectoryLeg>& path,
                             std::size_t last_out_leg) {
    const auto point = [&](std::size_t i, double t_s, const Eigen::Vector3d& p) {
        const geo::GeoPoint g = track_geo_(p.x(), p.y());
        recorder_.record(
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

Operation::ContingencyRoute Operation::contingency_route(const Vehicle& drone,
                                                         const Eigen::Vector3d& here,
                                                         scenario::SafetyEvent cause,
                                                         double payload_kg, double now_s) const {
    const Airspace& airspace = *air_->airspace;
    const auto& contingency = airspace.spec().contingency;
    const auto& type = *drone.drone;
    const MultirotorEnergy& energy = drone_energy_[drone.type];

    // Where to go: home, or the nearest safe landing site; a failed drone comes straight down,
    // and a drone short of charge over a busy depot diverts to the site.
    ContingencyRoute route;
    const Eigen::Vector2d home(depots_[drone.depot].position.x(),
                               depots_[drone.depot].position.y());
    Eigen::Vector2d target = here.head<2>();
    if (cause != scenario::SafetyEvent::flight_failure) {
        const Eigen::Vector3d home3(home.x(), home.y(), here.z());
        const bool home_clear = !airspace.leg_blocked(here, home3, now_s);
        const auto site = airspace.nearest_safe_site(here.head<2>());
        const double to_home_m = (home - here.head<2>()).norm();
        // Short of charge: the nearer of home and the site; over a home whose pads are all
        // taken (why it would be short there), the site.
        const bool prefer_site =
            cause == scenario::SafetyEvent::reserve_divert
                ? !site || to_home_m <= airspace.spec().separation.terminal_radius_m ||
                      (airspace.safe_site(*site) - here.head<2>()).norm() < to_home_m
                : cause == scenario::SafetyEvent::lost_link &&
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
    const double rate = cause == scenario::SafetyEvent::flight_failure
                            ? contingency.emergency_descent_rate_mps
                            : type.descent_rate_mps;
    const double down_s = pos.z() / rate;
    route.legs.push_back(TrajectoryLeg{t, t + down_s, pos, Eigen::Vector3d(pos.x(), pos.y(), 0), -1,
                                       !route.at_depot});
    route.wh += energy.hover_power_w(payload_kg) * down_s / 3600.0;
    return route;
}

kernel::Task Operation::fly_contingency(Vehicle& drone, Order& order, std::uint64_t flight,
                                        std::vector<TrajectoryLeg>& path, std::size_t leg,
                                        scenario::SafetyEvent cause, bool delivered,
                                        bool& landed_away) {
    const double now_s = seconds_from_ticks(sim_.now());
    const Eigen::Vector3d here = path[leg].at(now_s);
    Pack& pack = packs_[drone.pack];

    const output::SafetyRecord row = safety_row(cause, flight, drone, here, leg);
    record_safety(row);
    if (path[leg].segment >= 0) {
        // Leaving the corridor volume it reserved, off its operational intent.
        output::SafetyRecord off = row;
        off.type = std::string(scenario::name_of(scenario::SafetyEvent::nonconformance));
        record_safety(off);
    }

    ContingencyRoute route =
        contingency_route(drone, here, cause, delivered ? 0.0 : order.record.weight_kg, now_s);
    const bool at_depot = route.at_depot;
    std::vector<TrajectoryLeg> legs(path.begin(),
                                    path.begin() + static_cast<std::ptrdiff_t>(leg) + 1);
    legs.back().t1_s = now_s;
    legs.back().p1 = here;
    legs.insert(legs.end(), route.legs.begin(), route.legs.end());
    const double wh = route.wh;
    const double t = route.legs.back().t1_s;
    path = legs;
    watch_encounters(flight, std::move(legs));
    pack.discharge(wh);
    co_await sim_.timeout(ticks_from_seconds(t) - sim_.now(),
                          {kinds_->contingency, drone.index, order.record.id});
    landed_away = !at_depot;
}

kernel::Task Operation::recover_after_contingency(Vehicle& drone, scenario::SafetyEvent cause,
                                                  bool landed_away) {
    const auto& contingency = air_->airspace->spec().contingency;
    if (cause == scenario::SafetyEvent::flight_failure) {
        ++drone.failures;
    }
    if (landed_away) {
        // Landed away from the depot: the drone is recovered by road.
        set_state(drone, VehicleState::repair);
        co_await sim_.timeout(ticks_from_seconds(contingency.recovery_time_s),
                              {kinds_->recovery, drone.index});
    }
    if (cause == scenario::SafetyEvent::flight_failure) {
        set_state(drone, VehicleState::repair);
        co_await sim_.timeout(ticks_from_seconds(drone.reliability->repair_time_s),
                              {kinds_->repair, drone.index});
        draw_next_failure(drone);
    }
}

kernel::Process Operation::airspace_conditions() {
    // When the wind or a restriction changes, orders waiting for drones look again: they may
    // now fly, or go to robots.
    for (;;) {
        const double now_s = seconds_from_ticks(sim_.now());
        const double next = air_->airspace->next_change_s(now_s);
        if (!std::isfinite(next) || ticks_from_seconds(next) >= horizon_) {
            co_return;
        }
        co_await sim_.timeout(ticks_from_seconds(next) - sim_.now(), {kinds_->conditions});
        for (Depot& depot : depots_) {
            auto& queue = depot.queue[mode_index(Mode::drone)];
            const std::deque<std::size_t> waiting = std::exchange(queue, {});
            for (const std::size_t o : waiting) {
                place(o);
            }
            assign_waiting(depot.index, Mode::drone);
        }
    }
}

void Operation::report_airspace() {
    const auto& spec = air_->airspace->spec();
    const double hours = air_->flight_s / 3600.0;
    std::vector<output::Metric> metrics{
        {"flight_hours", hours, "h", "airborne time of all drone flights, take-off to landing"},
        {"flights_denied", static_cast<double>(air_->flights_denied), "1",
         "flights with no conflict-free slot within the longest ground delay"},
        {"flights_delayed", static_cast<double>(air_->delayed_flights), "1",
         "flights held on the ground for a conflict-free slot"},
        {"ground_delay_s", air_->ground_delay_s, "s", "total ground delay of all flights"},
        {"reroutes", static_cast<double>(air_->reroutes), "1",
         "flights that took another route to find a slot"},
        {"separation_pair_checks", static_cast<double>(air_->airspace->monitor().pair_checks()),
         "1", "leg pairs the separation monitor compared in closed form (its cost)"},
    };
    for (const auto& event : scenario::kSafetyEventTypes) {
        const std::string type(event.name);
        const auto it = air_->events.find(type);
        const std::uint64_t n = it == air_->events.end() ? 0 : it->second;
        const PoissonInterval ci = poisson_interval_95(n);
        const double per = hours > 0 ? 1000.0 / hours : kNaN;
        metrics.push_back({"safety_" + type, static_cast<double>(n), "1",
                           "safety events of this type (rows of /safety)"});
        metrics.push_back({"safety_" + type + "_per_1000_h", static_cast<double>(n) * per,
                           "1/(1000 h)", "events per 1,000 flight hours"});
        metrics.push_back({"safety_" + type + "_per_1000_h_ci_low", ci.low * per, "1/(1000 h)",
                           "exact (Garwood) 95% Poisson confidence interval, lower end"});
        metrics.push_back({"safety_" + type + "_per_1000_h_ci_high", ci.high * per, "1/(1000 h)",
                           "exact (Garwood) 95% Poisson confidence interval, upper end"});
    }
    for (const auto& m : metrics) {
        recorder_.record(m);
    }
    for (std::size_t s = 0; s < spec.segments.size(); ++s) {
        auto use = air_->segment_use[s];
        output::SegmentRecord row;
        row.segment = static_cast<std::uint32_t>(s);
        row.id = spec.segments[s].id;
        row.flights = use.size();
        row.ground_delay_s = air_->segment_delay_s[s];
        // Sweep entries (+1) and exits (-1); an exit at the same time as an entry goes first.
        std::vector<std::pair<double, int>> events;
        for (const auto& [entry, exit] : use) {
            events.emplace_back(entry, 1);
            events.emplace_back(exit, -1);
        }
        std::sort(events.begin(), events.end());
        int on = 0;
        double since = 0;
        for (const auto& [t, delta] : events) {
            if (on > 0) {
                row.busy_s += t - since;
            }
            on += delta;
            since = t;
            row.peak_occupancy = std::max(row.peak_occupancy, static_cast<std::uint32_t>(on));
        }
        recorder_.record(row);
    }
}

}  // namespace lastmile::model
