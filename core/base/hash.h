#pragma once
// Integer hashing: the source of every random number in Tessera, so that a
// value depends only on the integers it is derived from.

#include <cstdint>

namespace tessera {

// MurmurHash3's 64-bit finalizer: full avalanche, cheap.
constexpr uint64_t mix64(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

constexpr uint64_t hash_combine(uint64_t seed, uint64_t value) {
  return mix64(seed ^ (value + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2)));
}

// Uniform float in [0, 1) from the top 24 bits of a hash.
constexpr float to_unit_float(uint64_t bits) { return float(bits >> 40) * 0x1p-24f; }

}  // namespace tessera
