#pragma once
// PixelSampler: the random numbers of one sample of one pixel. The value of
// dimension d is a hash of (seed, pixel x, pixel y, sample index, d) and of
// nothing else, so an image never depends on threads, buckets or their order.

#include "core/base/hash.h"
#include "core/math/vec3.h"

#include <cstdint>

namespace tessera {

class PixelSampler {
 public:
  // Both coordinates are hashed whole (no x | y << 16 packing that collides
  // past 65,535 pixels).
  PixelSampler(uint64_t seed, int px, int py, uint32_t sample_index)
      : key_(hash_combine(hash_combine(hash_combine(mix64(seed), uint32_t(px)), uint32_t(py)), sample_index)) {}

  // The next dimension of this sample's stream, in [0, 1).
  float get_1d() { return to_unit_float(mix64(key_ + 0x9e3779b97f4a7c15ULL * ++dimension_)); }
  Vec2 get_2d() {
    const float a = get_1d();
    return {a, get_1d()};
  }
  uint32_t dimension() const { return dimension_; }

 private:
  uint64_t key_;
  uint32_t dimension_ = 0;
};

// The sampler interface the integrator draws from (issue 9 replaces this alias
// with independent and Sobol implementations behind one type).
using Sampler = PixelSampler;

}  // namespace tessera
