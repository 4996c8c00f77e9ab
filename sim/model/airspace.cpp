#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

#include <lastmile/model/airspace.hpp>

namespace lastmile::model {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

Eigen::Vector3d at_altitude(const Eigen::Vector2d& p, double z) {
    return Eigen::Vector3d(p.x(), p.y(), z);
}

}  // namespace

Airspace::Airspace(const scenario::AirspaceSpec& spec, const geo::LocalFrame& frame,
                   std::vector<Eigen::Vector2d> depot_positions)
    : spec_(spec),
      network_(spec_, frame),
      wind_(spec_.wind, frame),
      geofences_(spec_.geofences, frame),
      reservations_(spec_.nodes.size(), spec_.segments.size(), spec_.deconfliction.buffer_s),
      monitor_(spec_.separation),
      depots_(std::move(depot_positions)) {
    std::vector<Eigen::Vector2d> nodes;
    for (std::size_t n = 0; n < network_.node_count(); ++n) {
        nodes.push_back(network_.node(n));
    }
    node_grid_ = geo::PointGrid(std::move(nodes));
    for (std::size_t s = 0; s < network_.segment_count(); ++s) {
        lowest_corridor_m_ = std::min(lowest_corridor_m_, network_.segment(s).altitude_m);
    }
    for (const auto& site : spec_.contingency.safe_landing_sites) {
        const geo::Enu e = frame.to_enu(site.location);
        safe_sites_.emplace_back(e.x(), e.y());
    }
    for (std::size_t f = 0; f < geofences_.size(); ++f) {
        auto& met = fence_segments_.emplace_back();
        for (std::size_t s = 0; s < network_.segment_count(); ++s) {
            const auto& seg = network_.segment(s);
            // The band's extremes as the leg's heights: the fence's altitude check then
            // tests the whole band.
            if (geofences_.meets(f, at_altitude(seg.a, seg.spec->band.min_m),
                                 at_altitude(seg.b, seg.spec->band.max_m))) {
                met.push_back(s);
            }
        }
    }
}

double Airspace::next_change_s(double now_s) const {
    double next = wind_.next_change_s(now_s);
    for (std::size_t f = 0; f < geofences_.size(); ++f) {
        for (const auto& w : geofences_.spec(f).windows) {
            for (const double t : {w.from_s - w.notice_s, w.to_s}) {
                if (t > now_s) {
                    next = std::min(next, t);
                }
            }
        }
    }
    return next;
}

void Airspace::update_conditions(double now_s) {
    // Routes change only at a wind change or when a fence becomes, or stops being, known to be
    // active within the planning window: otherwise the network and its trees stay as they are.
    // (Asked before every plan: the check allocates nothing.)
    const double since = wind_.last_change_s(now_s);
    bool same = since == segment_wind_since_s_ && known_fences_.size() == geofences_.size();
    for (std::size_t f = 0; f < geofences_.size() && same; ++f) {
        same =
            known_fences_[f] == geofences_.known_active(f, now_s, now_s, now_s + kPlanningWindow_s);
    }
    if (same) {
        return;
    }
    std::vector<bool> known(geofences_.size());
    for (std::size_t f = 0; f < geofences_.size(); ++f) {
        known[f] = geofences_.known_active(f, now_s, now_s, now_s + kPlanningWindow_s);
    }
    std::vector<bool> closed(network_.segment_count(), false);
    for (std::size_t f = 0; f < geofences_.size(); ++f) {
        if (known[f]) {
            for (const std::size_t s : fence_segments_[f]) {
                closed[s] = true;
            }
        }
    }
    known_fences_ = std::move(known);
    if (!(since == segment_wind_since_s_)) {
        segment_wind_since_s_ = since;
        segment_wind_mps_.clear();
        segment_grounded_.clear();
        for (std::size_t s = 0; s < network_.segment_count(); ++s) {
            const auto& seg = network_.segment(s);
            const Eigen::Vector2d middle = (seg.a + seg.b) / 2;
            segment_wind_mps_.push_back(wind_.velocity_mps(middle, now_s));
            segment_grounded_.push_back(wind_.grounded(middle, now_s));
        }
    }
    for (std::size_t s = 0; s < closed.size(); ++s) {
        closed[s] = closed[s] || segment_grounded_[s];
    }
    network_.set_conditions(segment_wind_mps_, closed);
    remembered_totals_.clear();
}

