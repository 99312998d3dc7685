#pragma once
// CoatedBxDF: a clear dielectric coat (`ior`, `roughness`) over a base that is
// either Lambertian (`albedo`: varnished wood, plastic, glaze) or a conductor
// (`"base": "conductor"` with the conductor's Fresnel keys and
// `base_roughness`: lacquered or car-paint metal). A deterministic layered
// approximation, not pbrt-v4's stochastic LayeredBxDF (exact in expectation,
// but its eval and pdf are themselves random estimates):
//   f = Fr(v.h) D G2 / (4 cos o cos i)                   the coat's reflection (GGX)
//     + (1 - F(cos o)) (1 - F(cos i)) base              the base seen through the coat twice
//   diffuse base:   albedo / (pi eta^2 (1 - albedo r_i))
//   conductor base: f_conductor(wo, wi) / (1 - R min(F(cos o), F(cos i))), R = its Fresnel at v.h
// F is the exact dielectric Fresnel (fresnel.h). The denominators sum the
// light the coat reflects back down onto the base: r_i is the coat's diffuse
// reflectance from inside, 1 - (1 - r_e) / eta^2, with r_e the hemispherical
// average of F from outside (d'Eon and Irving's fit, 0.1% in eta in [1, 10]),
// and 1 / eta^2 the radiance compression leaving the denser coat (the model of
// Mitsuba's `plastic`, Weidlich and Wilkie 2007). The conductor base is
// evaluated at the outside directions (light is not bent into the coat), so
// its highlight keeps the shape `base_roughness` gives it.
// Error: a smooth coat over a white diffuse base, or over a white mirror,
// reflects all light at every angle (exact); a rough coat keeps the smooth
// coat's transmission, so it loses what GGX single scattering loses, mostly at
// grazing angles (scenes/README.md tabulates it; layered_test.cpp checks it).
// Sampling: the coat lobe or the base lobe (cosine, or the conductor's visible
// normals) by u_lobe, in proportion to their albedo estimates at wo; pdf() is
// that mixture. Roughness 0 is alpha = 1e-3 (no delta lobe), as in
// principled.h. Both faces alike.

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

// The names of a coated material's "base" choice, in MaterialParams::coated_base order.
inline constexpr const char* kCoatedBases[] = {"diffuse", "conductor", nullptr};

class CoatedBxDF {
 public:
  enum class Base { Diffuse, Conductor };
  struct Conductor {
    Vec3 eta, k;          // the complex index, as conductor.h's
    float roughness = 0;  // perceptual
  };

  // A coat over a diffuse base of `albedo`.
  CoatedBxDF(const Vec3& albedo, float ior, float roughness)
      : base_kind_(Base::Diffuse), R_(albedo), eta_(std::max(ior, 1.0f)), coat_(alpha(roughness)), base_(alpha(0)) {
    const float r_i = 1.0f - (1.0f - fresnel_diffuse_reflectance(eta_)) / (eta_ * eta_);
    const auto lambert = [&](float r) { return r / (kPi * eta_ * eta_ * (1.0f - r * r_i)); };
    diffuse_ = {lambert(R_.x), lambert(R_.y), lambert(R_.z)};
    // The base's albedo through a smooth coat, (1 - r_i) R / (1 - R r_i), over the factor 1 - F(cos o).
    const auto through = [&](float r) { return (1.0f - r_i) * r / (1.0f - r * r_i); };
    base_albedo_ = luminance({through(R_.x), through(R_.y), through(R_.z)});
  }
  // A coat over a conductor.
  CoatedBxDF(const Conductor& c, float ior, float roughness)
      : base_kind_(Base::Conductor),
        eta_(std::max(ior, 1.0f)),
        coat_(alpha(roughness)),
        base_(alpha(c.roughness)),
        metal_eta_(c.eta),
        metal_k_(c.k) {}

  static constexpr MaterialParam kParams[] = {
      MaterialParam::number_param("ior", MaterialParam::Type::Positive, &MaterialParams::ior),
      MaterialParam::number_param("roughness", MaterialParam::Type::Unit, &MaterialParams::roughness),
      MaterialParam::choice_param("base", &MaterialParams::coated_base, kCoatedBases),
      MaterialParam::color_param("albedo", MaterialParam::Type::Reflectance, &MaterialParams::albedo),
      MaterialParam::number_param("base_roughness", MaterialParam::Type::Unit, &MaterialParams::base_roughness),
      MaterialParam::color_param("reflectance", MaterialParam::Type::Reflectance, &MaterialParams::reflectance,
                                 "eta,k,metal"),
      MaterialParam::color_param("eta", MaterialParam::Type::Color, &MaterialParams::conductor_eta, "metal"),
      MaterialParam::color_param("k", MaterialParam::Type::Color, &MaterialParams::conductor_k, "metal"),
      MaterialParam::choice_param("metal", &MaterialParams::metal, kMetalNames),
  };
  static CoatedBxDF from(const MaterialParams& p) {
    if (p.coated_base != 1) return CoatedBxDF(p.albedo, p.ior, p.roughness);
    Conductor c{p.conductor_eta, p.conductor_k, p.base_roughness};
    if (p.reflectance.x >= 0.0f)  // the same precedence as conductor.h
      conductor_from_reflectance(p.reflectance, c.eta, c.k);
    else if (p.metal >= 0)
      c.eta = kMetals[p.metal].eta, c.k = kMetals[p.metal].k;
    return CoatedBxDF(c, p.ior, p.roughness);
  }

