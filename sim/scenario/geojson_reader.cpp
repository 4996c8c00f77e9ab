#include "geojson_reader.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "suggest.hpp"

namespace lastmile::scenario::detail {

namespace {

const std::vector<std::string> kGeometryTypes{
    "Point",   "MultiPoint",   "LineString",        "MultiLineString",
    "Polygon", "MultiPolygon", "GeometryCollection"};

/// The names GeoJSON writers give WGS 84 longitude, latitude (GDAL writes the first).
constexpr std::array<std::string_view, 5> kWgs84Names{
    "urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84", "urn:ogc:def:crs:EPSG::4326",
    "EPSG:4326", "CRS84"};

std::string geometry_type(const JsonValue& geometry) {
    if (geometry.kind() != JsonValue::Kind::object) {
        geometry.fail("expected a GeoJSON geometry object, found " + geometry.found());
    }
    const JsonValue type = geometry.required("type");
    const std::string name = type.as_string();
    if (std::find(kGeometryTypes.begin(), kGeometryTypes.end(), name) == kGeometryTypes.end()) {
        type.fail(fmt::format("expected a GeoJSON geometry type, found {}{}", type.found(),
                              suggestion_hint(name, kGeometryTypes)));
    }
    return name;
}

/// Positions of a LineString or a linear ring: at least `min` of them.
std::vector<geo::GeoPoint> positions_of(const JsonValue& coordinates, std::size_t min,
                                        std::string_view what) {
    std::vector<geo::GeoPoint> points;
    const auto items = coordinates.as_array();
    for (const auto& item : items) {
        points.push_back(read_position(item));
    }
    if (items.size() < min) {
        coordinates.fail(fmt::format("expected {} with at least {} positions, found {}", what, min,
                                     items.size()));
    }
    return points;
}

/// A linear ring (RFC 7946 section 3.1.6): four or more positions, the last equal to the first.
void check_ring(const JsonValue& ring) {
    const auto points = positions_of(ring, 4, "a linear ring");
    const auto& first = points.front();
    const auto& last = points.back();
    const auto items = ring.as_array();
    if (first.lon_deg != last.lon_deg || first.lat_deg != last.lat_deg ||
        first.height_m != last.height_m ||
        items.front().as_array().size() != items.back().as_array().size()) {
        items.back().fail(fmt::format(
            "a linear ring must be closed: its last position must equal its first, [{}, {}]",
            first.lon_deg, first.lat_deg));
    }
}

void check_coordinates(const std::string& type, const JsonValue& coordinates) {
    if (type == "Point") {
        read_position(coordinates);
    } else if (type == "MultiPoint") {
        positions_of(coordinates, 0, "a MultiPoint");
    } else if (type == "LineString") {
        positions_of(coordinates, 2, "a LineString");
    } else if (type == "MultiLineString") {
        for (const auto& line : coordinates.as_array()) {
            positions_of(line, 2, "a LineString");
        }
    } else if (type == "Polygon") {
        for (const auto& ring : coordinates.as_array()) {
            check_ring(ring);
        }
    } else if (type == "MultiPolygon") {
        for (const auto& polygon : coordinates.as_array()) {
            for (const auto& ring : polygon.as_array()) {
                check_ring(ring);
            }
        }
    }
}

/// A bounding box (section 5): 2 x 2 or 2 x 3 numbers.
void check_bbox(const JsonValue& object) {
    if (auto bbox = object.member("bbox")) {
        const auto items = bbox->as_array();
        for (const auto& item : items) {
            item.as_number();
        }
        if (items.size() != 4 && items.size() != 6) {
            bbox->fail(fmt::format("expected a bbox of 4 or 6 numbers, found {}", items.size()));
        }
    }
}

/// GeoJSON 2008's "crs" member, which RFC 7946 dropped: accepted only when it names WGS 84
/// longitude and latitude, the one reference system of RFC 7946.
void check_crs(const JsonValue& collection) {
    const auto crs = collection.member("crs");
    if (!crs || crs->is_null()) {
        return;
    }
    const JsonValue name = crs->required("properties").required("name");
    const std::string text = name.as_string();
    if (std::find(kWgs84Names.begin(), kWgs84Names.end(), text) == kWgs84Names.end()) {
        name.fail(fmt::format(
            "the positions are in {}; GeoJSON positions must be WGS 84 longitude and latitude "
            "(RFC 7946): reproject the file first, for example with "
            "ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson",
            name.found()));
    }
}

}  // namespace

geo::GeoPoint read_position(const JsonValue& position) {
    if (position.kind() != JsonValue::Kind::array) {
        position.fail("expected a position [longitude, latitude], found " + position.found());
    }
    const auto numbers = position.as_array();
    if (numbers.size() < 2 || numbers.size() > 3) {
        position.fail(
            fmt::format("expected a position [longitude, latitude] or [longitude, "
                        "latitude, height], found {} {}",
                        numbers.size(), numbers.size() == 1 ? "number" : "numbers"));
    }
    const double lon = numbers[0].as_number();
    const double lat = numbers[1].as_number();
    const double height = numbers.size() == 3 ? numbers[2].as_number() : 0.0;
    if (lon < -180 || lon > 180) {
        numbers[0].fail(fmt::format("expected a longitude from -180 to 180, found {}", lon));
    }
    if (lat < -90 || lat > 90) {
        numbers[1].fail(fmt::format(
            "expected a latitude from -90 to 90, found {} (GeoJSON positions are [longitude, "
            "latitude])",
            lat));
    }
    return geo::GeoPoint{lat, lon, height};
}

void check_geometry(const JsonValue& geometry) {
    const std::string type = geometry_type(geometry);
    if (type == "GeometryCollection") {
        for (const auto& member : geometry.required("geometries").as_array()) {
            check_geometry(member);
        }
    } else {
        check_coordinates(type, geometry.required("coordinates"));
    }
    check_bbox(geometry);
}

std::vector<JsonValue> read_feature_collection(const JsonValue& root,
                                               const std::vector<std::string>& accepted) {
    if (root.kind() != JsonValue::Kind::object) {
        root.fail("expected a GeoJSON FeatureCollection, found " + root.found());
    }
    const JsonValue type = root.required("type");
    if (type.as_string() != "FeatureCollection") {
        type.fail("expected a GeoJSON FeatureCollection, found " + type.found());
    }
    check_crs(root);
    check_bbox(root);
    auto features = root.required("features").as_array();
    for (const auto& feature : features) {
        if (feature.kind() != JsonValue::Kind::object) {
            feature.fail("expected a Feature object, found " + feature.found());
        }
        const JsonValue feature_type = feature.required("type");
        if (feature_type.as_string() != "Feature") {
            feature_type.fail("expected 'Feature', found " + feature_type.found());
        }
        if (const JsonValue geometry = feature.required("geometry"); !geometry.is_null()) {
            const std::string kind = geometry_type(geometry);
            if (!accepted.empty() &&
                std::find(accepted.begin(), accepted.end(), kind) == accepted.end()) {
                std::string expected = accepted.front();
                for (std::size_t i = 1; i < accepted.size(); ++i) {
                    expected += (i + 1 == accepted.size() ? " or " : ", ") + accepted[i];
                }
                geometry.required("type").fail(
                    fmt::format("expected a {} geometry, found '{}'", expected, kind));
            }
            check_geometry(geometry);
        }
        if (auto properties = feature.member("properties");
            properties && !properties->is_null() && properties->kind() != JsonValue::Kind::object) {
            properties->fail("expected an object or null, found " + properties->found());
        }
        if (auto id = feature.member("id");
            id && id->kind() != JsonValue::Kind::string && id->kind() != JsonValue::Kind::number) {
            id->fail("expected a string or a number, found " + id->found());
        }
        check_bbox(feature);
    }
    return features;
}

}  // namespace lastmile::scenario::detail
