#include "corridor_flight.hpp"

#include <algorithm>
#include <limits>

namespace lastmile::model {

using kernel::seconds_from_ticks;
using kernel::Tick;
using kernel::ticks_from_seconds;
using scenario::SafetyEvent;

namespace {

std::vector<TrajectoryLeg> shifted(const std::vector<TrajectoryLeg>& legs, double by_s) {
    std::vector<TrajectoryLeg> out = legs;
    for (auto& leg : out) {
        leg.t0_s += by_s;
        leg.t1_s += by_s;
    }
    return out;
}

}  // namespace

CorridorFlight::CorridorFlight(MissionScene scene, Vehicle& drone, std::size_t order_index,
                               std::uint64_t flight)
    : scene_(scene),
      drone_(drone),
      order_index_(order_index),
      order_(scene.orders[order_index]),
      flight_(flight),
      depot_(scene.depots[drone.depot]),
      airspace_(scene.air->airspace()),
      pack_(&scene.fleet.pack_of(drone)) {}

double CorridorFlight::charge_above_reserve_wh() const {
    return pack_->charge_wh - drone_.battery->reserve_wh();
}

kernel::Task CorridorFlight::fly() {
    auto& sim = scene_.context.sim;
    const auto& kinds = scene_.context.kinds;
    co_await sim.timeout(ticks_from_seconds(depot_.spec().loading_time_s),
                         {kinds.load, drone_.index, order_.record.id});
    co_await get_clearance();
    if (!set_out_) {
        co_return;
    }
    take_off();
    for (std::size_t i = 0; i < path_.size() && stopped_at_ == path_.size(); ++i) {
        if (i == plan_->approach_leg) {
            co_await hold_for_pad(i);
            if (cause_) {
                stopped_at_ = i;
                break;
            }
        }
        // The leg is flown piece by piece between the instants that could interrupt it; each
        // piece's energy is taken as it starts, so the state of charge is never overstated.
        LegInFlight leg = start_leg(i);
        for (;;) {
            const Tick stop = next_piece(leg);
            co_await sim.timeout(stop - sim.now(), {stop == leg.end ? kinds.leg : kinds.contingency,
                                                    drone_.index, order_.record.id});
            if (stop == leg.end) {
                finish_leg(i, leg.end);
                break;
            }
            cause_ = on_interrupt(leg.interrupt_s, i, leg.paid);
            if (cause_) {
                stopped_at_ = i;
                break;
            }
        }
    }
    pad_.release();
    co_await land();
}

std::optional<double> CorridorFlight::find_slot(double now_s) {
    const auto& deconfliction = airspace_.spec().deconfliction;
    auto shift = airspace_.reservations().earliest_shift(plan_->reservation, now_s,
                                                         deconfliction.max_ground_delay_s);
    if (shift || !deconfliction.reroute || plan_->route.empty()) {
        return shift;
    }
    std::vector<bool> avoid(airspace_.network().segment_count(), false);
    for (const std::size_t s : plan_->route) {
        avoid[s] = true;
    }
    const Eigen::Vector2d customer(order_.position.x(), order_.position.y());
    auto other = airspace_.plan(drone_.depot, customer, scene_.drone_energy[drone_.type],
                                order_.record.weight_kg, now_s, &avoid);
    if (other && other->total_wh <= charge_above_reserve_wh()) {
        shift = airspace_.reservations().earliest_shift(other->reservation, now_s,
                                                        deconfliction.max_ground_delay_s);
        if (shift) {
            plan_ = std::move(other);
            ++reroutes_;
        }
    }
    return shift;
}

kernel::Task CorridorFlight::get_clearance() {
    auto& sim = scene_.context.sim;
    const auto& k = scene_.context.kinds;
    const double max_ground_delay_s = airspace_.spec().deconfliction.max_ground_delay_s;
    const Eigen::Vector2d customer(order_.position.x(), order_.position.y());
    for (;;) {
        const double now_s = seconds_from_ticks(sim.now());
        planned_at_s_ = now_s;
        plan_ = airspace_.plan(drone_.depot, customer, scene_.drone_energy[drone_.type],
                               order_.record.weight_kg, now_s, nullptr, nullptr);
        if (!plan_ || plan_->total_wh > charge_above_reserve_wh()) {
            // The wind or a restriction changed since dispatch: the order looks again.
            scene_.dispatcher.return_order(order_index_);
            co_return;
        }
        const auto shift = find_slot(now_s);
        if (!shift) {
            // No slot within the longest ground delay: denied; the order tries again later.
            scene_.air->deny();
            auto& r = order_.record;
            r.status = output::OrderStatus::queued;
            r.vehicle = -1;
            sim.schedule_in(ticks_from_seconds(max_ground_delay_s), {k.retry, r.id},
                            [&dispatcher = scene_.dispatcher, o = order_index_] {
                                dispatcher.return_order(o);
                            });
            co_return;
        }
        const Tick depart = sim.now() + ticks_from_seconds(*shift);
        airspace_.reservations().reserve(flight_, plan_->reservation, seconds_from_ticks(depart));
        if (depart > sim.now()) {
            ground_delay_s_ += seconds_from_ticks(depart - sim.now());
            co_await sim.timeout(depart - sim.now(),
                                 {k.ground_hold, drone_.index, order_.record.id});
        }
        if (pad_.holds() || depot_.pads().try_acquire(pad_)) {
            set_out_ = true;
            co_return;
        }
        // Every pad taken at the slot: give the slot back, wait for a pad, plan again.
        airspace_.reservations().release(flight_, plan_->reservation, seconds_from_ticks(depart),
                                         0);
        pad_ = co_await depot_.pads().acquire();
    }
}

void CorridorFlight::take_off() {
    auto& sim = scene_.context.sim;
    ++order_.attempts;
    start_ = sim.now();
    t0_s_ = seconds_from_ticks(start_);
    back_start_ = start_;
    path_ = shifted(plan_->legs, t0_s_);
    stopped_at_ = path_.size();
    scene_.air->take_off(flight_, drone_.index, path_, ground_delay_s_, reroutes_, plan_->route);

    // Off-nominal events that could interrupt this flight, known from its start: a lost link
    // (its own stream, per flight hour) and the drone's next failure (in operating time).
    const auto& contingency = airspace_.spec().contingency;
    if (contingency.lost_link_rate_per_s > 0) {
        lost_link_at_s_ =
            t0_s_ + drone_.lost_link_stream->exponential(1 / contingency.lost_link_rate_per_s);
    }
    failure_at_s_ = t0_s_ + (drone_.next_failure_at_s - drone_.operating_s);
    for (const double a : airspace_.geofences().activation_times()) {
        if (a > t0_s_) {
            activations_s_.push_back(a);
        }
    }
    // From the planning on: a change while the flight waited for its slot applies at take-off.
    wind_changes_s_ = airspace_.wind_changes(planned_at_s_, kInfinity);
}

double CorridorFlight::next_interrupt() const {
    double at = std::min(lost_link_at_s_, failure_at_s_);
    for (const double a : activations_s_) {
        at = std::min(at, a);
    }
    for (const double w : wind_changes_s_) {
        at = std::min(at, w);
    }
    return at;
}

std::optional<SafetyEvent> CorridorFlight::on_interrupt(double interrupt, std::size_t i,
                                                        double paid) {
    const double now_s = scene_.context.now_s();
    if (interrupt == lost_link_at_s_) {
        return SafetyEvent::lost_link;
    }
    if (interrupt == failure_at_s_) {
        return SafetyEvent::flight_failure;
    }
    if (std::find(wind_changes_s_.begin(), wind_changes_s_.end(), interrupt) !=
        wind_changes_s_.end()) {
        std::erase_if(wind_changes_s_, [&](double w) { return w <= interrupt; });
        // The flight keeps to its reserved times: in the new wind its airspeed, and so the
        // energy of the rest of the flight, change. Divert if that eats the reserve.
        double remaining_wh = 0;
        for (std::size_t j = i; j < path_.size(); ++j) {
            const double payload = in_order_leg(j) ? order_.record.weight_kg : 0.0;
            if (const auto watts = airspace_.level_leg_power_w(
                    path_[j], scene_.drone_energy[drone_.type], payload, now_s)) {
                plan_->leg_wh[j] = *watts * (path_[j].t1_s - path_[j].t0_s) / 3600.0;
            }
            remaining_wh += plan_->leg_wh[j] * (j == i ? 1.0 - paid : 1.0);
        }
        if (pack_->charge_wh - remaining_wh >= drone_.battery->reserve_wh()) {
            return std::nullopt;
        }
        return SafetyEvent::reserve_divert;
    }
    if (scene_.air->geofence_ahead(flight_, drone_, path_, i, now_s)) {
        return SafetyEvent::geofence_contingency;
    }
    // The restriction is not on this path: fly on as planned.
    std::erase_if(activations_s_, [&](double a) { return a <= interrupt; });
    return std::nullopt;
}

kernel::Task CorridorFlight::hold_for_pad(std::size_t i) {
    // Over the depot at the top of the final descent: hold for a pad, but only while the
    // charge lasts. The drone diverts when what is left above its reserve is just enough to
    // reach the alternate (the nearest safe landing site) and land there. Anything that would
    // interrupt a leg interrupts the hold too.
    auto& sim = scene_.context.sim;
    const MultirotorEnergy& energy = scene_.drone_energy[drone_.type];
    const double hover_w = energy.hover_power_w(0);
    const Eigen::Vector2d home(depot_.position().x(), depot_.position().y());
    constexpr Tick kNever = std::numeric_limits<Tick>::max();
    while (!pad_.holds() && !cause_) {
        const Tick since = sim.now();
        double landing_wh = 0;
        for (std::size_t j = i; j < path_.size(); ++j) {
            landing_wh += plan_->leg_wh[j];
        }
        const double divert_wh =
            contingency_route(airspace_, *drone_.drone, energy, home, path_[i].p0,
                              SafetyEvent::reserve_divert, 0, seconds_from_ticks(since))
                .wh;
        const double spare_wh = charge_above_reserve_wh() - std::max(landing_wh, divert_wh);
        const Tick reserve_at =
            hover_w > 0 ? since + ticks_from_seconds(std::max(0.0, spare_wh) / hover_w * 3600.0)
                        : kNever;
        const double interrupt = next_interrupt();
        const Tick interrupt_at =
            std::isfinite(interrupt)
                ? std::max(since, ticks_from_seconds(std::min(interrupt, 1e12)))
                : kNever;
        const Tick until = std::min(reserve_at, interrupt_at);
        if (until == kNever) {
            pad_ = co_await depot_.pads().acquire(kLandingPriority);
        } else {
            pad_ = co_await depot_.pads().acquire_before(
                until, {scene_.context.kinds.reserve_divert, drone_.index, order_.record.id},
                kLandingPriority);
        }
        const double held_s = seconds_from_ticks(sim.now() - since);
        const double hover_wh = hover_w * held_s / 3600.0;
        pack_->discharge(hover_wh);
        back_wh_ += hover_wh;
        // The rest of the path happens later by the time held.
        for (std::size_t j = i; j < path_.size(); ++j) {
            path_[j].t0_s += held_s;
            path_[j].t1_s += held_s;
        }
        if (!pad_.holds()) {
            cause_ =
                until == reserve_at ? SafetyEvent::reserve_divert : on_interrupt(interrupt, i, 0);
        }
    }
}

CorridorFlight::LegInFlight CorridorFlight::start_leg(std::size_t i) const {
    const Tick now = scene_.context.sim.now();
    const double duration_s = path_[i].t1_s - path_[i].t0_s;
    return LegInFlight{i, now, now + ticks_from_seconds(duration_s), duration_s, 0, 0};
}

Tick CorridorFlight::next_piece(LegInFlight& leg) {
    const Tick now = scene_.context.sim.now();
    leg.interrupt_s = next_interrupt();
    // Anything due before the leg began (during a hold, say) happens as it begins.
    const bool within = leg.interrupt_s < seconds_from_ticks(leg.end);
    const Tick stop = within ? std::max(now, ticks_from_seconds(leg.interrupt_s)) : leg.end;
    // The whole leg's energy by its end, whatever the rounding of its duration to ticks.
    const double upto = stop == leg.end || leg.duration_s <= 0
                            ? 1.0
                            : seconds_from_ticks(stop - leg.start) / leg.duration_s;
    const double wh = plan_->leg_wh[leg.index] * (std::min(upto, 1.0) - leg.paid);
    leg.paid = std::min(upto, 1.0);
    pack_->discharge(wh);
    (in_order_leg(leg.index) ? out_wh_ : back_wh_) += wh;
    return stop;
}

void CorridorFlight::finish_leg(std::size_t i, Tick leg_end) {
    const TrajectoryLeg& leg = path_[i];
    const double end_s = seconds_from_ticks(leg_end);
    if (leg.segment >= 0) {
        const auto s = static_cast<std::size_t>(leg.segment);
        const double entry_s = end_s - (leg.t1_s - leg.t0_s);
        scene_.air->use_segment(s, entry_s, end_s);
        scene_.context.recorder.record(
            output::FlightSegmentRecord{flight_, static_cast<std::uint8_t>(in_order_leg(i) ? 0 : 1),
                                        static_cast<std::uint32_t>(s), entry_s, end_s});
    }
    const double horizontal = (leg.p1.head<2>() - leg.p0.head<2>()).norm();
    (in_order_leg(i) ? out_distance_m_ : back_distance_m_) += horizontal;
    if (i == 0) {
        pad_.release();  // the pad is needed only to take off
    }
    if (i == plan_->drop_leg) {
        deliver(order_, drone_, seconds_from_ticks(leg_end));
        record_leg(0, out_distance_m_, out_wh_, std::nullopt);
    }
}

void CorridorFlight::record_leg(std::uint8_t leg, double distance_m, double wh,
                                std::optional<SafetyEvent> why) {
    auto& sim = scene_.context.sim;
    const bool out = leg == 0;
    scene_.context.recorder.record(output::FlightRecord{
        flight_, drone_.index, order_.record.id, static_cast<std::int32_t>(drone_.depot), leg,
        seconds_from_ticks(out ? start_ : back_start_), seconds_from_ticks(sim.now()), distance_m,
        wh, out ? order_.record.weight_kg : 0.0, out ? ground_delay_s_ : 0.0, out ? reroutes_ : 0,
        why ? std::string(scenario::name_of(*why)) : std::string()});
    back_start_ = sim.now();
}

kernel::Task CorridorFlight::land() {
    auto& sim = scene_.context.sim;
    const bool interrupted = stopped_at_ < path_.size();
    const bool delivered = stopped_at_ > plan_->drop_leg;
    if (interrupted) {
        if (!delivered) {
            record_leg(0, out_distance_m_, out_wh_, cause_);
        }
        airspace_.reservations().release(flight_, plan_->reservation, t0_s_,
                                         seconds_from_ticks(sim.now()));
        const double before_wh = pack_->discharged_wh;
        co_await fly_contingency(delivered);
        back_wh_ += pack_->discharged_wh - before_wh;
        // The rest of the interrupted leg and the contingency legs: the path now ends with them.
        for (std::size_t i = stopped_at_; i < path_.size(); ++i) {
            back_distance_m_ += (path_[i].p1.head<2>() - path_[i].p0.head<2>()).norm();
        }
        record_leg(1, back_distance_m_, back_wh_, cause_);
        if (!delivered) {
            scene_.dispatcher.return_order(order_index_);
        }
    } else {
        record_leg(1, back_distance_m_, back_wh_, std::nullopt);
    }
    scene_.tracks.record(flight_, path_, delivered ? plan_->drop_leg : stopped_at_);
    const double airborne_s = seconds_from_ticks(sim.now() - start_);
    scene_.fleet.account_mission(
        drone_, MissionTotals{out_wh_ + back_wh_, out_distance_m_ + back_distance_m_, start_},
        scene_.orders, std::span<const std::size_t>(&order_index_, delivered ? 1 : 0));
    scene_.air->land(flight_, airborne_s);
    if (interrupted) {
        // After the flight, not part of it: its hours and the exposure they give the safety
        // rates end at touchdown.
        co_await recover();
    }
}

}  // namespace lastmile::model
