#include "loader_common.hpp"

namespace lastmile::scenario::detail {
namespace {

OpeningHours read_hours(const Value& node) {
    const MapReader map(node, {"open", "close"});
    OpeningHours hours;
    hours.always_open = false;
    hours.open_s = map.required("open").as_time_of_day();
    const Value close = map.required("close");
    hours.close_s = close.as_time_of_day();
    if (hours.close_s - hours.open_s == kSecondsPerDay) {
        return OpeningHours{};  // 00:00 to 24:00: open all day
    }
    if (hours.close_s == kSecondsPerDay) {
        hours.close_s = 0;  // 24:00 is midnight
    }
    if (hours.close_s == hours.open_s) {
        close.fail(
            "expected a closing time different from the opening time (omit 'hours' for a "
            "depot that never closes)");
    }
    return hours;
}

ChargerSpec read_chargers(const Value& node) {
    const MapReader map(
        node, {"count", "power", "taper_above", "taper_floor", "exponential_service_mean"});
    ChargerSpec chargers;
    chargers.count = count_in(map.required("count"), 0);
    chargers.power_w = bounded(map.required("power"), Dimension::power, kChargerPower);
    if (auto taper = map.optional("taper_above")) {
        chargers.taper_above_fraction = bounded(*taper, Dimension::fraction, kPositiveFraction);
    }
    if (auto floor = map.optional("taper_floor")) {
        chargers.taper_floor_fraction = bounded(*floor, Dimension::fraction, kPositiveFraction);
    }
    if (auto mean = map.optional("exponential_service_mean")) {
        chargers.exponential_service_mean_s = bounded(*mean, Dimension::duration, kLongDuration);
    }
    return chargers;
}

BatterySwapSpec read_swap(const Value& node) {
    const MapReader map(node, {"stations", "swap_time", "spare_packs", "pack_charge_power"});
    BatterySwapSpec swap;
    swap.enabled = true;
    swap.stations = count_in(map.required("stations"), 1);
    swap.swap_time_s = bounded(map.required("swap_time"), Dimension::duration, kStepDuration);
    swap.spare_packs = count_in(map.required("spare_packs"), 0);
    swap.pack_charge_power_w =
        bounded(map.required("pack_charge_power"), Dimension::power, kChargerPower);
    return swap;
}

}  // namespace

DepotSpec read_depot(const Value& node, std::vector<Value>& id_nodes) {
    const MapReader map(node, {"id", "location", "hours", "pads", "loading_bays", "loading_time",
                               "chargers", "battery_swap"});
    DepotSpec depot;
    depot.defined_at = node.location();
    id_nodes.push_back(map.required("id"));  // push, never assign: YAML::Node assigns in place
    depot.id = id_nodes.back().as_id();
    depot.location = map.required("location").as_geo_point();
    if (auto hours = map.optional("hours")) {
        depot.hours = read_hours(*hours);
    }
    if (auto pads = map.optional("pads")) {
        depot.pads = count_in(*pads, 0);
    }
    if (auto bays = map.optional("loading_bays")) {
        depot.loading_bays = count_in(*bays, 0);
    }
    if (auto loading = map.optional("loading_time")) {
        depot.loading_time_s = bounded(*loading, Dimension::duration, kStepDuration);
    }
    if (auto chargers = map.optional("chargers")) {
        depot.chargers = read_chargers(*chargers);
    }
    if (auto swap = map.optional("battery_swap")) {
        depot.swap = read_swap(*swap);
    }
    return depot;
}

}  // namespace lastmile::scenario::detail
