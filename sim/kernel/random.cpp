#include <cmath>

#include <lastmile/kernel/portable_math.hpp>
#include <lastmile/kernel/random.hpp>

namespace lastmile::kernel {
namespace {

constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept {
    return (x << k) | (x >> (64 - k));
}

// GCC and Clang both provide 128-bit integers; __extension__ keeps -Wpedantic quiet about it.
__extension__ using Uint128 = unsigned __int128;

}  // namespace

RandomStream::RandomStream(const StreamKey& key) noexcept {
    // Chain the key's fields through splitmix64 so that every field changes every state word.
    std::uint64_t h = splitmix64(key.master_seed);
    h = splitmix64(h ^ key.replication);
    h = splitmix64(h ^ key.stream);
    h = splitmix64(h ^ key.entity);
    for (auto& word : s_) {
        h += 0x9E3779B97F4A7C15ULL;
        word = splitmix64(h);
    }
}

RandomStream::result_type RandomStream::operator()() noexcept {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    ++draws_;
    return result;
}

double RandomStream::uniform01() noexcept {
    return static_cast<double>((*this)() >> 11) * 0x1.0p-53;
}

double RandomStream::uniform(double lo, double hi) noexcept {
    return lo + (hi - lo) * uniform01();
}

double RandomStream::exponential(double mean) noexcept {
    // 1 - u lies in (0, 1], so the logarithm is finite.
    return -mean * portable::log1p(-uniform01());
}

std::uint64_t RandomStream::below(std::uint64_t n) noexcept {
    // Lemire's multiply-shift with rejection: unbiased and usually one draw.
    Uint128 m = static_cast<Uint128>((*this)()) * n;
    auto low = static_cast<std::uint64_t>(m);
    if (low < n) {
        const std::uint64_t threshold = (0 - n) % n;
        while (low < threshold) {
            m = static_cast<Uint128>((*this)()) * n;
            low = static_cast<std::uint64_t>(m);
        }
    }
    return static_cast<std::uint64_t>(m >> 64);
}

}  // namespace lastmile::kernel
