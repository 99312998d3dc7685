#include "core/lights/light.h"

#include "core/math/frame.h"
#include "core/sampling/sampling.h"

#include <algorithm>
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

Light Light::spot(const Vec3& position, const Vec3& look_at, const Vec3& intensity, float cutoff_degrees,
                  float beam_degrees) {
  Light l;
  l.kind_ = LightKind::Spot;
  l.p0_ = position, l.Le_ = intensity;
  l.n_ = normalize(look_at - position);
  const double to_radians = 3.14159265358979323846 / 180.0;
  l.cos_outer_ = float(std::cos(double(cutoff_degrees) * to_radians));
  l.cos_inner_ = float(std::cos(double(std::min(beam_degrees, cutoff_degrees)) * to_radians));
  return l;
}

Light Light::directional(const Vec3& direction, const Vec3& irradiance, float angle_degrees) {
  Light l;
  l.n_ = -normalize(direction);
  if (!(angle_degrees > 0.0f)) {
    l.kind_ = LightKind::Directional;
    l.Le_ = irradiance;
    return l;
  }
  l.kind_ = LightKind::DistantDisc;
  l.irradiance_ = irradiance;
  const double half = 0.5 * double(angle_degrees) * 3.14159265358979323846 / 180.0;
  const double sin_half = std::sin(half), sin_quarter = std::sin(0.5 * half);
  l.sin2_max_ = float(sin_half * sin_half);
  l.one_minus_cos_max_ = float(2.0 * sin_quarter * sin_quarter);  // 1 - cos(x) = 2 sin^2(x / 2)
  // The irradiance of a disc of radiance L on a surface facing it: L pi sin^2.
  l.Le_ = irradiance * float(1.0 / (3.14159265358979323846 * sin_half * sin_half));
  return l;
}

Light Light::environment(std::shared_ptr<const EnvironmentMap> map) {
  Light l;
  l.kind_ = LightKind::EnvironmentMap;
  l.map_ = std::move(map);
  return l;
}

Light Light::uniform_infinite(const Vec3& radiance) {
  Light l;
  l.kind_ = LightKind::UniformInfinite;
  l.Le_ = radiance;
  return l;
}

void Light::set_emission_texture(uint32_t texture, Vec2 uv0, Vec2 uv1, Vec2 uv2, const Vec3& mean) {
  texture_ = texture;
  uv0_ = uv0, uv1_ = uv1, uv2_ = uv2;
  texture_mean_ = mean;
}

Vec2 Light::sphere_uv(const Vec3& d) {
  float phi = std::atan2(d.y, d.x);
  if (phi < 0.0f) phi += 2.0f * kPi;
  const float cos_theta = std::fmax(-1.0f, std::fmin(1.0f, d.z));
  return {phi * (0.5f / kPi), std::acos(cos_theta) * (1.0f / kPi)};
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

// The sphere's cone seen from p, outside it: sin^2 and 1 - cos of its
// half-angle (without cancellation for small cones). False inside the sphere.
bool sphere_cone(const Vec3& p, const Vec3& center, float radius, float& sin2_max, float& one_minus_cos_max) {
  const Vec3 d = center - p;
  const float dist2 = dot(d, d), r2 = radius * radius;
  if (!(dist2 > r2 * 1.0001f)) return false;  // inside, or on the surface: sampled by area
  sin2_max = r2 / dist2;
  one_minus_cos_max = sin2_max / (1.0f + std::sqrt(std::max(0.0f, 1.0f - sin2_max)));
  return true;
}

float smoothstep(float lo, float hi, float x) {
  if (!(hi > lo)) return x >= hi ? 1.0f : 0.0f;
  const float t = std::min(1.0f, std::max(0.0f, (x - lo) / (hi - lo)));
  return t * t * (3.0f - 2.0f * t);
}

}  // namespace

bool Light::in_disc(const Vec3& wi) const {
  // Through the sine (|wi x axis|^2), which keeps its precision for a small sun
  // where 1 - cos would round to 0.
  const Vec3 c = cross(wi, n_);
  return dot(wi, n_) > 0.0f && dot(c, c) <= sin2_max_;
}

