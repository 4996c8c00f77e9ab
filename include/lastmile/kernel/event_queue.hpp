#pragma once
/// The pending-event set, with a choice of structure behind it.
///
/// Both order entries by (time, priority, insertion sequence) and so give identical runs; the
/// choice is a matter of speed. The radix queue (the default) relies on integer ticks and on
/// time never running backwards; the 4-ary heap relies on nothing, and is kept as the
/// reference the kernel tests and the benchmark compare against.

#include <cstddef>

#include <lastmile/kernel/quaternary_heap.hpp>
#include <lastmile/kernel/queue_entry.hpp>
#include <lastmile/kernel/radix_queue.hpp>

namespace lastmile::kernel {

enum class QueueKind { radix, quaternary_heap };

class EventQueue {
  public:
    using Entry = QueueEntry;

    explicit EventQueue(QueueKind kind = QueueKind::radix) : kind_(kind) {}

    QueueKind kind() const noexcept { return kind_; }
    bool empty() const noexcept {
        return kind_ == QueueKind::radix ? radix_.empty() : heap_.empty();
    }
    std::size_t size() const noexcept {
        return kind_ == QueueKind::radix ? radix_.size() : heap_.size();
    }
    /// The first entry (the queue must not be empty).
    const Entry& top() { return kind_ == QueueKind::radix ? radix_.top() : heap_.top(); }
    /// Removes the first entry; call top() first.
    void pop() { kind_ == QueueKind::radix ? radix_.pop() : heap_.pop(); }
    /// Tells the queue where slots live (base address, bytes per slot), for prefetching.
    void prefetch_slots(const void* base, std::size_t stride) noexcept {
        radix_.prefetch().set(base, stride);
        heap_.prefetch().set(base, stride);
    }
    void push(const Entry& entry) {
        kind_ == QueueKind::radix ? radix_.push(entry) : heap_.push(entry);
    }

  private:
    QueueKind kind_;
    RadixQueue radix_;
    QuaternaryHeap heap_;
};

}  // namespace lastmile::kernel
