#pragma once
/// Named random streams.
///
/// Every random quantity in a model comes from a stream keyed by (master seed, replication,
/// stream name, entity). The key is hashed into the stream's starting state, so streams never
/// share draws: adding a drone creates a new stream and leaves every other stream's sequence as
/// it was, and two variants of a scenario see the same demand (common random numbers).
///
/// Distributions are implemented here rather than taken from <random>, whose distributions are
/// not specified bit for bit and differ between standard libraries.

#include <cstdint>
#include <string_view>

#include <lastmile/kernel/hash.hpp>

namespace lastmile::kernel {

/// Identifies one random stream.
struct StreamKey {
    std::uint64_t master_seed = 0;
    std::uint64_t replication = 0;
    std::uint64_t stream = 0;  ///< stable_hash of the stream's name
    std::uint64_t entity = 0;  ///< e.g. a vehicle or depot index; 0 for shared streams
};

/// A xoshiro256** generator seeded from a StreamKey, with the distributions models need.
/// Satisfies std::uniform_random_bit_generator.
class RandomStream {
  public:
    using result_type = std::uint64_t;

    explicit RandomStream(const StreamKey& key) noexcept;

    static constexpr result_type min() noexcept { return 0; }
    static constexpr result_type max() noexcept { return ~result_type{0}; }

    /// The next raw 64-bit output.
    result_type operator()() noexcept;

    /// Uniform on [0, 1) with 53 random bits.
    double uniform01() noexcept;
    /// Uniform on [lo, hi).
    double uniform(double lo, double hi) noexcept;
    /// Exponential with the given mean (> 0).
    double exponential(double mean) noexcept;
    /// Uniform integer on [0, n) without modulo bias; n must be > 0.
    std::uint64_t below(std::uint64_t n) noexcept;

    /// How many raw outputs this stream has produced (for diagnostics and replay checks).
    std::uint64_t draws() const noexcept { return draws_; }

  private:
    std::uint64_t s_[4];
    std::uint64_t draws_ = 0;
};

/// Makes streams for one run: holds the master seed and replication, takes names and entities.
class RandomStreams {
  public:
    RandomStreams(std::uint64_t master_seed, std::uint64_t replication) noexcept
        : master_seed_(master_seed), replication_(replication) {}

    RandomStream stream(std::string_view name, std::uint64_t entity = 0) const noexcept {
        return RandomStream(StreamKey{master_seed_, replication_, stable_hash(name), entity});
    }

    std::uint64_t master_seed() const noexcept { return master_seed_; }
    std::uint64_t replication() const noexcept { return replication_; }

  private:
    std::uint64_t master_seed_;
    std::uint64_t replication_;
};

}  // namespace lastmile::kernel
