#pragma once
// The pieces every BxDF shares: lobe flags, BSDFSample and the local-frame
// helpers. The contract a BxDF fulfils is written in bsdf.h.

#include "core/math/vec3.h"

#include <cmath>
#include <cstdint>

namespace tessera {

// What a lobe does: one of diffuse / glossy / specular, and reflection and/or
// transmission. A BSDF's flags() is the union of its lobes; None means it
// scatters nothing (a black or purely emissive surface).
enum class BSDFFlags : uint8_t {
  None = 0,
  Reflection = 1 << 0,
  Transmission = 1 << 1,
  Diffuse = 1 << 2,
  Glossy = 1 << 3,
  Specular = 1 << 4,
  DiffuseReflection = Diffuse | Reflection,
  DiffuseTransmission = Diffuse | Transmission,
  GlossyReflection = Glossy | Reflection,
  GlossyTransmission = Glossy | Transmission,
  SpecularReflection = Specular | Reflection,
  SpecularTransmission = Specular | Transmission,
  All = Diffuse | Glossy | Specular | Reflection | Transmission,
};
constexpr BSDFFlags operator|(BSDFFlags a, BSDFFlags b) { return BSDFFlags(uint8_t(a) | uint8_t(b)); }
constexpr BSDFFlags operator&(BSDFFlags a, BSDFFlags b) { return BSDFFlags(uint8_t(a) & uint8_t(b)); }
// Whether `flags` has any of the bits of `of`.
constexpr bool has_any(BSDFFlags flags, BSDFFlags of) { return (flags & of) != BSDFFlags::None; }
constexpr bool is_specular(BSDFFlags f) { return has_any(f, BSDFFlags::Specular); }
// Exactly one lobe: one of diffuse / glossy / specular, and one of reflection /
// transmission. Such a BxDF's sample() must not depend on u_lobe (bsdf.h).
constexpr bool is_single_lobe(BSDFFlags f) {
  const uint8_t kinds = uint8_t(f & (BSDFFlags::Diffuse | BSDFFlags::Glossy | BSDFFlags::Specular));
  const uint8_t sides = uint8_t(f & (BSDFFlags::Reflection | BSDFFlags::Transmission));
  return kinds != 0 && (kinds & (kinds - 1)) == 0 && sides != 0 && (sides & (sides - 1)) == 0;
}

struct BSDFSample {
  Vec3 f;              // BSDF value for (wo, wi), without the cosine
  Vec3 wi;             // sampled incident direction, unit length
  float pdf = 0;       // solid-angle density of wi (for a delta lobe: the lobe's discrete probability)
  BSDFFlags flags = BSDFFlags::None;  // the lobe that was sampled
  // f * |cos(wi)| / pdf, the factor a path's throughput is multiplied by,
  // computed by the BxDF where it simplifies (Lambert: the albedo, exactly).
  Vec3 weight;

  bool valid() const { return pdf > 0.0f; }
};

// Local shading-frame helpers: the normal is +z.
inline float cos_theta(const Vec3& w) { return w.z; }
inline float abs_cos_theta(const Vec3& w) { return std::abs(w.z); }
// Whether two directions lie on the same side of the surface. A direction in
// the tangent plane (z == +-0) counts as the upper side.
inline bool same_hemisphere(const Vec3& a, const Vec3& b) { return (a.z < 0.0f) == (b.z < 0.0f); }

}  // namespace tessera
