#pragma once
// DielectricBxDF: glass, water, a window pane. After pbrt-v4's DielectricBxDF
// and ThinDielectricBxDF.
//  - smooth (roughness 0): a delta reflection and a delta transmission, one
//    chosen by u_lobe with the exact Fresnel reflectance as its probability;
//  - rough: a GGX lobe (microfacet.h) for each, transmission through the
//    generalized half vector wm = normalize(wo + eta' wi);
//  - thin: a slab with two parallel interfaces: light passes straight through
//    (no bend) or is mirrored, with the slab's interreflections summed
//    (R' = R + T^2 R / (1 - R^2)); smooth only, roughness is not used.
// Camera paths carry radiance, so transmission scales f by 1 / eta'^2, eta'
// the index ratio crossed (pbrt's TransportMode::Radiance): radiance is
// compressed into the narrower cone inside the denser medium. With it a
// smooth interface neither gains nor loses energy (dielectric_test.cpp).
// Absorption inside (`transmittance` at `distance`) is applied by the
// integrator along the segments travelled inside (sigma_a()).

#include "core/materials/bxdf.h"
#include "core/materials/fresnel.h"
#include "core/materials/material_params.h"
#include "core/materials/microfacet.h"

#include <algorithm>
#include <cmath>

namespace tessera {

class DielectricBxDF {
 public:
  DielectricBxDF(float eta, const TrowbridgeReitz& distribution, bool thin)
      : eta_(eta), distrib_(distribution), thin_(thin) {}

  static constexpr MaterialParam kParams[] = {
      MaterialParam::number_param("ior", MaterialParam::Type::Positive, &MaterialParams::ior),
      MaterialParam::number_param("roughness", MaterialParam::Type::Unit, &MaterialParams::roughness),
      MaterialParam::number_param("anisotropy", MaterialParam::Type::Unit, &MaterialParams::anisotropy),
      MaterialParam::boolean_param("thin", &MaterialParams::thin),
      MaterialParam::color_param("transmittance", MaterialParam::Type::Reflectance, &MaterialParams::transmittance),
      MaterialParam::number_param("distance", MaterialParam::Type::Positive, &MaterialParams::distance),
  };
  static DielectricBxDF from(const MaterialParams& p) {
    return DielectricBxDF(p.ior, TrowbridgeReitz::from_roughness(p.roughness, p.anisotropy), p.thin);
  }
  // The absorption coefficient inside (per scene unit) from Beer's law,
  // T = exp(-sigma_a d): sigma_a = -ln(T) / d; zero for a clear or thin material.
  // A channel with T = 0 absorbs everything past the surface (a large finite sigma).
  static Vec3 sigma_a(const MaterialParams& p) {
    if (p.thin) return Vec3(0.0f);
    const auto one = [&](float t) { return t >= 1.0f ? 0.0f : -std::log(std::max(t, 1e-30f)) / p.distance; };
    return {one(p.transmittance.x), one(p.transmittance.y), one(p.transmittance.z)};
  }

  BSDFFlags flags() const {
    const BSDFFlags lobes = eta_ == 1.0f ? BSDFFlags::Transmission : (BSDFFlags::Reflection | BSDFFlags::Transmission);
    return lobes | (smooth() ? BSDFFlags::Specular : BSDFFlags::Glossy);
  }

  Vec3 eval(const Vec3& wo, const Vec3& wi) const {
    if (smooth()) return Vec3(0.0f);
    float etap;
    Vec3 wm;
    if (!half_vector(wo, wi, etap, wm)) return Vec3(0.0f);
    const float cos_o = cos_theta(wo), cos_i = cos_theta(wi);
    const float F = fr_dielectric(dot(wo, wm), eta_);
    if (cos_o * cos_i > 0.0f)
      return Vec3(distrib_.D(wm) * distrib_.G(wo, wi) * F / std::abs(4.0f * cos_i * cos_o));
    const float d = dot(wi, wm) + dot(wo, wm) / etap;
    const float denom = d * d * cos_i * cos_o;
    const float ft = distrib_.D(wm) * (1.0f - F) * distrib_.G(wo, wi) * std::abs(dot(wi, wm) * dot(wo, wm) / denom);
    return Vec3(ft / (etap * etap));
  }

