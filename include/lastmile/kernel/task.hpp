#pragma once
/// A sub-process: a coroutine that a Process (or another Task) awaits, so behaviour can be
/// split into steps that read like the operation ("co_await recharge(drone)").
///
/// A Task starts when awaited and resumes its awaiter when it finishes (symmetric transfer, so
/// chains of tasks do not grow the stack). An exception inside it is rethrown in the awaiter.
/// The Task object owns its frame: if the awaiting process is destroyed while the task is
/// suspended, the task is destroyed with it, releasing whatever it held.

#include <coroutine>
#include <exception>
#include <utility>

namespace lastmile::kernel {

class [[nodiscard]] Task {
  public:
    struct promise_type {
        std::coroutine_handle<> continuation;
        std::exception_ptr error;

        Task get_return_object() noexcept {
            return Task(std::coroutine_handle<promise_type>::from_promise(*this));
        }
        std::suspend_always initial_suspend() const noexcept { return {}; }
        auto final_suspend() const noexcept {
            struct ResumeAwaiter {
                bool await_ready() const noexcept { return false; }
                std::coroutine_handle<> await_suspend(
                    std::coroutine_handle<promise_type> h) const noexcept {
                    const auto next = h.promise().continuation;
                    return next ? next : std::noop_coroutine();
                }
                void await_resume() const noexcept {}
            };
            return ResumeAwaiter{};
        }
        void return_void() const noexcept {}
        void unhandled_exception() noexcept { error = std::current_exception(); }
    };

    Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
    Task& operator=(Task&&) = delete;
    Task(const Task&) = delete;
    Task& operator=(const Task&) = delete;
    ~Task() {
        if (handle_) {
            handle_.destroy();
        }
    }

    bool await_ready() const noexcept { return !handle_ || handle_.done(); }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiting) noexcept {
        handle_.promise().continuation = awaiting;
        return handle_;
    }
    void await_resume() const {
        if (handle_ && handle_.promise().error) {
            std::rethrow_exception(handle_.promise().error);
        }
    }

  private:
    explicit Task(std::coroutine_handle<promise_type> handle) noexcept : handle_(handle) {}
    std::coroutine_handle<promise_type> handle_;
};

}  // namespace lastmile::kernel