std::optional<double> Airspace::level_leg_power_w(const TrajectoryLeg& leg,
                                                  const MultirotorEnergy& energy, double payload_kg,
                                                  double now_s) const {
    const Eigen::Vector2d d = leg.p1.head<2>() - leg.p0.head<2>();
    const double duration_s = leg.t1_s - leg.t0_s;
    if (d.norm() == 0 || duration_s <= 0) {
        return std::nullopt;
    }
    const Eigen::Vector2d wind =
        wind_.velocity_mps((leg.p0.head<2>() + leg.p1.head<2>()) / 2, now_s);
    const double airspeed =
        airspeed_for_ground_speed_mps(d.norm() / duration_s, d / d.norm(), wind);
    return energy.cruise_power_w(payload_kg, airspeed);
}

std::vector<double> Airspace::wind_changes(double from_s, double to_s) const {
    std::vector<double> times;
    for (double t = wind_.next_change_s(from_s); t < to_s; t = wind_.next_change_s(t)) {
        times.push_back(t);
    }
    return times;
}

bool Airspace::leg_blocked(const Eigen::Vector3d& a, const Eigen::Vector3d& b, double now_s) const {
    for (std::size_t f = 0; f < geofences_.size(); ++f) {
        if (geofences_.known_active(f, now_s, now_s, now_s + kPlanningWindow_s) &&
            geofences_.meets(f, a, b)) {
            return true;
        }
    }
    return false;
}

std::optional<std::size_t> Airspace::nearest_safe_site(const Eigen::Vector2d& p) const {
    std::optional<std::size_t> best;
    double best_d = kInfinity;
    for (std::size_t i = 0; i < safe_sites_.size(); ++i) {
        const double d = (safe_sites_[i] - p).norm();
        if (d < best_d) {
            best_d = d;
            best = i;
        }
    }
    return best;
}

bool Airspace::inside_segment(std::size_t s, const Eigen::Vector3d& p) const {
    const auto& seg = network_.segment(s);
    const auto& band = seg.spec->band;
    return p.z() >= band.min_m - 1e-6 && p.z() <= band.max_m + 1e-6 &&
           geo::point_segment_distance(p.head<2>(), seg.a, seg.b) <= seg.spec->half_width_m + 1e-6;
}

std::optional<std::size_t> Airspace::exit_for(const RouteTree& tree,
                                              const Eigen::Vector2d& customer, double altitude_m,
                                              double now_s) {
    // The nearest node to the customer (ties: the lower index) where a flight may leave the
    // corridors, that the route reaches and whose leg to the customer crosses no fence.
    const Eigen::Vector3d drop = at_altitude(customer, spec_.drop_altitude_m);
    const auto accept = [&](std::size_t n) {
        return (network_.is_exit(n) || n == tree.gate) && tree.reaches(n) &&
               !leg_blocked(at_altitude(network_.node(n), altitude_m), drop, now_s);
    };
    // The node nearest the customer is the answer whenever it qualifies, as it nearly always
    // does: found once per customer (dispatch plans from several depots in a row), and only
    // when it does not qualify are the nodes searched further out.
    if (!(customer == nearest_for_)) {
        nearest_for_ = customer;
        nearest_node_ = node_grid_.nearest(customer, [](std::size_t) { return true; });
    }
    if (nearest_node_ && accept(*nearest_node_)) {
        return nearest_node_;
    }
    return node_grid_.nearest(customer, accept);
}

