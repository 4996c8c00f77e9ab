#pragma once
/// Stable hashing of names (event kinds, random streams). Stable across platforms, compilers
/// and runs, unlike std::hash, so names can key reproducible quantities.

#include <cstdint>
#include <string_view>

namespace lastmile::kernel {

/// 64-bit FNV-1a of the bytes of `text`.
constexpr std::uint64_t stable_hash(std::string_view text) noexcept {
    std::uint64_t h = 0xCBF29CE484222325ULL;
    for (const char c : text) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001B3ULL;
    }
    return h;
}

/// splitmix64: a bijective mixer; consecutive inputs give statistically independent outputs.
constexpr std::uint64_t splitmix64(std::uint64_t x) noexcept {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

}  // namespace lastmile::kernel
