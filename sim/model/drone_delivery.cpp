#include <lastmile/model/drone_delivery.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <lastmile/geo/local_frame.hpp>

namespace lastmile::model {

using kernel::Tick;
using kernel::ticks_from_seconds;
using output::OrderStatus;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A drone back from a mission hovers until it gets a pad, burning energy: it lands before any
// drone on the ground takes off.
constexpr kernel::Priority kLandingPriority = -1;

double percentile(std::vector<double> values, double q) {
    if (values.empty()) {
        return kNaN;
    }
    // Nearest-rank definition: the smallest value with at least q of the data at or below it.
    std::sort(values.begin(), values.end());
    const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size())));
    return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

double mean(const std::vector<double>& values) {
    if (values.empty()) {
        return kNaN;
    }
    double sum = 0;
    for (const double v : values) {
        sum += v;
    }
    return sum / static_cast<double>(values.size());
}

}  // namespace

DroneDelivery::DroneDelivery(kernel::Simulation& sim, const scenario::ScenarioSpec& spec,
                             output::Recorder& recorder)
    : sim_(sim),
      spec_(spec),
      recorder_(recorder),
      horizon_(ticks_from_seconds(spec.simulation.duration_s)) {
    kinds_ = Kinds{sim.kind("order.created"),     sim.kind("drone.dispatch"),
                   sim.kind("drone.load"),        sim.kind("drone.takeoff"),
                   sim.kind("drone.cruise_out"),  sim.kind("drone.drop"),
                   sim.kind("drone.cruise_back"), sim.kind("drone.land"),
                   sim.kind("drone.charge"),      sim.kind("drone.start")};

    const geo::LocalFrame frame(spec.frame_origin);
    double cumulative = 0;
    for (const auto& point : spec.demand.points) {
        point_positions_.push_back(frame.to_enu(point.location));
        cumulative += point.weight;
        point_cumulative_weight_.push_back(cumulative);
    }
    for (const auto& depot_spec : spec.depots) {
        Depot depot;
        depot.spec = &depot_spec;
        depot.position = frame.to_enu(depot_spec.location);
        depot.pads = &sim.add_resource(depot_spec.id + ".pads",
                                       static_cast<std::size_t>(depot_spec.pads));
        depot.chargers = &sim.add_resource(depot_spec.id + ".chargers",
                                           static_cast<std::size_t>(depot_spec.chargers));
        depots_.push_back(std::move(depot));
    }
    for (const auto& type : spec.drone_types) {
        type_energy_.emplace_back(type);
    }
    for (const auto& fleet : spec.fleets) {
        auto& types_here = depots_[fleet.depot_index].drone_types;
        if (std::find(types_here.begin(), types_here.end(), fleet.type_index) == types_here.end()) {
            types_here.push_back(fleet.type_index);
        }
        const auto& type = spec.drone_types[fleet.type_index];
        for (int i = 0; i < fleet.count; ++i) {
            const auto index = static_cast<std::uint32_t>(drones_.size());
            Drone& drone = drones_.emplace_back(Drone{index, fleet.depot_index, &type,
                                                      DroneEnergyModel(type), nullptr,
                                                      type.battery_wh});
            drone.lowest_charge_wh = type.battery_wh;
            drone.inbox = std::make_unique<kernel::Mailbox<std::size_t>>(
                sim, kernel::EventTag{kinds_.dispatch, index});
        }
    }
}

void DroneDelivery::start() {
    sim_.spawn(order_arrivals(), {});
    for (auto& drone : drones_) {
        sim_.spawn(drone_cycle(drone), {kinds_.start, drone.index});
    }
}

double DroneDelivery::distance_from(std::size_t depot_index, const Order& order) const {
    return geo::horizontal_distance_m(depots_[depot_index].position,
                                      point_positions_[static_cast<std::size_t>(order.record.point)]);
}

bool DroneDelivery::can_serve(const Drone& drone, const Order& order) const {
    return order.record.weight_kg <= drone.type->max_payload_kg &&
           drone.energy.can_reach(distance_from(drone.depot, order));
}

kernel::Process DroneDelivery::order_arrivals() {
    auto arrivals = sim_.stream("demand.arrivals");
    auto points = sim_.stream("demand.points");
    auto weights = sim_.stream("demand.weights");
    const double mean_gap_s = 1.0 / spec_.demand.rate_per_s;
    const double total_weight = point_cumulative_weight_.back();
    for (;;) {
        const Tick gap = ticks_from_seconds(arrivals.exponential(mean_gap_s));
        if (gap >= horizon_ - sim_.now()) {
            co_return;  // the next order would arrive after the horizon
        }
        const auto id = static_cast<std::uint64_t>(orders_.size());
        co_await sim_.timeout(gap, {kinds_.order_created, id});

        Order order;
        order.record.id = id;
        order.record.created_s = kernel::seconds_from_ticks(sim_.now());
        order.record.dispatched_s = kNaN;
        order.record.delivered_s = kNaN;
        const double u = points.uniform01() * total_weight;
        const auto it = std::upper_bound(point_cumulative_weight_.begin(),
                                         point_cumulative_weight_.end(), u);
        order.record.point = static_cast<std::int32_t>(
            std::min<std::ptrdiff_t>(it - point_cumulative_weight_.begin(),
                                     static_cast<std::ptrdiff_t>(point_positions_.size()) - 1));
        order.record.weight_kg = weights.uniform(spec_.demand.parcel_min_kg,
                                                 spec_.demand.parcel_max_kg);
        orders_.push_back(order);
        accept(orders_.size() - 1);
    }
}

