#pragma once
/// The facts a run reports: what models hand to the Recorder, and what results files hold.
/// Plain data, with the unit in every field name.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lastmile::output {

enum class OrderStatus : std::uint8_t {
    delivered,          ///< dropped at the customer
    in_progress,        ///< dispatched, not yet delivered at the horizon
    queued,             ///< waiting for a vehicle at the horizon
    rejected_payload,   ///< heavier than every vehicle's payload
    rejected_range,     ///< no vehicle can fly there and back with its reserve intact
};

inline constexpr std::string_view kOrderStatusNames[] = {
    "delivered", "in_progress", "queued", "rejected_payload", "rejected_range"};

inline std::string_view to_string(OrderStatus status) {
    return kOrderStatusNames[static_cast<std::size_t>(status)];
}

/// One row of /orders. Times are seconds since the start of the run; NaN when the event did
/// not happen. Indices are -1 when not applicable.
struct OrderRecord {
    std::uint64_t id = 0;
    double created_s = 0;
    double dispatched_s = 0;
    double delivered_s = 0;
    std::int32_t depot = -1;     ///< index into the scenario's depots
    std::int32_t vehicle = -1;   ///< index into the run's vehicles
    std::int32_t point = -1;     ///< index into the scenario's demand points
    double weight_kg = 0;
    double distance_m = 0;       ///< flown for this order, out and back
    double energy_wh = 0;        ///< battery energy used by the mission
    OrderStatus status = OrderStatus::queued;
};

/// A scalar result with its unit ("s", "m", "Wh", "1" for counts and fractions).
struct Metric {
    std::string name;
    double value = 0;
    std::string unit;
    std::string description;
};

}  // namespace lastmile::output
