#pragma once
// A small valid scenario, line-numbered, that tests vary one line at a time.

#include <string>
#include <string_view>
#include <vector>

namespace lastmile::testing {

inline const std::vector<std::string>& tiny_scenario_lines() {
    static const std::vector<std::string> lines{
        R"(schema: 1)",                                             // 1
        R"(name: tiny)",                                            // 2
        R"(simulation:)",                                           // 3
        R"(  duration: "1 h")",                                     // 4
        R"(  seed: 7)",                                             // 5
        R"(depots:)",                                               // 6
        R"(  - id: d1)",                                            // 7
        R"(    location: {lat: 50.0, lon: 8.0})",                   // 8
        R"(    pads: 1)",                                           // 9
        R"(    chargers: {count: 1, power: "1 kW"})",               // 10
        R"(    loading_time: "0 s")",                               // 11
        R"(drone_types:)",                                          // 12
        R"(  - id: q)",                                             // 13
        R"(    max_payload: "2 kg")",                               // 14
        R"(    battery: {capacity: "400 Wh", reserve: "20 %"})",    // 15
        R"(    cruise_altitude: "0 m")",                            // 16
        R"(    cruise_speed: "15 m/s")",                            // 17
        R"(    takeoff_time: "20 s")",                              // 18
        R"(    landing_time: "20 s")",                              // 19
        R"(    drop_time: "30 s")",                                 // 20
        R"(    energy:)",                                           // 21
        R"(      per_distance: "25 Wh/km")",                        // 22
        R"(      per_takeoff_landing: "5 Wh")",                     // 23
        R"(      hover_power: "800 W")",                            // 24
        R"(fleets:)",                                               // 25
        R"(  - id: f1)",                                            // 26
        R"(    type: q)",                                           // 27
        R"(    depot: d1)",                                         // 28
        R"(    count: 2)",                                          // 29
        R"(demand:)",                                               // 30
        R"(  zones:)",                                              // 31
        R"(    - id: z1)",                                          // 32
        R"(      rate: "10 /h")",                                   // 33
        R"(      parcel_weight: "1 kg")",                           // 34
        R"(      points:)",                                         // 35
        R"(        - {id: p1, location: {lat: 50.01, lon: 8.0}})",  // 36
    };
    return lines;
}

inline std::string join_lines(const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& line : lines) {
        text += line + "\n";
    }
    return text;
}

/// The tiny scenario with line `line` (1-based) replaced; an empty replacement deletes it.
inline std::string tiny_scenario_with(int line, std::string_view replacement) {
    auto lines = tiny_scenario_lines();
    if (replacement.empty()) {
        lines.erase(lines.begin() + (line - 1));
    } else {
        lines[static_cast<std::size_t>(line - 1)] = std::string(replacement);
    }
    return join_lines(lines);
}

inline std::string tiny_scenario() {
    return join_lines(tiny_scenario_lines());
}

}  // namespace lastmile::testing