void DroneDelivery::accept(std::size_t order_index) {
    Order& order = orders_[order_index];
    bool payload_possible = false;
    std::size_t best_depot = depots_.size();
    double best_distance = std::numeric_limits<double>::infinity();
    // The nearest depot with a drone type able to serve the order (lowest index on ties).
    for (std::size_t d = 0; d < depots_.size(); ++d) {
        const double distance = distance_from(d, order);
        for (const std::size_t t : depots_[d].drone_types) {
            const auto& type = spec_.drone_types[t];
            if (order.record.weight_kg > type.max_payload_kg) {
                continue;
            }
            payload_possible = true;
            if (type_energy_[t].can_reach(distance) && distance < best_distance) {
                best_distance = distance;
                best_depot = d;
            }
        }
    }
    if (best_depot == depots_.size()) {
        order.record.status =
            payload_possible ? OrderStatus::rejected_range : OrderStatus::rejected_payload;
        return;
    }
    order.record.depot = static_cast<std::int32_t>(best_depot);
    order.one_way_m = best_distance;
    order.record.status = OrderStatus::queued;
    depots_[best_depot].queue.push_back(order_index);
    assign_waiting_orders(best_depot);
}

void DroneDelivery::assign_waiting_orders(std::size_t depot_index) {
    Depot& depot = depots_[depot_index];
    // Oldest order first; each goes to the longest-idle drone that can serve it.
    for (auto order_it = depot.queue.begin();
         order_it != depot.queue.end() && !depot.idle_drones.empty();) {
        Order& order = orders_[*order_it];
        auto drone_it = std::find_if(depot.idle_drones.begin(), depot.idle_drones.end(),
                                     [&](std::size_t d) { return can_serve(drones_[d], order); });
        if (drone_it == depot.idle_drones.end()) {
            ++order_it;
            continue;
        }
        Drone& drone = drones_[*drone_it];
        depot.idle_drones.erase(drone_it);
        order.record.vehicle = static_cast<std::int32_t>(drone.index);
        order.record.status = OrderStatus::in_progress;
        drone.inbox->send(*order_it);
        order_it = depot.queue.erase(order_it);
    }
}

kernel::Process DroneDelivery::drone_cycle(Drone& drone) {
    const auto& type = *drone.type;
    Depot& depot = depots_[drone.depot];
    const std::uint64_t id = drone.index;
    for (;;) {
        depot.idle_drones.push_back(drone.index);
        assign_waiting_orders(drone.depot);
        const std::size_t order_index = co_await drone.inbox->receive();
        Order& order = orders_[order_index];
        const Tick mission_start = sim_.now();
        drone.mission_started = mission_start;
        order.record.dispatched_s = kernel::seconds_from_ticks(mission_start);

        const double one_way_m = order.one_way_m;
        const Tick cruise = ticks_from_seconds(one_way_m / type.cruise_speed_mps);
        {
            auto pad = co_await depot.pads->acquire();
            co_await sim_.timeout(ticks_from_seconds(depot.spec->loading_time_s),
                                  {kinds_.load, id, order.record.id});
            co_await sim_.timeout(ticks_from_seconds(type.takeoff_time_s),
                                  {kinds_.takeoff, id, order.record.id});
        }
        co_await sim_.timeout(cruise, {kinds_.cruise_out, id, order.record.id});
        co_await sim_.timeout(ticks_from_seconds(type.drop_time_s),
                              {kinds_.drop, id, order.record.id});
        order.record.delivered_s = kernel::seconds_from_ticks(sim_.now());
        order.record.status = OrderStatus::delivered;
        ++drone.deliveries;
        co_await sim_.timeout(cruise, {kinds_.cruise_back, id, order.record.id});

        double used_wh = drone.energy.mission_wh(one_way_m);
        {
            const Tick arrived = sim_.now();
            auto pad = co_await depot.pads->acquire(kLandingPriority);
            used_wh += drone.energy.hover_wh(kernel::seconds_from_ticks(sim_.now() - arrived));
            co_await sim_.timeout(ticks_from_seconds(type.landing_time_s),
                                  {kinds_.land, id, order.record.id});
        }
        drone.charge_wh -= used_wh;
        drone.lowest_charge_wh = std::min(drone.lowest_charge_wh, drone.charge_wh);
        if (drone.charge_wh < drone.energy.reserve_wh()) {
            ++missions_below_reserve_;  // a long wait for a pad ate into the reserve
        }
        drone.energy_wh += used_wh;
        drone.distance_m += 2 * one_way_m;
        drone.mission_ticks += sim_.now() - mission_start;
        drone.mission_started = -1;
        order.record.distance_m = 2 * one_way_m;
        order.record.energy_wh = used_wh;

        {
            auto charger = co_await depot.chargers->acquire();
            const double missing_wh = type.battery_wh - drone.charge_wh;
            const Tick charge = ticks_from_seconds(missing_wh / depot.spec->charger_power_w * 3600.0);
            co_await sim_.timeout(charge, {kinds_.charge, id});
            drone.charging_ticks += charge;
            drone.charge_wh = type.battery_wh;
        }
    }
}

