#pragma once
// PrincipledBxDF: the glTF 2.0 metallic-roughness material (glTF 2.0
// specification, appendix B), with KHR_materials_ior, KHR_materials_transmission
// and KHR_materials_clearcoat, so each glTF factor is one scene key:
//   f          = mix(dielectric, metal, metallic), under the clearcoat
//   metal      = (C + (1 - C) (1 - v.h)^5) spec(alpha)            (Schlick, F0 = base_color C)
//   dielectric = Fd(v.h) spec(alpha) + (1 - Fd(n.v)) [(1 - transmission) C / pi + transmission C thin(alpha)]
//   Fd(c)      = f0 + (1 - f0) (1 - c)^5, f0 = ((ior - 1) / (ior + 1))^2
//                One departure from appendix B: the base under the specular layer is weighted by
//                1 - Fd(n.v), not 1 - Fd(v.h) (the albedo scaling glTF's sample renderer uses for
//                image lighting). With v.h a smooth white dielectric seen at 85 degrees reflects
//                1.59 times the light it receives (the diffuse lobe keeps its full weight beside a
//                mirror reflecting 65%); with n.v it reflects at most what it receives, and the two
//                agree where v.h = n.v (the mirror direction, and wherever the view is head-on).
//   spec       = D G2 / (4 |cos o| |cos i|), GGX with height-correlated Smith (microfacet.h),
//                alpha = roughness^2
//   thin       = spec at wi mirrored through the tangent plane: glTF transmission without
//                KHR_materials_volume is thin-walled, so light passes the surface undeviated
//                (roughness 0) or blurred by the same lobe as the reflection
//   result     = (1 - cc Fc) f + cc Fc spec(clearcoat_roughness^2),
//                cc = clearcoat, Fc = 0.04 + 0.96 (1 - n.v)^5 (glTF's fresnel_coat, at n.v)
// Sampling: one lobe (specular, diffuse, transmission, clearcoat) by u_lobe, in
// proportion to an estimate of its albedo at wo (lobe_mixture.h); pdf() is the
// same mixture of the lobes' pdfs, and sample() returns the whole f, that
// mixture pdf and their ratio as the weight (so eval, pdf and sample agree
// exactly, whichever lobe drew wi).
// Roughness 0 is rendered as alpha = 1e-3, a lobe 0.06 degrees wide, not as a
// delta: every lobe stays visible to light sampling and MIS, at no visible cost.
// Both faces alike: wo below the surface mirrors the whole BSDF (a sheet).
// Emission is the material's own (`emission` times `emission_strength`, read for
// every material kind, material.h), so an emissive principled surface is an area light.

#include "core/materials/bxdf.h"
#include "core/materials/lobe_mixture.h"
#include "core/materials/material_params.h"
#include "core/materials/microfacet.h"
#include "core/sampling/sampling.h"

#include <algorithm>
#include <cmath>

namespace tessera {

class PrincipledBxDF {
 public:
  PrincipledBxDF(const Vec3& base_color, float metallic, float roughness, float ior, float transmission,
                 float clearcoat, float clearcoat_roughness)
      : C_(base_color),
        metallic_(metallic),
        transmission_(transmission),
        clearcoat_(clearcoat),
        spec_(alpha_of(roughness), alpha_of(roughness)),
        coat_(alpha_of(clearcoat_roughness), alpha_of(clearcoat_roughness)) {
    const float r = (ior - 1.0f) / (ior + 1.0f);
    f0_ = r * r;
  }
  // The parameters a scene file may give (material_kinds.h), and the factory.
  // base_color is the diffuse `albedo` field under its glTF name.
  static constexpr MaterialParam kParams[] = {
      MaterialParam::color_param("base_color", MaterialParam::Type::Reflectance, &MaterialParams::albedo),
      MaterialParam::number_param("metallic", MaterialParam::Type::Unit, &MaterialParams::metallic),
      MaterialParam::number_param("roughness", MaterialParam::Type::Unit, &MaterialParams::roughness),
      MaterialParam::number_param("ior", MaterialParam::Type::Positive, &MaterialParams::ior),
      MaterialParam::number_param("transmission", MaterialParam::Type::Unit, &MaterialParams::transmission),
      MaterialParam::number_param("clearcoat", MaterialParam::Type::Unit, &MaterialParams::clearcoat),
      MaterialParam::number_param("clearcoat_roughness", MaterialParam::Type::Unit,
                                  &MaterialParams::clearcoat_roughness),
  };
  static PrincipledBxDF from(const MaterialParams& p) {
    return PrincipledBxDF(p.albedo, p.metallic, p.roughness, p.ior, p.transmission, p.clearcoat,
                          p.clearcoat_roughness);
  }

