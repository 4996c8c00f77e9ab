// Fuzzes the GeoJSON ground network reader with the input as the network file, loaded through
// a fixed robot scenario that references it (embedded, never read from the disk).

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <lastmile/scenario/loader.hpp>

#include "fuzz_support.hpp"

namespace {

const char* const kScenario = R"(schema: 1
name: network-fuzz
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
  geojson: network.geojson
demand:
  zones:
    - id: z
      rate: "3 /h"
      parcel_weight: {min: "1 kg", max: "4 kg"}
      points:
        - {id: c, location: {lat: 50.001, lon: 8.003}}
)";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<lastmile::scenario::EmbeddedInput> inputs{
        {"network.geojson", std::string(reinterpret_cast<const char*>(data), size)}};
    lastmile::fuzz::expect_success_or_input_error([&] {
        const auto spec = lastmile::scenario::load_scenario_text(kScenario, "fuzz.yaml", inputs);
        const auto& net = spec.ground_network;
        for (const auto& edge : net.edges) {
            if (edge.from >= net.nodes.size() || edge.to >= net.nodes.size() ||
                edge.from == edge.to) {
                lastmile::fuzz::finding("an accepted network has an edge between bad nodes");
            }
        }
    });
    return 0;
}
