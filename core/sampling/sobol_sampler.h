#pragma once
// SobolSampler: Owen-scrambled Sobol points, padded in pairs (pbrt-v4's
// PaddedSobolSampler; Burley 2020). Every get_2d() is the same two-dimensional
// (0, 2)-sequence (Sobol dimensions 0 and 1), made independent of the other
// pairs by two hashes of (seed, pixel, dimension):
//  - the sample index is Owen-scrambled as an integer (a shuffle that maps the
//    first 2^k samples of a pixel onto an aligned block of 2^k Sobol points, so
//    every power-of-two prefix of a pixel's samples is still a (0, k, 2)-net,
//    and pairs of dimensions are not correlated through a shared index);
//  - each coordinate is shifted digitally, xor with a hash (uniform, still a net).
// A get_1d() is the van der Corput dimension alone, shuffled and scrambled the
// same way. So a value is a pure function of (seed, pixel, sample index,
// dimension), like IndependentSampler's, and needs no spp, resolution or table
// per pixel; nothing is allocated.

#include "core/base/hash.h"
#include "core/math/vec3.h"
#include "core/sampling/owen_scrambling.h"
#include "core/sampling/sobol_matrices.h"

#include <cstdint>

namespace tessera {

class SobolSampler {
 public:
  explicit SobolSampler(uint64_t seed = 0) : seed_key_(mix64(seed ^ 0x5ab01f00d5eedULL)) {}
  SobolSampler(uint64_t seed, int px, int py, uint32_t sample_index) : SobolSampler(seed) {
    start_pixel_sample(px, py, sample_index);
  }

  // Begin sample `sample_index` of pixel (px, py): dimension 0 comes next.
  void start_pixel_sample(int px, int py, uint32_t sample_index) {
    if (px != px_ || py != py_ || !started_) {  // the pixel's key is hashed once per pixel, not per sample
      pixel_key_ = hash_combine(hash_combine(seed_key_, uint32_t(px)), uint32_t(py));
      px_ = px, py_ = py, started_ = true;
      cached_ = 0;
    }
    index_reversed_ = reverse_bits(sample_index);
    dimension_ = 0;
  }

  // i = owen_scramble(index, seed_i), the shuffled index; then the pair's
  // Sobol point i, shifted digitally (xor with a per-pixel, per-dimension
  // seed): x = sobol_dimension0(i) ^ seed_x = lk(reversed index, seed_i) ^ seed_x
  // (dimension 0 is reverse(i), and i = reverse(lk(...))), y =
  // sobol_dimension1(i) ^ seed_y. A digital shift keeps every net a net, as an
  // Owen scramble of the values does, at a third of the cost: one permutation
  // and one reversal per pair instead of three of each (the values were
  // Owen-scrambled before; benchmarks/README.md has both measured).
  float get_1d() {
    const uint64_t h = dimension_hash();
    dimension_ += 1;
    return fixed_to_unit_float(laine_karras_permutation(index_reversed_, uint32_t(h)) ^ uint32_t(h >> 32));
  }
  Vec2 get_2d() {
    const uint64_t h = dimension_hash();
    dimension_ += 2;
    const uint32_t x_bits = laine_karras_permutation(index_reversed_, uint32_t(h));  // = reverse(i)
    const uint32_t seed_y = uint32_t((h * 0xd1342543de82ef95ULL) >> 32);  // a third seed from the same hash
    return {fixed_to_unit_float(x_bits ^ uint32_t(h >> 32)),
            fixed_to_unit_float(sobol_dimension1_of_reversed_index(x_bits) ^ seed_y)};
  }
  // The film position: the first two dimensions of every sample.
  Vec2 get_pixel_2d() { return get_2d(); }
  uint32_t dimension() const { return dimension_; }
  // Pass over `count` dimensions without computing them (what get_1d() calls
  // would draw): the next draw is the one it would be after them.
  void skip(uint32_t count) { dimension_ += count; }

 private:
  // The hash of (pixel, dimension) is the same for every sample of a pixel:
  // the first kCachedDimensions are computed once per pixel, not per sample.
  uint64_t dimension_hash() {
    if (dimension_ >= kCachedDimensions) return hash_of(dimension_);
    const uint64_t bit = uint64_t(1) << dimension_;
    if (!(cached_ & bit)) hashes_[dimension_] = hash_of(dimension_), cached_ |= bit;
    return hashes_[dimension_];
  }
  uint64_t hash_of(uint32_t dimension) const { return mix64(pixel_key_ + 0x9e3779b97f4a7c15ULL * (dimension + 1)); }
  static constexpr uint32_t kCachedDimensions = 64;
  uint64_t cached_ = 0;  // bit d: hashes_[d] holds this pixel's hash of dimension d
  uint64_t hashes_[kCachedDimensions] = {};

  uint64_t seed_key_;
  uint64_t pixel_key_ = 0;
  int px_ = 0, py_ = 0;
  bool started_ = false;
  uint32_t index_reversed_ = 0;  // the sample index, bit-reversed once per sample
  uint32_t dimension_ = 0;
};

}  // namespace tessera
