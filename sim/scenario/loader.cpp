#include <algorithm>
#include <array>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>

#include <yaml-cpp/eventhandler.h>

#include <lastmile/geo/local_frame.hpp>
#include <lastmile/geo/nearest_geodesic.hpp>
#include <lastmile/scenario/input_file.hpp>
#include <lastmile/scenario/loader.hpp>

#include "loader_common.hpp"

namespace lastmile::scenario {
namespace detail {

std::string InputFiles::read(const Value& reference, std::filesystem::path& resolved) {
    const std::string name = reference.as_string();
    resolved = resolve_input_path(base_dir_, name);
    if (embedded_ != nullptr) {
        for (const auto& input : *embedded_) {
            if (input.name == name) {
                read_.push_back(input);
                return input.text;
            }
        }
        reference.fail("the results file does not embed '" + name + "'");
    }
    const std::string what = "the file named by " + reference.path();
    std::string text;
    try {
        // Regular files only, with the size cap of every input file.
        text = read_input_file(resolved, "an input file");
    } catch (const InputError& e) {
        reference.fail("'" + resolved.string() + "': " + e.message());
    }
    // It is stored in results files as UTF-8 text, and parsed as text.
    require_text(resolved.string(), text, what);
    read_.push_back({name, std::move(text)});
    return read_.back().text;
}

namespace {

/// The length of the UTF-8 sequence starting at `text[i]`, or 0 if none starts there (a stray
/// continuation byte, an overlong form, a surrogate, beyond U+10FFFF, or cut short).
std::size_t utf8_sequence_length(const std::string& text, std::size_t i) {
    const auto byte = [&](std::size_t k) {
        return k < text.size() ? static_cast<unsigned char>(text[k]) : 0u;
    };
    const unsigned lead = byte(i);
    const auto continuation = [&](std::size_t k) { return (byte(k) & 0xC0u) == 0x80u; };
    if (lead >= 0xC2 && lead <= 0xDF) {
        return continuation(i + 1) ? 2 : 0;
    }
    if (lead >= 0xE0 && lead <= 0xEF) {
        const unsigned second = byte(i + 1);
        const bool ok = (lead == 0xE0 ? second >= 0xA0 : true) &&
                        (lead == 0xED ? second <= 0x9F : true) && continuation(i + 1) &&
                        continuation(i + 2);
        return ok ? 3 : 0;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        const unsigned second = byte(i + 1);
        const bool ok = (lead == 0xF0 ? second >= 0x90 : true) &&
                        (lead == 0xF4 ? second <= 0x8F : true) && continuation(i + 1) &&
                        continuation(i + 2) && continuation(i + 3);
        return ok ? 4 : 0;
    }
    return 0;
}

}  // namespace

void require_text(const std::string& file, const std::string& text, std::string_view what) {
    const auto starts_with = [&](std::string_view prefix) {
        return std::string_view(text).substr(0, prefix.size()) == prefix;
    };
    using namespace std::string_view_literals;
    if (starts_with("\xFF\xFE"sv) || starts_with("\xFE\xFF"sv) ||
        starts_with("\x00\x00\xFE\xFF"sv)) {
        throw InputError(SourceLocation{file, 1, 1}, "",
                         fmt::format("the file is UTF-16 or UTF-32 (it starts with a byte order "
                                     "mark): {} must be UTF-8 text; save it as UTF-8",
                                     what));
    }
    int line = 1;
    int column = 1;  // in characters
    for (std::size_t i = 0; i < text.size(); ++column) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::string problem;
        if (c == '\n') {
            ++line;
            column = 0;
        } else if (c == 0) {
            problem = fmt::format("found a NUL byte: {} must be a text file", what);
        } else if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7F) {
            problem = fmt::format("found the control character 0x{:02X}: {} must be a text file", c,
                                  what);
        } else if (c >= 0x80) {
            const std::size_t length = utf8_sequence_length(text, i);
            if (length == 0) {
                problem = fmt::format(
                    "found the byte 0x{:02X}, which is not UTF-8: {} must be UTF-8 text (save "
                    "it as UTF-8, not Latin-1 or Windows-1252)",
                    c, what);
            }
            i += length == 0 ? 1 : length;
        }
        if (!problem.empty()) {
            throw InputError(SourceLocation{file, line, column}, "", problem);
        }
        if (c < 0x80) {
            ++i;
        }
    }
}

