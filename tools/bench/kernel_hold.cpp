// Hold-model benchmark of the event kernel.
//
// N events are pending; each, when it runs, schedules one new event after an exponential delay,
// so the queue stays at N while events stream through it (the classic "hold" model of
// event-set benchmarks). The same workload runs on our kernel (handles, cancellation support,
// digest, callbacks) and on a bare 4-ary heap of (time, sequence) pairs compiled into this
// binary, and the ratio of their events per second is printed. Both use the same random delays.
//
// Usage: kernel_hold [--sizes 1000,100000,1000000] [--events N] [--repeats R]

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <lastmile/kernel/random.hpp>
#include <lastmile/kernel/simulation.hpp>

namespace {

using lastmile::kernel::QueueKind;
using lastmile::kernel::RandomStream;
using lastmile::kernel::RandomStreams;
using lastmile::kernel::Simulation;
using lastmile::kernel::Tick;

constexpr double kMeanDelayTicks = 1'000'000.0;  // 1000 s at 1 ms ticks: few ties

Tick draw_delay(RandomStream& rng) {
    return static_cast<Tick>(rng.exponential(kMeanDelayTicks)) + 1;
}

// --- reference: a bare 4-ary min-heap of (time, sequence) ------------------------------------
class BareQuaternaryHeap {
  public:
    struct Item {
        Tick time;
        std::uint64_t seq;
        bool operator<(const Item& o) const {
            return time < o.time || (time == o.time && seq < o.seq);
        }
    };
    void reserve(std::size_t n) { a_.reserve(n); }
    void push(Item x) {
        std::size_t i = a_.size();
        a_.push_back(x);
        while (i > 0) {
            const std::size_t p = (i - 1) / 4;
            if (!(x < a_[p])) {
                break;
            }
            a_[i] = a_[p];
            i = p;
        }
        a_[i] = x;
    }
    Item pop() {
        const Item top = a_[0];
        const Item last = a_.back();
        a_.pop_back();
        const std::size_t n = a_.size();
        if (n > 0) {
            std::size_t i = 0;
            for (;;) {
                const std::size_t c = 4 * i + 1;
                if (c >= n) {
                    break;
                }
                std::size_t best = c;
                const std::size_t end = std::min(c + 4, n);
                for (std::size_t k = c + 1; k < end; ++k) {
                    if (a_[k] < a_[best]) {
                        best = k;
                    }
                }
                if (!(a_[best] < last)) {
                    break;
                }
                a_[i] = a_[best];
                i = best;
            }
            a_[i] = last;
        }
        return top;
    }

  private:
    std::vector<Item> a_;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double bench_reference(std::size_t pending, std::uint64_t events) {
    auto rng = RandomStreams(1, 0).stream("hold");
    BareQuaternaryHeap heap;
    heap.reserve(pending + 1);
    std::uint64_t seq = 0;
    for (std::size_t i = 0; i < pending; ++i) {
        heap.push({draw_delay(rng), seq++});
    }
    std::uint64_t checksum = 0;
    const auto start = std::chrono::steady_clock::now();
    for (std::uint64_t e = 0; e < events; ++e) {
        const auto item = heap.pop();
        checksum += item.seq;
        heap.push({item.time + draw_delay(rng), seq++});
    }
    const double elapsed = seconds_since(start);
    if (checksum == 42) {
        std::puts("");  // keep the loop observable
    }
    return static_cast<double>(events) / elapsed;
}

struct HoldModel {
    Simulation& sim;
    RandomStream rng;
    lastmile::kernel::EventKind kind;
    std::uint64_t remaining;

    void fire() {
        if (remaining == 0) {
            sim.stop();
            return;
        }
        --remaining;
        sim.schedule_in(draw_delay(rng), {kind, remaining}, [this] { fire(); });
    }
};

double bench_kernel(std::size_t pending, std::uint64_t events, lastmile::kernel::QueueKind queue,
                    std::string& digest) {
    Simulation sim(RandomStreams(1, 0), queue);
    HoldModel model{sim, RandomStreams(1, 0).stream("hold"), sim.kind("hold"), events};
    for (std::size_t i = 0; i < pending; ++i) {
        sim.schedule_in(draw_delay(model.rng), {model.kind, i}, [&model] { model.fire(); });
    }
    const auto start = std::chrono::steady_clock::now();
    sim.run();
    const double elapsed = seconds_since(start);
    digest = sim.digest().hex();
    return static_cast<double>(sim.events_processed()) / elapsed;
}

std::vector<std::size_t> parse_sizes(const std::string& text) {
    std::vector<std::size_t> sizes;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t comma = text.find(',', start);
        sizes.push_back(std::stoull(text.substr(start, comma - start)));
        start = comma == std::string::npos ? text.size() : comma + 1;
    }
    return sizes;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::size_t> sizes{1'000, 100'000, 1'000'000};
    std::uint64_t events = 3'000'000;
    int repeats = 3;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--sizes") {
            sizes = parse_sizes(argv[i + 1]);
        } else if (flag == "--events") {
            events = std::stoull(argv[i + 1]);
        } else if (flag == "--repeats") {
            repeats = std::max(1, std::atoi(argv[i + 1]));
        } else {
            std::fprintf(stderr,
                         "usage: kernel_hold [--sizes N,N,...] [--events N] [--repeats R]\n");
            return 2;
        }
    }
    std::printf("hold model: %llu events per measurement, median of %d, exponential delays\n",
                static_cast<unsigned long long>(events), repeats);
    std::printf("%12s %18s %18s %18s %8s %8s  %s\n", "pending", "kernel [ev/s]",
                "kernel+heap [ev/s]", "bare heap [ev/s]", "ratio", "ratio", "kernel digest");
    int status = 0;
    for (const std::size_t n : sizes) {
        std::vector<double> ours;
        std::vector<double> ours_heap;
        std::vector<double> reference;
        std::string digest;
        std::string heap_digest;
        for (int r = 0; r < repeats; ++r) {
            reference.push_back(bench_reference(n, events));
            ours.push_back(bench_kernel(n, events, QueueKind::radix, digest));
            ours_heap.push_back(bench_kernel(n, events, QueueKind::quaternary_heap, heap_digest));
        }
        const double k = median(ours);
        const double kh = median(ours_heap);
        const double h = median(reference);
        std::printf("%12zu %18.3e %18.3e %18.3e %8.2f %8.2f  %s\n", n, k, kh, h, k / h, kh / h,
                    digest == heap_digest ? digest.c_str() : "DIGESTS DIFFER");
        if (digest != heap_digest) {
            status = 1;
        }
    }
    return status;
}
