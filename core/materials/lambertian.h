#pragma once
// LambertianBxDF: ideal diffuse reflection, f = R / pi on the side wo is on
// (a Lambertian surface reflects on both faces), sampled by the cosine.

#include "core/materials/bxdf.h"
#include "core/materials/material_params.h"
#include "core/sampling/sampling.h"

namespace tessera {

class LambertianBxDF {
 public:
  explicit LambertianBxDF(const Vec3& reflectance) : R_(reflectance) {}
  // What the material registry (material_kinds.h) uses: the parameters a
  // scene file may give, and the factory.
  static constexpr MaterialParam kParams[] = {{"albedo", MaterialParam::Type::Reflectance, &MaterialParams::albedo}};
  static LambertianBxDF from(const MaterialParams& p) { return LambertianBxDF(p.albedo); }

  BSDFFlags flags() const { return is_black(R_) ? BSDFFlags::None : BSDFFlags::DiffuseReflection; }

  Vec3 eval(const Vec3& wo, const Vec3& wi) const {
    return same_hemisphere(wo, wi) ? R_ * kInvPi : Vec3(0.0f);
  }

  BSDFSample sample(const Vec3& wo, float /*u_lobe*/, Vec2 u) const {
    BSDFSample s;
    if (is_black(R_)) return s;
    s.wi = sample_cosine_hemisphere(u);
    if (wo.z < 0.0f) s.wi.z = -s.wi.z;
    s.pdf = cosine_hemisphere_pdf(abs_cos_theta(s.wi));
    if (s.pdf == 0.0f) return s;
    s.f = R_ * kInvPi;
    s.weight = R_;  // (R / pi) * cos / (cos / pi)
    s.flags = BSDFFlags::DiffuseReflection;
    return s;
  }

  float pdf(const Vec3& wo, const Vec3& wi) const {
    return same_hemisphere(wo, wi) ? cosine_hemisphere_pdf(abs_cos_theta(wi)) : 0.0f;
  }

 private:
  Vec3 R_;  // reflectance (albedo), each channel in [0, 1]
};

}  // namespace tessera