std::string shortened(const std::string& text) {
    constexpr std::size_t kMaxShown = 60;
    if (text.size() <= kMaxShown) {
        return text;
    }
    std::size_t cut = kMaxShown;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0u) == 0x80u) {
        --cut;  // not inside a UTF-8 sequence
    }
    return text.substr(0, cut) + "...";
}

namespace {

/// Watches one document's events: where it starts, and whether it holds anything but null.
class DocumentProbe final : public YAML::EventHandler {
  public:
    void OnDocumentStart(const YAML::Mark& mark) override {
        start_ = mark;
        content_.reset();
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { saw(mark); }
    void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  const std::string&) override {
        saw(mark);
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {
        saw(mark);
    }
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {
        saw(mark);
    }
    void OnMapEnd() override {}

    const YAML::Mark& start() const { return start_; }
    const std::optional<YAML::Mark>& content() const { return content_; }

  private:
    void saw(const YAML::Mark& mark) {
        if (!content_) {
            content_ = mark;
        }
    }
    YAML::Mark start_;
    std::optional<YAML::Mark> content_;
};

}  // namespace

void require_one_document(const Document& doc, const std::string& text, std::string_view what) {
    // Event by event, building no nodes: YAML::LoadAll loops forever on some invalid streams
    // ("schema: 1\n---\n,\n"), adding empty documents without moving on.
    std::istringstream in(text);
    YAML::Parser parser(in);
    DocumentProbe probe;
    int previous_pos = -1;
    try {
        for (int document = 0; parser.HandleNextDocument(probe); ++document) {
            if (probe.start().pos <= previous_pos) {
                doc.fail(probe.start(), "", "invalid YAML: the stream does not go on from here");
            }
            previous_pos = probe.start().pos;
            if (document > 0 && probe.content()) {
                doc.fail(*probe.content(), "",
                         fmt::format("found a second YAML document (after '---'): {} is one "
                                     "document; everything after the first would be ignored",
                                     what));
            }
        }
    } catch (const YAML::ParserException& e) {
        doc.fail(e.mark, "", yaml_error_message(e));
    }
}

}  // namespace detail

