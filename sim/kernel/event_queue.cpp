#include <lastmile/kernel/event_queue.hpp>

namespace lastmile::kernel {

void EventQueue::push(const Entry& entry) {
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

void EventQueue::pop() {
    const Entry last = heap_.back();
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
}

}  // namespace lastmile::kernel
