#include "loader_common.hpp"

namespace lastmile::scenario::detail {
namespace {

BatterySpec read_battery(const Value& node) {
    const MapReader map(node, {"capacity", "usable", "reserve", "mass"});
    BatterySpec battery;
    battery.capacity_wh = bounded(map.required("capacity"), Dimension::energy, kBattery);
    if (auto usable = map.optional("usable")) {
        battery.usable_fraction = bounded(*usable, Dimension::fraction, kPositiveFraction);
    }
    battery.reserve_fraction =
        map.required("reserve").as_quantity_in(Dimension::fraction, 0, 0.99, "from 0 % to 99 %");
    if (auto mass = map.optional("mass")) {
        battery.mass_kg = bounded(*mass, Dimension::mass, kOptionalMass);
    }
    return battery;
}

ReliabilitySpec read_reliability(const Value& node) {
    const MapReader map(node, {"mtbf", "repair_time"});
    ReliabilitySpec reliability;
    reliability.mtbf_s = bounded(map.required("mtbf"), Dimension::duration, kLongDuration);
    reliability.repair_time_s =
        bounded(map.required("repair_time"), Dimension::duration, kLongDuration);
    return reliability;
}

DroneEnergySpec read_drone_energy(const Value& node, const DroneTypeSpec& type,
                                  const Value& type_node) {
    const MapReader probe(
        node, {"model", "per_distance", "per_distance_per_kg", "per_takeoff_landing", "hover_power",
               "rotors", "rotor_diameter", "air_density", "efficiency", "drag_area"});
    DroneEnergySpec energy;
    const auto model = probe.optional("model");
    const std::string name = model ? model->as_string() : "empirical";
    if (name == "empirical") {
        const MapReader map(node, {"model", "per_distance", "per_distance_per_kg",
                                   "per_takeoff_landing", "hover_power"});
        auto& e = energy.empirical;
        e.per_distance_wh_per_m =
            bounded(map.required("per_distance"), Dimension::energy_per_length, kEnergyPerLength);
        if (auto per_kg = map.optional("per_distance_per_kg")) {
            // Written as an energy per distance per kilogram of payload: "3 Wh/km" per kg.
            e.per_distance_per_kg_wh_per_m_kg =
                bounded(*per_kg, Dimension::energy_per_length, kEnergyPerLengthPerKg);
        }
        e.per_cycle_wh =
            bounded(map.required("per_takeoff_landing"), Dimension::energy, kCycleEnergy);
        e.hover_power_w = bounded(map.required("hover_power"), Dimension::power, kHoverPower);
    } else if (name == "physics") {
        const MapReader map(
            node, {"model", "rotors", "rotor_diameter", "air_density", "efficiency", "drag_area"});
        energy.kind = DroneEnergyModelKind::physics;
        auto& p = energy.physics;
        p.rotors = count_in(map.required("rotors"), 1, 64);
        const double diameter = bounded(map.required("rotor_diameter"), Dimension::length, kLength);
        p.rotor_disk_area_m2 = 3.14159265358979323846 * diameter * diameter / 4;
        if (auto density = map.optional("air_density")) {
            p.air_density_kg_per_m3 = bounded(*density, Dimension::density, kDensity);
        }
        if (auto efficiency = map.optional("efficiency")) {
            p.efficiency = bounded(*efficiency, Dimension::fraction, kPositiveFraction);
        }
        if (auto drag = map.optional("drag_area")) {
            // An area; written as a length squared would need an area unit, so it is a plain
            // number of square metres.
            p.drag_area_m2 = drag->as_number();
            if (p.drag_area_m2 < 0 || p.drag_area_m2 > 100) {
                drag->fail("expected a drag area from 0 to 100 (square metres), found " +
                           drag->as_string());
            }
        }
        if (type.empty_mass_kg <= 0) {
            type_node.fail(
                "the physics energy model needs 'empty_mass' (frame without battery "
                "and payload)");
        }
    } else {
        model->fail("unknown energy model '" + name + "'" +
                    suggestion_hint(name, {"empirical", "physics"}));
    }
    return energy;
}

}  // namespace

DroneTypeSpec read_drone_type(const Value& node, std::vector<Value>& id_nodes) {
    const MapReader map(node, {"id", "empty_mass", "max_payload", "battery", "cruise_speed",
                               "cruise_altitude", "climb_rate", "descent_rate", "takeoff_time",
                               "landing_time", "drop_time", "energy", "reliability"});
    DroneTypeSpec type;
    type.defined_at = node.location();
    id_nodes.push_back(map.required("id"));
    type.id = id_nodes.back().as_id();
    if (auto mass = map.optional("empty_mass")) {
        type.empty_mass_kg = bounded(*mass, Dimension::mass, kMass);
    }
    type.max_payload_kg = bounded(map.required("max_payload"), Dimension::mass, kMass);
    type.battery = read_battery(map.required("battery"));
    type.cruise_speed_mps = bounded(map.required("cruise_speed"), Dimension::speed, kAirspeed);
    if (auto altitude = map.optional("cruise_altitude")) {
        type.cruise_altitude_m = bounded(*altitude, Dimension::length, kAltitude);
    }
    if (auto climb = map.optional("climb_rate")) {
        type.climb_rate_mps = bounded(*climb, Dimension::speed, kVerticalSpeed);
    }
    if (auto descent = map.optional("descent_rate")) {
        type.descent_rate_mps = bounded(*descent, Dimension::speed, kVerticalSpeed);
    }
    if (type.cruise_altitude_m > 0) {
        // Climbing to and descending from cruise altitude takes time: the rates are needed.
        (void)map.required("climb_rate");
        (void)map.required("descent_rate");
    }
    for (auto [key, field] : {std::pair{"takeoff_time", &type.takeoff_time_s},
                              std::pair{"landing_time", &type.landing_time_s}}) {
        if (auto value = map.optional(key)) {
            *field = bounded(*value, Dimension::duration, kStepDuration);
        }
    }
    type.drop_time_s = bounded(map.required("drop_time"), Dimension::duration, kStepDuration);
    type.energy = read_drone_energy(map.required("energy"), type, node);
    if (auto reliability = map.optional("reliability")) {
        type.reliability = read_reliability(*reliability);
    }
    return type;
}

RobotTypeSpec read_robot_type(const Value& node, std::vector<Value>& id_nodes) {
    const MapReader map(
        node, {"id", "speed", "compartments", "max_payload", "battery", "energy_per_distance",
               "crossing_delay", "handover_time", "reliability"});
    RobotTypeSpec type;
    type.defined_at = node.location();
    id_nodes.push_back(map.required("id"));
    type.id = id_nodes.back().as_id();
    type.speed_mps = bounded(map.required("speed"), Dimension::speed, kGroundSpeed);
    type.compartments = count_in(map.required("compartments"), 1, 100);
    type.max_payload_kg = bounded(map.required("max_payload"), Dimension::mass, kMass);
    type.battery = read_battery(map.required("battery"));
    type.energy_per_distance_wh_per_m = bounded(map.required("energy_per_distance"),
                                                Dimension::energy_per_length, kEnergyPerLength);
    if (auto crossing = map.optional("crossing_delay")) {
        type.crossing_delay_s = bounded(*crossing, Dimension::duration, kStepDuration);
    }
    if (auto handover = map.optional("handover_time")) {
        type.handover_time_s = bounded(*handover, Dimension::duration, kStepDuration);
    }
    if (auto reliability = map.optional("reliability")) {
        type.reliability = read_reliability(*reliability);
    }
    return type;
}

}  // namespace lastmile::scenario::detail
