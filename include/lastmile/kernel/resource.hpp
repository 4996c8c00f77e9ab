#pragma once
/// A capacity-limited resource (launch pads, chargers, corridor slots) with a FIFO queue.
///
///     auto pad = co_await pads.acquire();   // waits in line if every pad is taken
///     ...                                   // the pad is released when `pad` is destroyed
///
///     auto pad = co_await pads.acquire_before(deadline, tag);  // or give up at `deadline`
///     if (!pad.holds()) { ... }                                // reneged: the line moved on
///
/// A released unit passes straight to the first waiter, so a newcomer can never overtake the
/// queue. Waiters are served by priority (lower first; landing before take-off, say), and
/// first come, first served within a priority. The resource keeps time-weighted statistics of use
/// and queue length, and the total wait, so every queue in a model can be reported (and checked
/// against Little's law).

#include <coroutine>
#include <cstdint>
#include <deque>
#include <string>
#include <utility>

#include <lastmile/kernel/event.hpp>
#include <lastmile/kernel/time.hpp>

namespace lastmile::kernel {

class Simulation;

/// Accumulated statistics of one resource since the start of the run.
struct ResourceStats {
    std::uint64_t grants = 0;  ///< units handed out
    std::uint64_t waited = 0;  ///< grants that had to queue first
    Tick total_wait = 0;       ///< summed over all grants (zero-wait grants included)
    Tick max_wait = 0;
    std::size_t max_queue = 0;
    std::uint64_t reneged = 0;        ///< waiters that gave up at their deadline
    Tick reneged_wait = 0;            ///< summed over the waiters that gave up
    double in_use_tick_integral = 0;  ///< integral of units in use over time, in unit-ticks
    double queue_tick_integral = 0;   ///< integral of queue length over time, in waiter-ticks
    Tick observed_until = 0;          ///< integrals cover [0, observed_until)

    /// Extends the time integrals to `now`, with `in_use` units and `queue` waiters held since
    /// `observed_until`.
    void advance(Tick now, std::size_t in_use, std::size_t queue) noexcept {
        const auto dt = static_cast<double>(now - observed_until);
        in_use_tick_integral += dt * static_cast<double>(in_use);
        queue_tick_integral += dt * static_cast<double>(queue);
        observed_until = now;
    }
};

class Resource {
  public:
    /// Holds one unit; returns it when destroyed. Move-only.
    class Lease {
      public:
        Lease() = default;
        Lease(Lease&& other) noexcept : resource_(std::exchange(other.resource_, nullptr)) {}
        Lease& operator=(Lease&& other) noexcept {
            if (this != &other) {
                release();
                resource_ = std::exchange(other.resource_, nullptr);
            }
            return *this;
        }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        ~Lease() { release(); }

        bool holds() const noexcept { return resource_ != nullptr; }
        /// Returns the unit early (the destructor then does nothing).
        void release() noexcept {
            if (resource_ != nullptr) {
                std::exchange(resource_, nullptr)->give_back();
            }
        }

      private:
        friend class Resource;
        explicit Lease(Resource* resource) noexcept : resource_(resource) {}
        Resource* resource_ = nullptr;
    };

    Resource(Simulation& sim, std::string name, std::size_t capacity, std::uint64_t id);
    Resource(const Resource&) = delete;
    Resource& operator=(const Resource&) = delete;

    /// Awaitable yielding a Lease once a unit is free and every waiter ahead has been served.
    auto acquire(Priority priority = kDefaultPriority) {
        struct Awaiter {
            Resource& resource;
            Waiter waiter;
            bool await_ready() noexcept { return resource.try_take(); }
            void await_suspend(std::coroutine_handle<> h) {
                waiter.handle = h;
                resource.enqueue(waiter);
            }
            Lease await_resume() noexcept { return Lease(&resource); }
        };
        return Awaiter{*this, Waiter{{}, 0, priority}};
    }

    /// Like acquire(), but the waiter gives up at `deadline` (now, if earlier) if no unit has
    /// reached it by then: the Lease it gets then holds nothing, and it leaves the queue. The
    /// give-up is an event tagged `tag`; it is cancelled, and so never runs, when a unit arrives
    /// first.
    auto acquire_before(Tick deadline, EventTag tag, Priority priority = kDefaultPriority) {
        struct Awaiter {
            Resource& resource;
            Waiter waiter;
            Tick deadline;
            EventTag tag;
            bool await_ready() noexcept {
                waiter.granted = resource.try_take();
                return waiter.granted;
            }
            void await_suspend(std::coroutine_handle<> h) {
                waiter.handle = h;
                // Scheduled first: if that throws, the waiter was never queued.
                resource.renege_at(waiter, deadline, tag);
                resource.enqueue(waiter);
            }
            Lease await_resume() noexcept { return waiter.granted ? Lease(&resource) : Lease(); }
        };
        return Awaiter{*this, Waiter{{}, 0, priority}, deadline, tag};
    }

    /// Takes a unit now if one is free and nobody is waiting.
    bool try_acquire(Lease& lease) noexcept;

    const std::string& name() const noexcept { return name_; }
    std::uint64_t id() const noexcept { return id_; }
    std::size_t capacity() const noexcept { return capacity_; }
    std::size_t in_use() const noexcept { return in_use_; }
    std::size_t queue_length() const noexcept { return waiters_.size(); }
    /// Statistics brought up to the simulation's current time.
    ResourceStats stats() const noexcept;

  private:
    struct Waiter {
        std::coroutine_handle<> handle;
        Tick since = 0;
        Priority priority = kDefaultPriority;
        EventHandle deadline{};  ///< the give-up event of acquire_before(), if any
        bool granted = false;
    };

    bool try_take() noexcept;
    void enqueue(Waiter& waiter);
    void renege_at(Waiter& waiter, Tick deadline, EventTag tag);
    void give_back() noexcept;
    void advance_clock() noexcept;

    Simulation& sim_;
    std::string name_;
    std::size_t capacity_;
    std::uint64_t id_;
    std::size_t in_use_ = 0;
    std::deque<Waiter*> waiters_;
    ResourceStats stats_;
    EventKind grant_kind_;
};

}  // namespace lastmile::kernel