  BSDFFlags flags() const {
    BSDFFlags f = BSDFFlags::GlossyReflection;  // Schlick's Fresnel reflects something at grazing angles
    const float dielectric = 1.0f - metallic_;
    if (!is_black(C_) && dielectric > 0.0f && transmission_ < 1.0f) f = f | BSDFFlags::DiffuseReflection;
    if (!is_black(C_) && dielectric > 0.0f && transmission_ > 0.0f) f = f | BSDFFlags::GlossyTransmission;
    return f;
  }

  Vec3 eval(Vec3 wo, Vec3 wi) const {
    if (wo.z == 0.0f || wi.z == 0.0f) return Vec3(0.0f);
    if (wo.z < 0.0f) wo.z = -wo.z, wi.z = -wi.z;  // both faces alike
    const float coat = clearcoat_ * coat_fresnel(wo.z);
    if (wi.z > 0.0f) {
      const Vec3 h = normalize(wo + wi);
      const float w5 = schlick_weight(dot(wo, h));
      const float Fd = f0_ + (1.0f - f0_) * w5;
      const Vec3 Fm = C_ + (Vec3(1.0f) - C_) * w5;
      const float s = microfacet_reflection(spec_, wo, wi, h);
      const float dielectric = 1.0f - metallic_;
      const Vec3 base = C_ * (dielectric * (1.0f - fresnel_o(wo.z)) * (1.0f - transmission_) * kInvPi) +
                        Vec3(dielectric * Fd * s) + Fm * (metallic_ * s);
      return base * (1.0f - coat) + Vec3(coat * microfacet_reflection(coat_, wo, wi, h));
    }
    if (transmission_ <= 0.0f || metallic_ >= 1.0f) return Vec3(0.0f);
    const Vec3 wm(wi.x, wi.y, -wi.z);  // the reflection this transmission mirrors
    const float s = microfacet_reflection(spec_, wo, wm, normalize(wo + wm));
    return C_ * ((1.0f - coat) * (1.0f - metallic_) * transmission_ * (1.0f - fresnel_o(wo.z)) * s);
  }

  BSDFSample sample(const Vec3& wo_in, float u_lobe, Vec2 u) const {
    BSDFSample s;
    if (wo_in.z == 0.0f) return s;
    const bool flip = wo_in.z < 0.0f;
    const Vec3 wo(wo_in.x, wo_in.y, std::abs(wo_in.z));
    const LobeMixture<kLobes> lobes = mixture(wo.z);
    const int lobe = lobes.choose(u_lobe, u, is_single_lobe(flags()));
    Vec3 wi;
    switch (lobe) {
      case kSpecular: wi = reflect(wo, spec_.sample_wm(wo, u)); break;
      case kDiffuse: wi = sample_cosine_hemisphere(u); break;
      case kTransmission:
        wi = reflect(wo, spec_.sample_wm(wo, u));
        wi.z = -wi.z;
        break;
      case kCoat: wi = reflect(wo, coat_.sample_wm(wo, u)); break;
      default: return s;
    }
    // A reflection below the horizon (or a transmission above it) is absorbed:
    // the lobe's pdf integrates to less than one by exactly those directions.
    if ((lobe == kTransmission) ? wi.z >= 0.0f : wi.z <= 0.0f) return s;
    const float pdf = mixture_pdf(lobes, wo, wi);
    if (!(pdf > 0.0f)) return s;
    s.f = eval(wo, wi);
    s.wi = flip ? Vec3(wi.x, wi.y, -wi.z) : wi;
    s.pdf = pdf;
    s.flags = lobe == kDiffuse ? BSDFFlags::DiffuseReflection
              : lobe == kTransmission ? BSDFFlags::GlossyTransmission
                                      : BSDFFlags::GlossyReflection;
    s.weight = s.f * (std::abs(wi.z) / pdf);
    return s;
  }

