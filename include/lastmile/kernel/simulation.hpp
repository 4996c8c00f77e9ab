#pragma once
/// The discrete-event kernel: a clock, a pending-event set and the run loop.
///
/// A Simulation is an ordinary object; any number can exist side by side (sweeps run many in
/// one process). Events run in (time, priority, insertion sequence) order, so ties are FIFO and
/// every run of the same inputs processes the same events in the same order. Each processed
/// event folds (time, kind, subject, object) into the run's digest.

#include <coroutine>
#include <cstdint>
#include <exception>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <lastmile/kernel/digest.hpp>
#include <lastmile/kernel/event.hpp>
#include <lastmile/kernel/event_queue.hpp>
#include <lastmile/kernel/process.hpp>
#include <lastmile/kernel/random.hpp>
#include <lastmile/kernel/time.hpp>
#include <lastmile/kernel/trace.hpp>

namespace lastmile::kernel {

class Resource;

class Simulation {
  public:
    explicit Simulation(RandomStreams streams = RandomStreams(0, 0),
                        QueueKind queue = QueueKind::radix);
    ~Simulation();
    Simulation(const Simulation&) = delete;
    Simulation& operator=(const Simulation&) = delete;

    // --- clock and identity -------------------------------------------------------------
    Tick now() const noexcept { return now_; }
    const RandomStreams& random() const noexcept { return streams_; }
    /// A named stream for this run, e.g. random().stream("demand.arrivals").
    RandomStream stream(std::string_view name, std::uint64_t entity = 0) const noexcept {
        return streams_.stream(name, entity);
    }

    /// Registers (or finds) an event kind by name. Cheap enough to call once per model.
    /// The roles say what the tag's subject and object ids name ("vehicle", "order"), for
    /// traces and timelines; the first registration of a name sets them. (Plain views, not a
    /// struct of strings: GCC 12 mishandles class temporaries in co_await expressions, and
    /// kinds are often registered inside one.)
    EventKind kind(std::string_view name, std::string_view subject_role = {},
                   std::string_view object_role = {});
    std::string_view kind_name(EventKind kind) const { return kinds_.at(kind.index).name; }

    // --- scheduling ---------------------------------------------------------------------
    /// Schedules `callback` at now() + delay (delay >= 0). Returns a handle for cancel().
    EventHandle schedule_in(Tick delay, EventTag tag, EventCallback callback,
                            Priority priority = kDefaultPriority);
    /// Schedules `callback` at an absolute time (>= now()). While the simulation is being
    /// destroyed, requests are ignored and an empty handle is returned.
    EventHandle schedule_at(Tick time, EventTag tag, EventCallback callback,
                            Priority priority = kDefaultPriority);
    /// Cancels a pending event. Returns false if it already ran or was cancelled.
    bool cancel(EventHandle handle) noexcept;
    bool is_pending(EventHandle handle) const noexcept;
    /// Number of events scheduled and not yet run or cancelled.
    std::size_t pending() const noexcept { return live_events_; }

    // --- running ------------------------------------------------------------------------
    /// Runs until no events remain or stop() is called.
    void run();
    /// Runs every event with time <= `until`, then advances the clock to `until` (unless
    /// stopped earlier). Can be called repeatedly with increasing times.
    void run_until(Tick until);
    /// Asks the run loop to return after the event that is running now.
    void stop() noexcept { stop_requested_ = true; }
    bool stop_requested() const noexcept { return stop_requested_; }

    std::uint64_t events_processed() const noexcept { return processed_; }
    QueueKind queue_kind() const noexcept { return queue_.kind(); }
    const EventDigest& digest() const noexcept { return digest_; }

    /// Records every event processed from now on (the full trace costs about 32 bytes per
    /// event, so it is off unless asked for).
    void enable_trace() { tracing_ = true; }
    /// The trace so far, with every kind registered; empty unless enable_trace() was called.
    EventTrace take_trace();

    // --- processes and resources ----------------------------------------------------------
    /// Takes ownership of a process and starts it at now() through the event queue.
    void spawn(Process process, EventTag tag);

    /// Awaitable: resumes the awaiting process after `delay`, tagged for the digest.
    /// A priority orders the wake-up among events at the same tick (e.g. a sampler that
    /// should see the state everything else at that tick leaves behind).
    auto timeout(Tick delay, EventTag tag, Priority priority = kDefaultPriority) {
        struct Awaiter {
            Simulation& sim;
            Tick delay;
            EventTag tag;
            Priority priority;
            bool await_ready() const noexcept { return false; }
            void await_suspend(std::coroutine_handle<> h) {
                sim.resume_in(delay, tag, h, priority);
            }
            void await_resume() const noexcept {}
        };
        return Awaiter{*this, delay, tag, priority};
    }

    /// Creates a FIFO resource with `capacity` units, owned by this simulation.
    Resource& add_resource(std::string name, std::size_t capacity);

    /// Schedules the resumption of a suspended coroutine (used by awaitables).
    void resume_in(Tick delay, EventTag tag, std::coroutine_handle<> handle,
                   Priority priority = kDefaultPriority);

    /// True while the simulation is being destroyed: awaitables must not schedule then.
    bool closing() const noexcept { return closing_; }

    /// Called by a process whose body threw: the run loop stops and rethrows it.
    void fail(std::exception_ptr error) noexcept;
    void link(Process::promise_type& promise) noexcept;
    void unlink(Process::promise_type& promise) noexcept;

  private:
    // A pending event, bar its time and order (which the queue keeps): its callback in packed
    // form, its tag for the digest, and the sequence its handle must show (0 when the slot is
    // free). One cache line.
    struct alignas(64) Record {
        EventCallback::Thunk thunk = nullptr;
        alignas(EventCallback::kInlineAlign) unsigned char callback[EventCallback::kInlineBytes];
        std::uint64_t subject = 0;
        std::uint64_t object = 0;
        std::uint64_t sequence = 0;
        std::uint32_t kind = 0;
    };

    std::uint32_t allocate_slot();
    void release_slot(std::uint32_t slot) noexcept;
    /// Pops and runs the next event if its time is <= until; returns false if there was none.
    bool step(Tick until);

    Tick now_ = 0;
    RandomStreams streams_;
    EventQueue queue_;
    std::vector<Record> records_;
    std::vector<std::uint32_t> free_slots_;

    std::uint64_t next_sequence_ = 1;
    std::size_t live_events_ = 0;
    std::uint64_t processed_ = 0;
    EventDigest digest_;
    bool tracing_ = false;
    std::vector<TraceEvent> trace_;
    bool stop_requested_ = false;
    bool closing_ = false;
    std::exception_ptr failure_;

    std::vector<TraceKind> kinds_;
    std::vector<std::uint64_t> kind_codes_;
    std::map<std::string, std::uint32_t, std::less<>> kind_index_;
    EventKind process_start_kind_;

    Process::promise_type* processes_ = nullptr;  ///< head of the live-process list
    std::vector<std::unique_ptr<Resource>> resources_;
};

}  // namespace lastmile::kernel
