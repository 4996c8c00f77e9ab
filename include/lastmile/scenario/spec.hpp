#pragma once
/// The typed, validated form of a scenario file. Everything downstream of the loader reads this,
/// never YAML. Quantities are in internal units (see units.hpp) and named with their unit;
/// cross-references are resolved to indices; each entity remembers where it was defined.

#include <cstdint>
#include <string>
#include <vector>

#include <lastmile/geo/geo_point.hpp>
#include <lastmile/scenario/input_error.hpp>

namespace lastmile::scenario {

inline constexpr int kSchemaVersion = 1;

struct SimulationSpec {
    double duration_s = 0;          ///< orders arrive and the run ends at this horizon
    std::uint64_t seed = 0;         ///< master seed of every random stream
    std::uint64_t replication = 0;  ///< replication index (another key of every stream)
};

struct DepotSpec {
    std::string id;
    geo::GeoPoint location;
    int pads = 0;                  ///< launch and landing pads (one vehicle each)
    int chargers = 0;
    double charger_power_w = 0;
    double loading_time_s = 0;     ///< per parcel, on the pad before take-off
    SourceLocation defined_at;
};

/// Empirical energy model: energy per distance flown, per take-off and landing cycle, and
/// hover power while dropping a parcel or waiting for a pad.
struct DroneEnergySpec {
    double per_distance_wh_per_m = 0;
    double per_cycle_wh = 0;
    double hover_power_w = 0;
};

struct DroneTypeSpec {
    std::string id;
    double max_payload_kg = 0;
    double battery_wh = 0;
    double reserve_fraction = 0;   ///< of battery capacity, never planned to be used
    double cruise_speed_mps = 0;
    double takeoff_time_s = 0;
    double landing_time_s = 0;
    double drop_time_s = 0;        ///< hovering over the customer while the parcel is lowered
    DroneEnergySpec energy;
    SourceLocation defined_at;
};

struct FleetSpec {
    std::string id;
    std::size_t type_index = 0;    ///< into ScenarioSpec::drone_types
    std::size_t depot_index = 0;   ///< into ScenarioSpec::depots
    int count = 0;
    SourceLocation defined_at;
};

struct DemandPointSpec {
    std::string id;
    geo::GeoPoint location;
    double weight = 1;             ///< relative share of orders
    SourceLocation defined_at;
};

struct DemandSpec {
    double rate_per_s = 0;         ///< Poisson arrival rate over the whole area
    double parcel_min_kg = 0;      ///< parcel weights are uniform on [min, max]
    double parcel_max_kg = 0;
    std::vector<DemandPointSpec> points;
};

struct ScenarioSpec {
    int schema = kSchemaVersion;
    std::string name;
    std::string description;
    std::string source_file;       ///< as given to the loader
    std::string source_text;       ///< the file verbatim, for provenance and replay
    SimulationSpec simulation;
    geo::GeoPoint frame_origin;    ///< origin of the local east-north-up frame
    std::vector<DepotSpec> depots;
    std::vector<DroneTypeSpec> drone_types;
    std::vector<FleetSpec> fleets;
    DemandSpec demand;
};

}  // namespace lastmile::scenario
