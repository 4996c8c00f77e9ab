#pragma once
/// Latitude and longitude of plan-view points of a local frame (at height 0), remembering the
/// points converted. Flights pass the same corridor waypoints and depots again and again, and
/// the conversion (an iterative inverse on the ellipsoid) is the costly part of recording
/// their tracks; a remembered answer is the very same answer.

#include <cstddef>
#include <cstdint>
#include <unordered_map>

#include <lastmile/geo/geo_point.hpp>
#include <lastmile/geo/local_frame.hpp>

namespace lastmile::geo {

class PlanToGeo {
  public:
    /// Points remembered at most before the memory starts afresh.
    static constexpr std::size_t kMaxRemembered = std::size_t{1} << 20;

    explicit PlanToGeo(const LocalFrame& frame) : frame_(frame) {}

    GeoPoint operator()(double x_m, double y_m);

  private:
    struct Key {
        std::uint64_t x;
        std::uint64_t y;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        std::size_t operator()(const Key& k) const noexcept;
    };
    const LocalFrame& frame_;
    std::unordered_map<Key, GeoPoint, KeyHash> remembered_;  // looked up, never iterated
};

}  // namespace lastmile::geo
