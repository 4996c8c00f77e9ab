#pragma once
/// A monotone radix queue of entries ordered by (time, priority, insertion sequence).
///
/// Simulated time never runs backwards, and ticks are integers. An entry is filed by the
/// highest byte in which its time differs from the time last taken (`base_`): that byte's
/// position is its level, that byte's value its digit. Level-0 entries precede level-1
/// entries, which precede level-2 entries, and so on, and within a level lower digits come
/// first; so the next event is in the first occupied bucket of the lowest occupied level.
/// Taking it re-files that one bucket's entries into lower levels, so an entry moves at most
/// once per byte of the delays in use (three for delays up to 4.6 hours at 1 ms ticks) and
/// buckets are appended to and swept in order: little work per event, and cache-friendly where
/// a heap pays a cache miss per level once it outgrows the cache.
///
/// Entries at exactly `base_` wait in a small heap by (priority, sequence): ties are FIFO
/// within a priority, as in every queue. A time before `base_` can be pushed only after the
/// simulation peeked at an event beyond the end of a run_until() and then scheduled something
/// earlier; such entries go to a heap of their own that is always served first, since
/// everything in it precedes everything filed.

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <lastmile/kernel/queue_entry.hpp>

namespace lastmile::kernel {

class RadixQueue {
  public:
    bool empty() const noexcept { return size_ == 0; }
    std::size_t size() const noexcept { return size_; }
    SlotPrefetch& prefetch() noexcept { return prefetch_; }

    /// The first entry. Not const: it may re-file a bucket to find it.
    const QueueEntry& top() {
        if (!early_.empty()) {
            return early_.front();
        }
        if (at_base_.empty()) {
            refill();
        }
        return at_base_.front();
    }

    void push(const QueueEntry& entry) {
        ++size_;
        if (entry.time < base_) {
            early_.push_back(entry);
            std::push_heap(early_.begin(), early_.end(), Later{});
        } else {
            file(entry);
        }
    }

    /// Removes top(); call top() first.
    void pop() {
        --size_;
        if (!early_.empty()) {
            std::pop_heap(early_.begin(), early_.end(), Later{});
            early_.pop_back();
            return;
        }
        std::pop_heap(at_base_.begin(), at_base_.end(), Later{});
        at_base_.pop_back();
    }

  private:
    // std heaps are max-heaps: "later" entries sink.
    struct Later {
        bool operator()(const QueueEntry& a, const QueueEntry& b) const noexcept {
            return b.before(a);
        }
    };

    static constexpr int kDigitBits = 8;
    static constexpr std::size_t kDigits = std::size_t{1} << kDigitBits;
    static constexpr std::size_t kLevels = 8;  // 64-bit times
    static constexpr std::size_t kWords = kDigits / 64;
    static constexpr std::size_t kKeptCapacity = 256;  // entries a bucket keeps when emptied

    void file(const QueueEntry& entry) {
        const auto diff = static_cast<std::uint64_t>(entry.time ^ base_);
        if (diff < kDigits) {
            // Within 256 ticks of the base: due soon.
            prefetch_(entry.slot);
        }
        if (diff == 0) {
            at_base_.push_back(entry);
            std::push_heap(at_base_.begin(), at_base_.end(), Later{});
            return;
        }
        const auto level = static_cast<std::size_t>(std::bit_width(diff) - 1) / kDigitBits;
        const auto digit = static_cast<std::size_t>(
            (static_cast<std::uint64_t>(entry.time) >> (level * kDigitBits)) & (kDigits - 1));
        std::vector<QueueEntry>& bucket = buckets_[level][digit];
        if (bucket.capacity() == 0 && !spare_.empty()) {
            bucket = std::move(spare_.back());
            spare_.pop_back();
        }
        bucket.push_back(entry);
        occupied_[level][digit / 64] |= std::uint64_t{1} << (digit % 64);
        levels_ |= 1U << level;
    }

    void refill() {
        const auto level = static_cast<std::size_t>(std::countr_zero(levels_));
        std::size_t word = 0;
        while (occupied_[level][word] == 0) {
            ++word;
        }
        const std::size_t digit =
            word * 64 + static_cast<std::size_t>(std::countr_zero(occupied_[level][word]));
        occupied_[level][word] &= ~(std::uint64_t{1} << (digit % 64));
        if (occupied_[level][word] == 0 &&
            std::all_of(occupied_[level].begin(), occupied_[level].end(),
                        [](std::uint64_t w) { return w == 0; })) {
            levels_ &= ~(1U << level);
        }
        std::vector<QueueEntry>& bucket = buckets_[level][digit];
        // Its least time becomes the base: the bucket's entries then all file lower down (at
        // level 0, they all share that time). The other buckets stay where they are, since the
        // new base agrees with the old one above this level.
        Tick least = bucket.front().time;
        for (const QueueEntry& e : bucket) {
            least = std::min(least, e.time);
        }
        base_ = least;
        for (const QueueEntry& e : bucket) {
            file(e);
        }
        bucket.clear();
        if (bucket.capacity() > kKeptCapacity) {
            // Buckets fill in turn as time advances: a large one's storage goes to the next
            // bucket to fill, rather than each bucket keeping the most it ever held.
            spare_.push_back(std::move(bucket));
            bucket = {};
        }
    }

    SlotPrefetch prefetch_;
    Tick base_ = 0;
    std::size_t size_ = 0;
    std::uint32_t levels_ = 0;  ///< bit l set when level l has an occupied bucket
    std::array<std::array<std::uint64_t, kWords>, kLevels> occupied_{};
    std::vector<QueueEntry> at_base_;
    std::vector<QueueEntry> early_;
    std::array<std::array<std::vector<QueueEntry>, kDigits>, kLevels> buckets_;
    std::vector<std::vector<QueueEntry>> spare_;  ///< storage of emptied large buckets
};

}  // namespace lastmile::kernel
