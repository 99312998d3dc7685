#pragma once
// material_albedo: the reflectance a denoiser's albedo layer wants of a surface
// (Open Image Denoise: "the albedo of the first non-specular hit"), one RGB
// value per material, from its parameters at the hit:
//   diffuse, principled   the albedo / base colour
//   conductor             the normal-incidence Fresnel reflectance F0 (from
//                         `reflectance`, a named metal or eta + k)
//   coated                its base: the diffuse albedo, or the conductor's F0
//   dielectric            white (a rough dielectric lets everything through)
// Pure; thread-safe.

#include "core/materials/fresnel.h"
#include "core/materials/material.h"

namespace tessera {

// F0 of a conductor with complex index eta + i k, per channel:
// ((eta - 1)^2 + k^2) / ((eta + 1)^2 + k^2).
inline Vec3 conductor_f0(const MaterialParams& p) {
  if (p.reflectance.x >= 0.0f) return p.reflectance;
  Vec3 eta = p.conductor_eta, k = p.conductor_k;
  if (p.metal >= 0) eta = kMetals[p.metal].eta, k = kMetals[p.metal].k;
  const auto one = [](float n, float kk) {
    return ((n - 1.0f) * (n - 1.0f) + kk * kk) / ((n + 1.0f) * (n + 1.0f) + kk * kk);
  };
  return {one(eta.x, k.x), one(eta.y, k.y), one(eta.z, k.z)};
}

inline Vec3 material_albedo(MaterialKind kind, const MaterialParams& p) {
  switch (kind) {
    case MaterialKind::Diffuse:
    case MaterialKind::Principled: return p.albedo;
    case MaterialKind::Conductor: return conductor_f0(p);
    case MaterialKind::Coated: return p.coated_base == 1 ? conductor_f0(p) : p.albedo;
    case MaterialKind::Dielectric: return Vec3(1.0f);
    case MaterialKind::None: break;
  }
  return Vec3(0.0f);
}

// The albedo of `m` at `uv`, its textures read from `set`.
inline Vec3 material_albedo(const Material& m, Vec2 uv, const TextureSet& set) {
  if (m.textures.empty()) return material_albedo(m.kind, m);
  return material_albedo(m.kind, textured_params(m, uv, set));
}

}  // namespace tessera
