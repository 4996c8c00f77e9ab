#pragma once
/// A running fingerprint of a simulation: every processed event folds its time, kind and
/// entity ids into it. Two runs with the same digest processed the same events in the same
/// order. It is a fingerprint for replay, not a cryptographic seal.

#include <cstdint>
#include <string>

#include <lastmile/kernel/hash.hpp>

namespace lastmile::kernel {

class EventDigest {
  public:
    /// Folds one 64-bit word into the digest. Order matters: fold(a), fold(b) != fold(b), fold(a).
    void fold(std::uint64_t word) noexcept {
        // Mix the word first so that small ids spread over all bits, then combine with a
        // rotation so that the fold is not commutative.
        state_ = (rotl(state_, 23) ^ splitmix64(word)) * 0x2127599BF4325C37ULL;
        ++words_;
    }

    std::uint64_t value() const noexcept { return state_ ^ words_; }

    /// The digest as 16 lower-case hex digits, the form stored in results files.
    std::string hex() const;

  private:
    static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept {
        return (x << k) | (x >> (64 - k));
    }
    std::uint64_t state_ = 0x6A09E667F3BCC908ULL;
    std::uint64_t words_ = 0;
};

}  // namespace lastmile::kernel
