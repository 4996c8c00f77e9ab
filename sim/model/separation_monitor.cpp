#include <algorithm>
#include <cmath>
#include <tuple>

#include <lastmile/model/separation_monitor.hpp>

namespace lastmile::model {

namespace {
// Pieces of one encounter closer than this (one kernel tick) are one encounter.
constexpr double kMergeGap_s = 1e-3;
}  // namespace

SeparationMonitor::SeparationMonitor(const scenario::SeparationSpec& minima)
    : minima_(minima),
      cell_m_(std::max({2 * minima.horizontal_m, 2 * minima.nmac_horizontal_m, 100.0})) {}

std::uint64_t SeparationMonitor::cell_key(std::int64_t cx, std::int64_t cy) {
    return (static_cast<std::uint64_t>(cx + (1 << 30)) << 32) ^
           static_cast<std::uint64_t>(cy + (1 << 30));
}

std::vector<std::uint64_t> SeparationMonitor::cells_along(const TrajectoryLeg& leg,
                                                          bool with_neighbours) const {
    // Samples a quarter cell apart: every point of the leg is within an eighth of a cell of
    // a sample. A leg inserted with its samples' neighbouring cells is then found from any
    // leg that comes within the minima, queried by its samples' own cells.
    const Eigen::Vector2d a = leg.p0.head<2>();
    const Eigen::Vector2d b = leg.p1.head<2>();
    const double length = (b - a).norm();
    const auto samples = static_cast<std::size_t>(std::ceil(length / (cell_m_ / 4))) + 1;
    std::vector<std::uint64_t> keys;
    for (std::size_t i = 0; i < samples; ++i) {
        const double f = samples == 1 ? 0.0 : static_cast<double>(i) / (samples - 1);
        const Eigen::Vector2d p = a + f * (b - a);
        const auto cx = static_cast<std::int64_t>(std::floor(p.x() / cell_m_));
        const auto cy = static_cast<std::int64_t>(std::floor(p.y() / cell_m_));
        const int r = with_neighbours ? 1 : 0;
        for (int dx = -r; dx <= r; ++dx) {
            for (int dy = -r; dy <= r; ++dy) {
                keys.push_back(cell_key(cx + dx, cy + dy));
            }
        }
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    return keys;
}

std::vector<PredictedEncounter> SeparationMonitor::set_path(std::uint64_t flight,
                                                            std::vector<TrajectoryLeg> legs) {
    Track& track = tracks_[flight];
    ++track.generation;
    track.legs = std::move(legs);
    track.end_s = track.legs.empty() ? 0 : track.legs.back().t1_s;

    // Candidate leg pairs, in a deterministic order.
    std::vector<std::tuple<std::uint64_t, std::uint32_t, std::uint32_t>> pairs;
    for (std::uint32_t i = 0; i < track.legs.size(); ++i) {
        const auto& leg = track.legs[i];
        if (!leg.monitored) {
            continue;
        }
        for (const auto key : cells_along(leg, false)) {
            const auto it = grid_.find(key);
            if (it == grid_.end()) {
                continue;
            }
            for (const auto& ref : it->second) {
                if (ref.flight == flight) {
                    continue;
                }
                const auto t = tracks_.find(ref.flight);
                if (t != tracks_.end() && t->second.generation == ref.generation) {
                    pairs.emplace_back(ref.flight, ref.leg, i);
                }
            }
        }
    }
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());

    std::vector<PredictedEncounter> found;
    const auto check = [&](EncounterKind kind, double h, double v) {
        std::vector<PredictedEncounter> pieces;
        for (const auto& [other, other_leg, leg] : pairs) {
            const auto& a = track.legs[leg];
            const auto& b = tracks_.find(other)->second.legs[other_leg];
            if (a.t1_s < b.t0_s || b.t1_s < a.t0_s) {
                continue;
            }
            ++pair_checks_;
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
        if (!track.legs[i].monitored) {
            continue;
        }
        for (const auto key : cells_along(track.legs[i], true)) {
            auto& cell = grid_[key];
            // Drop references to paths replaced, removed or long finished as we go.
            std::erase_if(cell, [&](const LegRef& r) {
                const auto t = tracks_.find(r.flight);
                return t == tracks_.end() || t->second.generation != r.generation;
            });
            cell.push_back(LegRef{flight, track.generation, i});
        }
    }
    return found;
}

void SeparationMonitor::remove(std::uint64_t flight) {
    tracks_.erase(flight);
}

void SeparationMonitor::forget_before(double t_s) {
    std::erase_if(tracks_, [t_s](const auto& entry) { return entry.second.end_s < t_s; });
}

const std::vector<TrajectoryLeg>* SeparationMonitor::path(std::uint64_t flight) const {
    const auto it = tracks_.find(flight);
    return it == tracks_.end() ? nullptr : &it->second.legs;
}

}  // namespace lastmile::model
