#pragma once
/// What the queues order: one pending event's time, its place among events at the same tick,
/// and the slot where the rest of it lives; and a hint for loading a slot before it is needed.

#include <cstddef>
#include <cstdint>

#include <lastmile/kernel/event.hpp>
#include <lastmile/kernel/time.hpp>

namespace lastmile::kernel {

struct QueueEntry {
    Tick time;
    std::uint64_t order;  ///< priority in the top 16 bits, insertion sequence below
    std::uint32_t slot;   ///< where the event's callback and tag live

    static constexpr std::uint64_t kSequenceMask = (std::uint64_t{1} << 48) - 1;

    /// Combines a priority and a sequence number into one ordering key.
    static constexpr std::uint64_t order_key(Priority priority, std::uint64_t sequence) noexcept {
        const auto biased = static_cast<std::uint64_t>(static_cast<std::int64_t>(priority) + 32768);
        return (biased << 48) | sequence;
    }

    std::uint64_t sequence() const noexcept { return order & kSequenceMask; }
    bool before(const QueueEntry& other) const noexcept {
        return time < other.time || (time == other.time && order < other.order);
    }
};

/// Where the slots live, so that a queue can ask for an event's slot to be loaded into the
/// cache when it knows the event will run soon. Once many events are pending, the slot of the
/// next one is far from the last; fetched only when it runs, it would stall the run for a
/// trip to memory. A hint only: it never changes what runs, or when.
class SlotPrefetch {
  public:
    void set(const void* base, std::size_t stride) noexcept {
        base_ = static_cast<const unsigned char*>(base);
        stride_ = stride;
    }
    void operator()(std::uint32_t slot) const noexcept {
        if (base_ != nullptr) {
            __builtin_prefetch(base_ + slot * stride_);
        }
    }

  private:
    const unsigned char* base_ = nullptr;
    std::size_t stride_ = 0;
};

}  // namespace lastmile::kernel