  BSDFFlags flags() const {
    if (base_kind_ == Base::Conductor || is_black(R_)) return BSDFFlags::GlossyReflection;
    return BSDFFlags::GlossyReflection | BSDFFlags::DiffuseReflection;
  }

  Vec3 eval(Vec3 wo, Vec3 wi) const {
    if (wo.z == 0.0f || !same_hemisphere(wo, wi) || wi.z == 0.0f) return Vec3(0.0f);
    if (wo.z < 0.0f) wo.z = -wo.z, wi.z = -wi.z;  // both faces alike
    const Vec3 h = normalize(wo + wi);
    const float D_G = 1.0f / (4.0f * wo.z * wi.z);
    const float coat = fr_dielectric(dot(wo, h), eta_) * coat_.D(h) * coat_.G(wo, wi) * D_G;
    const float Fo = fr_dielectric(wo.z, eta_), Fi = fr_dielectric(wi.z, eta_);
    const float through = (1.0f - Fo) * (1.0f - Fi);
    if (base_kind_ == Base::Diffuse) return diffuse_ * through + Vec3(coat);
    const Vec3 R = fr_complex(dot(wo, h), metal_eta_, metal_k_);
    // What the coat sends back down: min(Fo, Fi) is exact for a mirror base
    // (Fo = Fi) and keeps the sum below 1 - max(Fo, Fi) for a white one.
    const float back = std::min(Fo, Fi);
    const Vec3 bounces(1.0f / (1.0f - R.x * back), 1.0f / (1.0f - R.y * back), 1.0f / (1.0f - R.z * back));
    return R * bounces * (through * base_.D(h) * base_.G(wo, wi) * D_G) + Vec3(coat);
  }

  BSDFSample sample(const Vec3& wo_in, float u_lobe, Vec2 u) const {
    BSDFSample s;
    if (wo_in.z == 0.0f) return s;
    const bool flip = wo_in.z < 0.0f;
    const Vec3 wo(wo_in.x, wo_in.y, std::abs(wo_in.z));
    const LobeMixture<2> lobes = mixture(wo.z);
    const int lobe = lobes.choose(u_lobe, u, is_single_lobe(flags()));
    if (lobe < 0) return s;
    const Vec3 wi = lobe == 0                        ? reflect(wo, coat_.sample_wm(wo, u))
                    : base_kind_ == Base::Diffuse ? sample_cosine_hemisphere(u)
                                                  : reflect(wo, base_.sample_wm(wo, u));
    if (wi.z <= 0.0f) return s;  // below the horizon: absorbed (a GGX lobe's pdf integrates to less than 1)
    const float pdf = mixture_pdf(lobes, wo, wi);
    if (!(pdf > 0.0f)) return s;
    s.f = eval(wo, wi);
    s.wi = flip ? Vec3(wi.x, wi.y, -wi.z) : wi;
    s.pdf = pdf;
    s.flags = lobe == 1 && base_kind_ == Base::Diffuse ? BSDFFlags::DiffuseReflection : BSDFFlags::GlossyReflection;
    s.weight = s.f * (wi.z / pdf);
    return s;
  }

  float pdf(Vec3 wo, Vec3 wi) const {
    if (wo.z == 0.0f || !same_hemisphere(wo, wi) || wi.z == 0.0f) return 0.0f;
    if (wo.z < 0.0f) wo.z = -wo.z, wi.z = -wi.z;
    return mixture_pdf(mixture(wo.z), wo, wi);
  }

 private:
  static TrowbridgeReitz alpha(float roughness) {
    const float a = std::max(TrowbridgeReitz::roughness_to_alpha(roughness), 1e-3f);  // no delta lobe
    return TrowbridgeReitz(a, a);
  }
  // Coat: its Fresnel at n.v; base: what comes back through the coat.
  LobeMixture<2> mixture(float cos_o) const {
    const float F = fr_dielectric(cos_o, eta_);
    const float base = base_kind_ == Base::Diffuse ? base_albedo_ : luminance(fr_complex(cos_o, metal_eta_, metal_k_));
    const float w[2] = {F, (1.0f - F) * base};
    return LobeMixture<2>(w);
  }
  // The pdf of wi = reflect(wo, wm) for wm from d's visible normals.
  static float reflection_pdf(const TrowbridgeReitz& d, const Vec3& wo, const Vec3& h) {
    const float wo_h = dot(wo, h);
    return wo_h > 0.0f ? d.pdf(wo, h) / (4.0f * wo_h) : 0.0f;
  }
  // wo and wi above the surface.
  float mixture_pdf(const LobeMixture<2>& lobes, const Vec3& wo, const Vec3& wi) const {
    const Vec3 h = normalize(wo + wi);
    const float base = base_kind_ == Base::Diffuse ? cosine_hemisphere_pdf(wi.z) : reflection_pdf(base_, wo, h);
    return lobes.probability(0) * reflection_pdf(coat_, wo, h) + lobes.probability(1) * base;
  }

  Base base_kind_;
  Vec3 R_{0.0f};            // the diffuse base's albedo
  float eta_;               // the coat's index (relative to the outside), >= 1
  TrowbridgeReitz coat_;    // the coat's microfacets
  TrowbridgeReitz base_;    // the conductor base's microfacets
  Vec3 diffuse_{0.0f};      // albedo / (pi eta^2 (1 - albedo r_i)), per channel
  float base_albedo_ = 0;   // the diffuse base's luminance albedo through a smooth coat, over (1 - F(cos o))
  Vec3 metal_eta_{0.0f}, metal_k_{0.0f};
};

}  // namespace tessera
