#pragma once
/// What an event is, as far as ordering, cancellation and the run's digest are concerned.

#include <cstdint>

#include <lastmile/kernel/callback.hpp>
#include <lastmile/kernel/time.hpp>

namespace lastmile::kernel {

/// A registered kind of event ("drone.takeoff"). Obtained from Simulation::kind(); the code is
/// the stable hash of the name, so digests do not depend on the order kinds were registered.
struct EventKind {
    std::uint32_t index = 0;
    std::uint64_t code = 0;
};

/// The identity of an event for the digest and traces: its kind and up to two entity ids
/// (for example a vehicle and an order).
struct EventTag {
    EventKind kind;
    std::uint64_t subject = 0;
    std::uint64_t object = 0;
};

/// Ties at the same tick run in ascending priority, then in the order they were scheduled.
using Priority = std::int16_t;
inline constexpr Priority kDefaultPriority = 0;

/// A scheduled event's handle: lets its owner cancel it or ask whether it is still pending.
/// Handles are plain values; a handle to an event that ran or was cancelled is simply stale.
struct EventHandle {
    std::uint32_t slot = 0;
    std::uint64_t sequence = 0;  ///< 0 never names an event
};

}  // namespace lastmile::kernel
