#pragma once
/// Simulated time.
///
/// Time is an integer count of ticks since the start of the run. One tick is one millisecond:
/// fine enough for flight legs and queueing, coarse enough that a 64-bit count covers 292
/// million years. Floating-point time is never used for ordering, so a run's event order does
/// not depend on rounding.

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>

namespace lastmile::kernel {

/// A point in simulated time, or a duration, in ticks.
using Tick = std::int64_t;

inline constexpr Tick kTicksPerSecond = 1000;
inline constexpr Tick kTickMax = std::numeric_limits<Tick>::max();

/// Converts seconds to ticks, rounding to the nearest tick (halves away from zero).
/// Throws std::domain_error for NaN, infinities and values outside the tick range.
inline Tick ticks_from_seconds(double seconds) {
    const double ticks = seconds * static_cast<double>(kTicksPerSecond);
    if (!std::isfinite(ticks) || std::fabs(ticks) >= 9.2e18) {
        throw std::domain_error("time value out of the representable range of ticks");
    }
    return static_cast<Tick>(std::llround(ticks));
}

/// Converts ticks to seconds (exact for any tick count below 2^53).
constexpr double seconds_from_ticks(Tick ticks) {
    return static_cast<double>(ticks) / static_cast<double>(kTicksPerSecond);
}

inline constexpr Tick kMinute = 60 * kTicksPerSecond;
inline constexpr Tick kHour = 60 * kMinute;

}  // namespace lastmile::kernel
