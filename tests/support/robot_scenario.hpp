#pragma once
// A small robot scenario on a hand-made network whose shortest paths are known:
//
//   d (50.001, 8.000) ------------------------ c (50.001, 8.003)   customer "c" at node c
//   |                                         /
//   a (50.000, 8.000) depot ---- b (50.000, 8.002)
//
// a-b has one street crossing, d-c two. From a to c, a-b-c (about 275 m) beats a-d-c (325 m).

#include <string>

namespace lastmile::testing {

inline std::string robot_scenario() {
    return R"(schema: 1
name: robots
simulation: {duration: "8 h", seed: 11}
depots:
  - id: d1
    location: {lat: 50.0, lon: 8.0}
    loading_bays: 1
    loading_time: "30 s"
    chargers: {count: 2, power: "500 W"}
robot_types:
  - id: rover
    speed: "1.5 m/s"
    compartments: 3
    max_payload: "10 kg"
    battery: {capacity: "500 Wh", reserve: "20 %"}
    energy_per_distance: "40 Wh/km"
    crossing_delay: "20 s"
    handover_time: "45 s"
fleets:
  - {id: rovers, type: rover, depot: d1, count: 1}
ground_network:
  max_snap: "50 m"
  nodes:
    - {id: a, location: {lat: 50.000, lon: 8.000}}
    - {id: b, location: {lat: 50.000, lon: 8.002}}
    - {id: c, location: {lat: 50.001, lon: 8.003}}
    - {id: d, location: {lat: 50.001, lon: 8.000}}
  edges:
    - {from: a, to: b, crossings: 1}
    - {from: b, to: c}
    - {from: a, to: d}
    - {from: d, to: c, crossings: 2}
demand:
  zones:
    - id: z
      rate: "3 /h"
      parcel_weight: {min: "1 kg", max: "4 kg"}
      points:
        - {id: c, location: {lat: 50.001, lon: 8.003}}
)";
}

}  // namespace lastmile::testing