void DroneDelivery::finish() {
    if (finished_) {
        throw std::logic_error("DroneDelivery::finish called twice");
    }
    finished_ = true;
    for (const auto& order : orders_) {
        recorder_.record_order(order.record);
    }
    report_metrics();
}

void DroneDelivery::report_metrics() {
    std::uint64_t delivered = 0;
    std::uint64_t in_progress = 0;
    std::uint64_t queued = 0;
    std::uint64_t rejected_payload = 0;
    std::uint64_t rejected_range = 0;
    std::vector<double> delivery_times;
    std::vector<double> dispatch_waits;
    for (const auto& order : orders_) {
        const auto& r = order.record;
        switch (r.status) {
            case OrderStatus::delivered:
                ++delivered;
                delivery_times.push_back(r.delivered_s - r.created_s);
                break;
            case OrderStatus::in_progress: ++in_progress; break;
            case OrderStatus::queued: ++queued; break;
            case OrderStatus::rejected_payload: ++rejected_payload; break;
            case OrderStatus::rejected_range: ++rejected_range; break;
        }
        if (!std::isnan(r.dispatched_s)) {
            dispatch_waits.push_back(r.dispatched_s - r.created_s);
        }
    }
    double distance_m = 0;
    double energy_wh = 0;
    Tick mission_ticks = 0;
    double lowest_charge_fraction = 1;
    for (const auto& drone : drones_) {
        distance_m += drone.distance_m;
        energy_wh += drone.energy_wh;
        mission_ticks += drone.mission_ticks;
        if (drone.mission_started >= 0) {
            mission_ticks += horizon_ - drone.mission_started;  // still flying at the horizon
        }
        lowest_charge_fraction =
            std::min(lowest_charge_fraction, drone.lowest_charge_wh / drone.type->battery_wh);
    }
    auto mean_wait_s = [&](auto member) {
        std::uint64_t grants = 0;
        Tick total = 0;
        for (const auto& depot : depots_) {
            const auto stats = (depot.*member)->stats();
            grants += stats.grants;
            total += stats.total_wait;
        }
        return grants == 0 ? kNaN : kernel::seconds_from_ticks(total) / static_cast<double>(grants);
    };
    const double horizon_s = kernel::seconds_from_ticks(horizon_);
    const auto count = [](std::uint64_t n) { return static_cast<double>(n); };

    const std::vector<output::Metric> metrics{
        {"duration_s", horizon_s, "s", "simulated time"},
        {"vehicles", count(drones_.size()), "1", "drones in all fleets"},
        {"orders_created", count(orders_.size()), "1", "orders that arrived before the horizon"},
        {"orders_delivered", count(delivered), "1", "orders dropped at the customer"},
        {"orders_in_progress", count(in_progress), "1", "dispatched but not delivered at the horizon"},
        {"orders_queued", count(queued), "1", "waiting for a drone at the horizon"},
        {"orders_rejected_payload", count(rejected_payload), "1",
         "heavier than every drone's payload"},
        {"orders_rejected_range", count(rejected_range), "1",
         "beyond every drone's range with its reserve"},
        {"delivery_time_mean_s", mean(delivery_times), "s", "created to delivered, mean"},
        {"delivery_time_p50_s", percentile(delivery_times, 0.5), "s", "created to delivered, median"},
        {"delivery_time_p95_s", percentile(delivery_times, 0.95), "s",
         "created to delivered, 95th percentile"},
        {"dispatch_wait_mean_s", mean(dispatch_waits), "s", "created to dispatched, mean"},
        {"flight_distance_m", distance_m, "m", "flown by all drones on completed missions"},
        {"energy_wh", energy_wh, "Wh", "battery energy used on completed missions"},
        {"drone_utilisation", horizon_ == 0 ? 0.0 : static_cast<double>(mission_ticks) /
                                                       (static_cast<double>(horizon_) * count(drones_.size())),
         "1", "fraction of drone-time spent on missions (dispatch to landing)"},
        {"lowest_charge_fraction", lowest_charge_fraction, "1",
         "lowest battery state of charge reached by any drone"},
        {"missions_below_reserve", count(missions_below_reserve_), "1",
         "missions that landed with less than the reserve (after waiting for a pad)"},
        {"pad_wait_mean_s", mean_wait_s(&Depot::pads), "s", "wait for a launch or landing pad, mean"},
        {"charger_wait_mean_s", mean_wait_s(&Depot::chargers), "s", "wait for a charger, mean"},
    };
    for (const auto& metric : metrics) {
        recorder_.record_metric(metric);
    }
}

}  // namespace lastmile::model
