#pragma once
// CoatedBxDF: a clear dielectric coat (`ior`, `roughness`) over a Lambertian
// base (`albedo`): varnished wood, plastic, glazed ceramic. A deterministic
// layered approximation, not pbrt-v4's stochastic LayeredBxDF (which is exact
// in expectation but whose eval and pdf are themselves random estimates):
//   f = Fr(v.h) D G2 / (4 cos o cos i)                          the coat's reflection (GGX)
//     + (1 - F(cos o)) (1 - F(cos i)) albedo / (pi eta^2 (1 - albedo r_i))   the base through the coat
// F is the exact dielectric Fresnel (fresnel.h); light crosses the coat twice,
// and 1 / (1 - albedo r_i) sums its internal reflections, with r_i the coat's
// diffuse reflectance from inside: r_i = 1 - (1 - r_e) / eta^2, r_e the
// hemispherical average of F from outside (d'Eon and Irving's fit, 0.1% in
// eta in [1, 10]). 1 / eta^2 is the radiance compression leaving the denser
// coat. The same model as Mitsuba's `plastic` (Weidlich and Wilkie 2007); for
// a smooth coat it conserves energy exactly (white base: albedo 1 at every
// angle); a rough coat keeps the smooth coat's transmission, so it loses what
// GGX single scattering loses (tests/core/materials/layered_test.cpp measures it).
// Sampling: the coat lobe (visible normals) or the base (cosine) by u_lobe, in
// proportion to their albedo estimates at wo; pdf() is that mixture. Roughness
// 0 is alpha = 1e-3 (no delta lobe), as in principled.h. Both faces alike.

#include "core/materials/bxdf.h"
#include "core/materials/fresnel.h"
#include "core/materials/lobe_mixture.h"
#include "core/materials/material_params.h"
#include "core/materials/microfacet.h"
#include "core/sampling/sampling.h"

#include <algorithm>
#include <cmath>

namespace tessera {

// The hemispherical (cosine-weighted) average of the dielectric Fresnel
// reflectance seen from outside, 2 * integral of F(mu) mu d mu, for a relative
// index eta >= 1 (d'Eon and Irving 2011's fit, as in Mitsuba's
// fresnelDiffuseReflectance; under 0.1% relative error for eta in [1, 10]).
inline float fresnel_diffuse_reflectance(float eta) {
  const float i = 1.0f / eta, i2 = i * i, i3 = i2 * i, i4 = i3 * i, i5 = i4 * i;
  return std::max(0.0f, 0.919317f - 3.4793f * i + 6.75335f * i2 - 7.80989f * i3 + 4.98554f * i4 - 1.36881f * i5);
}

class CoatedBxDF {
 public:
  CoatedBxDF(const Vec3& albedo, float ior, float roughness)
      : R_(albedo),
        eta_(std::max(ior, 1.0f)),
        coat_(std::max(TrowbridgeReitz::roughness_to_alpha(roughness), 1e-3f),
              std::max(TrowbridgeReitz::roughness_to_alpha(roughness), 1e-3f)) {
    const float r_i = 1.0f - (1.0f - fresnel_diffuse_reflectance(eta_)) / (eta_ * eta_);
    const auto base = [&](float r) { return r / (kPi * eta_ * eta_ * (1.0f - r * r_i)); };
    base_ = {base(R_.x), base(R_.y), base(R_.z)};
    // The base's albedo through a smooth coat, (1 - r_i) R / (1 - R r_i), up to the factor 1 - F(cos o).
    const auto albedo_through = [&](float r) { return (1.0f - r_i) * r / (1.0f - r * r_i); };
    base_albedo_ = luminance({albedo_through(R_.x), albedo_through(R_.y), albedo_through(R_.z)});
  }
  static constexpr MaterialParam kParams[] = {
      {"albedo", MaterialParam::Type::Reflectance, &MaterialParams::albedo},
      {"ior", MaterialParam::Type::Positive, nullptr, &MaterialParams::ior},
      {"roughness", MaterialParam::Type::Unit, nullptr, &MaterialParams::roughness},
  };
  static CoatedBxDF from(const MaterialParams& p) { return CoatedBxDF(p.albedo, p.ior, p.roughness); }

