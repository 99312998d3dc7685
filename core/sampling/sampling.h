#pragma once
// Warps from the unit square to the distributions the path tracer draws from,
// each with its density. Pure functions: the same u always gives the same point.

#include "core/math/vec3.h"

#include <cmath>

namespace tessera {

constexpr float kPi = 3.14159265358979323846f;
constexpr float kInvPi = 0.31830988618379067154f;

// Uniform point on the unit disk by the concentric mapping (Shirley and Chiu),
// which keeps strata compact.
inline Vec2 sample_concentric_disk(Vec2 u) {
  const float ox = 2.0f * u.x - 1.0f, oy = 2.0f * u.y - 1.0f;
  float r = 0.0f, phi = 0.0f;
  if (ox != 0.0f || oy != 0.0f) {
    if (std::abs(ox) > std::abs(oy)) {
      r = ox;
      phi = (kPi / 4.0f) * (oy / ox);
    } else {
      r = oy;
      phi = (kPi / 2.0f) - (kPi / 4.0f) * (ox / oy);
    }
  }
  return {r * std::cos(phi), r * std::sin(phi)};
}

// Cosine-weighted direction on the hemisphere around +z; pdf = cos(theta) / pi.
inline Vec3 sample_cosine_hemisphere(Vec2 u) {
  const Vec2 d = sample_concentric_disk(u);
  return {d.x, d.y, std::sqrt(std::max(0.0f, 1.0f - d.x * d.x - d.y * d.y))};
}
inline float cosine_hemisphere_pdf(float cos_theta) { return cos_theta > 0 ? cos_theta * kInvPi : 0.0f; }

// Uniform direction on the unit sphere; pdf = 1 / (4 pi).
inline Vec3 sample_uniform_sphere(Vec2 u) {
  const float z = 1.0f - 2.0f * u.x;
  const float r = std::sqrt(std::max(0.0f, 1.0f - z * z));
  const float phi = 2.0f * kPi * u.y;
  return {r * std::cos(phi), r * std::sin(phi), z};
}

// Barycentrics (b1, b2) uniform over a triangle's area.
inline Vec2 sample_uniform_triangle(Vec2 u) {
  const float su = std::sqrt(u.x);
  return {1.0f - su, u.y * su};
}

// Offset in [-1, 1] distributed by the tent filter of radius 1: filter importance
// sampling, so every sample has weight one and belongs to exactly one pixel.
inline float sample_tent(float u) {
  return u < 0.5f ? std::sqrt(2.0f * u) - 1.0f : 1.0f - std::sqrt(2.0f - 2.0f * u);
}

// Power heuristic (beta = 2) weight of strategy f against g (Veach 1997).
inline float power_heuristic(float pdf_f, float pdf_g) {
  const float f = pdf_f * pdf_f, g = pdf_g * pdf_g;
  return f + g > 0.0f ? f / (f + g) : 0.0f;
}

}  // namespace tessera
