#pragma once
// ConductorBxDF: a metal. A GGX microfacet lobe (microfacet.h) with the exact
// conductor Fresnel term (fresnel.h), or, at roughness 0, a perfect mirror (a
// specular delta lobe). Single scattering only: a rough metal loses the light
// that would bounce between microfacets more than once (tested against
// quadrature in conductor_test.cpp). After pbrt-v4's ConductorBxDF.

#include "core/materials/bxdf.h"
#include "core/materials/fresnel.h"
#include "core/materials/material_params.h"
#include "core/materials/microfacet.h"

#include <cmath>

namespace tessera {

class ConductorBxDF {
 public:
  ConductorBxDF(const TrowbridgeReitz& distribution, const Vec3& eta, const Vec3& k)
      : distrib_(distribution), eta_(eta), k_(k) {}

  static constexpr MaterialParam kParams[] = {
      MaterialParam::number_param("roughness", MaterialParam::Type::Unit, &MaterialParams::roughness),
      MaterialParam::number_param("anisotropy", MaterialParam::Type::Unit, &MaterialParams::anisotropy),
      MaterialParam::color_param("reflectance", MaterialParam::Type::Reflectance, &MaterialParams::reflectance,
                                 "eta,k,metal"),
      MaterialParam::color_param("eta", MaterialParam::Type::Color, &MaterialParams::conductor_eta, "metal"),
      MaterialParam::color_param("k", MaterialParam::Type::Color, &MaterialParams::conductor_k, "metal"),
      MaterialParam::choice_param("metal", &MaterialParams::metal, kMetalNames),
  };
  static ConductorBxDF from(const MaterialParams& p) {
    Vec3 eta = p.conductor_eta, k = p.conductor_k;
    if (p.reflectance.x >= 0.0f)
      conductor_from_reflectance(p.reflectance, eta, k);
    else if (p.metal >= 0)
      eta = kMetals[p.metal].eta, k = kMetals[p.metal].k;
    return ConductorBxDF(TrowbridgeReitz::from_roughness(p.roughness, p.anisotropy), eta, k);
  }

  BSDFFlags flags() const {
    return distrib_.effectively_smooth() ? BSDFFlags::SpecularReflection : BSDFFlags::GlossyReflection;
  }

  Vec3 eval(const Vec3& wo, const Vec3& wi) const {
    if (!same_hemisphere(wo, wi) || distrib_.effectively_smooth()) return Vec3(0.0f);
    const float cos_o = abs_cos_theta(wo), cos_i = abs_cos_theta(wi);
    if (cos_o == 0.0f || cos_i == 0.0f) return Vec3(0.0f);
    Vec3 wm = wo + wi;
    if (dot(wm, wm) == 0.0f) return Vec3(0.0f);
    wm = normalize(wm);
    const Vec3 F = fr_complex(std::abs(dot(wo, wm)), eta_, k_);
    return F * (distrib_.D(wm) * distrib_.G(wo, wi) / (4.0f * cos_i * cos_o));
  }

  BSDFSample sample(const Vec3& wo, float /*u_lobe*/, Vec2 u) const {
    BSDFSample s;
    if (distrib_.effectively_smooth()) {
      s.wi = Vec3(-wo.x, -wo.y, wo.z);
      const float cos_i = abs_cos_theta(s.wi);
      if (cos_i == 0.0f) return s;
      const Vec3 F = fr_complex(cos_i, eta_, k_);
      s.f = F / cos_i;
      s.pdf = 1.0f;
      s.weight = F;
      s.flags = BSDFFlags::SpecularReflection;
      return s;
    }
    if (wo.z == 0.0f) return s;
    const Vec3 wm = distrib_.sample_wm(wo, u);
    s.wi = reflect(wo, wm);
    if (!same_hemisphere(wo, s.wi) || s.wi.z == 0.0f) return BSDFSample{};
    const float cos_o = abs_cos_theta(wo), cos_i = abs_cos_theta(s.wi);
    const float wo_wm = std::abs(dot(wo, wm));
    if (wo_wm == 0.0f) return BSDFSample{};
    s.pdf = distrib_.pdf(wo, wm) / (4.0f * wo_wm);
    if (!(s.pdf > 0.0f)) return BSDFSample{};
    const Vec3 F = fr_complex(wo_wm, eta_, k_);
    const float G = distrib_.G(wo, s.wi);
    s.f = F * (distrib_.D(wm) * G / (4.0f * cos_i * cos_o));
    s.weight = F * (G / distrib_.G1(wo));  // D G F / (4 cos_i cos_o) * cos_i / (G1 D |wo.wm| / (cos_o 4 |wo.wm|))
    s.flags = BSDFFlags::GlossyReflection;
    return s;
  }

  float pdf(const Vec3& wo, const Vec3& wi) const {
    if (!same_hemisphere(wo, wi) || distrib_.effectively_smooth()) return 0.0f;
    Vec3 wm = wo + wi;
    if (dot(wm, wm) == 0.0f) return 0.0f;
    wm = normalize(wm);
    if (wm.z < 0.0f) wm = -wm;
    const float wo_wm = std::abs(dot(wo, wm));
    return wo_wm == 0.0f ? 0.0f : distrib_.pdf(wo, wm) / (4.0f * wo_wm);
  }

 private:
  TrowbridgeReitz distrib_;
  Vec3 eta_, k_;  // complex index of refraction per RGB channel
};

}  // namespace tessera
