#pragma once
/// A 4-ary min-heap of queue entries ordered by (time, priority, insertion sequence).
///
/// A 4-ary heap halves the depth of a binary heap and keeps each node's children in one cache
/// line. It makes no assumption about the times pushed, which is what the radix queue is
/// checked against.

#include <cstddef>
#include <vector>

#include <lastmile/kernel/queue_entry.hpp>

namespace lastmile::kernel {

class QuaternaryHeap {
  public:
    bool empty() const noexcept { return heap_.empty(); }
    std::size_t size() const noexcept { return heap_.size(); }
    const QueueEntry& top() const noexcept { return heap_.front(); }
    SlotPrefetch& prefetch() noexcept { return prefetch_; }

    void push(const QueueEntry& entry) {
        // Sift the hole up from the new leaf, then drop the entry into it: one write per level.
        std::size_t hole = heap_.size();
        heap_.push_back(entry);
        while (hole > 0) {
            const std::size_t parent = (hole - 1) / 4;
            if (!entry.before(heap_[parent])) {
                break;
            }
            heap_[hole] = heap_[parent];
            hole = parent;
        }
        heap_[hole] = entry;
    }

    void pop() {
        const QueueEntry last = heap_.back();
        heap_.pop_back();
        const std::size_t n = heap_.size();
        if (n == 0) {
            return;
        }
        std::size_t hole = 0;
        for (;;) {
            const std::size_t first_child = 4 * hole + 1;
            if (first_child >= n) {
                break;
            }
            std::size_t best = first_child;
            const std::size_t end = first_child + 4 < n ? first_child + 4 : n;
            for (std::size_t c = first_child + 1; c < end; ++c) {
                if (heap_[c].before(heap_[best])) {
                    best = c;
                }
            }
            if (!heap_[best].before(last)) {
                break;
            }
            heap_[hole] = heap_[best];
            hole = best;
        }
        heap_[hole] = last;
        prefetch_(heap_.front().slot);  // runs next, unless something earlier is pushed
    }

  private:
    std::vector<QueueEntry> heap_;
    SlotPrefetch prefetch_;
};

}  // namespace lastmile::kernel