std::optional<double> Airspace::out_time_lower_bound_s(std::size_t depot,
                                                       const Eigen::Vector2d& customer,
                                                       const MultirotorEnergy& energy,
                                                       double now_s) {
    const auto& type = energy.type();
    const double va = type.cruise_speed_mps;
    const double wind_mps = wind_.strongest_mps(now_s);
    // Where plan() would fail, or might (a wind as fast as the drone), say nothing.
    if (wind_mps >= va || grounded(depots_[depot], now_s) || grounded(customer, now_s)) {
        return std::nullopt;
    }
    const Eigen::Vector3d drop_point = at_altitude(customer, spec_.drop_altitude_m);
    for (std::size_t f = 0; f < geofences_.size(); ++f) {
        if (geofences_.known_active(f, now_s, now_s, now_s + kPlanningWindow_s) &&
            geofences_.contains(f, drop_point)) {
            return std::nullopt;
        }
    }
    update_conditions(now_s);
    const auto gate = static_cast<std::size_t>(spec_.depot_gate[depot]);
    const RouteTree& tree = network_.tree(gate, false, va);
    const auto exit = exit_for(tree, customer, type.cruise_altitude_m, now_s);
    if (!exit) {
        return std::nullopt;
    }
    // The plan's corridor legs take the tree's crossing times; its other horizontal legs go
    // no faster than the airspeed plus the strongest wind; it climbs to and descends from no
    // lower than the lowest corridor (or its cruise altitude, off the corridors).
    const double fastest_mps = va + wind_mps;
    const double cruise_m = std::min(type.cruise_altitude_m, lowest_corridor_m_);
    const double climb_s = cruise_m > 0 ? cruise_m / type.climb_rate_mps : 0.0;
    const double descent_s = cruise_m > spec_.drop_altitude_m
                                 ? (cruise_m - spec_.drop_altitude_m) / type.descent_rate_mps
                                 : 0.0;
    const double off_corridor_m =
        (network_.node(gate) - depots_[depot]).norm() + (customer - network_.node(*exit)).norm();
    const double out_s = type.takeoff_time_s + climb_s + tree.seconds[*exit] +
                         off_corridor_m / fastest_mps + descent_s + type.drop_time_s;
    // Shaved a little: the plan sums the same times in another order.
    return out_s * (1 - 1e-9);
}

