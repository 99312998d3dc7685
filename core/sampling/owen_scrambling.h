#pragma once
// Owen scrambling in base 2 by hashing (Burley 2020, "Practical Hash-based Owen
// Scrambling", with Vegdahl's constants as pbrt-v4's FastOwenScrambler uses
// them): bit b of the result is bit b of the input flipped by a function of the
// bits above it and the seed. So every aligned block of 2^k values (an
// elementary interval, read as a fraction) maps onto an aligned block of 2^k
// values: nets stay nets, and each point is uniform on [0, 2^32).

#include <cstdint>

namespace tessera {

constexpr uint32_t reverse_bits(uint32_t v) {
  v = __builtin_bswap32(v);  // one instruction for the two coarsest swaps
  v = ((v & 0x0f0f0f0fu) << 4) | ((v & 0xf0f0f0f0u) >> 4);
  v = ((v & 0x33333333u) << 2) | ((v & 0xccccccccu) >> 2);
  v = ((v & 0x55555555u) << 1) | ((v & 0xaaaaaaaau) >> 1);
  return v;
}

// The Laine-Karras style permutation: a bijection of [0, 2^32) whose bit b
// depends only on bits <= b of `v` (each step, x ^= x * even, x += seed,
// x *= odd, is invertible and carries only towards higher bits).
constexpr uint32_t laine_karras_permutation(uint32_t v, uint32_t seed) {
  v ^= v * 0x3d20adeau;
  v += seed;
  v *= (seed >> 16) | 1u;
  v ^= v * 0x05526c56u;
  v ^= v * 0x53a22864u;
  return v;
}

// Owen scrambling: the permutation above in the bit-reversed domain, so bit b
// depends only on bits >= b of `v` (and on `seed`).
constexpr uint32_t owen_scramble(uint32_t v, uint32_t seed) {
  return reverse_bits(laine_karras_permutation(reverse_bits(v), seed));
}

// A 32-bit fixed-point fraction as a float in [0, 1): the top 24 bits, exactly.
constexpr float fixed_to_unit_float(uint32_t v) { return float(v >> 8) * 0x1p-24f; }

}  // namespace tessera