namespace {

using detail::Document;
using detail::MapReader;
using detail::Value;
using namespace detail;

SimulationSpec read_simulation(const Value& node) {
    const MapReader map(node,
                        {"duration", "start_time", "timeseries_interval", "seed", "replication"});
    SimulationSpec spec;
    spec.duration_s = bounded(map.required("duration"), Dimension::duration, kHorizon);
    if (auto start = map.optional("start_time")) {
        spec.start_time_of_day_s = start->as_time_of_day();
    }
    if (auto interval = map.optional("timeseries_interval")) {
        spec.timeseries_interval_s = bounded(*interval, Dimension::duration, kLongDuration);
    }
    spec.seed = map.required("seed").as_unsigned();
    if (auto rep = map.optional("replication")) {
        spec.replication = rep->as_unsigned();
    }
    return spec;
}

/// Resolves a fleet's vehicle type among drone and robot types (one id space).
void resolve_fleet_type(const Value& ref, const ScenarioSpec& spec, FleetSpec& fleet) {
    const std::string id = ref.as_id();
    for (std::size_t i = 0; i < spec.drone_types.size(); ++i) {
        if (spec.drone_types[i].id == id) {
            fleet.mode = VehicleMode::drone;
            fleet.type_index = i;
            return;
        }
    }
    for (std::size_t i = 0; i < spec.robot_types.size(); ++i) {
        if (spec.robot_types[i].id == id) {
            fleet.mode = VehicleMode::robot;
            fleet.type_index = i;
            return;
        }
    }
    std::vector<std::string> known;
    for (const auto& t : spec.drone_types) {
        known.push_back(t.id);
    }
    for (const auto& t : spec.robot_types) {
        known.push_back(t.id);
    }
    ref.fail("no vehicle type with id '" + id + "'" + suggestion_hint(id, known));
}

/// The depot must have what the fleet's vehicles need.
void check_fleet_depot(const Value& depot_ref, const ScenarioSpec& spec, const FleetSpec& fleet) {
    const DepotSpec& depot = spec.depots[fleet.depot_index];
    if (fleet.mode == VehicleMode::drone) {
        if (depot.pads == 0) {
            depot_ref.fail(
                fmt::format("depot '{}' has no pads, but fleet '{}' of drones is based there",
                            depot.id, fleet.id));
        }
        if (depot.chargers.count == 0 && !depot.swap.enabled) {
            depot_ref.fail(
                fmt::format("depot '{}' has neither chargers nor battery swap, but fleet "
                            "'{}' of drones needs one of them",
                            depot.id, fleet.id));
        }
    } else {
        if (!spec.ground_network.present()) {
            depot_ref.fail(
                fmt::format("fleet '{}' of robots needs a ground_network to drive on", fleet.id));
        }
        if (depot.loading_bays == 0) {
            depot_ref.fail(
                fmt::format("depot '{}' has no loading_bays, but fleet '{}' of robots is "
                            "based there",
                            depot.id, fleet.id));
        }
        if (depot.chargers.count == 0) {
            depot_ref.fail(
                fmt::format("depot '{}' has no chargers, but fleet '{}' of robots needs them",
                            depot.id, fleet.id));
        }
    }
}

double largest_payload_kg(const ScenarioSpec& spec) {
    double largest = 0;
    for (const auto& fleet : spec.fleets) {
        largest = std::max(largest, fleet.mode == VehicleMode::drone
                                        ? spec.drone_types[fleet.type_index].max_payload_kg
                                        : spec.robot_types[fleet.type_index].max_payload_kg);
    }
    return largest;
}

/// Keeps a run within memory: generated orders and time-series samples are bounded before the
/// run starts, with a message, rather than by an out-of-memory kill.
void check_sizes(const Value& simulation_node, const Value& demand_node, const ScenarioSpec& spec) {
    constexpr double kMaxExpectedOrders = 50e6;
    constexpr double kMaxSamples = 1e6;
    double expected = 0;
    for (const auto& zone : spec.demand.zones) {
        double peak = zone.profile.empty() ? 1.0 : 0.0;
        for (const auto& p : zone.profile) {
            peak = std::max(peak, p.factor);
        }
        expected += zone.rate_per_s * peak * spec.simulation.duration_s;
    }
    if (expected > kMaxExpectedOrders) {
        demand_node.fail(
            fmt::format("the zones would generate up to {:.3g} orders over the run (rate "
                        "x peak factor x duration); at most {:.0f} million are supported",
                        expected, kMaxExpectedOrders / 1e6));
    }
    const double samples = spec.simulation.duration_s / spec.simulation.timeseries_interval_s;
    if (samples > kMaxSamples) {
        simulation_node.fail(
            fmt::format("a timeseries_interval of {} s over the duration makes {:.3g} "
                        "samples; at most {:.0f} are supported",
                        spec.simulation.timeseries_interval_s, samples, kMaxSamples));
    }
}

/// Battery packs circulate between the drones of a swap depot: they must all take the same
/// battery, or a pack sized for one type would be planned as another's.
void check_swap_batteries(const std::vector<Value>& fleet_nodes, const ScenarioSpec& spec) {
    for (std::size_t f = 0; f < spec.fleets.size(); ++f) {
        const auto& fleet = spec.fleets[f];
        if (fleet.mode != VehicleMode::drone || !spec.depots[fleet.depot_index].swap.enabled) {
            continue;
        }
        for (std::size_t g = 0; g < f; ++g) {
            const auto& other = spec.fleets[g];
            if (other.mode != VehicleMode::drone || other.depot_index != fleet.depot_index) {
                continue;
            }
            const auto& a = spec.drone_types[fleet.type_index].battery;
            const auto& b = spec.drone_types[other.type_index].battery;
            if (a.capacity_wh != b.capacity_wh || a.usable_fraction != b.usable_fraction) {
                fleet_nodes[f].fail(fmt::format(
                    "fleet '{}' and fleet '{}' swap batteries at depot '{}' but their drone types "
                    "have different batteries; use one battery per swap depot",
                    fleet.id, other.id, spec.depots[fleet.depot_index].id));
            }
        }
    }
}

/// Orders no vehicle could ever lift are a scenario mistake, not a statistic.
void check_payloads(const ScenarioSpec& spec) {
    const double largest = largest_payload_kg(spec);
    for (std::size_t z = 0; z < spec.demand.zones.size(); ++z) {
        const auto& zone = spec.demand.zones[z];
        if (zone.parcel_min_kg > largest) {
            throw InputError(
                zone.defined_at, fmt::format("demand.zones[{}].parcel_weight", z),
                fmt::format("every parcel of zone '{}' weighs at least {} kg, above every "
                            "vehicle's payload (largest {} kg)",
                            zone.id, zone.parcel_min_kg, largest),
                "");
        }
    }
    for (const auto& order : spec.demand.trace) {
        if (order.weight_kg > largest) {
            throw InputError(order.weight_at, "weight",
                             fmt::format("order '{}' weighs {} kg, above every vehicle's payload "
                                         "(largest {} kg)",
                                         order.id, order.weight_kg, largest),
                             "");
        }
    }
}

/// Robot depots must sit on the ground network.
void check_robot_depots(const std::vector<Value>& depot_nodes, const ScenarioSpec& spec) {
    std::vector<geo::GeoPoint> locations;
    for (const auto& node : spec.ground_network.nodes) {
        locations.push_back(node.location);
    }
    const geo::NearestByGeodesic nodes(locations);
    for (const auto& fleet : spec.fleets) {
        if (fleet.mode != VehicleMode::robot) {
            continue;
        }
        const auto& depot = spec.depots[fleet.depot_index];
        const double nearest = nodes.nearest(depot.location).distance_m;
        if (nearest > spec.ground_network.max_snap_m) {
            depot_nodes[fleet.depot_index].fail(fmt::format(
                "depot '{}' is {:.0f} m from the nearest ground network node, more than max_snap "
                "({:.0f} m): its robots could not reach the network",
                depot.id, nearest, spec.ground_network.max_snap_m));
        }
    }
}

ScenarioSpec read_scenario(const Value& root, InputFiles& files, const Vocabulary& vocabulary) {
    const MapReader map(root, {"schema", "name", "description", "simulation", "frame", "depots",
                               "drone_types", "robot_types", "fleets", "ground_network", "demand",
                               "dispatch", "airspace", "economics"});
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

    std::vector<Value> type_ids;
    if (auto drones = map.optional("drone_types")) {
        for (const auto& node : non_empty_list(*drones, "drone type")) {
            spec.drone_types.push_back(read_drone_type(node, type_ids));
        }
    }
    if (auto robots = map.optional("robot_types")) {
        for (const auto& node : non_empty_list(*robots, "robot type")) {
            spec.robot_types.push_back(read_robot_type(node, type_ids));
        }
    }
    if (type_ids.empty()) {
        root.fail("expected 'drone_types', 'robot_types' or both: a fleet needs a vehicle type");
    }
    {
        // Drone and robot types share one id space, so a fleet's `type` is unambiguous.
        struct Named {
            std::string id;
            SourceLocation defined_at;
        };
        std::vector<Named> all_types;
        for (const auto& t : spec.drone_types) {
            all_types.push_back({t.id, t.defined_at});
        }
        for (const auto& t : spec.robot_types) {
            all_types.push_back({t.id, t.defined_at});
        }
        index_ids(all_types, type_ids, "vehicle type");
    }

    if (auto network = map.optional("ground_network")) {
        spec.ground_network = read_ground_network(*network, files);
    }

    const auto fleet_nodes = non_empty_list(map.required("fleets"), "fleet");
    std::vector<Value> fleet_ids;
    std::int64_t vehicles = 0;
    for (const auto& node : fleet_nodes) {
        const MapReader fm(node, {"id", "type", "depot", "count"});
        FleetSpec fleet;
        fleet.defined_at = node.location();
        fleet_ids.push_back(fm.required("id"));
        fleet.id = fleet_ids.back().as_id();
        resolve_fleet_type(fm.required("type"), spec, fleet);
        const Value depot_ref = fm.required("depot");
        fleet.depot_index = resolve(depot_ref, depot_index, "depot");
        fleet.count = count_in(fm.required("count"), 1, kMaxVehicles);
        check_fleet_depot(depot_ref, spec, fleet);
        vehicles += fleet.count;
        if (vehicles > kMaxVehicles) {
            node.fail(
                fmt::format("the fleets add up to {} vehicles; at most {} are supported in one "
                            "scenario",
                            vehicles, kMaxVehicles));
        }
        spec.fleets.push_back(fleet);
    }
    index_ids(spec.fleets, fleet_ids, "fleet");
    check_robot_depots(depot_nodes, spec);
    check_swap_batteries(fleet_nodes, spec);

    const Value demand = map.required("demand");
    spec.demand = read_demand(demand, files);
    check_payloads(spec);
    check_sizes(map.required("simulation"), demand, spec);

    if (auto dispatch = map.optional("dispatch")) {
        const MapReader dm(*dispatch, {"policy"});
        const Value policy = dm.required("policy");
        const std::string name = policy.as_string();
        const auto& known = vocabulary.dispatch_policies;
        if (std::find(known.begin(), known.end(), name) == known.end()) {
            policy.fail("unknown dispatch policy '" + name + "'" + suggestion_hint(name, known));
        }
        spec.dispatch.policy = name;
    }

    if (auto frame = map.optional("frame")) {
        const MapReader fr(*frame, {"origin"});
        spec.frame_origin = fr.required("origin").as_geo_point();
    } else {
        spec.frame_origin = spec.depots.front().location;
    }
    if (auto economics = map.optional("economics")) {
        spec.economics = read_economics(*economics, spec);
    }
    if (auto airspace = map.optional("airspace")) {
        spec.airspace = read_airspace(*airspace, spec, depot_nodes);
    }
    return spec;
}

}  // namespace

