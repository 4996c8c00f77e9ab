#pragma once
/// Where orders come from: generated in zones, or replayed from a trace.
///
/// A zone's orders are a non-homogeneous Poisson process: the base rate times a piecewise
/// constant time-of-day profile, drawn by thinning (candidates at the peak rate, each kept
/// with probability rate(t) / peak). Each zone draws from its own streams (arrivals, thinning,
/// location, weight), so adding a zone, a vehicle or a depot never changes another zone's
/// orders, and fleet variants are compared on identical demand.

#include <functional>
#include <vector>

#include <lastmile/geo/local_frame.hpp>
#include <lastmile/geo/polygon.hpp>
#include <lastmile/kernel/simulation.hpp>
#include <lastmile/scenario/spec.hpp>

namespace lastmile::model {

struct OrderRequest {
    geo::Enu position;
    double weight_kg = 0;
    double promise_s = 0;    ///< infinity when there is none
    std::int32_t zone = -1;  ///< -1 for trace orders
};

/// The zone's rate multiplier at a time of day (seconds after midnight).
double profile_factor(const std::vector<scenario::ProfilePoint>& profile, double time_of_day_s);

class DemandGenerator {
  public:
    using Sink = std::function<void(const OrderRequest&)>;

    DemandGenerator(kernel::Simulation& sim, const scenario::ScenarioSpec& spec,
                    const geo::LocalFrame& frame, Sink sink);

    /// Starts every zone's arrivals and the trace replay at the current time.
    void start();

  private:
    struct Zone {
        const scenario::DemandZoneSpec* spec = nullptr;
        std::vector<geo::Enu> points;
        std::vector<double> cumulative_weight;
        geo::Polygon2 polygon;
        Eigen::Vector2d low, high;  ///< polygon bounding box
        double peak_factor = 1;
    };

    kernel::Process zone_arrivals(std::size_t zone_index);
    kernel::Process trace_replay();
    geo::Enu draw_position(const Zone& zone, kernel::RandomStream& stream) const;
    double time_of_day_s(kernel::Tick t) const;

    kernel::Simulation& sim_;
    const scenario::ScenarioSpec& spec_;
    const geo::LocalFrame& frame_;
    Sink sink_;
    kernel::Tick horizon_;
    kernel::EventKind arrival_kind_;
    std::vector<Zone> zones_;
};

}  // namespace lastmile::model
