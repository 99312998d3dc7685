#pragma once
// LobeMixture: how a BxDF with several lobes (coated.h, principled.h) picks
// the one it samples. Each lobe gets a probability proportional to a weight
// (an estimate of the lobe's albedo at wo); pdf() of such a BxDF is the sum
// of the lobes' pdfs times these probabilities, so any positive weights give
// an unbiased estimator and good ones give less noise.
//   choose(u_lobe, u, single_lobe)  the lobe for u_lobe. When the BxDF's
//           flags() name a single lobe the integrator may pass a constant
//           u_lobe (bsdf.h), so the choice is made with u.x instead, which is
//           then stretched back to [0, 1) for the direction.
// Plain values; thread-safe.

#include "core/math/vec3.h"

#include <algorithm>

namespace tessera {

template <int N>
class LobeMixture {
 public:
  // Weights >= 0; all zero means nothing is sampled (empty()).
  explicit LobeMixture(const float (&weights)[N]) {
    float sum = 0.0f;
    for (int i = 0; i < N; ++i) sum += std::max(weights[i], 0.0f);
    for (int i = 0; i < N; ++i) p_[i] = sum > 0.0f ? std::max(weights[i], 0.0f) / sum : 0.0f;
  }
  bool empty() const {
    for (float p : p_)
      if (p > 0.0f) return false;
    return true;
  }
  float probability(int lobe) const { return p_[lobe]; }

  // A lobe with non-zero probability (the last such one when rounding leaves
  // x past the total); -1 when empty().
  int choose(float u_lobe, Vec2& u, bool single_lobe) const {
    float& x = single_lobe ? u.x : u_lobe;
    int last = -1;
    for (int i = 0; i < N; ++i)
      if (p_[i] > 0.0f) last = i;
    float start = 0.0f;
    for (int i = 0; i < N; ++i) {
      if (p_[i] <= 0.0f) continue;
      if (x < start + p_[i] || i == last) {
        if (single_lobe) x = std::min(std::max((x - start) / p_[i], 0.0f), 0x1.fffffep-1f);
        return i;
      }
      start += p_[i];
    }
    return -1;
  }

 private:
  float p_[N];
};

}  // namespace tessera
