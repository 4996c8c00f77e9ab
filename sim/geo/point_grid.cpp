#include <functional>

#include <lastmile/geo/point_grid.hpp>

namespace lastmile::geo {

PointGrid::PointGrid(std::vector<Eigen::Vector2d> points, double per_cell)
    : points_(std::move(points)) {
    if (points_.empty()) {
        return;
    }
    Eigen::Vector2d lo = points_.front();
    Eigen::Vector2d hi = points_.front();
    for (const auto& q : points_) {
        lo = lo.cwiseMin(q);
        hi = hi.cwiseMax(q);
    }
    // Square cells sized for about `per_cell` points each over the bounding box.
    const Eigen::Vector2d extent = (hi - lo).cwiseMax(1.0);
    const double cells = std::max(1.0, static_cast<double>(points_.size()) / per_cell);
    cell_m_ = std::max(std::sqrt(extent.x() * extent.y() / cells), 1e-3);
    origin_ = lo;
    nx_ = cell_x(hi.x()) + 1;
    ny_ = cell_y(hi.y()) + 1;
    std::vector<std::uint32_t> count(static_cast<std::size_t>(nx_ * ny_) + 1, 0);
    const auto cell_of = [&](const Eigen::Vector2d& q) {
        return static_cast<std::size_t>(cell_y(q.y()) * nx_ + cell_x(q.x()));
    };
    for (const auto& q : points_) {
        ++count[cell_of(q) + 1];
    }
    for (std::size_t c = 1; c < count.size(); ++c) {
        count[c] += count[c - 1];
    }
    cell_start_ = count;
    in_cell_.resize(points_.size());
    for (std::size_t i = 0; i < points_.size(); ++i) {
        in_cell_[count[cell_of(points_[i])]++] = static_cast<std::uint32_t>(i);
    }
}

void PointGrid::add_cell(std::int64_t cx, std::int64_t cy, const Eigen::Vector2d& p) const {
    if (cx < 0 || cy < 0 || cx >= nx_ || cy >= ny_) {
        return;
    }
    const auto c = static_cast<std::size_t>(cy * nx_ + cx);
    for (std::uint32_t k = cell_start_[c]; k < cell_start_[c + 1]; ++k) {
        const std::size_t i = in_cell_[k];
        pending_.emplace_back((points_[i] - p).norm(), i);
        std::push_heap(pending_.begin(), pending_.end(), std::greater<>{});
    }
}

}  // namespace lastmile::geo