Vec3 Light::Le(const Ray& ray) const {
  switch (kind_) {
    case LightKind::UniformInfinite: return Le_;
    case LightKind::DistantDisc: return in_disc(ray.direction) ? Le_ : Vec3(0.0f);
    case LightKind::EnvironmentMap: return map_->Le(ray.direction);
    default: return Vec3(0.0f);
  }
}

// The rest of an area sample once s.point and s.normal are chosen uniformly on
// the area: direction, distance, radiance and the solid-angle pdf from `p`.
inline void Light::finish_area_sample(LightLiSample& s, const Vec3& p, Vec2 uv, const TextureSet* textures) const {
  const Vec3 d = s.point - p;
  const float dist2 = dot(d, d);
  if (!(dist2 > 0.0f)) return;
  s.distance = std::sqrt(dist2);
  s.wi = d / s.distance;
  const float cos_light = dot(s.normal, -s.wi);
  if (cos_light == 0.0f || !(area_ > 0.0f)) return;
  s.L = emitted(cos_light);
  if (texture_ != kNoTexture && !is_black(s.L)) s.L = s.L * texture_at(uv, textures);
  s.pdf = dist2 / (std::abs(cos_light) * area_);
}

LightLiSample Light::sample_li(const Vec3& p, Vec2 u, bool allow_incomplete_pdf, const TextureSet* textures) const {
  LightLiSample s;
  switch (kind_) {
    case LightKind::Triangle: {
      // The most common light first, on its own path: uniform on the area.
      const Vec2 b = sample_uniform_triangle(u);
      s.point = p0_ + e1_ * b.x + e2_ * b.y;
      s.normal = n_;
      Vec2 uv{0, 0};
      if (texture_ != kNoTexture) {
        const float b0 = 1.0f - b.x - b.y;
        uv = {uv0_.x * b0 + uv1_.x * b.x + uv2_.x * b.y, uv0_.y * b0 + uv1_.y * b.x + uv2_.y * b.y};
      }
      finish_area_sample(s, p, uv, textures);
      return s;
    }
    case LightKind::Sphere: {
      float sin2_max = 0, one_minus_cos_max = 0;
      if (sphere_cone(p, p0_, radius_, sin2_max, one_minus_cos_max)) {
        // Uniform in the cone the sphere subtends (pbrt-v4 Sphere::Sample,
        // after Shirley): theta from the axis, then the sphere point alpha
        // from the centre that the direction hits first.
        const float dist = length(p0_ - p);
        const float t = u.x * one_minus_cos_max;  // 1 - cos(theta)
        const float cos_theta = 1.0f - t, sin2_theta = t * (2.0f - t);
        const float sin_max = std::sqrt(sin2_max);
        const float cos_alpha = sin2_theta / sin_max + cos_theta * std::sqrt(std::max(0.0f, 1.0f - sin2_theta / sin2_max));
        const float sin_alpha = std::sqrt(std::max(0.0f, 1.0f - cos_alpha * cos_alpha));
        const float phi = 2.0f * kPi * u.y;
        const Frame frame((p0_ - p) / dist);
        s.normal = frame.to_world({-sin_alpha * std::cos(phi), -sin_alpha * std::sin(phi), -cos_alpha});
        s.point = p0_ + s.normal * radius_;
        const Vec3 d = s.point - p;
        s.distance = length(d);
        if (!(s.distance > 0.0f)) return s;
        s.wi = d / s.distance;
        s.L = Le_;  // the near side, seen from outside: the front face
        if (texture_ != kNoTexture) s.L = s.L * texture_at(sphere_uv(s.normal), textures);
        s.pdf = 1.0f / (2.0f * kPi * one_minus_cos_max);
        return s;
      }
      // From inside the sphere: uniform on its area.
      s.normal = sample_uniform_sphere(u);
      s.point = p0_ + s.normal * radius_;
      finish_area_sample(s, p, texture_ != kNoTexture ? sphere_uv(s.normal) : Vec2{0, 0}, textures);
      return s;
    }
    case LightKind::Point:
    case LightKind::Spot: {
      const Vec3 d = p0_ - p;
      const float dist2 = dot(d, d);
      if (!(dist2 > 0.0f)) return s;
      s.distance = std::sqrt(dist2);
      s.wi = d / s.distance;
      s.point = p0_;
      const float falloff = kind_ == LightKind::Spot ? smoothstep(cos_outer_, cos_inner_, dot(-s.wi, n_)) : 1.0f;
      s.L = Le_ * (falloff / dist2);
      s.pdf = 1.0f;
      s.is_delta = true;
      return s;
    }
    case LightKind::Directional: {
      s.wi = n_;
      s.distance = std::numeric_limits<float>::infinity();
      s.L = Le_;
      s.pdf = 1.0f;
      s.is_delta = true;
      return s;
    }
    case LightKind::DistantDisc: {
      const float t = u.x * one_minus_cos_max_;  // 1 - cos(theta), uniform in the cone
      const float sin_theta = std::sqrt(std::max(0.0f, t * (2.0f - t)));
      const float phi = 2.0f * kPi * u.y;
      s.wi = normalize(Frame(n_).to_world({sin_theta * std::cos(phi), sin_theta * std::sin(phi), 1.0f - t}));
      s.distance = std::numeric_limits<float>::infinity();
      s.L = Le_;
      s.pdf = 1.0f / (2.0f * kPi * one_minus_cos_max_);
      return s;
    }
    case LightKind::EnvironmentMap: {
      s.wi = map_->sample(u, s.pdf, s.L);
      s.distance = std::numeric_limits<float>::infinity();
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
    case LightKind::Sphere: {
      float sin2_max = 0, one_minus_cos_max = 0;
      if (sphere_cone(p, p0_, radius_, sin2_max, one_minus_cos_max)) return 1.0f / (2.0f * kPi * one_minus_cos_max);
      return area_to_solid_angle(p, hit.point, hit.normal, area_);
    }
    case LightKind::Triangle: return area_to_solid_angle(p, hit.point, hit.normal, area_);
    default: return 0.0f;  // delta and infinite lights
  }
}

float Light::pdf_li_infinite(const Vec3& wi, bool allow_incomplete_pdf) const {
  switch (kind_) {
    case LightKind::UniformInfinite: return allow_incomplete_pdf ? 0.0f : 1.0f / (4.0f * kPi);
    case LightKind::DistantDisc: return in_disc(wi) ? 1.0f / (2.0f * kPi * one_minus_cos_max_) : 0.0f;
    case LightKind::EnvironmentMap: return map_->pdf(wi);
    default: return 0.0f;
  }
}

float Light::power() const {
  switch (kind_) {
    case LightKind::Triangle:
    case LightKind::Sphere:
      return kPi * (two_sided_ ? 2.0f : 1.0f) * area_ * luminance(texture_ != kNoTexture ? Le_ * texture_mean_ : Le_);
    case LightKind::Point: return 4.0f * kPi * luminance(Le_);
    case LightKind::Spot:  // pbrt-v4's estimate: full inside the beam, half across the falloff
      return 2.0f * kPi * luminance(Le_) * ((1.0f - cos_inner_) + 0.5f * (cos_inner_ - cos_outer_));
    // Infinite and directional lights: what crosses the disc of the scene's bounding sphere.
    case LightKind::Directional: return kPi * scene_radius_ * scene_radius_ * luminance(Le_);
    case LightKind::DistantDisc: return kPi * scene_radius_ * scene_radius_ * luminance(irradiance_);
    case LightKind::UniformInfinite: return 4.0f * kPi * kPi * scene_radius_ * scene_radius_ * luminance(Le_);
    case LightKind::EnvironmentMap:
      return float(double(kPi) * scene_radius_ * scene_radius_ * map_->luminance_integral());
  }
  return 0.0f;
}

}  // namespace tessera
