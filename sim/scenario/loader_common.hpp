#pragma once
// Helpers shared by the scenario section readers: plausibility bounds, id indexing and
// reference resolution, all reporting located errors.

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include <lastmile/geo/local_frame.hpp>
#include <lastmile/scenario/spec.hpp>

#include "suggest.hpp"
#include "yaml_reader.hpp"

namespace lastmile::scenario::detail {

/// Plausibility bounds, in internal units, with the words used in errors. They keep a typo
/// (a unit prefix too many, a missing minus) from becoming a run that cannot end or overflows
/// simulated time, and are far wider than any real delivery operation.
struct Bounds {
    double min;
    double max;
    std::string_view text;
};
inline constexpr Bounds kHorizon{1, 366 * 86400.0, "from 1 s to 366 d"};
inline constexpr Bounds kStepDuration{0, 86400, "from 0 s to 1 d"};
inline constexpr Bounds kLongDuration{1, 366 * 86400.0, "from 1 s to 366 d"};
inline constexpr Bounds kAirspeed{0.1, 300, "from 0.1 m/s to 300 m/s"};
inline constexpr Bounds kGroundSpeed{0.01, 50, "from 0.01 m/s to 50 m/s"};
inline constexpr Bounds kVerticalSpeed{0.05, 50, "from 0.05 m/s to 50 m/s"};
inline constexpr Bounds kAltitude{0, 5000, "from 0 m to 5000 m"};
inline constexpr Bounds kMass{0.001, 10'000, "from 1 g to 10000 kg"};
inline constexpr Bounds kOptionalMass{0, 10'000, "from 0 kg to 10000 kg"};
inline constexpr Bounds kBattery{1, 1e6, "from 1 Wh to 1000 kWh"};
inline constexpr Bounds kChargerPower{1, 1e7, "from 1 W to 10000 kW"};
inline constexpr Bounds kHoverPower{0, 1e7, "from 0 W to 10000 kW"};
inline constexpr Bounds kCycleEnergy{0, 1e6, "from 0 Wh to 1000 kWh"};
inline constexpr Bounds kEnergyPerLength{1e-6, 100, "from 0.001 Wh/km to 100 kWh/km"};
inline constexpr Bounds kEnergyPerLengthPerKg{0, 100, "from 0 to 100 kWh/km per kg"};
inline constexpr Bounds kOrderRate{0.001 / 3600, 100, "from 0.001 /h to 360000 /h"};
inline constexpr Bounds kLength{0.01, 1e5, "from 1 cm to 100 km"};
inline constexpr Bounds kDensity{0.1, 2, "from 0.1 kg/m^3 to 2 kg/m^3"};
inline constexpr Bounds kFraction{0, 1, "from 0 % to 100 %"};
inline constexpr Bounds kPositiveFraction{0.01, 1, "from 1 % to 100 %"};

inline constexpr std::int64_t kMaxVehicles = 1'000'000;  // in all fleets together
inline constexpr std::int64_t kMaxCount = 100'000;       // pads, chargers, packs, compartments

inline double bounded(const Value& v, Dimension dimension, const Bounds& b) {
    return v.as_quantity_in(dimension, b.min, b.max, b.text);
}

inline int count_in(const Value& v, std::int64_t min, std::int64_t max = kMaxCount) {
    return static_cast<int>(v.as_integer(min, max));
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

inline std::vector<std::string> keys_of(const std::map<std::string, std::size_t>& index) {
    std::vector<std::string> keys;
    for (const auto& [name, i] : index) {
        keys.push_back(name);
    }
    return keys;
}

inline std::size_t resolve(const Value& ref, const std::map<std::string, std::size_t>& index,
                           std::string_view what) {
    const std::string id = ref.as_id();
    if (const auto it = index.find(id); it != index.end()) {
        return it->second;
    }
    ref.fail(fmt::format("no {} with id '{}'", what, id) + suggestion_hint(id, keys_of(index)));
}

inline std::vector<Value> non_empty_list(const Value& v, std::string_view what) {
    auto items = v.as_list();
    if (items.empty()) {
        v.fail(fmt::format("expected at least one {}, found an empty list", what));
    }
    return items;
}

/// The position of node (row, col) of a rows x cols grid with `spacing` metres between
/// neighbours, centred on `frame`'s origin (row 0 south, col 0 west), on the ground.
geo::GeoPoint grid_node(const geo::LocalFrame& frame, std::size_t row, std::size_t col,
                        std::size_t rows, std::size_t cols, double spacing_m);

/// Where the files a scenario references come from: the disk, relative to the scenario's
/// directory, or the copies a results file embeds. Keeps what it read, for embedding.
class InputFiles {
  public:
    explicit InputFiles(std::filesystem::path base_dir) : base_dir_(std::move(base_dir)) {}
    InputFiles(std::filesystem::path base_dir, const std::vector<EmbeddedInput>& embedded)
        : base_dir_(std::move(base_dir)), embedded_(&embedded) {}

    /// The file `reference` names; `resolved` is where it was found. Errors point at the key.
    std::string read(const Value& reference, std::filesystem::path& resolved);
    std::vector<EmbeddedInput> take_read() { return std::move(read_); }

  private:
    std::filesystem::path base_dir_;
    const std::vector<EmbeddedInput>* embedded_ = nullptr;
    std::vector<EmbeddedInput> read_;
};

// Section readers (one file each).
DepotSpec read_depot(const Value& node, std::vector<Value>& id_nodes);
DroneTypeSpec read_drone_type(const Value& node, std::vector<Value>& id_nodes);
RobotTypeSpec read_robot_type(const Value& node, std::vector<Value>& id_nodes);
GroundNetworkSpec read_ground_network(const Value& node, InputFiles& files);
DemandSpec read_demand(const Value& node, InputFiles& files);
/// Needs the depots, fleets and frame origin already read.

/// Input files are UTF-8 text (results files store them as UTF-8 strings): refuses a UTF-16
/// or UTF-32 byte order mark, a NUL byte, other control characters but tab, CR and LF, and
/// bytes that are not UTF-8, with an InputError at the offending line and column of `file`.
/// `what` names the file for the message ("a scenario").
void require_text(const std::string& file, const std::string& text, std::string_view what);

/// yaml-cpp reads the first document of a stream and ignores the rest: refuses a second,
/// non-empty document (located where it starts), so that nothing in the file is silently
/// dropped.
void require_one_document(const Document& doc, const std::string& text, std::string_view what);

/// `text` cut to a length fit for a message, with "..." when cut.
std::string shortened(const std::string& text);

/// The `economics` section; vehicle types must be read already.
EconomicsSpec read_economics(const Value& node, const ScenarioSpec& spec);

AirspaceSpec read_airspace(const Value& node, const ScenarioSpec& spec,
                           const std::vector<Value>& depot_nodes);
/// Parses an orders CSV (documented in docs/scenario-format.md); errors name file:line:col.
std::vector<TraceOrderSpec> read_orders_csv(const std::string& text, const std::string& file);

}  // namespace lastmile::scenario::detail
