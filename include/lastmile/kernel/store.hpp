#pragma once
/// A stock of items that processes take in first-come, first-served order (charged battery
/// packs at a swap station, say). put() never blocks; get() waits while the stock is empty.
/// A put item goes straight to the longest waiter, so nobody overtakes the queue. Waits are
/// recorded like a Resource's.

#include <algorithm>
#include <coroutine>
#include <deque>
#include <utility>

#include <lastmile/kernel/resource.hpp>
#include <lastmile/kernel/simulation.hpp>

namespace lastmile::kernel {

template <typename T>
class Store {
  public:
    Store(Simulation& sim, EventTag grant_tag) : sim_(sim), grant_tag_(grant_tag) {}
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    void put(T item) {
        advance_clock();
        if (!waiters_.empty() && !sim_.closing()) {
            Waiter* next = waiters_.front();
            waiters_.pop_front();
            next->item = std::move(item);
            record_grant(sim_.now() - next->since, true);
            sim_.resume_in(0, grant_tag_, next->handle);
            return;
        }
        items_.push_back(std::move(item));
    }

    auto get() {
        struct Awaiter {
            Store& store;
            Waiter waiter{};
            bool await_ready() {
                if (!store.items_.empty() && store.waiters_.empty()) {
                    store.advance_clock();
                    waiter.item = std::move(store.items_.front());
                    store.items_.pop_front();
                    store.record_grant(0, false);
                    return true;
                }
                return false;
            }
            void await_suspend(std::coroutine_handle<> h) {
                store.advance_clock();
                waiter.handle = h;
                waiter.since = store.sim_.now();
                store.waiters_.push_back(&waiter);
                store.stats_.max_queue = std::max(store.stats_.max_queue, store.waiters_.size());
            }
            T await_resume() { return std::move(waiter.item); }
        };
        return Awaiter{*this};
    }

    std::size_t size() const noexcept { return items_.size(); }
    std::size_t queue_length() const noexcept { return waiters_.size(); }
    /// Statistics of the waiting processes (grants = items handed out); in_use_tick_integral
    /// holds the stock level over time.
    ResourceStats stats() const noexcept {
        ResourceStats current = stats_;
        current.advance(sim_.now(), items_.size(), waiters_.size());
        return current;
    }

  private:
    struct Waiter {
        std::coroutine_handle<> handle;
        Tick since = 0;
        T item{};
    };

    void advance_clock() noexcept { stats_.advance(sim_.now(), items_.size(), waiters_.size()); }
    void record_grant(Tick wait, bool waited) noexcept {
        ++stats_.grants;
        stats_.waited += waited ? 1 : 0;
        stats_.total_wait += wait;
        stats_.max_wait = std::max(stats_.max_wait, wait);
    }

    Simulation& sim_;
    EventTag grant_tag_;
    std::deque<T> items_;
    std::deque<Waiter*> waiters_;
    ResourceStats stats_;
};

}  // namespace lastmile::kernel
