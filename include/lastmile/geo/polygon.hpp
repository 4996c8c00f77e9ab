#pragma once
/// Planar polygons in the local frame.

#include <vector>

#include <Eigen/Core>

namespace lastmile::geo {

using Polygon2 = std::vector<Eigen::Vector2d>;

/// Even-odd rule: true for points strictly inside; points on an edge may go either way.
inline bool contains(const Polygon2& polygon, const Eigen::Vector2d& p) {
    bool inside = false;
    for (std::size_t i = 0, j = polygon.size() - 1; i < polygon.size(); j = i++) {
        const auto& a = polygon[i];
        const auto& b = polygon[j];
        if ((a.y() > p.y()) != (b.y() > p.y()) &&
            p.x() < (b.x() - a.x()) * (p.y() - a.y()) / (b.y() - a.y()) + a.x()) {
            inside = !inside;
        }
    }
    return inside;
}

/// Absolute area (shoelace formula).
inline double area(const Polygon2& polygon) {
    double twice = 0;
    for (std::size_t i = 0, j = polygon.size() - 1; i < polygon.size(); j = i++) {
        twice += polygon[j].x() * polygon[i].y() - polygon[i].x() * polygon[j].y();
    }
    return 0.5 * (twice < 0 ? -twice : twice);
}

}  // namespace lastmile::geo
