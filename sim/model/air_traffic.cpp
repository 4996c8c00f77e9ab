#include "air_traffic.hpp"

#include <algorithm>
#include <set>

#include <boost/math/special_functions/gamma.hpp>

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

}  // namespace

AirTraffic::AirTraffic(ModelContext& context, std::vector<Eigen::Vector2d> depot_positions)
    : context_(context),
      airspace_(std::make_unique<Airspace>(context.spec.airspace, context.frame,
                                           std::move(depot_positions))) {
    segment_use_.resize(context.spec.airspace.segments.size());
    segment_delay_s_.assign(context.spec.airspace.segments.size(), 0);
}

void AirTraffic::take_off(std::uint64_t flight, std::uint32_t vehicle,
                          std::vector<TrajectoryLeg> path, double ground_delay_s,
                          std::uint32_t reroutes, const std::vector<std::size_t>& route) {
    flight_vehicle_[flight] = vehicle;
    watch_encounters(flight, std::move(path));
    if (ground_delay_s > 0) {
        ground_delay_s_ += ground_delay_s;
        ++delayed_flights_;
    }
    reroutes_ += reroutes;
    const std::set<std::size_t> used(route.begin(), route.end());
    for (const std::size_t s : used) {
        segment_delay_s_[s] += ground_delay_s;
    }
}

void AirTraffic::watch_encounters(std::uint64_t flight, std::vector<TrajectoryLeg> path) {
    auto& sim = context_.sim;
    // Encounters the old path predicted and that have not begun are void.
    const auto [first, last] = encounter_events_.equal_range(flight);
    for (auto it = first; it != last; ++it) {
        sim.cancel(it->second);
    }
    encounter_events_.erase(flight);
    const double now_s = context_.now_s();
    for (const auto& e : airspace_->monitor().set_path(flight, std::move(path), now_s)) {
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
        row.vehicle = static_cast<std::int32_t>(flight_vehicle_.at(e.flight));
        row.other_vehicle = static_cast<std::int32_t>(flight_vehicle_.at(e.other));
        const geo::GeoPoint g = context_.frame.to_geo(geo::Enu(e.position.x(), e.position.y(), 0));
        row.lat_deg = g.lat_deg;
        row.lon_deg = g.lon_deg;
        row.altitude_m = e.position.z();
        row.cpa_s = e.at.cpa_s;
        row.horizontal_m = e.at.horizontal_m;
        row.vertical_m = e.at.vertical_m;
        row.leg = static_cast<std::int32_t>(e.leg);
        row.other_leg = static_cast<std::int32_t>(e.other_leg);
        // Reported when it begins, so a later change of plan can still call it off.
        const auto handle = sim.schedule_at(
            std::max(sim.now(), kernel::ticks_from_seconds(e.at.start_s)),
            {context_.kinds.encounter, e.flight, e.other}, [this, row] { record_safety(row); });
        encounter_events_.emplace(e.flight, handle);
        encounter_events_.emplace(e.other, handle);
    }
}

void AirTraffic::use_segment(std::size_t segment, double entry_s, double exit_s) {
    segment_use_[segment].emplace_back(entry_s, exit_s);
}

void AirTraffic::land(std::uint64_t flight, double airborne_s) {
    airspace_->monitor().remove(flight);
    flight_vehicle_.erase(flight);
    encounter_events_.erase(flight);
    flight_s_ += airborne_s;
    const double now_s = context_.now_s();
    if (now_s - last_forget_s_ > 600) {
        airspace_->reservations().forget_before(now_s);
        last_forget_s_ = now_s;
    }
}

output::SafetyRecord AirTraffic::safety_row(scenario::SafetyEvent type, std::uint64_t flight,
                                            const Vehicle& drone, const Eigen::Vector3d& where,
                                            std::size_t leg) const {
    output::SafetyRecord row;
    row.time_s = context_.now_s();
    row.type = std::string(scenario::name_of(type));
    row.flight = static_cast<std::int64_t>(flight);
    row.vehicle = static_cast<std::int32_t>(drone.index);
    const geo::GeoPoint g = context_.frame.to_geo(geo::Enu(where.x(), where.y(), 0));
    row.lat_deg = g.lat_deg;
    row.lon_deg = g.lon_deg;
    row.altitude_m = where.z();
    row.leg = static_cast<std::int32_t>(leg);
    return row;
}

void AirTraffic::record_safety(output::SafetyRecord row) {
    const auto type = scenario::safety_event_named(row.type);
    row.severity = std::string(scenario::name_of(scenario::type_of(type.value()).severity));
    ++events_[row.type];
    context_.recorder.record(row);
}

bool AirTraffic::geofence_ahead(std::uint64_t flight, const Vehicle& drone,
                                const std::vector<TrajectoryLeg>& path, std::size_t leg,
                                double now_s) {
    const Geofences& fences = airspace_->geofences();
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

void AirTraffic::report() const {
    auto& recorder = context_.recorder;
    const auto& spec = airspace_->spec();
    const double hours = flight_s_ / 3600.0;
    std::vector<output::Metric> metrics{
        {"flight_hours", hours, "h", "airborne time of all drone flights, take-off to landing"},
        {"flights_denied", static_cast<double>(flights_denied_), "1",
         "flights with no conflict-free slot within the longest ground delay"},
        {"flights_delayed", static_cast<double>(delayed_flights_), "1",
         "flights held on the ground for a conflict-free slot"},
        {"ground_delay_s", ground_delay_s_, "s", "total ground delay of all flights"},
        {"reroutes", static_cast<double>(reroutes_), "1",
         "flights that took another route to find a slot"},
        {"separation_pair_checks", static_cast<double>(airspace_->monitor().pair_checks()), "1",
         "leg pairs the separation monitor compared in closed form (its cost)"},
    };
    for (const auto& event : scenario::kSafetyEventTypes) {
        const std::string type(event.name);
        const auto it = events_.find(type);
        const std::uint64_t n = it == events_.end() ? 0 : it->second;
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
        recorder.record(m);
    }
    for (std::size_t s = 0; s < spec.segments.size(); ++s) {
        const auto& use = segment_use_[s];
        output::SegmentRecord row;
        row.segment = static_cast<std::uint32_t>(s);
        row.id = spec.segments[s].id;
        row.flights = use.size();
        row.ground_delay_s = segment_delay_s_[s];
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
        recorder.record(row);
    }
}

}  // namespace lastmile::model
