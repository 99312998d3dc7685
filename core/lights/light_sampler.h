#pragma once
// PowerLightSampler: chooses the light for next-event estimation in proportion
// to its power, in O(1) through an alias table (pbrt-v4 lightsamplers.h).

#include "core/lights/light.h"
#include "core/sampling/alias_table.h"

#include <cstdint>
#include <vector>

namespace tessera {

struct SampledLight {
  uint32_t light = 0;  // index into the lights the sampler was built over
  float pmf = 0;       // probability of choosing it
};

class PowerLightSampler {
 public:
  PowerLightSampler() = default;
  // Weights are each light's power(), except lights that never return samples
  // under allow_incomplete_pdf (the uniform environment: see light.h), which
  // get none. If every light that samples has zero power, they share equally.
  PowerLightSampler(const std::vector<Light>& lights, bool allow_incomplete_pdf);

  bool empty() const { return table_.empty(); }
  size_t size() const { return table_.size(); }
  // A light chosen with u in [0, 1); the sampler must not be empty. Thread-safe.
  SampledLight sample(float u) const {
    SampledLight s;
    s.light = table_.sample(u, s.pmf);
    return s;
  }
  // Probability of choosing light `index` (0 for one that is never chosen).
  float pmf(uint32_t index) const { return table_.empty() ? 0.0f : table_.pmf(index); }

 private:
  AliasTable table_;
};

}  // namespace tessera
