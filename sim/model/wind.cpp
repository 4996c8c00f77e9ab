#include <algorithm>
#include <cmath>
#include <limits>

#include <lastmile/kernel/portable_math.hpp>
#include <lastmile/model/wind.hpp>

namespace lastmile::model {

namespace {

const scenario::WindChange* change_at(const std::vector<scenario::WindChange>& changes,
                                      double t_s) {
    const auto it =
        std::upper_bound(changes.begin(), changes.end(), t_s,
                         [](double t, const scenario::WindChange& c) { return t < c.from_s; });
    return it == changes.begin() ? nullptr : &*std::prev(it);
}

double next_change_s(const std::vector<scenario::WindChange>& changes, double t_s) {
    for (const auto& c : changes) {
        if (c.from_s > t_s) {
            return c.from_s;
        }
    }
    return std::numeric_limits<double>::infinity();
}

double last_change_s(const std::vector<scenario::WindChange>& changes, double t_s) {
    const auto* change = change_at(changes, t_s);
    return change == nullptr ? -std::numeric_limits<double>::infinity() : change->from_s;
}

}  // namespace

WindField::WindField(const scenario::WindSpec& spec, const geo::LocalFrame& frame) : spec_(spec) {
    for (const auto& region : spec_.regions) {
        geo::Polygon2 ring;
        for (std::size_t i = 0; i + 1 < region.polygon.size(); ++i) {
            const geo::Enu e = frame.to_enu(region.polygon[i]);
            ring.emplace_back(e.x(), e.y());
        }
        regions_.push_back(std::move(ring));
    }
}

const scenario::WindChange* WindField::change_at(const Eigen::Vector2d& p, double t_s) const {
    for (std::size_t r = 0; r < regions_.size(); ++r) {
        if (geo::contains(regions_[r], p)) {
            // Before the region's first change, the area's wind blows there too.
            const auto* own = model::change_at(spec_.regions[r].changes, t_s);
            return own != nullptr ? own : model::change_at(spec_.changes, t_s);
        }
    }
    return model::change_at(spec_.changes, t_s);
}

Eigen::Vector2d WindField::velocity_mps(const Eigen::Vector2d& p, double t_s) const {
    const auto* change = change_at(p, t_s);
    if (change == nullptr) {
        return Eigen::Vector2d::Zero();
    }
    // Blowing from bearing b (clockwise from north) means moving towards b + 180 degrees.
    const double b = change->from_direction_rad;
    return -change->speed_mps * Eigen::Vector2d(kernel::portable::sin(b), kernel::portable::cos(b));
}

double WindField::gust_speed_mps(const Eigen::Vector2d& p, double t_s) const {
    const auto* change = change_at(p, t_s);
    return change == nullptr ? 0.0 : change->speed_mps * spec_.gust_factor;
}

double WindField::strongest_mps(double t_s) const {
    const auto speed = [](const scenario::WindChange* c) { return c ? c->speed_mps : 0.0; };
    const auto* area = model::change_at(spec_.changes, t_s);
    double strongest = speed(area);
    for (const auto& region : spec_.regions) {
        const auto* own = model::change_at(region.changes, t_s);
        strongest = std::max(strongest, speed(own != nullptr ? own : area));
    }
    return strongest;
}

double WindField::next_change_s(double t_s) const {
    double next = model::next_change_s(spec_.changes, t_s);
    for (const auto& region : spec_.regions) {
        next = std::min(next, model::next_change_s(region.changes, t_s));
    }
    return next;
}

double WindField::last_change_s(double t_s) const {
    double last = model::last_change_s(spec_.changes, t_s);
    for (const auto& region : spec_.regions) {
        last = std::max(last, model::last_change_s(region.changes, t_s));
    }
    return last;
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
