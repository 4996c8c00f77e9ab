#pragma once
/// Model behaviour as C++20 coroutines.
///
/// A process reads like the operation it models:
///
///     Process deliver(Simulation& sim, Drone& d) {
///         auto pad = co_await d.depot().pads.acquire();  // released when `pad` goes out of scope
///         co_await sim.timeout(d.type().takeoff, {kinds.takeoff, d.id()});
///         ...
///     }
///
/// A Process does nothing until handed to Simulation::spawn(), which starts it at the current
/// time through the event queue (so start order is as reproducible as any other event). The
/// simulation then owns it: a finished process frees itself, and processes still suspended when
/// the simulation is destroyed are destroyed with it. An exception that escapes a process stops
/// the simulation and is rethrown from run() / run_until().

#include <coroutine>
#include <exception>
#include <utility>

namespace lastmile::kernel {

class Simulation;

class Process {
  public:
    struct promise_type {
        Simulation* sim = nullptr;
        promise_type* prev = nullptr;  ///< intrusive list of the simulation's live processes
        promise_type* next = nullptr;

        promise_type() = default;
        promise_type(const promise_type&) = delete;
        promise_type& operator=(const promise_type&) = delete;
        ~promise_type();

        Process get_return_object() noexcept {
            return Process(std::coroutine_handle<promise_type>::from_promise(*this));
        }
        std::suspend_always initial_suspend() const noexcept { return {}; }
        std::suspend_never final_suspend() const noexcept { return {}; }
        void return_void() const noexcept {}
        void unhandled_exception() noexcept;
    };

    Process(Process&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
    Process& operator=(Process&& other) noexcept {
        if (this != &other) {
            reset();
            handle_ = std::exchange(other.handle_, {});
        }
        return *this;
    }
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;
    ~Process() { reset(); }

  private:
    friend class Simulation;
    explicit Process(std::coroutine_handle<promise_type> handle) noexcept : handle_(handle) {}
    void reset() noexcept {
        if (handle_) {
            handle_.destroy();
            handle_ = {};
        }
    }
    std::coroutine_handle<promise_type> release() noexcept { return std::exchange(handle_, {}); }

    std::coroutine_handle<promise_type> handle_;
};

}  // namespace lastmile::kernel
