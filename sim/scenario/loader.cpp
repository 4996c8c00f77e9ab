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

// Limits that keep a typo from asking for an impossible run; generous for real cities.
constexpr std::int64_t kMaxVehiclesPerFleet = 1'000'000;
constexpr std::int64_t kMaxPadsOrChargers = 100'000;

/// Ids must be unique within their list; returns the index map for reference lookups.
template <typename Spec>
std::map<std::string, std::size_t> index_ids(const std::vector<Spec>& items,
                                             const std::vector<Value>& nodes,
                                             std::string_view what) {
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto [it, inserted] = index.emplace(items[i].id, i);
        if (!inserted) {
            const auto& first = items[it->second].defined_at;
            MapReader reader = nodes[i].as_map();
            reader.required("id").fail(fmt::format("duplicate {} id '{}' (first defined on line {})",
                                                   what, items[i].id, first.line));
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

SimulationSpec read_simulation(const Value& node) {
    MapReader map = node.as_map();
    SimulationSpec spec;
    spec.duration_s = map.required("duration").as_positive(Dimension::duration);
    spec.seed = map.required("seed").as_unsigned();
    if (auto rep = map.optional("replication")) {
        spec.replication = rep->as_unsigned();
    }
    map.finish();
    return spec;
}

DepotSpec read_depot(const Value& node) {
    MapReader map = node.as_map();
    DepotSpec depot;
    depot.defined_at = node.location();
    depot.id = map.required("id").as_id();
    depot.location = map.required("location").as_geo_point();
    depot.pads = static_cast<int>(map.required("pads").as_integer(1, kMaxPadsOrChargers));
    depot.chargers = static_cast<int>(map.required("chargers").as_integer(1, kMaxPadsOrChargers));
    depot.charger_power_w = map.required("charger_power").as_positive(Dimension::power);
    if (auto loading = map.optional("loading_time")) {
        depot.loading_time_s = loading->as_non_negative(Dimension::duration);
    }
    map.finish();
    return depot;
}

DroneEnergySpec read_drone_energy(const Value& node) {
    MapReader map = node.as_map();
    DroneEnergySpec energy;
    if (auto model = map.optional("model")) {
        const std::string name = model->as_string();
        if (name != "empirical") {
            model->fail("unknown energy model '" + name + "'" +
                        detail::suggestion_hint(name, {"empirical"}));
        }
    }
    energy.per_distance_wh_per_m =
        map.required("per_distance").as_positive(Dimension::energy_per_length);
    energy.per_cycle_wh = map.required("per_takeoff_landing").as_non_negative(Dimension::energy);
    energy.hover_power_w = map.required("hover_power").as_non_negative(Dimension::power);
    map.finish();
    return energy;
}

DroneTypeSpec read_drone_type(const Value& node) {
    MapReader map = node.as_map();
    DroneTypeSpec type;
    type.defined_at = node.location();
    type.id = map.required("id").as_id();
    type.max_payload_kg = map.required("max_payload").as_positive(Dimension::mass);
    type.battery_wh = map.required("battery").as_positive(Dimension::energy);
    const Value reserve = map.required("reserve");
    type.reserve_fraction = reserve.as_quantity(Dimension::fraction);
    if (type.reserve_fraction < 0 || type.reserve_fraction >= 1) {
        reserve.fail("expected a reserve from 0 % to below 100 %, found '" + reserve.as_string() +
                     "'");
    }
    type.cruise_speed_mps = map.required("cruise_speed").as_positive(Dimension::speed);
    type.takeoff_time_s = map.required("takeoff_time").as_non_negative(Dimension::duration);
    type.landing_time_s = map.required("landing_time").as_non_negative(Dimension::duration);
    type.drop_time_s = map.required("drop_time").as_non_negative(Dimension::duration);
    type.energy = read_drone_energy(map.required("energy"));
    map.finish();
    return type;
}

DemandPointSpec read_demand_point(const Value& node) {
    MapReader map = node.as_map();
    DemandPointSpec point;
    point.id = map.required("id").as_id();
    point.location = map.required("location").as_geo_point();
    if (auto weight = map.optional("weight")) {
        point.weight = weight->as_number();
        if (!(point.weight > 0)) {
            weight->fail("expected a relative weight greater than zero, found " +
                         weight->as_string());
        }
    }
    map.finish();
    return point;
}

DemandSpec read_demand(const Value& node) {
    MapReader map = node.as_map();
    DemandSpec demand;
    demand.rate_per_s = map.required("rate").as_positive(Dimension::rate);

    const Value weight = map.required("parcel_weight");
    if (weight.node().IsMap()) {
        MapReader range = weight.as_map();
        demand.parcel_min_kg = range.required("min").as_positive(Dimension::mass);
        const Value max = range.required("max");
        demand.parcel_max_kg = max.as_positive(Dimension::mass);
        range.finish();
        if (demand.parcel_max_kg < demand.parcel_min_kg) {
            max.fail("expected a maximum parcel weight of at least the minimum, found '" +
                     max.as_string() + "'");
        }
    } else {
        demand.parcel_min_kg = demand.parcel_max_kg = weight.as_positive(Dimension::mass);
    }

    const Value points = map.required("points");
    const auto nodes = points.as_list();
    if (nodes.empty()) {
        points.fail("expected at least one demand point, found an empty list");
    }
    std::map<std::string, std::size_t> ids;
    for (const auto& p : nodes) {
        demand.points.push_back(read_demand_point(p));
        if (!ids.emplace(demand.points.back().id, ids.size()).second) {
            MapReader again = p.as_map();
            again.required("id").fail("duplicate demand point id '" + demand.points.back().id +
                                      "'");
        }
    }
    map.finish();
    return demand;
}

ScenarioSpec read_scenario(const Value& root) {
    MapReader map = root.as_map();
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

    const Value depots = map.required("depots");
    const auto depot_nodes = depots.as_list();
    if (depot_nodes.empty()) {
        depots.fail("expected at least one depot, found an empty list");
    }
    for (const auto& d : depot_nodes) {
        spec.depots.push_back(read_depot(d));
    }
    const auto depot_index = index_ids(spec.depots, depot_nodes, "depot");

    const Value types = map.required("drone_types");
    const auto type_nodes = types.as_list();
    if (type_nodes.empty()) {
        types.fail("expected at least one drone type, found an empty list");
    }
    for (const auto& t : type_nodes) {
        spec.drone_types.push_back(read_drone_type(t));
    }
    const auto type_index = index_ids(spec.drone_types, type_nodes, "drone type");

    const Value fleets = map.required("fleets");
    const auto fleet_nodes = fleets.as_list();
    if (fleet_nodes.empty()) {
        fleets.fail("expected at least one fleet, found an empty list");
    }
    for (const auto& f : fleet_nodes) {
        MapReader fm = f.as_map();
        FleetSpec fleet;
        fleet.defined_at = f.location();
        fleet.id = fm.required("id").as_id();
        fleet.type_index = resolve(fm.required("type"), type_index, "drone type");
        fleet.depot_index = resolve(fm.required("depot"), depot_index, "depot");
        fleet.count = static_cast<int>(fm.required("count").as_integer(1, kMaxVehiclesPerFleet));
        fm.finish();
        spec.fleets.push_back(fleet);
    }
    index_ids(spec.fleets, fleet_nodes, "fleet");

    spec.demand = read_demand(map.required("demand"));

    if (auto frame = map.optional("frame")) {
        MapReader fr = frame->as_map();
        spec.frame_origin = fr.required("origin").as_geo_point();
        fr.finish();
    } else {
        spec.frame_origin = spec.depots.front().location;
    }
    map.finish();
    return spec;
}

}  // namespace

ScenarioSpec load_scenario_text(const std::string& text, const std::string& file_name) {
    const Document doc(file_name, text);
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
