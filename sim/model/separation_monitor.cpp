#include <algorithm>
#include <cmath>
#include <tuple>

#include <lastmile/model/separation_monitor.hpp>

namespace lastmile::model {

namespace {
// Pieces of one encounter closer than this (one kernel tick) are one encounter.
constexpr double kMergeGap_s = 1e-3;
// Legs that ended longer ago than this before a new path is set are forgotten. Any encounter
// they are part of, merged with others or not, began before that time, and the caller keeps
// only encounters that begin from now on.
constexpr double kForgetAfter_s = 1.0;
// Widens the cells looked at, so that rounding never loses a leg at a cell's edge.
constexpr double kCellSlack_m = 1e-3;

double squared(double x) {
    return x * x;
}

/// Squared distance from the segment a-b to the axis-aligned box [lo, hi] in the plane.
double squared_distance_to_box(const Eigen::Vector2d& a, const Eigen::Vector2d& b,
                               const Eigen::Vector2d& lo, const Eigen::Vector2d& hi) {
    const auto box_point = [&](const Eigen::Vector2d& p) {
        return (p - p.cwiseMax(lo).cwiseMin(hi)).squaredNorm();
    };
    // The segment meets the box if a point of it is inside: clip it (Liang-Barsky).
    double t0 = 0;
    double t1 = 1;
    const Eigen::Vector2d d = b - a;
    bool meets = true;
    for (int k = 0; k < 2 && meets; ++k) {
        if (d[k] == 0) {
            meets = a[k] >= lo[k] && a[k] <= hi[k];
            continue;
        }
        double u0 = (lo[k] - a[k]) / d[k];
        double u1 = (hi[k] - a[k]) / d[k];
        if (u0 > u1) {
            std::swap(u0, u1);
        }
        t0 = std::max(t0, u0);
        t1 = std::min(t1, u1);
        meets = t0 <= t1;
    }
    if (meets) {
        return 0;
    }
    // Otherwise the nearest pair involves a segment end or a box corner.
    const auto segment_point = [&](const Eigen::Vector2d& p) {
        const double len2 = d.squaredNorm();
        const double t = len2 > 0 ? std::clamp((p - a).dot(d) / len2, 0.0, 1.0) : 0.0;
        return (a + t * d - p).squaredNorm();
    };
    double best = std::min(box_point(a), box_point(b));
    for (const Eigen::Vector2d& corner :
         {lo, hi, Eigen::Vector2d(lo.x(), hi.y()), Eigen::Vector2d(hi.x(), lo.y())}) {
        best = std::min(best, segment_point(corner));
    }
    return best;
}

}  // namespace

SeparationMonitor::SeparationMonitor(const scenario::SeparationSpec& minima)
    : minima_(minima),
      reach_m_(std::max(minima.horizontal_m, minima.nmac_horizontal_m)),
      altitude_m_(std::max(minima.vertical_m, minima.nmac_vertical_m)),
      // Cells several minima wide, and at least 800 m: a corridor leg touches a few of them,
      // and a cell still holds only the traffic of a neighbourhood.
      cell_m_(std::max(8 * reach_m_, 800.0)) {}

std::uint64_t SeparationMonitor::cell_key(std::int64_t cx, std::int64_t cy) {
    return (static_cast<std::uint64_t>(cx + (1 << 30)) << 32) ^
           static_cast<std::uint64_t>(cy + (1 << 30));
}

template <typename Visit>
void SeparationMonitor::cells_near(const TrajectoryLeg& leg, double radius_m, Visit&& visit) const {
    const Eigen::Vector2d a = leg.p0.head<2>();
    const Eigen::Vector2d b = leg.p1.head<2>();
    const double r = radius_m + kCellSlack_m;
    const auto cell = [&](double v) { return static_cast<std::int64_t>(std::floor(v / cell_m_)); };
    const std::int64_t x0 = cell(std::min(a.x(), b.x()) - r);
    const std::int64_t x1 = cell(std::max(a.x(), b.x()) + r);
    const std::int64_t y0 = cell(std::min(a.y(), b.y()) - r);
    const std::int64_t y1 = cell(std::max(a.y(), b.y()) + r);
    for (std::int64_t cx = x0; cx <= x1; ++cx) {
        for (std::int64_t cy = y0; cy <= y1; ++cy) {
            const Eigen::Vector2d lo(static_cast<double>(cx) * cell_m_,
                                     static_cast<double>(cy) * cell_m_);
            const Eigen::Vector2d hi = lo + Eigen::Vector2d::Constant(cell_m_);
            if (squared_distance_to_box(a, b, lo, hi) <= squared(r)) {
                visit(cell_key(cx, cy));
            }
        }
    }
}

void SeparationMonitor::sweep(Cell& cell, double t_s) const {
    std::erase_if(cell.legs, [&](const LegRef& r) {
        if (r.t1_s < t_s) {
            return true;
        }
        const auto t = tracks_.find(r.flight);
        return t == tracks_.end() || t->second.generation != r.generation;
    });
    cell.swept_size = cell.legs.size();
}

std::vector<PredictedEncounter> SeparationMonitor::set_path(std::uint64_t flight,
                                                            std::vector<TrajectoryLeg> legs,
                                                            double now_s) {
    Track& track = tracks_[flight];
    ++track.generation;
    track.legs = std::move(legs);
    const double forget_s = now_s - kForgetAfter_s;

    // Candidate leg pairs: legs filed in the cells this leg passes through (a leg is filed
    // wherever it comes within the minima), flown at overlapping times and heights, on paths
    // still current. The cheap checks come first.
    std::vector<std::tuple<std::uint64_t, std::uint32_t, std::uint32_t>> pairs;
    for (std::uint32_t i = 0; i < track.legs.size(); ++i) {
        const auto& leg = track.legs[i];
        if (!leg.monitored || leg.t1_s < forget_s) {
            continue;
        }
        const double z_low = std::min(leg.p0.z(), leg.p1.z()) - altitude_m_;
        const double z_high = std::max(leg.p0.z(), leg.p1.z()) + altitude_m_;
        cells_near(leg, 0, [&](std::uint64_t key) {
            const auto it = grid_.find(key);
            if (it == grid_.end()) {
                return;
            }
            for (const auto& ref : it->second.legs) {
                if (ref.flight == flight || ref.t1_s < leg.t0_s || leg.t1_s < ref.t0_s ||
                    ref.t1_s < forget_s || ref.z_high_m <= z_low || ref.z_low_m >= z_high) {
                    continue;
                }
                const auto t = tracks_.find(ref.flight);
                if (t != tracks_.end() && t->second.generation == ref.generation) {
                    pairs.emplace_back(ref.flight, ref.leg, i);
                }
            }
        });
    }
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
    pair_checks_ += pairs.size();

    std::vector<PredictedEncounter> found;
    const auto check = [&](EncounterKind kind, double h, double v) {
        std::vector<PredictedEncounter> pieces;
        for (const auto& [other, other_leg, leg] : pairs) {
            const auto& a = track.legs[leg];
            const auto& b = tracks_.find(other)->second.legs[other_leg];
            if (const auto e = loss_of_separation(a, b, h, v)) {
                pieces.push_back(
                    PredictedEncounter{kind, flight, other, *e, a.at(e->cpa_s), leg, other_leg});
            }
        }
        std::sort(pieces.begin(), pieces.end(), [](const auto& x, const auto& y) {
            return std::tie(x.other, x.at.start_s, x.leg) < std::tie(y.other, y.at.start_s, y.leg);
        });
        for (const auto& p : pieces) {
            if (!found.empty() && found.back().kind == kind && found.back().other == p.other &&
                p.at.start_s <= found.back().at.end_s + kMergeGap_s) {
                auto& merged = found.back();
                merged.at.end_s = std::max(merged.at.end_s, p.at.end_s);
                if (p.at.horizontal_m < merged.at.horizontal_m) {
                    const double start = merged.at.start_s;
                    const double end = merged.at.end_s;
                    merged.at = p.at;
                    merged.at.start_s = start;
                    merged.at.end_s = end;
                    merged.position = p.position;
                    merged.leg = p.leg;
                    merged.other_leg = p.other_leg;
                }
                continue;
            }
            found.push_back(p);
        }
    };
    check(EncounterKind::loss_of_separation, minima_.horizontal_m, minima_.vertical_m);
    check(EncounterKind::nmac, minima_.nmac_horizontal_m, minima_.nmac_vertical_m);
    std::stable_sort(found.begin(), found.end(), [](const auto& x, const auto& y) {
        return std::tie(x.at.start_s, x.other, x.kind) < std::tie(y.at.start_s, y.other, y.kind);
    });

    for (std::uint32_t i = 0; i < track.legs.size(); ++i) {
        const auto& leg = track.legs[i];
        if (!leg.monitored || leg.t1_s < forget_s) {
            continue;
        }
        const LegRef ref{flight,
                         track.generation,
                         i,
                         leg.t0_s,
                         leg.t1_s,
                         std::min(leg.p0.z(), leg.p1.z()),
                         std::max(leg.p0.z(), leg.p1.z())};
        cells_near(leg, reach_m_, [&](std::uint64_t key) {
            Cell& cell = grid_[key];
            // Swept whenever it has doubled since the last sweep: constant work per leg filed.
            if (cell.legs.size() >= 2 * std::max<std::size_t>(cell.swept_size, 8)) {
                sweep(cell, forget_s);
            }
            cell.legs.push_back(ref);
        });
    }
    return found;
}

void SeparationMonitor::remove(std::uint64_t flight) {
    tracks_.erase(flight);
}

const std::vector<TrajectoryLeg>* SeparationMonitor::path(std::uint64_t flight) const {
    const auto it = tracks_.find(flight);
    return it == tracks_.end() ? nullptr : &it->second.legs;
}

}  // namespace lastmile::model
