#include <algorithm>
#include <cmath>

#include <lastmile/model/demand.hpp>

namespace lastmile::model {

using kernel::Tick;

double profile_factor(const std::vector<scenario::ProfilePoint>& profile, double time_of_day_s) {
    if (profile.empty()) {
        return 1;
    }
    // Before the first point of the day, the last point's factor still holds (from yesterday).
    double factor = profile.back().factor;
    for (const auto& p : profile) {
        if (p.from_s <= time_of_day_s) {
            factor = p.factor;
        }
    }
    return factor;
}

DemandGenerator::DemandGenerator(kernel::Simulation& sim, const scenario::ScenarioSpec& spec,
                                 const geo::LocalFrame& frame, Sink sink)
    : sim_(sim),
      spec_(spec),
      frame_(frame),
      sink_(std::move(sink)),
      horizon_(kernel::ticks_from_seconds(spec.simulation.duration_s)),
      arrival_kind_(sim.kind("order.arrival", "zone", "")) {
    for (const auto& zs : spec.demand.zones) {
        Zone zone;
        zone.spec = &zs;
        double cumulative = 0;
        for (const auto& p : zs.points) {
            zone.points.push_back(frame.to_enu(p.location));
            cumulative += p.weight;
            zone.cumulative_weight.push_back(cumulative);
        }
        for (const auto& corner : zs.polygon) {
            zone.polygon.push_back(frame.to_enu(corner).head<2>());
        }
        if (!zone.polygon.empty()) {
            zone.low = zone.high = zone.polygon.front();
            for (const auto& c : zone.polygon) {
                zone.low = zone.low.cwiseMin(c);
                zone.high = zone.high.cwiseMax(c);
            }
        }
        if (!zs.profile.empty()) {
            zone.peak_factor = 0;
            for (const auto& p : zs.profile) {
                zone.peak_factor = std::max(zone.peak_factor, p.factor);
            }
        }
        zones_.push_back(std::move(zone));
    }
}

void DemandGenerator::start() {
    for (std::size_t z = 0; z < zones_.size(); ++z) {
        sim_.spawn(zone_arrivals(z), {});
    }
    if (!spec_.demand.trace.empty()) {
        sim_.spawn(trace_replay(), {});
    }
}

double DemandGenerator::time_of_day_s(Tick t) const {
    const double clock = spec_.simulation.start_time_of_day_s + kernel::seconds_from_ticks(t);
    return std::fmod(clock, scenario::kSecondsPerDay);
}

geo::Enu DemandGenerator::draw_position(const Zone& zone, kernel::RandomStream& stream) const {
    if (!zone.points.empty()) {
        const double u = stream.uniform01() * zone.cumulative_weight.back();
        const auto it =
            std::upper_bound(zone.cumulative_weight.begin(), zone.cumulative_weight.end(), u);
        const auto i = std::min<std::size_t>(
            static_cast<std::size_t>(it - zone.cumulative_weight.begin()), zone.points.size() - 1);
        return zone.points[i];
    }
    // Uniform in the polygon by rejection from its bounding box. A degenerate polygon (no
    // area) gives up after many tries and uses the box, rather than looping for ever.
    Eigen::Vector2d p;
    for (int attempt = 0; attempt < 10'000; ++attempt) {
        // Two statements, y first: as two arguments of one call the draws' order would be the
        // compiler's (GCC went right to left, Clang left to right). y first keeps the
        // positions every earlier run drew with GCC.
        const double y = stream.uniform(zone.low.y(), zone.high.y());
        const double x = stream.uniform(zone.low.x(), zone.high.x());
        p = Eigen::Vector2d(x, y);
        if (geo::contains(zone.polygon, p)) {
            break;
        }
    }
    return geo::Enu(p.x(), p.y(), 0);
}

kernel::Process DemandGenerator::zone_arrivals(std::size_t zone_index) {
    const Zone& zone = zones_[zone_index];
    const auto entity = static_cast<std::uint64_t>(zone_index);
    auto arrivals = sim_.stream("demand.arrivals", entity);
    auto thinning = sim_.stream("demand.thinning", entity);
    auto locations = sim_.stream("demand.locations", entity);
    auto weights = sim_.stream("demand.weights", entity);
    const double peak_rate = zone.spec->rate_per_s * zone.peak_factor;
    for (;;) {
        const Tick gap = kernel::ticks_from_seconds(arrivals.exponential(1.0 / peak_rate));
        if (gap >= horizon_ - sim_.now()) {
            co_return;
        }
        co_await sim_.timeout(gap, {arrival_kind_, entity});
        // Draw every number for every candidate, kept or not, so that the streams advance
        // the same way whatever the profile decides.
        const double keep = thinning.uniform01();
        const geo::Enu position = draw_position(zone, locations);
        const double weight = weights.uniform(zone.spec->parcel_min_kg, zone.spec->parcel_max_kg);
        const double factor = profile_factor(zone.spec->profile, time_of_day_s(sim_.now()));
        if (keep * zone.peak_factor < factor) {
            sink_(OrderRequest{position, weight, zone.spec->promise_s,
                               static_cast<std::int32_t>(zone_index)});
        }
    }
}

kernel::Process DemandGenerator::trace_replay() {
    for (const auto& order : spec_.demand.trace) {
        const Tick at = kernel::ticks_from_seconds(order.time_s);
        if (at >= horizon_) {
            co_return;
        }
        co_await sim_.timeout(at - sim_.now(), {arrival_kind_, ~std::uint64_t{0}});
        geo::Enu position = frame_.to_enu(order.location);
        position.z() = 0;
        sink_(OrderRequest{position, order.weight_kg, order.promise_s, -1});
    }
}

}  // namespace lastmile::model
