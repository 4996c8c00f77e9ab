#pragma once
/// What an event runs: a move-only `void()` callable, packed into a few bytes and a function.
///
/// Events almost always capture a few trivially copyable values (`[this]`, `[this, index]`, a
/// coroutine handle): those are stored inline, moved by copying bytes and never destroyed.
/// Anything larger or with a destructor (a lease, a vector, a record with strings) is boxed on
/// the heap and the box pointer stored inline instead. Either way the packed form is plain
/// bytes plus one function, `thunk(storage, run)`, that runs the callable (when `run`) and
/// frees its box (always): the simulation keeps pending events in that form.

#include <cstddef>
#include <cstring>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

namespace lastmile::kernel {

class EventCallback {
  public:
    static constexpr std::size_t kInlineBytes = 24;
    static constexpr std::size_t kInlineAlign = alignof(void*);
    using Thunk = void (*)(unsigned char* storage, bool run);

    EventCallback() noexcept = default;

    template <typename F,
              typename = std::enable_if_t<!std::is_same_v<std::decay_t<F>, EventCallback>>>
    EventCallback(F&& f) {  // NOLINT(google-explicit-constructor): like std::function
        using Fn = std::decay_t<F>;
        static_assert(std::is_invocable_r_v<void, Fn&>, "an event callback takes no arguments");
        if constexpr (sizeof(Fn) <= kInlineBytes && alignof(Fn) <= kInlineAlign &&
                      std::is_trivially_copyable_v<Fn> && std::is_trivially_destructible_v<Fn>) {
            ::new (static_cast<void*>(storage_)) Fn(std::forward<F>(f));
            thunk_ = [](unsigned char* s, bool run) {
                if (run) {
                    (*std::launder(reinterpret_cast<Fn*>(s)))();
                }
            };
        } else {
            Fn* boxed = new Fn(std::forward<F>(f));
            std::memcpy(storage_, &boxed, sizeof boxed);
            thunk_ = [](unsigned char* s, bool run) {
                Fn* fn = nullptr;
                std::memcpy(&fn, s, sizeof fn);
                const std::unique_ptr<Fn> owner(fn);  // freed even if it throws
                if (run) {
                    (*fn)();
                }
            };
        }
    }

    EventCallback(EventCallback&& other) noexcept : thunk_(std::exchange(other.thunk_, nullptr)) {
        std::memcpy(storage_, other.storage_, kInlineBytes);
    }
    EventCallback& operator=(EventCallback&& other) noexcept {
        if (this != &other) {
            reset();
            thunk_ = std::exchange(other.thunk_, nullptr);
            std::memcpy(storage_, other.storage_, kInlineBytes);
        }
        return *this;
    }
    EventCallback(const EventCallback&) = delete;
    EventCallback& operator=(const EventCallback&) = delete;
    ~EventCallback() { reset(); }

    explicit operator bool() const noexcept { return thunk_ != nullptr; }

    /// Hands the callable over in packed form (`storage` receives its bytes) and leaves this
    /// object empty: whoever holds the pair must call `thunk(storage, run)` exactly once.
    Thunk release(unsigned char* storage) noexcept {
        std::memcpy(storage, storage_, kInlineBytes);
        return std::exchange(thunk_, nullptr);
    }

  private:
    void reset() noexcept {
        if (thunk_ != nullptr) {
            std::exchange(thunk_, nullptr)(storage_, false);
        }
    }

    alignas(kInlineAlign) unsigned char storage_[kInlineBytes]{};
    Thunk thunk_ = nullptr;
};

}  // namespace lastmile::kernel
