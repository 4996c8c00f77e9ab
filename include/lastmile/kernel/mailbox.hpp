#pragma once
/// A FIFO of messages for one receiving process (a dispatcher handing orders to a vehicle).
///
///     Order order = co_await drone.inbox.receive();   // waits until something is sent
///
/// send() never blocks. A waiting receiver is resumed through the event queue at the current
/// time, so the hand-over is an event in the digest like any other; the message that woke it is
/// reserved for it until then. A mailbox has one receiver: a second concurrent receive() throws.

#include <coroutine>
#include <deque>
#include <stdexcept>
#include <utility>

#include <lastmile/kernel/simulation.hpp>

namespace lastmile::kernel {

template <typename T>
class Mailbox {
  public:
    Mailbox(Simulation& sim, EventTag wake_tag) : sim_(sim), wake_tag_(wake_tag) {}
    Mailbox(const Mailbox&) = delete;
    Mailbox& operator=(const Mailbox&) = delete;

    void send(T message) {
        messages_.push_back(std::move(message));
        if (receiver_ && !waking_ && !sim_.closing()) {
            waking_ = true;
            sim_.resume_in(0, wake_tag_, receiver_);
        }
    }

    auto receive() {
        struct Awaiter {
            Mailbox& box;
            bool await_ready() const {
                if (box.receiver_) {
                    throw std::logic_error("Mailbox: a second process tried to receive");
                }
                return !box.messages_.empty();
            }
            void await_suspend(std::coroutine_handle<> h) noexcept { box.receiver_ = h; }
            T await_resume() {
                box.receiver_ = {};
                box.waking_ = false;
                T message = std::move(box.messages_.front());
                box.messages_.pop_front();
                return message;
            }
        };
        return Awaiter{*this};
    }

    std::size_t size() const noexcept { return messages_.size(); }

  private:
    Simulation& sim_;
    EventTag wake_tag_;
    std::deque<T> messages_;
    std::coroutine_handle<> receiver_;  ///< the suspended receiver, until it resumes
    bool waking_ = false;               ///< its wake-up is scheduled
};

}  // namespace lastmile::kernel
