#pragma once
// A small corridor airspace over the tiny scenario: a gate node at the depot, a node N
// 1112 m north (the customer), and a detour node W to the west. The direct lane G->N flies at
// 45-55 m, the way back N->G at 65-75 m, the detour G->W->N at 85-95 m and back N->W->G at 105-115
// m. Tests append `airspace:` keys (wind, geofences) and swap the demand.

#include <string>

#include "support/tiny_scenario.hpp"

namespace lastmile::testing {

/// The tiny scenario's first 29 lines (up to the fleets) with `fleet_count` drones and
/// `pads` pads, a trace of orders from `orders_csv`, and the corridor airspace plus `extra`
/// (indented by two spaces, inside `airspace:`).
inline std::string corridor_scenario(const std::string& orders_csv, int fleet_count, int pads,
                                     const std::string& extra = "",
                                     const std::string& separation = "10 s") {
    auto lines = tiny_scenario_lines();
    lines.resize(29);
    lines[8] = "    pads: " + std::to_string(pads);
    lines[9] = R"(    chargers: {count: 20, power: "1 kW"})";
    lines[15] = R"(    cruise_altitude: "50 m")";
    lines[28] = "    count: " + std::to_string(fleet_count);
    lines.insert(lines.begin() + 17, R"(    climb_rate: "5 m/s")");
    lines.insert(lines.begin() + 18, R"(    descent_rate: "5 m/s")");
    std::string text = join_lines(lines);
    text += "demand:\n  orders_csv: " + orders_csv + "\n";
    text += R"(airspace:
  nodes:
    - {id: G, location: {lat: 50.0, lon: 8.0}}
    - {id: N, location: {lat: 50.01, lon: 8.0}}
    - {id: W, location: {lat: 50.005, lon: 7.99}}
  segments:
    - {id: G-N, from: G, to: N, altitude: {min: "45 m", max: "55 m"}, half_width: "10 m", speed_limit: "20 m/s", separation: ")" +
            separation + R"("}
    - {id: N-G, from: N, to: G, altitude: {min: "65 m", max: "75 m"}, half_width: "10 m", speed_limit: "20 m/s", separation: ")" +
            separation + R"("}
    - {id: G-W, from: G, to: W, altitude: {min: "85 m", max: "95 m"}, half_width: "10 m", speed_limit: "20 m/s", separation: ")" +
            separation + R"("}
    - {id: W-N, from: W, to: N, altitude: {min: "85 m", max: "95 m"}, half_width: "10 m", speed_limit: "20 m/s", separation: ")" +
            separation + R"("}
    - {id: N-W, from: N, to: W, altitude: {min: "105 m", max: "115 m"}, half_width: "10 m", speed_limit: "20 m/s", separation: ")" +
            separation + R"("}
    - {id: W-G, from: W, to: G, altitude: {min: "105 m", max: "115 m"}, half_width: "10 m", speed_limit: "20 m/s", separation: ")" +
            separation + R"("}
)";
    text += extra;
    return text;
}

}  // namespace lastmile::testing
