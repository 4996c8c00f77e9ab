#include <algorithm>
#include <cmath>

#include <lastmile/model/closest_approach.hpp>

namespace lastmile::model {

namespace {

struct Interval {
    double lo;
    double hi;
};

/// Where a t^2 + b t + c < 0 within [0, span].
std::optional<Interval> below_zero(double a, double b, double c, double span) {
    if (a <= 1e-12) {
        // Constant relative horizontal position (same velocity): all or nothing.
        if (std::abs(b) <= 1e-12) {
            return c < 0 ? std::optional<Interval>(Interval{0, span}) : std::nullopt;
        }
        const double root = -c / b;
        return b > 0 ? Interval{0, std::min(span, root)} : Interval{std::max(0.0, root), span};
    }
    const double disc = b * b - 4 * a * c;
    if (disc <= 0) {
        return std::nullopt;
    }
    const double sq = std::sqrt(disc);
    // Numerically stable roots.
    const double q = -0.5 * (b + std::copysign(sq, b));
    double r1 = q / a;
    double r2 = q != 0 ? c / q : -b / a - r1;
    if (r1 > r2) {
        std::swap(r1, r2);
    }
    return Interval{std::max(0.0, r1), std::min(span, r2)};
}

}  // namespace

std::optional<Encounter> loss_of_separation(const TrajectoryLeg& a, const TrajectoryLeg& b,
                                            double horizontal_m, double vertical_m) {
    const double lo = std::max(a.t0_s, b.t0_s);
    const double hi = std::min(a.t1_s, b.t1_s);
    if (lo > hi) {
        return std::nullopt;
    }
    const double span = hi - lo;
    const Eigen::Vector3d r0 = a.at(lo) - b.at(lo);
    const Eigen::Vector3d w = a.velocity() - b.velocity();
    const Eigen::Vector2d rh = r0.head<2>();
    const Eigen::Vector2d wh = w.head<2>();
    const auto horizontal = below_zero(wh.squaredNorm(), 2 * rh.dot(wh),
                                       rh.squaredNorm() - horizontal_m * horizontal_m, span);
    if (!horizontal) {
        return std::nullopt;
    }
    // |r0z + wz t| < vertical  <=>  (r0z + wz t)^2 - vertical^2 < 0.
    const auto vertical = below_zero(w.z() * w.z(), 2 * r0.z() * w.z(),
                                     r0.z() * r0.z() - vertical_m * vertical_m, span);
    if (!vertical) {
        return std::nullopt;
    }
    const double s = std::max(horizontal->lo, vertical->lo);
    const double e = std::min(horizontal->hi, vertical->hi);
    if (!(s < e) && !(span == 0 && s == e)) {
        return std::nullopt;
    }
    const double a2 = wh.squaredNorm();
    const double t_min = a2 > 1e-12 ? std::clamp(-rh.dot(wh) / a2, s, e) : s;
    const Eigen::Vector3d r = r0 + w * t_min;
    return Encounter{lo + s, lo + e, lo + t_min, r.head<2>().norm(), std::abs(r.z())};
}

}  // namespace lastmile::model