  BSDFSample sample(const Vec3& wo, float u_lobe, Vec2 u) const {
    if (thin_) return sample_thin(wo, u_lobe);
    if (smooth()) return sample_smooth(wo, u_lobe);
    BSDFSample s;
    const Vec3 wm = distrib_.sample_wm(wo, u);
    const float R = fr_dielectric(dot(wo, wm), eta_), T = 1.0f - R;
    if (u_lobe < R) {
      s.wi = reflect(wo, wm);
      if (!same_hemisphere(wo, s.wi) || s.wi.z == 0.0f) return BSDFSample{};
      const float wo_wm = std::abs(dot(wo, wm));
      s.pdf = distrib_.pdf(wo, wm) / (4.0f * wo_wm) * R;
      const float G = distrib_.G(wo, s.wi);
      s.f = Vec3(distrib_.D(wm) * G * R / std::abs(4.0f * cos_theta(s.wi) * cos_theta(wo)));
      s.weight = Vec3(G / distrib_.G1(wo));  // f |cos_i| / pdf: R cancels
      s.flags = BSDFFlags::GlossyReflection;
    } else {
      float etap;
      if (!refract(wo, wm, eta_, etap, s.wi) || same_hemisphere(wo, s.wi) || s.wi.z == 0.0f) return BSDFSample{};
      const float d = dot(s.wi, wm) + dot(wo, wm) / etap;
      const float dwm_dwi = std::abs(dot(s.wi, wm)) / (d * d);
      s.pdf = distrib_.pdf(wo, wm) * dwm_dwi * T;
      const float G = distrib_.G(wo, s.wi);
      const float ft = distrib_.D(wm) * T * G *
                       std::abs(dot(s.wi, wm) * dot(wo, wm) / (cos_theta(s.wi) * cos_theta(wo) * d * d));
      s.f = Vec3(ft / (etap * etap));
      s.weight = Vec3(G / distrib_.G1(wo) / (etap * etap));
      s.flags = BSDFFlags::GlossyTransmission;
    }
    if (!(s.pdf > 0.0f)) return BSDFSample{};
    return s;
  }

  float pdf(const Vec3& wo, const Vec3& wi) const {
    if (smooth()) return 0.0f;
    float etap;
    Vec3 wm;
    if (!half_vector(wo, wi, etap, wm)) return 0.0f;
    const float R = fr_dielectric(dot(wo, wm), eta_), T = 1.0f - R;
    if (cos_theta(wo) * cos_theta(wi) > 0.0f) return distrib_.pdf(wo, wm) / (4.0f * std::abs(dot(wo, wm))) * R;
    const float d = dot(wi, wm) + dot(wo, wm) / etap;
    return distrib_.pdf(wo, wm) * std::abs(dot(wi, wm)) / (d * d) * T;
  }

 private:
  bool smooth() const { return thin_ || eta_ == 1.0f || distrib_.effectively_smooth(); }

  // The generalized half vector of (wo, wi), on the +z side, and the index
  // ratio eta' crossed (1 for reflection); false for a configuration no
  // microfacet produces (a back-facing microfacet, a grazing direction).
  bool half_vector(const Vec3& wo, const Vec3& wi, float& etap, Vec3& wm) const {
    const float cos_o = cos_theta(wo), cos_i = cos_theta(wi);
    if (cos_o == 0.0f || cos_i == 0.0f) return false;
    etap = cos_o * cos_i > 0.0f ? 1.0f : (cos_o > 0.0f ? eta_ : 1.0f / eta_);
    wm = wi * etap + wo;
    if (dot(wm, wm) == 0.0f) return false;
    wm = normalize(wm);
    if (wm.z < 0.0f) wm = -wm;
    return !(dot(wm, wi) * cos_i < 0.0f || dot(wm, wo) * cos_o < 0.0f);
  }

  BSDFSample sample_smooth(const Vec3& wo, float u_lobe) const {
    BSDFSample s;
    const float R = fr_dielectric(cos_theta(wo), eta_), T = 1.0f - R;
    if (u_lobe < R) {
      s.wi = Vec3(-wo.x, -wo.y, wo.z);
      if (s.wi.z == 0.0f) return BSDFSample{};
      s.f = Vec3(R / abs_cos_theta(s.wi));
      s.pdf = R;
      s.weight = Vec3(1.0f);
      s.flags = BSDFFlags::SpecularReflection;
    } else {
      float etap;
      if (!refract(wo, Vec3(0, 0, 1), eta_, etap, s.wi) || s.wi.z == 0.0f) return BSDFSample{};
      s.f = Vec3(T / abs_cos_theta(s.wi) / (etap * etap));
      s.pdf = T;
      s.weight = Vec3(1.0f / (etap * etap));
      s.flags = BSDFFlags::SpecularTransmission;
    }
    return s;
  }

  BSDFSample sample_thin(const Vec3& wo, float u_lobe) const {
    BSDFSample s;
    float R = fr_dielectric(abs_cos_theta(wo), eta_), T = 1.0f - R;
    if (R < 1.0f) R += T * T * R / (1.0f - R * R), T = 1.0f - R;
    if (u_lobe < R) {
      s.wi = Vec3(-wo.x, -wo.y, wo.z);
      s.f = Vec3(R / abs_cos_theta(s.wi));
      s.pdf = R;
      s.flags = BSDFFlags::SpecularReflection;
    } else {
      s.wi = -wo;
      s.f = Vec3(T / abs_cos_theta(s.wi));
      s.pdf = T;
      s.flags = BSDFFlags::SpecularTransmission;
    }
    if (s.wi.z == 0.0f || !(s.pdf > 0.0f)) return BSDFSample{};
    s.weight = Vec3(1.0f);
    return s;
  }

  float eta_;  // index inside over outside
  TrowbridgeReitz distrib_;
  bool thin_;
};

}  // namespace tessera
