#include <algorithm>

#include <lastmile/geo/local_frame.hpp>
#include <lastmile/geo/polygon.hpp>

#include "loader_common.hpp"

namespace lastmile::scenario::detail {
namespace {

std::vector<ProfilePoint> read_profile(const Value& node) {
    std::vector<ProfilePoint> profile;
    for (const auto& entry : non_empty_list(node, "profile point")) {
        const MapReader map(entry, {"from", "factor"});
        const Value from = map.required("from");
        ProfilePoint point{from.as_time_of_day(), 0};
        const Value factor = map.required("factor");
        point.factor = factor.as_number();
        if (point.factor < 0 || point.factor > 1000) {
            factor.fail("expected a rate factor from 0 to 1000, found " + factor.as_string());
        }
        if (!profile.empty() && point.from_s <= profile.back().from_s) {
            from.fail("expected profile times in increasing order, found '" + from.as_string() +
                      "' after a later or equal time");
        }
        profile.push_back(point);
    }
    bool any_positive = false;
    for (const auto& p : profile) {
        any_positive = any_positive || p.factor > 0;
    }
    if (!any_positive) {
        node.fail("the profile is zero all day: no order would ever arrive");
    }
    return profile;
}

void read_parcel_weight(const Value& weight, double& min_kg, double& max_kg) {
    if (weight.node().IsMap()) {
        const MapReader range(weight, {"min", "max"});
        min_kg = bounded(range.required("min"), Dimension::mass, kMass);
        const Value max = range.required("max");
        max_kg = bounded(max, Dimension::mass, kMass);
        if (max_kg < min_kg) {
            max.fail("expected a maximum parcel weight of at least the minimum, found '" +
                     max.as_string() + "'");
        }
    } else {
        min_kg = max_kg = bounded(weight, Dimension::mass, kMass);
    }
}

DemandZoneSpec read_zone(const Value& node, std::vector<Value>& id_nodes) {
    const MapReader map(node,
                        {"id", "rate", "profile", "parcel_weight", "promise", "points", "polygon"});
    DemandZoneSpec zone;
    zone.defined_at = node.location();
    id_nodes.push_back(map.required("id"));
    zone.id = id_nodes.back().as_id();
    zone.rate_per_s = bounded(map.required("rate"), Dimension::rate, kOrderRate);
    if (auto profile = map.optional("profile")) {
        zone.profile = read_profile(*profile);
    }
    read_parcel_weight(map.required("parcel_weight"), zone.parcel_min_kg, zone.parcel_max_kg);
    if (auto promise = map.optional("promise")) {
        zone.promise_s = bounded(*promise, Dimension::duration, kLongDuration);
    }
    const auto points = map.optional("points");
    const auto polygon = map.optional("polygon");
    if ((points ? 1 : 0) + (polygon ? 1 : 0) != 1) {
        node.fail(
            "expected exactly one of 'points' (weighted customer locations) or 'polygon' "
            "(customers spread uniformly inside)");
    }
    if (points) {
        std::vector<Value> point_ids;
        for (const auto& p : non_empty_list(*points, "demand point")) {
            const MapReader pm(p, {"id", "location", "weight"});
            DemandPointSpec point;
            point.defined_at = p.location();
            point_ids.push_back(pm.required("id"));
            point.id = point_ids.back().as_id();
            point.location = pm.required("location").as_geo_point();
            if (auto weight = pm.optional("weight")) {
                point.weight = weight->as_number();
                if (!(point.weight > 0) || point.weight > 1e9) {
                    weight->fail(
                        "expected a relative weight greater than zero and at most 1e9, "
                        "found " +
                        weight->as_string());
                }
            }
            zone.points.push_back(point);
        }
        index_ids(zone.points, point_ids, "demand point");
    } else {
        const auto corners = polygon->as_list();
        if (corners.size() < 3) {
            polygon->fail(
                fmt::format("expected a polygon of at least 3 corners, found {}", corners.size()));
        }
        for (const auto& corner : corners) {
            zone.polygon.push_back(corner.as_geo_point());
        }
        // Customers are drawn uniformly inside: the polygon needs an area.
        const geo::LocalFrame frame(zone.polygon.front());
        geo::Polygon2 local;
        for (const auto& corner : zone.polygon) {
            local.push_back(frame.to_enu(corner).head<2>());
        }
        if (geo::area(local) < 100) {
            polygon->fail(
                fmt::format("the polygon encloses {:.1f} m^2; a zone needs at least 100 m^2 "
                            "to place customers in",
                            geo::area(local)));
        }
    }
    return zone;
}

}  // namespace

DemandSpec read_demand(const Value& node, InputFiles& files) {
    const MapReader map(node, {"zones", "orders_csv"});
    DemandSpec demand;
    const auto zones = map.optional("zones");
    const auto csv = map.optional("orders_csv");
    if (!zones && !csv) {
        node.fail("expected 'zones' (generated demand), 'orders_csv' (a trace of orders), or both");
    }
    if (zones) {
        std::vector<Value> ids;
        for (const auto& z : non_empty_list(*zones, "demand zone")) {
            demand.zones.push_back(read_zone(z, ids));
        }
        index_ids(demand.zones, ids, "demand zone");
    }
    if (csv) {
        std::filesystem::path path;
        demand.trace_text = files.read(*csv, path);
        demand.trace_file = path.string();
        demand.trace = read_orders_csv(demand.trace_text, demand.trace_file);
    }
    return demand;
}

}  // namespace lastmile::scenario::detail
