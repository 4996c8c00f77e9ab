#include <algorithm>
#include <iterator>

#include <lastmile/kernel/resource.hpp>
#include <lastmile/kernel/simulation.hpp>

namespace lastmile::kernel {

Resource::Resource(Simulation& sim, std::string name, std::size_t capacity, std::uint64_t id)
    : sim_(sim),
      name_(std::move(name)),
      capacity_(capacity),
      id_(id),
      grant_kind_(sim.kind("resource.grant", "resource", "")) {}

void Resource::advance_clock() noexcept {
    stats_.advance(sim_.now(), in_use_, waiters_.size());
}

ResourceStats Resource::stats() const noexcept {
    ResourceStats current = stats_;
    current.advance(sim_.now(), in_use_, waiters_.size());
    return current;
}

bool Resource::try_take() noexcept {
    if (in_use_ >= capacity_ || !waiters_.empty()) {
        return false;
    }
    advance_clock();
    ++in_use_;
    ++stats_.grants;
    return true;
}

bool Resource::try_acquire(Lease& lease) noexcept {
    if (!try_take()) {
        return false;
    }
    lease = Lease(this);
    return true;
}

void Resource::enqueue(Waiter& waiter) {
    advance_clock();
    waiter.since = sim_.now();
    // Behind every waiter of the same or a more urgent priority.
    auto position = waiters_.end();
    while (position != waiters_.begin() && (*std::prev(position))->priority > waiter.priority) {
        --position;
    }
    waiters_.insert(position, &waiter);
    stats_.max_queue = std::max(stats_.max_queue, waiters_.size());
}

void Resource::renege_at(Waiter& waiter, Tick deadline, EventTag tag) {
    waiter.deadline = sim_.schedule_at(std::max(deadline, sim_.now()), tag, [this, &waiter] {
        advance_clock();
        std::erase(waiters_, &waiter);
        ++stats_.reneged;
        stats_.reneged_wait += sim_.now() - waiter.since;
        waiter.handle.resume();
    });
}

void Resource::give_back() noexcept {
    if (sim_.closing()) {
        return;  // the simulation is being torn down: nobody is left to hand the unit to
    }
    advance_clock();
    if (waiters_.empty()) {
        --in_use_;
        return;
    }
    // Hand the unit straight to the longest waiter; in_use_ does not change.
    Waiter* next = waiters_.front();
    waiters_.pop_front();
    next->granted = true;
    sim_.cancel(next->deadline);
    const Tick wait = sim_.now() - next->since;
    ++stats_.grants;
    ++stats_.waited;
    stats_.total_wait += wait;
    stats_.max_wait = std::max(stats_.max_wait, wait);
    sim_.resume_in(0, EventTag{grant_kind_, id_, stats_.grants}, next->handle);
}

}  // namespace lastmile::kernel
