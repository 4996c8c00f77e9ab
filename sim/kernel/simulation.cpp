#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>

#include <lastmile/kernel/resource.hpp>
#include <lastmile/kernel/simulation.hpp>

namespace lastmile::kernel {

Simulation::Simulation(RandomStreams streams, QueueKind queue) : streams_(streams), queue_(queue) {
    process_start_kind_ = kind("process.start");
}

Simulation::~Simulation() {
    // Suspended processes may hold leases on resources; destroy them while the resources are
    // still alive, and with `closing_` set so that released units wake nobody.
    closing_ = true;
    while (processes_ != nullptr) {
        std::coroutine_handle<Process::promise_type>::from_promise(*processes_).destroy();
    }
    // Pending callbacks may own leases too; free them while the resources still exist.
    // Nothing can be scheduled any more (schedule_at ignores requests while closing), so the
    // records do not move under us.
    for (auto& record : records_) {
        if (record.sequence != 0) {
            record.sequence = 0;
            std::exchange(record.thunk, nullptr)(record.callback, false);
        }
    }
}

EventKind Simulation::kind(std::string_view name, std::string_view subject_role,
                           std::string_view object_role) {
    if (const auto it = kind_index_.find(name); it != kind_index_.end()) {
        return EventKind{it->second, kind_codes_[it->second]};
    }
    const auto index = static_cast<std::uint32_t>(kinds_.size());
    kinds_.push_back(TraceKind{std::string(name),
                               EntityRoles{std::string(subject_role), std::string(object_role)}});
    kind_codes_.push_back(stable_hash(name));
    kind_index_.emplace(std::string(name), index);
    return EventKind{index, kind_codes_[index]};
}

EventTrace Simulation::take_trace() {
    return EventTrace{kinds_, std::exchange(trace_, {})};
}

std::uint32_t Simulation::allocate_slot() {
    if (!free_slots_.empty()) {
        const std::uint32_t slot = free_slots_.back();
        free_slots_.pop_back();
        return slot;
    }
    records_.emplace_back();
    queue_.prefetch_slots(records_.data(), sizeof(Record));
    return static_cast<std::uint32_t>(records_.size() - 1);
}

void Simulation::release_slot(std::uint32_t slot) noexcept {
    records_[slot].sequence = 0;
    free_slots_.push_back(slot);
    --live_events_;
}

EventHandle Simulation::schedule_in(Tick delay, EventTag tag, EventCallback callback,
                                    Priority priority) {
    if (delay < 0) {
        throw std::invalid_argument("cannot schedule an event in the past (delay " +
                                    std::to_string(delay) + " ticks)");
    }
    if (delay > kTickMax - now_) {
        throw std::overflow_error("event time beyond the end of representable time");
    }
    return schedule_at(now_ + delay, tag, std::move(callback), priority);
}

EventHandle Simulation::schedule_at(Tick time, EventTag tag, EventCallback callback,
                                    Priority priority) {
    if (closing_) {
        return EventHandle{};  // being destroyed: nothing will run any more
    }
    if (time < now_) {
        throw std::invalid_argument("cannot schedule an event at " + std::to_string(time) +
                                    " before the current time " + std::to_string(now_));
    }
    if (next_sequence_ > QueueEntry::kSequenceMask) {
        throw std::overflow_error("event sequence numbers exhausted");
    }
    const std::uint64_t sequence = next_sequence_++;
    const std::uint32_t slot = allocate_slot();
    Record& record = records_[slot];
    record.thunk = callback.release(record.callback);
    record.subject = tag.subject;
    record.object = tag.object;
    record.sequence = sequence;
    record.kind = tag.kind.index;
    queue_.push({time, QueueEntry::order_key(priority, sequence), slot});
    ++live_events_;
    return EventHandle{slot, sequence};
}

bool Simulation::is_pending(EventHandle handle) const noexcept {
    return handle.sequence != 0 && handle.slot < records_.size() &&
           records_[handle.slot].sequence == handle.sequence;
}

bool Simulation::cancel(EventHandle handle) noexcept {
    if (!is_pending(handle)) {
        return false;
    }
    // The queue entry stays behind and is skipped when it surfaces: its sequence no longer
    // matches the slot's. The callback is taken out first and freed last, because destroying
    // what it captured (a lease, say) may schedule events and grow records_.
    Record& record = records_[handle.slot];
    alignas(EventCallback::kInlineAlign) unsigned char callback[EventCallback::kInlineBytes];
    std::memcpy(callback, record.callback, sizeof callback);
    const EventCallback::Thunk thunk = record.thunk;
    release_slot(handle.slot);
    thunk(callback, false);
    return true;
}

bool Simulation::step(Tick until) {
    while (!queue_.empty()) {
        const QueueEntry entry = queue_.top();
        if (entry.time > until) {
            return false;
        }
        queue_.pop();
        Record& record = records_[entry.slot];
        if (record.sequence != entry.sequence()) {
            continue;  // cancelled
        }
        now_ = entry.time;
        digest_.fold(static_cast<std::uint64_t>(entry.time));
        digest_.fold(kind_codes_[record.kind]);
        digest_.fold(record.subject);
        digest_.fold(record.object);
        if (tracing_) {
            trace_.push_back(TraceEvent{entry.time, record.kind, record.subject, record.object});
        }
        // Out of the slot before it runs: the callback may schedule events (reusing the slot,
        // or growing records_), and its handle is stale from now on.
        alignas(EventCallback::kInlineAlign) unsigned char callback[EventCallback::kInlineBytes];
        std::memcpy(callback, record.callback, sizeof callback);
        const EventCallback::Thunk thunk = record.thunk;
        release_slot(entry.slot);
        ++processed_;
        thunk(callback, true);
        if (failure_) {
            std::rethrow_exception(std::exchange(failure_, nullptr));
        }
        return true;
    }
    return false;
}

void Simulation::run() {
    stop_requested_ = false;
    while (!stop_requested_ && step(kTickMax)) {
    }
}

void Simulation::run_until(Tick until) {
    if (until < now_) {
        throw std::invalid_argument("run_until: " + std::to_string(until) +
                                    " is before the current time " + std::to_string(now_));
    }
    stop_requested_ = false;
    while (!stop_requested_ && step(until)) {
    }
    if (!stop_requested_) {
        now_ = until;
    }
}

void Simulation::resume_in(Tick delay, EventTag tag, std::coroutine_handle<> handle,
                           Priority priority) {
    schedule_in(
        delay, tag, [handle] { handle.resume(); }, priority);
}

void Simulation::spawn(Process process, EventTag tag) {
    if (!process.handle_) {
        throw std::invalid_argument("spawn: empty process");
    }
    auto handle = process.release();
    link(handle.promise());
    if (tag.kind.code == 0) {
        tag.kind = process_start_kind_;
    }
    resume_in(0, tag, handle);
}

Resource& Simulation::add_resource(std::string name, std::size_t capacity) {
    const auto id = static_cast<std::uint64_t>(resources_.size());
    resources_.push_back(std::make_unique<Resource>(*this, std::move(name), capacity, id));
    return *resources_.back();
}

void Simulation::fail(std::exception_ptr error) noexcept {
    if (!failure_) {
        failure_ = std::move(error);
    }
    stop_requested_ = true;
}

void Simulation::link(Process::promise_type& promise) noexcept {
    promise.sim = this;
    promise.prev = nullptr;
    promise.next = processes_;
    if (processes_ != nullptr) {
        processes_->prev = &promise;
    }
    processes_ = &promise;
}

void Simulation::unlink(Process::promise_type& promise) noexcept {
    if (promise.prev != nullptr) {
        promise.prev->next = promise.next;
    } else {
        processes_ = promise.next;
    }
    if (promise.next != nullptr) {
        promise.next->prev = promise.prev;
    }
    promise.sim = nullptr;
}

Process::promise_type::~promise_type() {
    if (sim != nullptr) {
        sim->unlink(*this);
    }
}

void Process::promise_type::unhandled_exception() noexcept {
    if (sim != nullptr) {
        sim->fail(std::current_exception());
    }
}

}  // namespace lastmile::kernel
