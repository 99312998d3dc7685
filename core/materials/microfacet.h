#pragma once
// TrowbridgeReitz: the GGX microfacet distribution with its height-correlated
// Smith masking and visible-normal sampling, in the local shading frame
// (normal = +z). The model and the formulas follow pbrt-v4
// (util/scattering.h, TrowbridgeReitzDistribution); visible normals are
// sampled as in Heitz 2018, "Sampling the GGX Distribution of Visible Normals".
//   D(wm)          microfacet normal density: the integral of D(wm) cos(wm)
//                  over the hemisphere is 1.
//   lambda(w)      Smith's auxiliary function; G1(w) = 1 / (1 + lambda(w)) <= 1.
//   G(wo, wi)      height-correlated masking-shadowing 1 / (1 + lambda(wo) + lambda(wi)).
//   sample_wm(w, u)  a normal from D_w, the normals visible from w (either
//                  side of the surface: the result is always on the +z side).
//   pdf(w, wm)     D_w(wm) = G1(w) / |cos w| * D(wm) * |dot(w, wm)|.
// All are const, allocate nothing and are thread-safe.

#include "core/math/vec3.h"
#include "core/sampling/sampling.h"

#include <algorithm>
#include <cmath>

namespace tessera {

class TrowbridgeReitz {
 public:
  TrowbridgeReitz(float alpha_x, float alpha_y) : ax_(alpha_x), ay_(alpha_y) {
    // Below the smooth threshold the lobe is treated as a delta (the BxDFs
    // switch to their specular form); keep the density itself finite anyway.
    if (!effectively_smooth()) ax_ = std::max(ax_, 1e-4f), ay_ = std::max(ay_, 1e-4f);
  }

  // Alphas this small render as a perfect mirror or pane: the rough lobe would
  // be narrower than a pixel's footprint and its density would overflow floats.
  bool effectively_smooth() const { return std::max(ax_, ay_) < 1e-3f; }
  float alpha_x() const { return ax_; }
  float alpha_y() const { return ay_; }

  float D(const Vec3& wm) const {
    // 1 / (pi ax ay (x^2/ax^2 + y^2/ay^2 + z^2)^2), the same as pbrt's tan form
    // but without its cos^4 division, so finite for every unit wm.
    const float x = wm.x / ax_, y = wm.y / ay_;
    const float e = x * x + y * y + wm.z * wm.z;
    return 1.0f / (kPi * ax_ * ay_ * e * e);
  }

  float lambda(const Vec3& w) const {
    const float z2 = w.z * w.z;
    if (z2 == 0.0f) return 1e30f;  // grazing: fully masked
    const float a2_tan2 = (w.x * w.x * ax_ * ax_ + w.y * w.y * ay_ * ay_) / z2;
    return (std::sqrt(1.0f + a2_tan2) - 1.0f) * 0.5f;
  }
  float G1(const Vec3& w) const { return 1.0f / (1.0f + lambda(w)); }
  float G(const Vec3& wo, const Vec3& wi) const { return 1.0f / (1.0f + lambda(wo) + lambda(wi)); }

  float pdf(const Vec3& w, const Vec3& wm) const {
    const float cos_w = std::abs(w.z);
    if (cos_w == 0.0f) return 0.0f;
    return G1(w) / cos_w * D(wm) * std::abs(dot(w, wm));
  }

  Vec3 sample_wm(const Vec3& w, Vec2 u) const {
    // Stretch w to the hemisphere configuration (alpha = 1), sample the
    // projected half disk there, and unstretch the normal.
    Vec3 wh = normalize(Vec3(ax_ * w.x, ay_ * w.y, w.z));
    if (wh.z < 0.0f) wh = -wh;
    const Vec3 t1 = wh.z < 0.99999f ? normalize(cross(Vec3(0, 0, 1), wh)) : Vec3(1, 0, 0);
    const Vec3 t2 = cross(wh, t1);
    const float r = std::sqrt(u.x), phi = 2.0f * kPi * u.y;
    float px = r * std::cos(phi), py = r * std::sin(phi);
    const float h = std::sqrt(std::max(0.0f, 1.0f - px * px));
    const float s = 0.5f * (1.0f + wh.z);
    py = (1.0f - s) * h + s * py;
    const float pz = std::sqrt(std::max(0.0f, 1.0f - px * px - py * py));
    const Vec3 nh = t1 * px + t2 * py + wh * pz;
    return normalize(Vec3(ax_ * nh.x, ay_ * nh.y, std::max(1e-6f, nh.z)));
  }

  // Perceptual roughness in [0, 1] (glTF, Blender) to alpha: alpha = roughness^2.
  static float roughness_to_alpha(float roughness) { return roughness * roughness; }
  // Roughness and anisotropy in [0, 1] to (alpha_x, alpha_y) after Burley 2012:
  // aspect = sqrt(1 - 0.9 anisotropy), alpha_x = alpha / aspect, alpha_y = alpha * aspect
  // (x is the shading frame's first tangent: the lobe is wider along it).
  static TrowbridgeReitz from_roughness(float roughness, float anisotropy) {
    const float alpha = roughness_to_alpha(roughness);
    const float aspect = std::sqrt(1.0f - 0.9f * anisotropy);
    return TrowbridgeReitz(alpha / aspect, alpha * aspect);
  }

 private:
  float ax_, ay_;
};

// Mirror `wo` about the normal `n`: the wi a perfect mirror with normal n reflects to wo.
inline Vec3 reflect(const Vec3& wo, const Vec3& n) { return -wo + n * (2.0f * dot(wo, n)); }

// Refract `wi` through an interface with normal `n` and relative index `eta`
// (inside over outside, n pointing outside). Either side: for wi below n the
// interface is crossed the other way (eta becomes 1 / eta). False on total
// internal reflection; else `wt` and `etap`, the index ratio actually crossed.
inline bool refract(const Vec3& wi, Vec3 n, float eta, float& etap, Vec3& wt) {
  float cos_i = dot(n, wi);
  if (cos_i < 0.0f) eta = 1.0f / eta, cos_i = -cos_i, n = -n;
  const float sin2_i = std::max(0.0f, 1.0f - cos_i * cos_i);
  const float sin2_t = sin2_i / (eta * eta);
  if (sin2_t >= 1.0f) return false;
  const float cos_t = std::sqrt(1.0f - sin2_t);
  wt = -wi / eta + n * (cos_i / eta - cos_t);
  etap = eta;
  return true;
}

}  // namespace tessera
