#pragma once
/// The typed, validated form of a scenario file. Everything downstream of the loader reads this,
/// never YAML. Quantities are in internal units (see units.hpp) and named with their unit;
/// cross-references are resolved to indices; each entity remembers where it was defined.

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <lastmile/geo/geo_point.hpp>
#include <lastmile/scenario/airspace_spec.hpp>
#include <lastmile/scenario/economics_spec.hpp>
#include <lastmile/scenario/input_error.hpp>

namespace lastmile::scenario {

inline constexpr int kSchemaVersion = 1;
inline constexpr double kSecondsPerDay = 86400;

struct SimulationSpec {
    double duration_s = 0;           ///< orders arrive and the run ends at this horizon
    double start_time_of_day_s = 0;  ///< clock time at t = 0, for profiles and opening hours
    double timeseries_interval_s = 300;
    std::uint64_t seed = 0;         ///< master seed of every random stream
    std::uint64_t replication = 0;  ///< replication index (another key of every stream)
};

/// Daily opening hours as times of day; open all day when `always_open`.
struct OpeningHours {
    bool always_open = true;
    double open_s = 0;
    double close_s = kSecondsPerDay;  ///< may be earlier than open_s (open over midnight)
};

struct ChargerSpec {
    int count = 0;
    double power_w = 0;
    /// Constant power up to this state of charge, then power falls linearly with the charge
    /// still missing, down to `taper_floor` of full power (a constant-current/constant-voltage
    /// approximation). 1 means no taper.
    double taper_above_fraction = 1;
    double taper_floor_fraction = 0.1;
    /// Testing and validation option: charge for an exponential time with this mean instead
    /// of the time the energy needs (makes a charger bank an M/M/c queue). 0 = off.
    double exponential_service_mean_s = 0;
};

struct BatterySwapSpec {
    bool enabled = false;
    int stations = 0;  ///< vehicles swapped at once
    double swap_time_s = 0;
    int spare_packs = 0;             ///< charged packs in stock at the start
    double pack_charge_power_w = 0;  ///< each depleted pack recharges at this power
};

struct DepotSpec {
    std::string id;
    geo::GeoPoint location;
    OpeningHours hours;
    int pads = 0;               ///< drone launch and landing pads (one drone each)
    int loading_bays = 0;       ///< robot loading bays (one robot each); 0 = no robots
    double loading_time_s = 0;  ///< per parcel
    ChargerSpec chargers;
    BatterySwapSpec swap;
    SourceLocation defined_at;
};

struct BatterySpec {
    double capacity_wh = 0;
    double usable_fraction = 1;   ///< of capacity that the battery management lets out
    double reserve_fraction = 0;  ///< of usable energy, never planned to be used
    double mass_kg = 0;           ///< for the physics energy model
    double usable_wh() const { return capacity_wh * usable_fraction; }
    double reserve_wh() const { return usable_wh() * reserve_fraction; }
    double plannable_wh() const { return usable_wh() - reserve_wh(); }
};

struct ReliabilitySpec {
    double mtbf_s = std::numeric_limits<double>::infinity();  ///< in operating time
    double repair_time_s = 0;
};

enum class DroneEnergyModelKind { empirical, physics };

/// Empirical: energy per distance (plus a payload sensitivity), per take-off/landing cycle,
/// and hover power.
struct EmpiricalEnergySpec {
    double per_distance_wh_per_m = 0;
    double per_distance_per_kg_wh_per_m_kg = 0;
    double per_cycle_wh = 0;
    double hover_power_w = 0;
};

/// Physics: hover power from momentum theory (Dorling et al. 2017) for the whole mass, plus
/// parasite power in forward flight, divided by the powertrain efficiency.
struct PhysicsEnergySpec {
    int rotors = 0;
    double rotor_disk_area_m2 = 0;  ///< per rotor
    double air_density_kg_per_m3 = 1.225;
    double efficiency = 1;
    double drag_area_m2 = 0;  ///< drag coefficient times frontal area
};

struct DroneEnergySpec {
    DroneEnergyModelKind kind = DroneEnergyModelKind::empirical;
    EmpiricalEnergySpec empirical;
    PhysicsEnergySpec physics;
};

struct DroneTypeSpec {
    std::string id;
    double empty_mass_kg = 0;  ///< without battery and payload
    double max_payload_kg = 0;
    BatterySpec battery;
    double cruise_speed_mps = 0;  ///< airspeed
    double cruise_altitude_m = 0;
    double climb_rate_mps = 0;
    double descent_rate_mps = 0;
    double takeoff_time_s = 0;  ///< on the pad, before the climb
    double landing_time_s = 0;  ///< on the pad, after the descent
    double drop_time_s = 0;     ///< hovering over the customer while the parcel is lowered
    DroneEnergySpec energy;
    ReliabilitySpec reliability;
    SourceLocation defined_at;
};

struct RobotTypeSpec {
    std::string id;
    double speed_mps = 0;
    int compartments = 1;       ///< parcels per trip
    double max_payload_kg = 0;  ///< per parcel
    BatterySpec battery;
    double energy_per_distance_wh_per_m = 0;
    double crossing_delay_s = 0;  ///< per street crossing on the path
    double handover_time_s = 0;   ///< at each customer
    ReliabilitySpec reliability;
    SourceLocation defined_at;
};

enum class VehicleMode : std::uint8_t { drone, robot };

struct FleetSpec {
    std::string id;
    VehicleMode mode = VehicleMode::drone;
    std::size_t type_index = 0;   ///< into drone_types or robot_types, by mode
    std::size_t depot_index = 0;  ///< into ScenarioSpec::depots
    int count = 0;
    SourceLocation defined_at;
};

struct GroundNodeSpec {
    std::string id;
    geo::GeoPoint location;
    SourceLocation defined_at;
};

/// A walkable link; both directions. Length is the geodesic polyline length.
struct GroundEdgeSpec {
    std::size_t from = 0;
    std::size_t to = 0;
    double length_m = 0;
    int crossings = 0;  ///< street crossings on this link
    SourceLocation defined_at;
};

struct GroundNetworkSpec {
    std::vector<GroundNodeSpec> nodes;
    std::vector<GroundEdgeSpec> edges;
    double max_snap_m = 250;  ///< customers farther from any node are unreachable
    std::string source_file;  ///< GeoJSON file, if the network came from one
    std::string source_text;  ///< its text, kept for provenance
    bool present() const { return !nodes.empty(); }
};

/// A demand multiplier from a time of day until the next point's (wrapping at midnight).
struct ProfilePoint {
    double from_s = 0;
    double factor = 1;
};

struct DemandPointSpec {
    std::string id;
    geo::GeoPoint location;
    double weight = 1;  ///< relative share of the zone's orders
    SourceLocation defined_at;
};

struct DemandZoneSpec {
    std::string id;
    double rate_per_s = 0;              ///< base Poisson rate, times the profile factor
    std::vector<ProfilePoint> profile;  ///< empty: flat
    std::vector<DemandPointSpec> points;
    std::vector<geo::GeoPoint> polygon;  ///< orders uniform inside, when there are no points
    double parcel_min_kg = 0;            ///< parcel weights are uniform on [min, max]
    double parcel_max_kg = 0;
    double promise_s = std::numeric_limits<double>::infinity();
    SourceLocation defined_at;
};

/// One order of a trace file.
struct TraceOrderSpec {
    std::string id;
    double time_s = 0;
    geo::GeoPoint location;
    double weight_kg = 0;
    double promise_s = std::numeric_limits<double>::infinity();
    SourceLocation defined_at;
    SourceLocation weight_at;  ///< the weight cell
};

struct DemandSpec {
    std::vector<DemandZoneSpec> zones;
    std::vector<TraceOrderSpec> trace;  ///< sorted by time, then file order
    std::string trace_file;
    std::string trace_text;  ///< the CSV verbatim, for provenance
};

struct DispatchSpec {
    /// A dispatch policy by its registered name (model::DispatchPolicies): LastMile's own are
    /// "fastest-feasible" and "robot-batching".
    std::string policy = "fastest-feasible";
};

/// A file the scenario references (orders CSV, GeoJSON network), as read: results files embed
/// them so a run can be repeated from the file alone.
struct EmbeddedInput {
    std::string name;  ///< as written in the scenario
    std::string text;
};

/// A value as the loader read it, in internal (SI) units: what the run used. "1" is the unit of
/// counts, flags (1 true, 0 false) and plain numbers.
struct ResolvedParameter {
    std::string key;  ///< key path, e.g. "drone_types[0].cruise_speed"
    double value = 0;
    std::string unit;
};

struct ScenarioSpec {
    int schema = kSchemaVersion;
    std::string name;
    std::string description;
    std::string source_file;  ///< as given to the loader
    std::string source_text;  ///< the file verbatim, for provenance and replay
    SimulationSpec simulation;
    geo::GeoPoint frame_origin;  ///< origin of the local east-north-up frame
    std::vector<DepotSpec> depots;
    std::vector<DroneTypeSpec> drone_types;
    std::vector<RobotTypeSpec> robot_types;
    std::vector<FleetSpec> fleets;
    GroundNetworkSpec ground_network;
    DemandSpec demand;
    DispatchSpec dispatch;
    AirspaceSpec airspace;    ///< absent (no nodes): drones fly straight lines in calm air
    EconomicsSpec economics;  ///< absent: no cost comparison
    std::vector<EmbeddedInput> inputs;          ///< every referenced file, in the order read
    std::vector<ResolvedParameter> parameters;  ///< every number read, in document order
};

}  // namespace lastmile::scenario
