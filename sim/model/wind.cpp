#include <algorithm>
#include <cmath>
#include <limits>

#include <lastmile/model/wind.hpp>

namespace lastmile::model {

const scenario::WindChange* WindField::change_at(double t_s) const {
    const auto it =
        std::upper_bound(spec_.changes.begin(), spec_.changes.end(), t_s,
                         [](double t, const scenario::WindChange& c) { return t < c.from_s; });
    return it == spec_.changes.begin() ? nullptr : &*std::prev(it);
}

Eigen::Vector2d WindField::velocity_mps(double t_s) const {
    const auto* change = change_at(t_s);
    if (change == nullptr) {
        return Eigen::Vector2d::Zero();
    }
    // Blowing from bearing b (clockwise from north) means moving towards b + 180 degrees.
    const double b = change->from_direction_rad;
    return -change->speed_mps * Eigen::Vector2d(std::sin(b), std::cos(b));
}

double WindField::gust_speed_mps(double t_s) const {
    const auto* change = change_at(t_s);
    return change == nullptr ? 0.0 : change->speed_mps * spec_.gust_factor;
}

double WindField::next_change_s(double t_s) const {
    for (const auto& c : spec_.changes) {
        if (c.from_s > t_s) {
            return c.from_s;
        }
    }
    return std::numeric_limits<double>::infinity();
}

std::optional<double> ground_speed_mps(double airspeed_mps, const Eigen::Vector2d& course,
                                       const Eigen::Vector2d& wind) {
    // Heading h with |h| = airspeed and h + wind parallel to the course:
    // ground speed = wind . course + sqrt(airspeed^2 - (wind x course)^2).
    const double along = wind.dot(course);
    const double cross = wind.x() * course.y() - wind.y() * course.x();
    const double under = airspeed_mps * airspeed_mps - cross * cross;
    if (under <= 0) {
        return std::nullopt;
    }
    const double gs = along + std::sqrt(under);
    if (gs <= 0.01) {
        return std::nullopt;
    }
    return gs;
}

double airspeed_for_ground_speed_mps(double ground_speed, const Eigen::Vector2d& course,
                                     const Eigen::Vector2d& wind) {
    return (ground_speed * course - wind).norm();
}

}  // namespace lastmile::model
