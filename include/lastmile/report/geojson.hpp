#pragma once
/// A recorded run's geometry as GeoJSON (RFC 7946) for GIS tools such as QGIS and kepler.gl:
/// every flight leg as a LineString with the time of each vertex, corridors, geofences,
/// depots, safe landing sites and safety events.

#include <optional>
#include <string>

#include <lastmile/output/recorder.hpp>
#include <lastmile/scenario/spec.hpp>

namespace lastmile::report {

struct GeoJsonOptions {
    /// When set (Unix seconds of the run's start), each flight vertex gains a fourth
    /// coordinate, its Unix time, as kepler.gl's trip layer expects. RFC 7946 leaves extra
    /// coordinates undefined, so by default times are only in the `times_s` property.
    std::optional<double> epoch_s;
};

/// One FeatureCollection; every feature has a `kind` property: flight, corridor, geofence,
/// depot, safe_landing_site or safety_event.
std::string trajectories_geojson(const scenario::ScenarioSpec& spec,
                                 const output::RunRecords& records,
                                 const GeoJsonOptions& options = {});

}  // namespace lastmile::report
