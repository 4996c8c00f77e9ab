#include <lastmile/scenario/loader.hpp>

#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "suggest.hpp"
#include "yaml_reader.hpp"

namespace lastmile::scenario {
namespace {

using detail::Document;
using detail::MapReader;
using detail::Value;

/// Plausibility bounds, in internal units, with the words used in errors. They keep a typo
/// (a unit prefix too many, a missing minus) from becoming a run that cannot end or overflows
/// simulated time, and are far wider than any real delivery operation.
struct Bounds {
    double min;
    double max;
    std::string_view text;
};
constexpr Bounds kHorizon{1, 366 * 86400.0, "from 1 s to 366 d"};
constexpr Bounds kStepDuration{0, 86400, "from 0 s to 1 d"};
constexpr Bounds kSpeed{0.1, 300, "from 0.1 m/s to 300 m/s"};
constexpr Bounds kPayload{0.001, 10'000, "from 1 g to 10000 kg"};
constexpr Bounds kBattery{1, 1e6, "from 1 Wh to 1000 kWh"};
constexpr Bounds kChargerPower{1, 1e7, "from 1 W to 10000 kW"};
constexpr Bounds kHoverPower{0, 1e7, "from 0 W to 10000 kW"};
constexpr Bounds kCycleEnergy{0, 1e6, "from 0 Wh to 1000 kWh"};
constexpr Bounds kEnergyPerLength{1e-6, 100, "from 0.001 Wh/km to 100 kWh/km"};
constexpr Bounds kOrderRate{0.001 / 3600, 100, "from 0.001 /h to 360000 /h"};

constexpr std::int64_t kMaxVehicles = 1'000'000;  // in all fleets together
constexpr std::int64_t kMaxPadsOrChargers = 100'000;

double bounded(const Value& v, Dimension dimension, const Bounds& b) {
    return v.as_quantity_in(dimension, b.min, b.max, b.text);
}

/// Ids must be unique within their list; returns the index map for reference lookups.
template <typename Spec>
std::map<std::string, std::size_t> index_ids(const std::vector<Spec>& items,
                                             const std::vector<Value>& id_nodes,
                                             std::string_view what) {
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto [it, inserted] = index.emplace(items[i].id, i);
        if (!inserted) {
            id_nodes[i].fail(fmt::format("duplicate {} id '{}' (first defined on line {})", what,
                                         items[i].id, items[it->second].defined_at.line));
        }
    }
    return index;
}

std::size_t resolve(const Value& ref, const std::map<std::string, std::size_t>& index,
                    std::string_view what) {
    const std::string id = ref.as_id();
    if (const auto it = index.find(id); it != index.end()) {
        return it->second;
    }
    std::vector<std::string> known;
    for (const auto& [name, i] : index) {
        known.push_back(name);
    }
    ref.fail(fmt::format("no {} with id '{}'", what, id) + detail::suggestion_hint(id, known));
}

std::vector<Value> non_empty_list(const Value& v, std::string_view what) {
    auto items = v.as_list();
    if (items.empty()) {
        v.fail(fmt::format("expected at least one {}, found an empty list", what));
    }
    return items;
}

SimulationSpec read_simulation(const Value& node) {
    const MapReader map(node, {"duration", "seed", "replication"});
    SimulationSpec spec;
    spec.duration_s = bounded(map.required("duration"), Dimension::duration, kHorizon);
    spec.seed = map.required("seed").as_unsigned();
    if (auto rep = map.optional("replication")) {
        spec.replication = rep->as_unsigned();
    }
    return spec;
}

DepotSpec read_depot(const Value& node, std::vector<Value>& id_nodes) {
    const MapReader map(node, {"id", "location", "pads", "chargers", "charger_power", "loading_time"});
    DepotSpec depot;
    depot.defined_at = node.location();
    id_nodes.push_back(map.required("id"));  // push, never assign: YAML::Node assigns in place
    depot.id = id_nodes.back().as_id();
    depot.location = map.required("location").as_geo_point();
    depot.pads = static_cast<int>(map.required("pads").as_integer(1, kMaxPadsOrChargers));
    depot.chargers = static_cast<int>(map.required("chargers").as_integer(1, kMaxPadsOrChargers));
    depot.charger_power_w = bounded(map.required("charger_power"), Dimension::power, kChargerPower);
    if (auto loading = map.optional("loading_time")) {
        depot.loading_time_s = bounded(*loading, Dimension::duration, kStepDuration);
    }
    return depot;
}

DroneEnergySpec read_drone_energy(const Value& node) {
    const MapReader map(node, {"model", "per_distance", "per_takeoff_landing", "hover_power"});
    DroneEnergySpec energy;
    if (auto model = map.optional("model")) {
        const std::string name = model->as_string();
        if (name != "empirical") {
            model->fail("unknown energy model '" + name + "'" +
                        detail::suggestion_hint(name, {"empirical"}));
        }
    }
    energy.per_distance_wh_per_m =
        bounded(map.required("per_distance"), Dimension::energy_per_length, kEnergyPerLength);
    energy.per_cycle_wh = bounded(map.required("per_takeoff_landing"), Dimension::energy, kCycleEnergy);
    energy.hover_power_w = bounded(map.required("hover_power"), Dimension::power, kHoverPower);
    return energy;
}

DroneTypeSpec read_drone_type(const Value& node, std::vector<Value>& id_nodes) {
    const MapReader map(node, {"id", "max_payload", "battery", "reserve", "cruise_speed",
                               "takeoff_time", "landing_time", "drop_time", "energy"});
    DroneTypeSpec type;
    type.defined_at = node.location();
    id_nodes.push_back(map.required("id"));
    type.id = id_nodes.back().as_id();
    type.max_payload_kg = bounded(map.required("max_payload"), Dimension::mass, kPayload);
    type.battery_wh = bounded(map.required("battery"), Dimension::energy, kBattery);
    type.reserve_fraction = map.required("reserve").as_quantity_in(
        Dimension::fraction, 0, 0.99, "from 0 % to 99 %");
    type.cruise_speed_mps = bounded(map.required("cruise_speed"), Dimension::speed, kSpeed);
    type.takeoff_time_s = bounded(map.required("takeoff_time"), Dimension::duration, kStepDuration);
    type.landing_time_s = bounded(map.required("landing_time"), Dimension::duration, kStepDuration);
    type.drop_time_s = bounded(map.required("drop_time"), Dimension::duration, kStepDuration);
    type.energy = read_drone_energy(map.required("energy"));
    return type;
}

FleetSpec read_fleet(const Value& node, std::vector<Value>& id_nodes,
                     const std::map<std::string, std::size_t>& type_index,
                     const std::map<std::string, std::size_t>& depot_index) {
    const MapReader map(node, {"id", "type", "depot", "count"});
    FleetSpec fleet;
    fleet.defined_at = node.location();
    id_nodes.push_back(map.required("id"));
    fleet.id = id_nodes.back().as_id();
    fleet.type_index = resolve(map.required("type"), type_index, "drone type");
    fleet.depot_index = resolve(map.required("depot"), depot_index, "depot");
    fleet.count = static_cast<int>(map.required("count").as_integer(1, kMaxVehicles));
    return fleet;
}

DemandPointSpec read_demand_point(const Value& node, std::vector<Value>& id_nodes) {
    const MapReader map(node, {"id", "location", "weight"});
    DemandPointSpec point;
    point.defined_at = node.location();
    id_nodes.push_back(map.required("id"));
    point.id = id_nodes.back().as_id();
    point.location = map.required("location").as_geo_point();
    if (auto weight = map.optional("weight")) {
        point.weight = weight->as_number();
        if (!(point.weight > 0) || point.weight > 1e9) {
            weight->fail("expected a relative weight greater than zero and at most 1e9, found " +
                         weight->as_string());
        }
    }
    return point;
}

DemandSpec read_demand(const Value& node) {
    const MapReader map(node, {"rate", "parcel_weight", "points"});
    DemandSpec demand;
    demand.rate_per_s = bounded(map.required("rate"), Dimension::rate, kOrderRate);

    const Value weight = map.required("parcel_weight");
    if (weight.node().IsMap()) {
        const MapReader range(weight, {"min", "max"});
        demand.parcel_min_kg = bounded(range.required("min"), Dimension::mass, kPayload);
        const Value max = range.required("max");
        demand.parcel_max_kg = bounded(max, Dimension::mass, kPayload);
        if (demand.parcel_max_kg < demand.parcel_min_kg) {
            max.fail("expected a maximum parcel weight of at least the minimum, found '" +
                     max.as_string() + "'");
        }
    } else {
        demand.parcel_min_kg = demand.parcel_max_kg = bounded(weight, Dimension::mass, kPayload);
    }

    const auto nodes = non_empty_list(map.required("points"), "demand point");
    std::vector<Value> ids;
    for (const auto& point : nodes) {
        demand.points.push_back(read_demand_point(point, ids));
    }
    index_ids(demand.points, ids, "demand point");
    return demand;
}

ScenarioSpec read_scenario(const Value& root) {
    const MapReader map(root, {"schema", "name", "description", "simulation", "frame", "depots",
                               "drone_types", "fleets", "demand"});
    ScenarioSpec spec;

    const Value schema = map.required("schema");
    spec.schema = static_cast<int>(schema.as_integer(0, 1'000'000));
    if (spec.schema != kSchemaVersion) {
        schema.fail(fmt::format("unsupported schema version {}; this lastmile reads schema {}",
                                spec.schema, kSchemaVersion));
    }
    spec.name = map.required("name").as_string();
    if (auto description = map.optional("description")) {
        spec.description = description->as_string();
    }
    spec.simulation = read_simulation(map.required("simulation"));

    const auto depot_nodes = non_empty_list(map.required("depots"), "depot");
    std::vector<Value> depot_ids;
    for (const auto& node : depot_nodes) {
        spec.depots.push_back(read_depot(node, depot_ids));
    }
    const auto depot_index = index_ids(spec.depots, depot_ids, "depot");

    const auto type_nodes = non_empty_list(map.required("drone_types"), "drone type");
    std::vector<Value> type_ids;
    for (const auto& node : type_nodes) {
        spec.drone_types.push_back(read_drone_type(node, type_ids));
    }
    const auto type_index = index_ids(spec.drone_types, type_ids, "drone type");

    const auto fleet_nodes = non_empty_list(map.required("fleets"), "fleet");
    std::vector<Value> fleet_ids;
    std::int64_t vehicles = 0;
    for (std::size_t i = 0; i < fleet_nodes.size(); ++i) {
        spec.fleets.push_back(read_fleet(fleet_nodes[i], fleet_ids, type_index, depot_index));
        vehicles += spec.fleets.back().count;
        if (vehicles > kMaxVehicles) {
            fleet_nodes[i].fail(fmt::format("the fleets add up to {} drones; at most {} are "
                                            "supported in one scenario",
                                            vehicles, kMaxVehicles));
        }
    }
    index_ids(spec.fleets, fleet_ids, "fleet");

    spec.demand = read_demand(map.required("demand"));

    if (auto frame = map.optional("frame")) {
        const MapReader fr(*frame, {"origin"});
        spec.frame_origin = fr.required("origin").as_geo_point();
    } else {
        spec.frame_origin = spec.depots.front().location;
    }
    return spec;
}

/// Scenario files are text: a NUL byte means a binary or corrupted file, and would be lost
/// from the copy of the scenario stored with the results.
void reject_nul_bytes(const Document& doc, const std::string& text) {
    const std::size_t nul = text.find('\0');
    if (nul == std::string::npos) {
        return;
    }
    int line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < nul; ++i) {
        if (text[i] == '\n') {
            ++line;
            line_start = i + 1;
        }
    }
    throw InputError(SourceLocation{doc.file(), line, static_cast<int>(nul - line_start) + 1}, "",
                     "found a NUL byte: a scenario must be a text file");
}

}  // namespace

ScenarioSpec load_scenario_text(const std::string& text, const std::string& file_name) {
    const Document doc(file_name, text);
    reject_nul_bytes(doc, text);
    const YAML::Node root = detail::parse_yaml(doc, text);
    if (!root.IsMap()) {
        const Value v(doc, root, "", YAML::Mark());
        throw InputError(SourceLocation{file_name, 1, 1}, "",
                         "expected a scenario (a mapping with 'schema: 1' and its sections), "
                         "found " + v.found(),
                         doc.line_text(1));
    }
    ScenarioSpec spec = read_scenario(Value(doc, root, "", root.Mark()));
    spec.source_file = file_name;
    spec.source_text = text;
    return spec;
}

ScenarioSpec load_scenario_file(const std::filesystem::path& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        throw InputError(SourceLocation{path.string(), 0, 0}, "",
                         "is a directory, expected a scenario file");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw InputError(SourceLocation{path.string(), 0, 0}, "", "cannot open the file for reading");
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) {
        throw InputError(SourceLocation{path.string(), 0, 0}, "", "error while reading the file");
    }
    return load_scenario_text(buffer.str(), path.string());
}

}  // namespace lastmile::scenario
