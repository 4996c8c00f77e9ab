#pragma once
/// The facts a run reports: what models hand to the Recorder, and what results files hold.
/// Plain data, with the unit in every field name. docs/results-format.md describes each table.

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace lastmile::output {

inline constexpr double kNotApplicable = std::numeric_limits<double>::quiet_NaN();

enum class OrderStatus : std::uint8_t {
    delivered,             ///< handed to the customer
    in_progress,           ///< assigned to a vehicle, not yet delivered at the horizon
    queued,                ///< waiting for a vehicle at the horizon
    rejected_payload,      ///< heavier than every vehicle's payload
    rejected_range,        ///< no vehicle can get there and back with its reserve intact
    rejected_unreachable,  ///< no drone can serve it and it is off the robots' network
};

inline constexpr std::string_view kOrderStatusNames[] = {"delivered",      "in_progress",
                                                         "queued",         "rejected_payload",
                                                         "rejected_range", "rejected_unreachable"};

inline std::string_view to_string(OrderStatus status) {
    return kOrderStatusNames[static_cast<std::size_t>(status)];
}

enum class Mode : std::uint8_t { none, drone, robot };
inline constexpr std::string_view kModeNames[] = {"", "drone", "robot"};
inline std::string_view to_string(Mode mode) {
    return kModeNames[static_cast<std::size_t>(mode)];
}

/// One row of /orders. Times are seconds since the start of the run; NaN when the event did
/// not happen. Indices are -1 when not applicable.
struct OrderRecord {
    std::uint64_t id = 0;
    double created_s = 0;
    double dispatched_s = kNotApplicable;
    double delivered_s = kNotApplicable;
    Mode mode = Mode::none;
    std::int32_t depot = -1;    ///< index into the scenario's depots
    std::int32_t vehicle = -1;  ///< index into /vehicles
    std::int32_t zone = -1;     ///< index into demand.zones; -1 for trace orders
    double weight_kg = 0;
    double promise_s = kNotApplicable;  ///< NaN when the order has no promise
    double wait_s = kNotApplicable;     ///< created to dispatched
    std::int8_t promise_met = -1;       ///< 1 delivered within the promise, 0 late, -1 undecided
    double distance_m = 0;              ///< travelled for this order (its share of a shared trip)
    double energy_wh = 0;               ///< battery energy of its mission (its share)
    OrderStatus status = OrderStatus::queued;
};

enum class VehicleState : std::uint8_t { idle, mission, charging, swapping, repair, count };
inline constexpr std::string_view kVehicleStateNames[] = {"idle", "mission", "charging", "swapping",
                                                          "repair"};

/// One row of /vehicles: totals over the run.
struct VehicleRecord {
    std::uint32_t index = 0;
    std::int32_t fleet = -1;
    Mode mode = Mode::none;
    std::int32_t type = -1;  ///< index into drone_types or robot_types, by mode
    std::int32_t depot = -1;
    double state_s[static_cast<std::size_t>(VehicleState::count)] = {};  ///< time in each state
    double distance_m = 0;
    double energy_wh = 0;
    std::uint64_t missions = 0;  ///< flights or trips
    std::uint64_t deliveries = 0;
    std::uint64_t failures = 0;
    double battery_cycles = 0;  ///< equivalent full cycles of the packs it flew on
};

/// One row of /batteries: every pack, including spares.
struct BatteryRecord {
    std::uint32_t pack = 0;
    std::int32_t depot = -1;
    std::int32_t vehicle = -1;  ///< holding it at the horizon; -1 in stock
    double discharged_wh = 0;
    double equivalent_cycles = 0;  ///< discharged energy over usable capacity
    std::uint64_t charges = 0;
};

/// One row of /flights: a drone leg (out to the customer, or back to the depot).
struct FlightRecord {
    std::uint64_t flight = 0;  ///< mission number; both legs share it
    std::uint32_t vehicle = 0;
    std::uint64_t order = 0;
    std::int32_t depot = -1;
    std::uint8_t leg = 0;  ///< 0 out, 1 back
    double start_s = 0;
    double end_s = 0;
    double distance_m = 0;
    double energy_wh = 0;
    double payload_kg = 0;
    double ground_delay_s = 0;  ///< held before take-off for a conflict-free slot (leg 0)
    std::uint32_t reroutes = 0;
    std::string contingency;  ///< empty for a nominal flight; else the safety event it answered
};

/// One row of /flight_segments: a corridor segment flown by a flight leg, in flying order.
struct FlightSegmentRecord {
    std::uint64_t flight = 0;
    std::uint8_t leg = 0;       ///< 0 out, 1 back
    std::uint32_t segment = 0;  ///< row of /segments
    double entry_s = 0;
    double exit_s = 0;
};

/// One row of /flight_tracks: a point of the path a flight leg actually flew (after holds and
/// contingencies), in flying order; straight lines at constant speed join consecutive points.
struct FlightTrackPoint {
    std::uint64_t flight = 0;
    std::uint8_t leg = 0;  ///< 0 out, 1 back (for an interrupted flight, the contingency)
    double time_s = 0;
    double lat_deg = 0;
    double lon_deg = 0;
    double altitude_m = 0;  ///< above the ground
};

/// One row of /safety: a safety-relevant event. Positions are of `vehicle` at the event
/// (closest approach for separation events).
struct SafetyRecord {
    double time_s = 0;  ///< when it began
    double end_s = kNotApplicable;
    std::string type;      ///< see scenario::safety_event_names()
    std::string severity;  ///< major (nmac, failure), significant, minor
    std::int64_t flight = -1;
    std::int32_t vehicle = -1;
    std::int64_t other_flight = -1;
    std::int32_t other_vehicle = -1;
    double lat_deg = kNotApplicable;
    double lon_deg = kNotApplicable;
    double altitude_m = kNotApplicable;
    double cpa_s = kNotApplicable;  ///< time of closest approach
    double horizontal_m = kNotApplicable;
    double vertical_m = kNotApplicable;
    std::int32_t leg = -1;  ///< index of the leg in the flight's planned path
    std::int32_t other_leg = -1;
};

/// One row of /segments: use of a corridor segment over the run.
struct SegmentRecord {
    std::uint32_t segment = 0;         ///< index in the scenario's corridor segments
    std::string id;                    ///< its id (first 24 characters)
    std::uint64_t flights = 0;         ///< entries
    std::uint32_t peak_occupancy = 0;  ///< most flights on it at once
    double busy_s = 0;                 ///< time with at least one flight on it
    double ground_delay_s = 0;         ///< sum of ground delays of the flights that used it
};

/// One row of /trips: a robot leg between stops (depot, customers, depot).
struct TripRecord {
    std::uint64_t trip = 0;
    std::uint32_t vehicle = 0;
    std::uint32_t leg = 0;    ///< 0, 1, ... in driving order
    std::int64_t order = -1;  ///< the order delivered at the end of the leg; -1 for the way back
    std::int32_t depot = -1;
    double start_s = 0;
    double end_s = 0;
    double distance_m = 0;
    std::int32_t crossings = 0;
    double energy_wh = 0;
};

/// One row of /depots: statistics of one queue at one depot.
struct DepotQueueRecord {
    std::int32_t depot = -1;
    std::string resource;  ///< pads, loading_bays, chargers, swap_stations, charged_packs
    double capacity = 0;
    std::uint64_t served = 0;
    std::uint64_t waited = 0;  ///< of the served, how many had to queue
    double mean_wait_s = kNotApplicable;
    double max_wait_s = 0;
    double mean_queue = 0;  ///< time average of the number waiting
    std::uint64_t max_queue = 0;
    double utilisation = kNotApplicable;  ///< time-average units in use over capacity
    std::uint64_t gave_up = 0;            ///< waiters that left the queue unserved
    double gave_up_wait_s = 0;            ///< their total wait
};

/// The number of vehicles of a mode on missions changed (kept in memory for the economics'
/// staffing, which must not depend on the sampling interval; not written to the file).
struct OnMissionChange {
    double time_s = 0;
    Mode mode = Mode::none;
    std::uint32_t on_mission = 0;  ///< from now on
};

/// One row of /timeseries/fleet, at a fixed interval.
struct FleetSample {
    double time_s = 0;
    std::uint32_t vehicles[static_cast<std::size_t>(VehicleState::count)] = {};
    std::uint32_t drones_on_mission = 0;
    std::uint32_t robots_on_mission = 0;
    std::uint32_t backlog = 0;  ///< orders queued for a vehicle
};

/// One row of /timeseries/depots.
struct DepotSample {
    double time_s = 0;
    std::int32_t depot = -1;
    std::uint32_t pads_in_use = 0;
    std::uint32_t pad_queue = 0;
    std::uint32_t chargers_in_use = 0;
    std::uint32_t charger_queue = 0;
    std::uint32_t bays_in_use = 0;
    std::uint32_t bay_queue = 0;
    std::uint32_t packs_in_stock = 0;
    std::uint32_t backlog = 0;
};

/// One row of /scenario/parameters: a number of the scenario as the run used it.
struct ParameterRecord {
    std::string key;  ///< key path (first 160 characters)
    double value = 0;
    std::string unit;  ///< internal unit ("1" for counts, flags and plain numbers)
};

/// One row of /trace/kinds: an event kind and what its two entity ids name ("vehicle",
/// "order"...; empty when unused).
struct TraceKindRecord {
    std::string name;
    std::string subject;
    std::string object;
};

/// One row of /trace/events: a processed event, in processing order.
struct TraceEventRecord {
    double time_s = 0;
    std::uint32_t kind = 0;  ///< row of /trace/kinds
    std::uint64_t subject = 0;
    std::uint64_t object = 0;
};

/// The full event trace of a run (written only when asked for).
struct TraceRecords {
    std::vector<TraceKindRecord> kinds;
    std::vector<TraceEventRecord> events;
    bool empty() const { return kinds.empty(); }
};

/// A scalar result with its unit ("s", "m", "Wh", "1" for counts and fractions).
struct Metric {
    std::string name;
    double value = 0;
    std::string unit;
    std::string description;
};

/// Tables of /economics (see econ::EconomicsReport). Money in USD.
struct CostLineRecord {
    std::string option;        ///< owned or raas
    std::string vehicle_type;  ///< empty for costs of the whole operation
    std::string item;          ///< scenario::kCostItemNames
    double annual_usd = 0;
    double per_delivery_usd = 0;
};

struct CostSummaryRecord {
    std::string option;
    double annual_usd = 0;
    double present_value_usd = 0;
    double cost_per_delivery_usd = 0;
    double deliveries_per_year = 0;
};

struct BreakEvenFeeRecord {
    std::string vehicle_type;
    double fee_usd_per_vehicle_month = 0;
};

struct SensitivityRecord {
    std::string parameter;  ///< key path
    std::string unit;
    double low = 0;
    double high = 0;
    double owned_at_low_usd = 0;  ///< cost per delivery
    double owned_at_high_usd = 0;
    double raas_at_low_usd = 0;
    double raas_at_high_usd = 0;
};

struct EconomicsParameterRecord {
    std::string key;
    std::string unit;
    double value = 0;
    double low = kNotApplicable;
    double high = kNotApplicable;
    std::string source;
};

struct VolumePointRecord {
    double volume = 0;
    double fleet_utilisation = 0;  ///< the busiest type's; above 1 an extrapolation
    double deliveries_per_year = 0;
    double owned_cost_per_delivery_usd = 0;
    double raas_cost_per_delivery_usd = 0;
};

struct EconomicsRecords {
    std::vector<CostLineRecord> breakdown;
    std::vector<CostSummaryRecord> summary;
    std::vector<BreakEvenFeeRecord> break_even_fees;
    std::vector<SensitivityRecord> sensitivity;
    std::vector<EconomicsParameterRecord> parameters;
    std::vector<VolumePointRecord> volume;
    bool empty() const { return summary.empty(); }
};

}  // namespace lastmile::output
