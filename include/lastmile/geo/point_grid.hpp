#pragma once
/// Nearest-point queries over a fixed set of points in the plane, through a uniform grid.
///
/// `nearest` visits points in increasing distance, ties in increasing index, exactly the
/// order of sorting every point by (distance, index), and returns the first one a predicate
/// accepts. It looks only at the grid cells around the query, ring by ring, so the cost grows
/// with the points near it rather than with all of them.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include <Eigen/Core>

namespace lastmile::geo {

class PointGrid {
  public:
    PointGrid() = default;
    /// Indexes `points`; cells hold about `per_cell` points on average.
    explicit PointGrid(std::vector<Eigen::Vector2d> points, double per_cell = 2.0);

    std::size_t size() const noexcept { return points_.size(); }
    const Eigen::Vector2d& point(std::size_t i) const { return points_[i]; }

    /// The first point, in (distance from `p`, index) order, within `max_distance` of `p`
    /// that `accept(index)` takes; nothing if there is none.
    template <typename Accept>
    std::optional<std::size_t> nearest(
        const Eigen::Vector2d& p, Accept&& accept,
        double max_distance = std::numeric_limits<double>::infinity()) const;

  private:
    using Candidate = std::pair<double, std::size_t>;  // (distance, index)

    std::int64_t cell_x(double x) const {
        return static_cast<std::int64_t>(std::floor((x - origin_.x()) / cell_m_));
    }
    std::int64_t cell_y(double y) const {
        return static_cast<std::int64_t>(std::floor((y - origin_.y()) / cell_m_));
    }
    /// Adds the points of cell (cx, cy), if it is in the grid, to the heap `pending_`.
    void add_cell(std::int64_t cx, std::int64_t cy, const Eigen::Vector2d& p) const;

    std::vector<Eigen::Vector2d> points_;
    Eigen::Vector2d origin_ = Eigen::Vector2d::Zero();  ///< lower-left corner of cell (0, 0)
    double cell_m_ = 1;
    std::int64_t nx_ = 0;
    std::int64_t ny_ = 0;
    std::vector<std::uint32_t> cell_start_;  ///< per cell, into `in_cell_`; one past the end last
    std::vector<std::uint32_t> in_cell_;     ///< point indices, cell by cell, ascending
    /// Candidates of the query under way, a min-heap by (distance, index); kept between
    /// queries only for its storage.
    mutable std::vector<Candidate> pending_;
};

template <typename Accept>
std::optional<std::size_t> PointGrid::nearest(const Eigen::Vector2d& p, Accept&& accept,
                                              double max_distance) const {
    if (points_.empty()) {
        return std::nullopt;
    }
    pending_.clear();
    const std::int64_t cx = cell_x(p.x());
    const std::int64_t cy = cell_y(p.y());
    // Rings of cells at Chebyshev distance r around p's cell: every point in ring r+1 or
    // beyond is at least r cells' widths from p, so candidates nearer than that are final.
    const std::int64_t last_ring =
        std::max({std::abs(cx), std::abs(cx - (nx_ - 1)), std::abs(cy), std::abs(cy - (ny_ - 1))});
    // Rings nearer than the grid's edge hold no cells: start at the first that can.
    const std::int64_t first_ring =
        std::max({std::int64_t{0}, -cx, cx - (nx_ - 1), -cy, cy - (ny_ - 1)});
    for (std::int64_t r = first_ring;; ++r) {
        if (r == 0) {
            add_cell(cx, cy, p);
        } else if (r <= last_ring) {
            const std::int64_t x0 = std::max(cx - r, std::int64_t{0});
            const std::int64_t x1 = std::min(cx + r, nx_ - 1);
            for (const std::int64_t y : {cy - r, cy + r}) {
                if (y >= 0 && y < ny_) {
                    for (std::int64_t x = x0; x <= x1; ++x) {
                        add_cell(x, y, p);
                    }
                }
            }
            const std::int64_t y0 = std::max(cy - r + 1, std::int64_t{0});
            const std::int64_t y1 = std::min(cy + r - 1, ny_ - 1);
            for (const std::int64_t x : {cx - r, cx + r}) {
                if (x >= 0 && x < nx_) {
                    for (std::int64_t y = y0; y <= y1; ++y) {
                        add_cell(x, y, p);
                    }
                }
            }
        }
        const bool all_seen = r >= last_ring;
        const double settled = static_cast<double>(r) * cell_m_;
        while (!pending_.empty() && (all_seen || pending_.front().first < settled)) {
            const auto [distance, index] = pending_.front();
            if (distance > max_distance) {
                return std::nullopt;
            }
            std::pop_heap(pending_.begin(), pending_.end(), std::greater<>{});
            pending_.pop_back();
            if (accept(index)) {
                return index;
            }
        }
        if (all_seen || settled > max_distance) {
            return std::nullopt;
        }
    }
}

}  // namespace lastmile::geo
