#include <algorithm>
#include <cstdint>
#include <vector>

#include <catch2/catch.hpp>

#include <lastmile/kernel/event_queue.hpp>
#include <lastmile/kernel/random.hpp>

using namespace lastmile::kernel;

namespace {

// Drives both queues and a plain sorted list through the same pushes and pops, the way a
// simulation does: pushes are never earlier than the last time taken, except right after a
// peek beyond the end of a run_until(), when the clock is still at the earlier time.
struct Harness {
    EventQueue radix{QueueKind::radix};
    EventQueue heap{QueueKind::quaternary_heap};
    std::vector<QueueEntry> reference;  // kept sorted, latest first
    std::uint64_t sequence = 1;
    Tick clock = 0;

    void push(Tick time, Priority priority) {
        const QueueEntry e{time, QueueEntry::order_key(priority, sequence), 0};
        ++sequence;
        radix.push(e);
        heap.push(e);
        const auto at =
            std::upper_bound(reference.begin(), reference.end(), e,
                             [](const QueueEntry& a, const QueueEntry& b) { return b.before(a); });
        reference.insert(at, e);
    }

    // Pops one entry from each and checks all three agree.
    void pop() {
        REQUIRE(!radix.empty());
        const QueueEntry expected = reference.back();
        reference.pop_back();
        const QueueEntry r = radix.top();
        const QueueEntry h = heap.top();
        REQUIRE(r.time == expected.time);
        REQUIRE(r.order == expected.order);
        REQUIRE(h.time == expected.time);
        REQUIRE(h.order == expected.order);
        radix.pop();
        heap.pop();
        clock = expected.time;
        REQUIRE(radix.size() == reference.size());
        REQUIRE(heap.size() == reference.size());
    }
};

}  // namespace

TEST_CASE("both queues pop every entry in (time, priority, sequence) order", "[kernel][queue]") {
    // Delays from one tick to days (every level of the radix queue), many exact ties, a few
    // priorities, and a start far from zero.
    const Tick start = GENERATE(Tick{0}, Tick{1} << 40);
    auto rng = RandomStreams(7, 0).stream("queue-test");
    Harness h;
    h.clock = start;
    for (int round = 0; round < 20000; ++round) {
        const auto pushes = rng.below(4);
        for (std::uint64_t i = 0; i < pushes; ++i) {
            const auto scale = static_cast<int>(rng.below(37));
            const auto delay = rng.below(4) == 0
                                   ? Tick{0}
                                   : static_cast<Tick>(rng.below(std::uint64_t{1} << scale));
            const auto priority = static_cast<Priority>(static_cast<int>(rng.below(3)) - 1);
            h.push(h.clock + delay, priority);
        }
        if (!h.radix.empty() && rng.below(3) != 0) {
            h.pop();
        }
    }
    while (!h.radix.empty()) {
        h.pop();
    }
}

TEST_CASE("an entry pushed earlier than one already peeked at still comes first",
          "[kernel][queue]") {
    // run_until() peeks at the next event, finds it beyond its end and returns with the clock
    // earlier; the model may then schedule events between the clock and that event.
    Harness h;
    h.push(1'000'000, 0);
    h.push(5'000'000, 0);
    h.pop();                                 // clock 1'000'000
    CHECK(h.radix.top().time == 5'000'000);  // the peek
    h.push(1'000'000, 0);                    // now, after the peek
    h.push(2'000'000, 1);
    h.push(2'000'000, -1);
    h.push(4'999'999, 0);
    h.push(5'000'000, -1);  // ties with the peeked entry and precedes it by priority
    h.pop();
    h.push(1'500'000, 0);  // still before the peeked entry, after the clock
    while (!h.radix.empty()) {
        h.pop();
    }
}
