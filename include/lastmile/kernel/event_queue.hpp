#pragma once
/// The pending-event set: a 4-ary min-heap ordered by (time, priority, insertion sequence).
///
/// A 4-ary heap halves the depth of a binary heap and keeps each node's children in one cache
/// line, which is what matters once the heap no longer fits in cache.

#include <cstdint>
#include <vector>

#include <lastmile/kernel/event.hpp>

namespace lastmile::kernel {

class EventQueue {
  public:
    struct Entry {
        Tick time;
        std::uint64_t order;  ///< priority in the top 16 bits, insertion sequence below
        std::uint32_t slot;   ///< where the event's callback lives

        std::uint64_t sequence() const noexcept { return order & kSequenceMask; }
        bool before(const Entry& other) const noexcept {
            return time < other.time || (time == other.time && order < other.order);
        }
    };

    static constexpr std::uint64_t kSequenceMask = (std::uint64_t{1} << 48) - 1;

    /// Combines a priority and a sequence number into one ordering key.
    static std::uint64_t order_key(Priority priority, std::uint64_t sequence) noexcept {
        const auto biased = static_cast<std::uint64_t>(static_cast<std::int64_t>(priority) + 32768);
        return (biased << 48) | sequence;
    }

    bool empty() const noexcept { return heap_.empty(); }
    std::size_t size() const noexcept { return heap_.size(); }
    const Entry& top() const noexcept { return heap_.front(); }

    void push(const Entry& entry);
    void pop();
    void reserve(std::size_t n) { heap_.reserve(n); }

  private:
    std::vector<Entry> heap_;
};

}  // namespace lastmile::kernel