  float pdf(Vec3 wo, Vec3 wi) const {
    if (wo.z == 0.0f || wi.z == 0.0f) return 0.0f;
    if (wo.z < 0.0f) wo.z = -wo.z, wi.z = -wi.z;
    return mixture_pdf(mixture(wo.z), wo, wi);
  }

 private:
  enum Lobe { kSpecular, kDiffuse, kTransmission, kCoat, kLobes };
  static float alpha_of(float roughness) {
    return std::max(TrowbridgeReitz::roughness_to_alpha(roughness), 1e-3f);  // see the header: no delta lobe
  }
  static float schlick_weight(float cos_theta) {
    const float m = std::min(std::max(1.0f - cos_theta, 0.0f), 1.0f);
    const float m2 = m * m;
    return m2 * m2 * m;
  }
  // The dielectric's Schlick Fresnel at n.v: what does not reach the base.
  float fresnel_o(float cos_o) const { return f0_ + (1.0f - f0_) * schlick_weight(cos_o); }
  static float coat_fresnel(float cos_o) { return 0.04f + 0.96f * schlick_weight(cos_o); }
  // D G2 / (4 cos o cos i) for wo, wi above the surface and their half vector h.
  static float microfacet_reflection(const TrowbridgeReitz& d, const Vec3& wo, const Vec3& wi, const Vec3& h) {
    return d.D(h) * d.G(wo, wi) / (4.0f * wo.z * wi.z);
  }
  // The pdf of wi = reflect(wo, wm) for wm drawn from d's visible normals.
  static float reflection_pdf(const TrowbridgeReitz& d, const Vec3& wo, const Vec3& wi) {
    const Vec3 h = normalize(wo + wi);
    const float wo_h = dot(wo, h);
    return wo_h > 0.0f ? d.pdf(wo, h) / (4.0f * wo_h) : 0.0f;
  }

  // Lobe weights: each lobe's share of the albedo, with Fresnel taken at n.v.
  LobeMixture<kLobes> mixture(float cos_o) const {
    const float w5 = schlick_weight(cos_o);
    const float Fd = f0_ + (1.0f - f0_) * w5;
    const float Fm = luminance(C_ + (Vec3(1.0f) - C_) * w5);
    const float coat = clearcoat_ * coat_fresnel(cos_o);
    const float base = 1.0f - coat, dielectric = 1.0f - metallic_;
    const float w[kLobes] = {base * (dielectric * Fd + metallic_ * Fm),
                             base * dielectric * (1.0f - transmission_) * (1.0f - Fd) * luminance(C_),
                             base * dielectric * transmission_ * (1.0f - Fd) * luminance(C_), coat};
    return LobeMixture<kLobes>(w);
  }
  // wo above the surface.
  float mixture_pdf(const LobeMixture<kLobes>& lobes, const Vec3& wo, const Vec3& wi) const {
    if (wi.z < 0.0f) {
      const float p = lobes.probability(kTransmission);
      return p > 0.0f ? p * reflection_pdf(spec_, wo, Vec3(wi.x, wi.y, -wi.z)) : 0.0f;
    }
    float pdf = lobes.probability(kDiffuse) * cosine_hemisphere_pdf(wi.z);
    if (lobes.probability(kSpecular) > 0.0f) pdf += lobes.probability(kSpecular) * reflection_pdf(spec_, wo, wi);
    if (lobes.probability(kCoat) > 0.0f) pdf += lobes.probability(kCoat) * reflection_pdf(coat_, wo, wi);
    return pdf;
  }

  Vec3 C_;            // base_color
  float metallic_;    // 0 dielectric .. 1 metal
  float transmission_;
  float clearcoat_;
  float f0_;          // the dielectric's normal-incidence reflectance
  TrowbridgeReitz spec_, coat_;
};

}  // namespace tessera
