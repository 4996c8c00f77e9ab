// Fuzzes the scenario loader with the input as a scenario's YAML text. The files a scenario
// may reference are embedded (never read from the disk): orders.csv and network.geojson.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <lastmile/scenario/loader.hpp>

#include "fuzz_support.hpp"

namespace {

const std::vector<lastmile::scenario::EmbeddedInput>& inputs() {
    static const std::vector<lastmile::scenario::EmbeddedInput> files{
        {"orders.csv",
         "id,time,lat,lon,weight,promise\n"
         "o1,30 s,50.01,8.0,500 g,\n"
         "o2,90,50.01,8.0,1.5,30 min\n"},
        {"network.geojson",
         R"({"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"crossings": 1},
   "geometry": {"type": "LineString", "coordinates": [[8.000, 50.000], [8.002, 50.000], [8.003, 50.001]]}},
  {"type": "Feature", "properties": {},
   "geometry": {"type": "LineString", "coordinates": [[8.000, 50.000], [8.000, 50.001], [8.003, 50.001]]}}]})"},
    };
    return files;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    lastmile::fuzz::expect_success_or_input_error([&] {
        const auto spec = lastmile::scenario::load_scenario_text(text, "fuzz.yaml", inputs());
        if (spec.source_text != text) {
            lastmile::fuzz::finding("the loaded scenario does not keep its text verbatim");
        }
    });
    return 0;
}
