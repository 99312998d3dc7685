#pragma once
// Sampler: the random numbers of one sample of one pixel, drawn in a fixed
// layout. Contract:
//  - start_pixel_sample(px, py, index) begins a sample; then get_pixel_2d()
//    (the film position, dimensions 0-1), then get_2d() for the lens
//    (dimensions 2-3), then whatever the integrator draws, in a fixed order
//    per bounce. A get_1d() takes one dimension, a get_2d() two.
//  - Every value is in [0, 1) and a pure function of (seed, pixel, sample
//    index, dimension): never of threads, buckets, spp or resolution.
// Two implementations: SobolSampler (the default) and IndependentSampler. One
// concrete type, not a virtual interface: the choice is a well-predicted
// branch per dimension and nothing is allocated per sample.

#include "core/math/vec3.h"
#include "core/sampling/independent_sampler.h"
#include "core/sampling/sobol_sampler.h"

#include <cstdint>
#include <string>

namespace tessera {

enum class SamplerKind {
  Sobol,        // scrambled Sobol, padded in pairs (core/sampling/sobol_sampler.h)
  Independent,  // independent uniform numbers (core/sampling/independent_sampler.h)
};
// "sobol" | "independent"; anything else throws Error naming the choices.
SamplerKind parse_sampler_kind(const std::string& name);
const char* to_string(SamplerKind kind);

class Sampler {
 public:
  Sampler(SamplerKind kind, uint64_t seed) : kind_(kind), sobol_(seed), independent_(seed) {}

  void start_pixel_sample(int px, int py, uint32_t sample_index) {
    if (kind_ == SamplerKind::Sobol)
      sobol_.start_pixel_sample(px, py, sample_index);
    else
      independent_.start_pixel_sample(px, py, sample_index);
  }
  float get_1d() { return kind_ == SamplerKind::Sobol ? sobol_.get_1d() : independent_.get_1d(); }
  Vec2 get_2d() { return kind_ == SamplerKind::Sobol ? sobol_.get_2d() : independent_.get_2d(); }
  Vec2 get_pixel_2d() { return kind_ == SamplerKind::Sobol ? sobol_.get_pixel_2d() : independent_.get_pixel_2d(); }
  // Pass over `count` dimensions, as `count` get_1d() calls would, computing
  // nothing: an integrator keeps its fixed layout without paying for numbers
  // it does not use.
  void skip(uint32_t count) {
    if (kind_ == SamplerKind::Sobol)
      sobol_.skip(count);
    else
      independent_.skip(count);
  }
  SamplerKind kind() const { return kind_; }
  // Dimensions drawn since start_pixel_sample (film and lens included).
  uint32_t dimension() const { return kind_ == SamplerKind::Sobol ? sobol_.dimension() : independent_.dimension(); }

 private:
  SamplerKind kind_;
  SobolSampler sobol_;
  IndependentSampler independent_;
};

}  // namespace tessera
