#include <bit>

#include <lastmile/geo/plan_to_geo.hpp>

namespace lastmile::geo {

std::size_t PlanToGeo::KeyHash::operator()(const Key& k) const noexcept {
    // Mixes both coordinates' bits (a multiply-xorshift; the identity hash of integers would
    // bunch nearby points).
    std::uint64_t h = k.x * 0x9E3779B97F4A7C15ULL ^ (k.y + 0x632BE59BD9B4E019ULL);
    h ^= h >> 32;
    h *= 0xD6E8FEB86659FD93ULL;
    h ^= h >> 32;
    return static_cast<std::size_t>(h);
}

GeoPoint PlanToGeo::operator()(double x_m, double y_m) {
    // Keyed by the exact bits: only the very same point is answered from memory.
    const Key key{std::bit_cast<std::uint64_t>(x_m), std::bit_cast<std::uint64_t>(y_m)};
    if (const auto it = remembered_.find(key); it != remembered_.end()) {
        return it->second;
    }
    if (remembered_.size() >= kMaxRemembered) {
        remembered_.clear();
    }
    const GeoPoint g = frame_.to_geo(Enu(x_m, y_m, 0));
    remembered_.emplace(key, g);
    return g;
}

}  // namespace lastmile::geo
