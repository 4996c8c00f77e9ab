#pragma once
// The parts of an Operation shared by its translation units (operation.cpp, and the airspace
// missions in airspace_mission.cpp). Private to the model.

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>

#include <lastmile/model/operation.hpp>

namespace lastmile::model {

using kernel::seconds_from_ticks;
using kernel::Tick;
using kernel::ticks_from_seconds;
using output::OrderStatus;
using output::VehicleState;

namespace detail_op {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInfinity = std::numeric_limits<double>::infinity();

// A drone back from a mission hovers until it gets a pad, burning energy: it lands before any
// drone on the ground takes off. (With an airspace, it diverts when its reserve is reached.)
constexpr kernel::Priority kLandingPriority = -1;
// The sampler looks at the state after everything else that happens at the same tick.
constexpr kernel::Priority kSamplerPriority = 100;

inline std::size_t mode_index(scenario::VehicleMode mode) {
    return static_cast<std::size_t>(mode);
}

inline output::Mode output_mode(scenario::VehicleMode mode) {
    return mode == scenario::VehicleMode::drone ? output::Mode::drone : output::Mode::robot;
}

}  // namespace detail_op

using namespace detail_op;

struct Operation::Kinds {
    kernel::EventKind start, dispatch, load, takeoff, climb, cruise_out, drop, cruise_back, descent,
        land, charge, swap, pack_charged, repair, drive, handover, depot_hours, sample, pack_grant,
        ground_hold, leg, encounter, contingency, conditions, retry, recovery, reserve_divert;
};

struct Operation::ContingencyRoute {
    std::vector<TrajectoryLeg> legs;  ///< from now, in absolute time
    double wh = 0;
    bool at_depot = false;  ///< lands at its own depot (else it is recovered by road)
};

struct Operation::Order {
    output::OrderRecord record;
    geo::Enu position;
    std::optional<std::size_t> ground_node;  ///< nearest network node, if within reach
    double one_way_m = 0;                    ///< drones: straight line from the chosen depot
    std::uint32_t attempts = 0;              ///< flights that set out with it
};

struct Operation::Pack {
    double usable_wh = 0;
    double charge_wh = 0;
    double discharged_wh = 0;
    std::uint64_t charges = 0;
    std::int32_t depot = -1;
    std::int32_t vehicle = -1;
    double lowest_wh = 0;  ///< lowest charge it ever had, at the end of a mission

    void discharge(double wh) {
        charge_wh -= wh;
        discharged_wh += wh;
        lowest_wh = std::min(lowest_wh, charge_wh);
    }
};

struct Operation::Vehicle {
    std::uint32_t index = 0;
    std::int32_t fleet = 0;
    Mode mode = Mode::drone;
    std::size_t type = 0;
    std::size_t depot = 0;
    const scenario::DroneTypeSpec* drone = nullptr;
    const scenario::RobotTypeSpec* robot = nullptr;
    const scenario::BatterySpec* battery = nullptr;
    const scenario::ReliabilitySpec* reliability = nullptr;
    std::size_t pack = 0;
    std::unique_ptr<kernel::Mailbox<std::vector<std::size_t>>> inbox;
    VehicleState state = VehicleState::idle;
    Tick state_since = 0;
    std::array<double, static_cast<std::size_t>(VehicleState::count)> state_s{};
    double distance_m = 0;
    double energy_wh = 0;
    double cycles = 0;
    std::uint64_t missions = 0;
    std::uint64_t deliveries = 0;
    std::uint64_t failures = 0;
    double operating_s = 0;
    double next_failure_at_s = kInfinity;  ///< in operating time
    std::optional<kernel::RandomStream> failure_stream;
    std::optional<kernel::RandomStream> charge_stream;
    std::optional<kernel::RandomStream> lost_link_stream;
};

struct Operation::Depot {
    const scenario::DepotSpec* spec = nullptr;
    std::size_t index = 0;
    geo::Enu position;
    std::optional<std::size_t> ground_node;
    kernel::Resource* pads = nullptr;
    kernel::Resource* bays = nullptr;
    kernel::Resource* chargers = nullptr;
    kernel::Resource* swap_stations = nullptr;
    std::unique_ptr<kernel::Store<std::size_t>> charged_packs;
    std::array<std::deque<std::size_t>, kModes> queue;   ///< waiting orders, oldest first
    std::array<std::deque<std::size_t>, kModes> idle;    ///< idle vehicles, longest idle first
    std::array<std::vector<std::size_t>, kModes> types;  ///< vehicle types based here, by mode
    std::array<std::size_t, kModes> fleet_size{};
    bool open = true;
};

struct Operation::AirspaceState {
    std::unique_ptr<Airspace> airspace;
    std::map<std::uint64_t, std::uint32_t> flight_vehicle;  ///< airborne flights
    std::multimap<std::uint64_t, kernel::EventHandle> encounter_events;
    std::vector<std::vector<std::pair<double, double>>> segment_use;  ///< entry, exit
    std::vector<double> segment_delay_s;
    std::map<std::string, std::uint64_t> events;  ///< by type
    double flight_s = 0;
    std::uint64_t flights_denied = 0;
    std::uint64_t reroutes = 0;
    double ground_delay_s = 0;
    std::uint64_t delayed_flights = 0;
    double last_forget_s = 0;
};

}  // namespace lastmile::model
