#include "core/lights/light.h"

#include "core/sampling/sampling.h"

#include <cmath>

namespace tessera {

Light Light::triangle(const Vec3& p0, const Vec3& p1, const Vec3& p2, const Vec3& Le, bool two_sided) {
  Light l;
  l.kind_ = LightKind::Triangle;
  l.p0_ = p0, l.e1_ = p1 - p0, l.e2_ = p2 - p0;
  l.area_ = 0.5f * length(cross(l.e1_, l.e2_));
  l.n_ = normalize(cross(l.e1_, l.e2_));
  l.Le_ = Le, l.two_sided_ = two_sided;
  return l;
}

Light Light::sphere(const Vec3& center, float radius, const Vec3& Le, bool two_sided) {
  Light l;
  l.kind_ = LightKind::Sphere;
  l.p0_ = center, l.radius_ = radius;
  l.area_ = 4.0f * kPi * radius * radius;
  l.Le_ = Le, l.two_sided_ = two_sided;
  return l;
}

Light Light::point(const Vec3& position, const Vec3& intensity) {
  Light l;
  l.kind_ = LightKind::Point;
  l.p0_ = position, l.Le_ = intensity;
  return l;
}

Light Light::uniform_infinite(const Vec3& radiance) {
  Light l;
  l.kind_ = LightKind::UniformInfinite;
  l.Le_ = radiance;
  return l;
}

namespace {

// Solid-angle density at p of a point chosen uniformly (density 1 / area) on a
// surface, at `point` with unit normal `normal`.
float area_to_solid_angle(const Vec3& p, const Vec3& point, const Vec3& normal, float area) {
  const Vec3 d = point - p;
  const float dist2 = dot(d, d);
  const float cos_light = std::abs(dot(normal, d)) / std::sqrt(dist2);
  if (!(area > 0.0f) || !(cos_light > 0.0f)) return 0.0f;
  return dist2 / (cos_light * area);
}

}  // namespace

LightLiSample Light::sample_li(const Vec3& p, Vec2 u, bool allow_incomplete_pdf) const {
  LightLiSample s;
  switch (kind_) {
    case LightKind::Triangle:
    case LightKind::Sphere: {
      if (kind_ == LightKind::Triangle) {
        const Vec2 b = sample_uniform_triangle(u);
        s.point = p0_ + e1_ * b.x + e2_ * b.y;
        s.normal = n_;
      } else {
        s.normal = sample_uniform_sphere(u);
        s.point = p0_ + s.normal * radius_;
      }
      const Vec3 d = s.point - p;
      const float dist2 = dot(d, d);
      if (!(dist2 > 0.0f)) return s;
      s.distance = std::sqrt(dist2);
      s.wi = d / s.distance;
      const float cos_light = dot(s.normal, -s.wi);
      if (cos_light == 0.0f || !(area_ > 0.0f)) return s;
      s.L = emitted(cos_light);
      s.pdf = dist2 / (std::abs(cos_light) * area_);
      return s;
    }
    case LightKind::Point: {
      const Vec3 d = p0_ - p;
      const float dist2 = dot(d, d);
      if (!(dist2 > 0.0f)) return s;
      s.distance = std::sqrt(dist2);
      s.wi = d / s.distance;
      s.point = p0_;
      s.L = Le_ / dist2;
      s.pdf = 1.0f;
      s.is_delta = true;
      return s;
    }
    case LightKind::UniformInfinite: {
      if (allow_incomplete_pdf) return s;
      s.wi = sample_uniform_sphere(u);
      s.distance = std::numeric_limits<float>::infinity();
      s.L = Le_;
      s.pdf = 1.0f / (4.0f * kPi);
      return s;
    }
  }
  return s;
}

float Light::pdf_li(const Vec3& p, const LightHit& hit, bool /*allow_incomplete_pdf*/) const {
  switch (kind_) {
    case LightKind::Triangle:
    case LightKind::Sphere: return area_to_solid_angle(p, hit.point, hit.normal, area_);
    case LightKind::Point:
    case LightKind::UniformInfinite: return 0.0f;
  }
  return 0.0f;
}

float Light::pdf_li_infinite(const Vec3& /*wi*/, bool allow_incomplete_pdf) const {
  if (kind_ != LightKind::UniformInfinite || allow_incomplete_pdf) return 0.0f;
  return 1.0f / (4.0f * kPi);
}

float Light::power() const {
  switch (kind_) {
    case LightKind::Triangle:
    case LightKind::Sphere: return kPi * (two_sided_ ? 2.0f : 1.0f) * area_ * luminance(Le_);
    case LightKind::Point: return 4.0f * kPi * luminance(Le_);
    case LightKind::UniformInfinite: return 4.0f * kPi * kPi * scene_radius_ * scene_radius_ * luminance(Le_);
  }
  return 0.0f;
}

}  // namespace tessera
