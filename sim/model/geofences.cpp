#include <algorithm>

#include <lastmile/model/geofences.hpp>

namespace lastmile::model {

Geofences::Geofences(const std::vector<scenario::GeofenceSpec>& specs,
                     const geo::LocalFrame& frame) {
    for (const auto& spec : specs) {
        Fence fence{&spec, {}};
        for (std::size_t i = 0; i + 1 < spec.polygon.size(); ++i) {
            const geo::Enu e = frame.to_enu(spec.polygon[i]);
            fence.ring.emplace_back(e.x(), e.y());
        }
        fences_.push_back(std::move(fence));
    }
}

bool Geofences::active(std::size_t f, double t_s) const {
    const auto& windows = fences_[f].spec->windows;
    if (windows.empty()) {
        return true;
    }
    return std::any_of(windows.begin(), windows.end(),
                       [t_s](const auto& w) { return t_s >= w.from_s && t_s < w.to_s; });
}

bool Geofences::known_active(std::size_t f, double now_s, double from_s, double to_s) const {
    const auto& windows = fences_[f].spec->windows;
    if (windows.empty()) {
        return true;
    }
    return std::any_of(windows.begin(), windows.end(), [&](const auto& w) {
        return now_s >= w.from_s - w.notice_s && w.from_s < to_s && from_s < w.to_s;
    });
}

bool Geofences::meets(std::size_t f, const Eigen::Vector3d& p0, const Eigen::Vector3d& p1) const {
    const auto& band = fences_[f].spec->altitude;
    if (std::max(p0.z(), p1.z()) < band.min_m || std::min(p0.z(), p1.z()) > band.max_m) {
        return false;
    }
    return geo::segment_meets_polygon(fences_[f].ring, p0.head<2>(), p1.head<2>());
}

bool Geofences::contains(std::size_t f, const Eigen::Vector3d& p) const {
    const auto& band = fences_[f].spec->altitude;
    return p.z() >= band.min_m && p.z() <= band.max_m &&
           geo::contains(fences_[f].ring, p.head<2>());
}

std::vector<double> Geofences::activation_times() const {
    std::vector<double> times;
    for (const auto& fence : fences_) {
        for (const auto& w : fence.spec->windows) {
            times.push_back(w.from_s);
        }
    }
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());
    return times;
}

}  // namespace lastmile::model