template <typename Plan>
bool Airspace::build_plan(Plan& plan, std::size_t depot, const Eigen::Vector2d& customer,
                          const MultirotorEnergy& energy, double payload_kg, double now_s,
                          const std::vector<bool>* avoid, PlanFailure* why) {
    const auto fail = [why](PlanFailure reason) {
        if (why != nullptr) {
            *why = reason;
        }
        return false;
    };
    if (grounded(depots_[depot], now_s) || grounded(customer, now_s)) {
        return fail(PlanFailure::grounded);
    }
    update_conditions(now_s);
    const auto& type = energy.type();
    const bool empirical = type.energy.kind == scenario::DroneEnergyModelKind::empirical;
    const double va = type.cruise_speed_mps;
    const auto gate = static_cast<std::size_t>(spec_.depot_gate[depot]);
    const Eigen::Vector2d home = depots_[depot];
    const Eigen::Vector3d drop_point = at_altitude(customer, spec_.drop_altitude_m);
    for (std::size_t f = 0; f < geofences_.size(); ++f) {
        if (geofences_.known_active(f, now_s, now_s, now_s + kPlanningWindow_s) &&
            geofences_.contains(f, drop_point)) {
            return fail(PlanFailure::blocked);
        }
    }
    // A reroute plans with its avoided segments closed too, on trees of its own.
    std::optional<RouteTree> own_out;
    std::optional<RouteTree> own_back;
    if (avoid != nullptr) {
        own_out = network_.tree_avoiding(gate, false, va, *avoid);
        own_back = network_.tree_avoiding(gate, true, va, *avoid);
    }
    const RouteTree& tree_out = own_out ? *own_out : network_.tree(gate, false, va);
    const RouteTree& tree_back = own_back ? *own_back : network_.tree(gate, true, va);
    const auto exit_out = exit_for(tree_out, customer, type.cruise_altitude_m, now_s);
    const auto exit_back = exit_for(tree_back, customer, type.cruise_altitude_m, now_s);
    if (!exit_out || !exit_back) {
        return fail(PlanFailure::blocked);
    }
    // Both exits are reached (exit_for makes sure), so both routes exist.
    network_.route(tree_out, *exit_out, route_out_);
    network_.route(tree_back, *exit_back, route_back_);
    const double terminal = spec_.separation.terminal_radius_m;

    double t = 0;
    double payload = payload_kg;
    Eigen::Vector3d pos = at_altitude(home, 0);
    bool ok = true;
    const auto add = [&](const Eigen::Vector3d& to, double seconds, double watts,
                         std::int32_t segment, bool monitored) {
        plan.legs.push_back(TrajectoryLeg{t, t + seconds, pos, to, segment, monitored});
        plan.leg_wh.push_back(watts * seconds / 3600.0);
        plan.distance_m += (to.head<2>() - pos.head<2>()).norm();
        t += seconds;
        pos = to;
    };
    const auto vertical = [&](double z, bool at_depot) {
        if (z == pos.z()) {
            return;
        }
        const bool up = z > pos.z();
        const double rate = up ? type.climb_rate_mps : type.descent_rate_mps;
        // The empirical model's cycle energy covers climbing and descending at the depot.
        const double watts = at_depot && empirical ? 0.0
                             : up                  ? energy.climb_power_w(payload)
                                                   : energy.hover_power_w(payload);
        add(at_altitude(pos.head<2>(), z), std::abs(z - pos.z()) / rate, watts, -1, !at_depot);
    };
    const auto horizontal = [&](const Eigen::Vector2d& to, bool monitored) {
        const Eigen::Vector2d d = to - pos.head<2>();
        const double length = d.norm();
        if (length == 0) {
            return;
        }
        const auto gs =
            ground_speed_mps(va, d / length, wind_.velocity_mps((pos.head<2>() + to) / 2, now_s));
        if (!gs) {
            ok = false;
            return;
        }
        add(at_altitude(to, pos.z()), length / *gs, energy.cruise_power_w(payload, va), -1,
            monitored);
    };
    const auto corridor = [&](const std::vector<std::size_t>& route) {
        const scenario::AltitudeBand* previous = nullptr;
        double previous_headway = 0;
        for (const std::size_t s : route) {
            const auto& seg = network_.segment(s);
            const auto crossing = network_.crossing(s, va);
            if (!crossing) {
                ok = false;
                return;
            }
            const double arrive = t;
            vertical(seg.altitude_m, false);
            scenario::AltitudeBand band = seg.spec->band;
            if (previous != nullptr) {
                band.min_m = std::min(band.min_m, previous->min_m);
                band.max_m = std::max(band.max_m, previous->max_m);
            }
            const double headway = seg.spec->headway_s > 0
                                       ? seg.spec->headway_s
                                       : seg.spec->separation_m / crossing->ground_speed_mps;
            plan.reservation.nodes.push_back(
                NodePassage{seg.from, arrive, t, band, std::max(headway, previous_headway)});
            const double entry = t;
            add(at_altitude(seg.b, seg.altitude_m), crossing->seconds,
                energy.cruise_power_w(payload, crossing->airspeed_mps),
                static_cast<std::int32_t>(s), true);
            plan.reservation.segments.push_back(SegmentPassage{s, entry, t});
            plan.route.push_back(s);
            previous = &seg.spec->band;
            previous_headway = headway;
        }
        if (!route.empty()) {
            plan.reservation.nodes.push_back(
                NodePassage{network_.segment(route.back()).to, t, t, *previous, previous_headway});
        }
    };
    const auto first_altitude = [&](const std::vector<std::size_t>& route) {
        return route.empty() ? type.cruise_altitude_m : network_.segment(route.front()).altitude_m;
    };

    add(pos, type.takeoff_time_s, empirical ? 0.0 : energy.hover_power_w(payload), -1, false);
    plan.leg_wh.back() += empirical ? type.energy.empirical.per_cycle_wh / 2 : 0.0;
    vertical(first_altitude(route_out_), true);
    horizontal(network_.node(gate), (network_.node(gate) - home).norm() > terminal);
    corridor(route_out_);
    horizontal(customer, true);
    vertical(spec_.drop_altitude_m, false);
    add(pos, type.drop_time_s, energy.hover_power_w(payload), -1, true);
    plan.drop_leg = plan.legs.size() - 1;
    plan.out_s = t;
    payload = 0;
    vertical(first_altitude(route_back_), false);
    horizontal(network_.node(*exit_back), true);
    corridor(route_back_);
    horizontal(home, (network_.node(gate) - home).norm() > terminal);
    plan.approach_leg = plan.legs.size();
    vertical(0, true);
    add(pos, type.landing_time_s, empirical ? 0.0 : energy.hover_power_w(0), -1, false);
    plan.leg_wh.back() += empirical ? type.energy.empirical.per_cycle_wh / 2 : 0.0;
    if (!ok) {
        return fail(PlanFailure::grounded);  // the wind is too strong to make progress
    }
    plan.total_s = t;
    for (std::size_t i = 0; i < plan.legs.size(); ++i) {
        plan.total_wh += plan.leg_wh[i];
        if (i <= plan.drop_leg) {
            plan.out_wh += plan.leg_wh[i];
        }
    }
    if (why != nullptr) {
        *why = PlanFailure::none;
    }
    return true;
}

