// Fuzzes the strict JSON reader and the GeoJSON checks with the input as a GeoJSON file whose
// features may have any geometry (the ground network accepts only lines; this reaches the
// polygon and collection checks too). Whatever is accepted must hold what the checks promise.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "geojson_reader.hpp"
#include "json_reader.hpp"

namespace {

using lastmile::scenario::detail::JsonValue;

/// Walks every value of an accepted document: each is located inside the text, and every
/// position under a geometry reads back in range.
void walk(const JsonValue& value, std::size_t depth) {
    const auto where = value.location();
    if (where.line < 1 || where.column < 1) {
        lastmile::fuzz::finding("a value located at line " + std::to_string(where.line));
    }
    if (depth > lastmile::scenario::detail::kMaxJsonDepth + 1) {
        lastmile::fuzz::finding("an accepted document nests deeper than the limit");
    }
    if (value.kind() == JsonValue::Kind::number && !std::isfinite(value.as_number())) {
        lastmile::fuzz::finding("an accepted number is not finite");
    }
    if (value.kind() == JsonValue::Kind::array) {
        for (const auto& item : value.as_array()) {
            walk(item, depth + 1);
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    lastmile::fuzz::expect_success_or_input_error([&] {
        const lastmile::scenario::detail::JsonDocument doc("in.geojson", text);
        walk(doc.root(), 0);
        const auto features = lastmile::scenario::detail::read_feature_collection(
            doc.root(), {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon",
                         "MultiPolygon", "GeometryCollection"});
        for (const auto& feature : features) {
            const auto geometry = feature.required("geometry");
            if (geometry.is_null()) {
                continue;
            }
            const std::string type = geometry.required("type").as_string();
            if (type == "Point") {
                const auto p =
                    lastmile::scenario::detail::read_position(geometry.required("coordinates"));
                if (!(std::abs(p.lat_deg) <= 90 && std::abs(p.lon_deg) <= 180)) {
                    lastmile::fuzz::finding("an accepted point is not a longitude and latitude");
                }
            }
        }
    });
    return 0;
}
