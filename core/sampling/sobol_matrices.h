#pragma once
// The generator matrices of the first two dimensions of the Sobol sequence,
// generated at compile time (no table to embed): dimension 0 is the identity
// (the van der Corput sequence, a bit reversal) and dimension 1 has direction
// numbers v_1 = 1/2, v_k = v_(k-1) xor v_(k-1) / 2 (primitive polynomial x + 1,
// Joe and Kuo's first row; the Pascal matrix mod 2). Together they are a
// (0, 2)-sequence in base 2: every aligned block of 2^k points is a (0, k, 2)-net.
// Points are 32-bit fractions of the index's bits: C * bits(i).

#include "core/sampling/owen_scrambling.h"

#include <array>
#include <cstdint>

namespace tessera {

// Column k of dimension 1's matrix: the direction number for index bit k,
// as a 32-bit fraction.
constexpr std::array<uint32_t, 32> sobol1_directions() {
  std::array<uint32_t, 32> v{};
  v[0] = 1u << 31;
  for (int k = 1; k < 32; ++k) v[size_t(k)] = v[size_t(k - 1)] ^ (v[size_t(k - 1)] >> 1);
  return v;
}

// Dimension 1 by bytes: table[b][byte] is the xor of the columns selected by
// `byte` at bits 8b..8b+7, so a point costs four lookups instead of 32 steps.
// `reversed_index`: indexed by the bytes of reverse_bits(i) instead of i (bit j
// of byte b is index bit 31 - 8b - j), for a sampler that holds the index reversed.
struct Sobol1Table {
  std::array<std::array<uint32_t, 256>, 4> table{};
  constexpr explicit Sobol1Table(bool reversed_index) {
    const std::array<uint32_t, 32> v = sobol1_directions();
    for (int b = 0; b < 4; ++b)
      for (int byte = 0; byte < 256; ++byte) {
        uint32_t x = 0;
        for (int j = 0; j < 8; ++j)
          if (byte & (1 << j)) x ^= v[size_t(reversed_index ? 31 - 8 * b - j : 8 * b + j)];
        table[size_t(b)][size_t(byte)] = x;
      }
  }
};
inline constexpr Sobol1Table kSobol1Table{false}, kSobol1OfReversedIndexTable{true};

// Point i of Sobol dimension 0 and 1, as 32-bit fractions.
constexpr uint32_t sobol_dimension0(uint32_t i) { return reverse_bits(i); }
inline uint32_t sobol_dimension1(uint32_t i) {
  const auto& t = kSobol1Table.table;
  return t[0][i & 0xffu] ^ t[1][(i >> 8) & 0xffu] ^ t[2][(i >> 16) & 0xffu] ^ t[3][i >> 24];
}
// sobol_dimension1(reverse_bits(r)), without the reversal.
inline uint32_t sobol_dimension1_of_reversed_index(uint32_t r) {
  const auto& t = kSobol1OfReversedIndexTable.table;
  return t[0][r & 0xffu] ^ t[1][(r >> 8) & 0xffu] ^ t[2][(r >> 16) & 0xffu] ^ t[3][r >> 24];
}

}  // namespace tessera
