#pragma once
// IndependentSampler: every dimension of every sample an independent uniform
// number. The value of dimension d is a hash of (seed, pixel x, pixel y, sample
// index, d) and of nothing else, so an image never depends on threads, buckets
// or their order. Today's pixels are kept bit for bit (--sampler independent).

#include "core/base/hash.h"
#include "core/math/vec3.h"

#include <cstdint>

namespace tessera {

class IndependentSampler {
 public:
  explicit IndependentSampler(uint64_t seed = 0) : seed_key_(mix64(seed)) {}
  IndependentSampler(uint64_t seed, int px, int py, uint32_t sample_index) : IndependentSampler(seed) {
    start_pixel_sample(px, py, sample_index);
  }

  // Begin sample `sample_index` of pixel (px, py): dimension 0 comes next. Both
  // coordinates are hashed whole (no x | y << 16 packing that collides past
  // 65,535 pixels).
  void start_pixel_sample(int px, int py, uint32_t sample_index) {
    key_ = hash_combine(hash_combine(hash_combine(seed_key_, uint32_t(px)), uint32_t(py)), sample_index);
    dimension_ = 0;
  }

  // The next dimension of this sample's stream, in [0, 1).
  float get_1d() { return to_unit_float(mix64(key_ + 0x9e3779b97f4a7c15ULL * ++dimension_)); }
  Vec2 get_2d() {
    const float a = get_1d();
    return {a, get_1d()};
  }
  // The film position's two dimensions: the first two of every sample.
  Vec2 get_pixel_2d() { return get_2d(); }
  uint32_t dimension() const { return dimension_; }
  // Pass over `count` dimensions without computing them (what get_1d() calls
  // would draw): the next draw is the one it would be after them.
  void skip(uint32_t count) { dimension_ += count; }

 private:
  uint64_t seed_key_;
  uint64_t key_ = 0;
  uint32_t dimension_ = 0;
};

// The name tests use for a plain stream of hashed uniform numbers.
using PixelSampler = IndependentSampler;

}  // namespace tessera
