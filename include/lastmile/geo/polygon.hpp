#pragma once
/// Planar polygons in the local frame.

#include <algorithm>
#include <utility>
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

namespace lastmile::geo {

/// Signed twice-area of the triangle (a, b, c): positive when counter-clockwise.
inline double orientation(const Eigen::Vector2d& a, const Eigen::Vector2d& b,
                          const Eigen::Vector2d& c) {
    return (b.x() - a.x()) * (c.y() - a.y()) - (b.y() - a.y()) * (c.x() - a.x());
}

/// True when the closed segments [a, b] and [c, d] share a point (touching counts).
inline bool segments_intersect(const Eigen::Vector2d& a, const Eigen::Vector2d& b,
                               const Eigen::Vector2d& c, const Eigen::Vector2d& d) {
    const auto on_segment = [](const Eigen::Vector2d& p, const Eigen::Vector2d& q,
                               const Eigen::Vector2d& r) {
        return std::min(p.x(), q.x()) <= r.x() && r.x() <= std::max(p.x(), q.x()) &&
               std::min(p.y(), q.y()) <= r.y() && r.y() <= std::max(p.y(), q.y());
    };
    const double d1 = orientation(c, d, a);
    const double d2 = orientation(c, d, b);
    const double d3 = orientation(a, b, c);
    const double d4 = orientation(a, b, d);
    if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
        return true;
    }
    return (d1 == 0 && on_segment(c, d, a)) || (d2 == 0 && on_segment(c, d, b)) ||
           (d3 == 0 && on_segment(a, b, c)) || (d4 == 0 && on_segment(a, b, d));
}

/// Distance from p to the closed segment [a, b].
inline double point_segment_distance(const Eigen::Vector2d& p, const Eigen::Vector2d& a,
                                     const Eigen::Vector2d& b) {
    const Eigen::Vector2d ab = b - a;
    const double len2 = ab.squaredNorm();
    const double t = len2 > 0 ? std::clamp((p - a).dot(ab) / len2, 0.0, 1.0) : 0.0;
    return (a + t * ab - p).norm();
}

/// Shortest distance between the closed segments [a, b] and [c, d].
inline double segment_distance(const Eigen::Vector2d& a, const Eigen::Vector2d& b,
                               const Eigen::Vector2d& c, const Eigen::Vector2d& d) {
    if (segments_intersect(a, b, c, d)) {
        return 0;
    }
    return std::min({point_segment_distance(a, c, d), point_segment_distance(b, c, d),
                     point_segment_distance(c, a, b), point_segment_distance(d, a, b)});
}

/// True when the segment [a, b] has a point strictly inside the polygon or crosses its edge.
inline bool segment_meets_polygon(const Polygon2& polygon, const Eigen::Vector2d& a,
                                  const Eigen::Vector2d& b) {
    if (contains(polygon, a) || contains(polygon, b)) {
        return true;
    }
    for (std::size_t i = 0, j = polygon.size() - 1; i < polygon.size(); j = i++) {
        if (segments_intersect(a, b, polygon[j], polygon[i])) {
            return true;
        }
    }
    return false;
}

/// The first pair of non-adjacent edges (i, i+1) and (j, j+1) of an open ring (the closing
/// vertex not repeated) that intersect, or {-1, -1} when the polygon is simple.
inline std::pair<int, int> first_self_intersection(const Polygon2& ring) {
    const int n = static_cast<int>(ring.size());
    for (int i = 0; i < n; ++i) {
        for (int j = i + 1; j < n; ++j) {
            const bool adjacent = j == i + 1 || (i == 0 && j == n - 1);
            if (adjacent) {
                continue;
            }
            if (segments_intersect(ring[static_cast<std::size_t>(i)],
                                   ring[static_cast<std::size_t>((i + 1) % n)],
                                   ring[static_cast<std::size_t>(j)],
                                   ring[static_cast<std::size_t>((j + 1) % n)])) {
                return {i, j};
            }
        }
    }
    return {-1, -1};
}

}  // namespace lastmile::geo