  BSDFFlags flags() const {
    return is_black(R_) ? BSDFFlags::GlossyReflection : BSDFFlags::GlossyReflection | BSDFFlags::DiffuseReflection;
  }

  Vec3 eval(Vec3 wo, Vec3 wi) const {
    if (wo.z == 0.0f || !same_hemisphere(wo, wi) || wi.z == 0.0f) return Vec3(0.0f);
    if (wo.z < 0.0f) wo.z = -wo.z, wi.z = -wi.z;  // both faces alike
    const Vec3 h = normalize(wo + wi);
    const float coat = fr_dielectric(dot(wo, h), eta_) * coat_.D(h) * coat_.G(wo, wi) / (4.0f * wo.z * wi.z);
    const float through = (1.0f - fr_dielectric(wo.z, eta_)) * (1.0f - fr_dielectric(wi.z, eta_));
    return base_ * through + Vec3(coat);
  }

  BSDFSample sample(const Vec3& wo_in, float u_lobe, Vec2 u) const {
    BSDFSample s;
    if (wo_in.z == 0.0f) return s;
    const bool flip = wo_in.z < 0.0f;
    const Vec3 wo(wo_in.x, wo_in.y, std::abs(wo_in.z));
    const LobeMixture<2> lobes = mixture(wo.z);
    const int lobe = lobes.choose(u_lobe, u, is_single_lobe(flags()));
    if (lobe < 0) return s;
    const Vec3 wi = lobe == 0 ? reflect(wo, coat_.sample_wm(wo, u)) : sample_cosine_hemisphere(u);
    if (wi.z <= 0.0f) return s;  // below the horizon: absorbed (the coat lobe's pdf integrates to less than 1)
    const float pdf = mixture_pdf(lobes, wo, wi);
    if (!(pdf > 0.0f)) return s;
    s.f = eval(wo, wi);
    s.wi = flip ? Vec3(wi.x, wi.y, -wi.z) : wi;
    s.pdf = pdf;
    s.flags = lobe == 0 ? BSDFFlags::GlossyReflection : BSDFFlags::DiffuseReflection;
    s.weight = s.f * (wi.z / pdf);
    return s;
  }

  float pdf(Vec3 wo, Vec3 wi) const {
    if (wo.z == 0.0f || !same_hemisphere(wo, wi) || wi.z == 0.0f) return 0.0f;
    if (wo.z < 0.0f) wo.z = -wo.z, wi.z = -wi.z;
    return mixture_pdf(mixture(wo.z), wo, wi);
  }

 private:
  // Coat: its Fresnel at n.v; base: what comes back through the coat.
  LobeMixture<2> mixture(float cos_o) const {
    const float F = fr_dielectric(cos_o, eta_);
    const float w[2] = {F, (1.0f - F) * base_albedo_};
    return LobeMixture<2>(w);
  }
  // wo and wi above the surface.
  float mixture_pdf(const LobeMixture<2>& lobes, const Vec3& wo, const Vec3& wi) const {
    const Vec3 h = normalize(wo + wi);
    const float wo_h = dot(wo, h);
    const float coat = wo_h > 0.0f ? coat_.pdf(wo, h) / (4.0f * wo_h) : 0.0f;
    return lobes.probability(0) * coat + lobes.probability(1) * cosine_hemisphere_pdf(wi.z);
  }

  Vec3 R_;               // the base's albedo
  float eta_;            // the coat's index (relative to the outside), >= 1
  TrowbridgeReitz coat_;
  Vec3 base_;            // albedo / (pi eta^2 (1 - albedo r_i)), per channel
  float base_albedo_;    // the base's luminance albedo through a smooth coat, over (1 - F(cos o))
};

}  // namespace tessera
