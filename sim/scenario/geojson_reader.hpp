#pragma once
// GeoJSON (RFC 7946) read from a strictly parsed JSON document. Only the scenario readers
// include this.
//
// What RFC 7946 requires is checked, wherever a feature's geometry is used or not: the seven
// geometry types and nothing else, coordinates nested to the depth of their type, positions of
// two or three finite numbers with the longitude in [-180, 180] and the latitude in [-90, 90],
// LineStrings of two or more positions, and linear rings closed (first position equal to the
// last) with four or more. A "crs" member (GeoJSON 2008) naming anything but WGS 84 longitude
// and latitude is refused, since the positions would then not be longitudes and latitudes.
//
// Two liberties, both harmless: a Feature without "properties" is read as if it were null, and
// other members ("foreign members", RFC 7946 section 6.1) are ignored, unless one is a likely
// misspelling of a member that is missing, which is reported as such.

#include <string>
#include <vector>

#include <lastmile/geo/geo_point.hpp>

#include "json_reader.hpp"

namespace lastmile::scenario::detail {

/// One position [longitude, latitude] or [longitude, latitude, height], checked.
geo::GeoPoint read_position(const JsonValue& position);

/// Checks a geometry object (RFC 7946 section 3.1) and everything inside it.
void check_geometry(const JsonValue& geometry);

/// The features of a FeatureCollection (section 3.3), in document order, each a checked Feature
/// (section 3.2) whose geometry is null or one of the `accepted` types (any when empty; the
/// reader's use for them; checked first, so that a Point where lines are wanted is reported as
/// such) and is checked itself.
std::vector<JsonValue> read_feature_collection(const JsonValue& root,
                                               const std::vector<std::string>& accepted);

}  // namespace lastmile::scenario::detail