std::optional<AirspacePlan> Airspace::plan(std::size_t depot, const Eigen::Vector2d& customer,
                                           const MultirotorEnergy& energy, double payload_kg,
                                           double now_s, const std::vector<bool>* avoid,
                                           PlanFailure* why) {
    AirspacePlan plan;
    if (!build_plan(plan, depot, customer, energy, payload_kg, now_s, avoid, why)) {
        return std::nullopt;
    }
    return plan;
}

std::size_t Airspace::TotalsKeyHash::operator()(const TotalsKey& k) const noexcept {
    std::uint64_t h = 0x9E3779B97F4A7C15ULL;
    for (const std::uint64_t w : {k.depot, k.energy, k.x, k.y, k.payload}) {
        h = (h ^ w) * 0xD6E8FEB86659FD93ULL;
        h ^= h >> 32;
    }
    return static_cast<std::size_t>(h);
}

std::optional<PlanTotals> Airspace::plan_totals(std::size_t depot, const Eigen::Vector2d& customer,
                                                const MultirotorEnergy& energy, double payload_kg,
                                                double now_s, PlanFailure* why) {
    // A plan depends on the time only through the wind and the fences known then, and the
    // remembered totals are dropped whenever those change (update_conditions): dispatch asks
    // again about the same order and depot as vehicles come free.
    update_conditions(now_s);
    const TotalsKey key{depot, reinterpret_cast<std::uintptr_t>(&energy),
                        std::bit_cast<std::uint64_t>(customer.x()),
                        std::bit_cast<std::uint64_t>(customer.y()),
                        std::bit_cast<std::uint64_t>(payload_kg)};
    auto it = remembered_totals_.find(key);
    if (it == remembered_totals_.end()) {
        if (remembered_totals_.size() >= kMaxRememberedPlans) {
            remembered_totals_.clear();
        }
        // The same plan, keeping only the energy of each leg: no legs, reservations or routes.
        totals_.reset();
        PlanFailure failure = PlanFailure::none;
        Remembered r;
        if (build_plan(totals_, depot, customer, energy, payload_kg, now_s, nullptr, &failure)) {
            r.totals = PlanTotals{totals_.out_s, totals_.out_wh, totals_.total_s, totals_.total_wh};
        }
        r.failure = failure;
        it = remembered_totals_.emplace(key, r).first;
    }
    if (why != nullptr) {
        *why = it->second.failure;
    }
    return it->second.totals;
}

}  // namespace lastmile::model