namespace {

ScenarioSpec load_text(const std::string& text, const std::string& file_name, InputFiles& files,
                       const Vocabulary& vocabulary) {
    const Document doc(file_name, text);
    // Scenario files are text: a NUL byte, a control character or bytes that are not UTF-8
    // mean a binary, corrupted or wrongly saved file; the results file stores it as UTF-8.
    detail::require_text(file_name, text, "a scenario");
    const YAML::Node root = detail::parse_yaml(doc, text);
    if (!root.IsMap()) {
        const Value v(doc, root, "", YAML::Mark());
        throw InputError(SourceLocation{file_name, 1, 1}, "",
                         "expected a scenario (a mapping with 'schema: 1' and its sections), "
                         "found " +
                             detail::shortened(v.found()),
                         detail::shortened(doc.line_text(1)));
    }
    detail::require_one_document(doc, text, "a scenario");
    ScenarioSpec spec = read_scenario(Value(doc, root, "", root.Mark()), files, vocabulary);
    spec.source_file = file_name;
    spec.source_text = text;
    spec.inputs = files.take_read();
    spec.parameters = doc.resolved();
    return spec;
}

}  // namespace

ScenarioSpec load_scenario_text(const std::string& text, const std::string& file_name,
                                const Vocabulary& vocabulary) {
    InputFiles files(std::filesystem::path(file_name).parent_path());
    return load_text(text, file_name, files, vocabulary);
}

ScenarioSpec load_scenario_text(const std::string& text, const std::string& file_name,
                                const std::vector<EmbeddedInput>& inputs,
                                const Vocabulary& vocabulary) {
    InputFiles files(std::filesystem::path(file_name).parent_path(), inputs);
    return load_text(text, file_name, files, vocabulary);
}

ScenarioSpec load_scenario_file(const std::filesystem::path& path, const Vocabulary& vocabulary) {
    return load_scenario_text(read_input_file(path, "a scenario file"), path.string(), vocabulary);
}

}  // namespace lastmile::scenario
