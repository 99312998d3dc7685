#pragma once
// Light: one emitter as next-event estimation sees it (after pbrt-v4 lights.h).
// A plain value with a kind and a switch, not a virtual class: the integrator
// calls it once per bounce per path.
//
// Contract. `p` is the point being shaded (world space).
//   sample_li(p, u)  a point on the light (or a direction, for infinite and
//       delta lights) chosen with u: incident radiance L, the unit direction wi
//       from p towards the light, the distance to it (infinity for infinite
//       lights), and the density of wi in solid angle at p. A delta light
//       (is_delta) has no density: pdf is 1 and no other strategy can find it.
//       pdf == 0: no sample (p sees nothing of the light).
//   pdf_li(p, hit)  the solid-angle density with which sample_li(p, .) returns
//       the point `hit` (a surface point of this light, with its normal), or
//       for infinite lights the direction `wi`; 0 for delta lights.
//   Le(ray)  radiance an infinite light sends along a ray that escapes;
//       black for other lights. For infinite lights that are not left to BSDF
//       sampling (the disc and the map), pdf_li_infinite(wi) > 0 wherever Le is
//       not black, so MIS sees both strategies.
//   power()  emitted power (luminance of W), what the light sampler picks by.
// With `allow_incomplete_pdf` (pbrt-v4's allowIncompletePDF) a light may decline
// directions that BSDF sampling finds as well: the uniform environment then
// returns no samples and pdf 0, so unidirectional MIS gives its radiance to the
// BSDF strategy alone (no variance in a white furnace).
// All members are const and thread-safe.

#include "core/lights/environment_map.h"
#include "core/math/ray.h"
#include "core/math/vec3.h"
#include "core/textures/texture.h"

#include <cstdint>
#include <limits>
#include <memory>

namespace tessera {

enum class LightKind : uint8_t {
  Triangle,         // area light: an emissive triangle, sampled uniformly on its area
  Sphere,           // area light: an emissive sphere, sampled in the cone it subtends (uniformly
                    // on its area from inside it)
  Point,            // delta light: intensity I (W / sr) from one point
  Spot,             // delta light: a point light whose intensity falls off with the angle to its axis
  Directional,      // delta light: irradiance E from one direction (a sun of angular diameter 0)
  DistantDisc,      // infinite light: a sun of finite angular diameter, uniform radiance in its cone
  UniformInfinite,  // infinite light: the uniform environment, radiance L from every direction
  EnvironmentMap,   // infinite light: an equirectangular map (environment_map.h)
};

struct LightLiSample {
  Vec3 L;              // incident radiance at p from the sample (for a point light: I / d^2)
  Vec3 wi;             // unit direction from p towards the light
  float distance = 0;  // from p to the light's point; infinity for infinite lights
  float pdf = 0;       // solid-angle density of wi (1 for delta lights); 0: no sample
  bool is_delta = false;
  Vec3 point;          // the light's point (finite lights)
  Vec3 normal;         // its unit front normal (area lights); zero otherwise

  bool valid() const { return pdf > 0.0f; }
};

// A point on an area light that a ray hit, for pdf_li.
struct LightHit {
  Vec3 point;
  Vec3 normal;  // geometric normal there (either side)
};

class Light {
 public:
  // Area lights: radiance Le leaves the front side (cross(p1 - p0, p2 - p0);
  // outward for spheres), and the back as well when two_sided.
  static Light triangle(const Vec3& p0, const Vec3& p1, const Vec3& p2, const Vec3& Le, bool two_sided);
  static Light sphere(const Vec3& center, float radius, const Vec3& Le, bool two_sided);
  static Light point(const Vec3& position, const Vec3& intensity);
  // Intensity I * smoothstep(cos(cutoff), cos(beam), cos(angle to the axis)):
  // full inside `beam_degrees`, none beyond `cutoff_degrees` (half-angles from
  // the axis, 0 <= beam <= cutoff < 180; beam == cutoff: a hard edge).
  static Light spot(const Vec3& position, const Vec3& look_at, const Vec3& intensity, float cutoff_degrees,
                    float beam_degrees);
  // Light travelling along `direction` (towards the scene) with irradiance E on
  // a surface facing it. `angle_degrees` is the angular diameter (0: a delta
  // light; in (0, 90]: a DistantDisc of radiance E / (pi sin^2(angle / 2)), whose
  // irradiance on a surface facing it is E exactly).
  static Light directional(const Vec3& direction, const Vec3& irradiance, float angle_degrees = 0.0f);
  static Light uniform_infinite(const Vec3& radiance);
  static Light environment(std::shared_ptr<const EnvironmentMap> map);

  // An area light whose radiance varies over its surface (a material's
  // emission texture): Le times texture `texture` (of the TextureSet given to
  // sample_li) at the sampled point's (u, v), interpolated from `uv0`..`uv2`
  // at a triangle's corners, or a sphere's (phi / 2 pi, theta / pi) about +z
  // (core/render/interaction.cpp). Points are still chosen by area (or cone)
  // alone, so pdf_li is unchanged and matches what a ray hitting the surface
  // sees. `mean`: the texture's estimated mean over this light, which power()
  // multiplies Le by. The light holds no pointer to the textures: a scene
  // may be moved or copied freely.
  void set_emission_texture(uint32_t texture, Vec2 uv0, Vec2 uv1, Vec2 uv2, const Vec3& mean);
  bool has_emission_texture() const { return texture_ != kNoTexture; }

  LightKind kind() const { return kind_; }
  bool is_infinite() const {
    return kind_ == LightKind::UniformInfinite || kind_ == LightKind::DistantDisc || kind_ == LightKind::EnvironmentMap;
  }
  // Infinite and directional lights need the scene's extent for their power: a sphere around it.
  void set_scene_bounds(const Vec3& center, float radius) { scene_center_ = center, scene_radius_ = radius; }

  // `textures`: the scene's, which a textured area light's radiance is read
  // from; null: such a light returns Le times its estimated mean instead.
  LightLiSample sample_li(const Vec3& p, Vec2 u, bool allow_incomplete_pdf = false,
                          const TextureSet* textures = nullptr) const;
  float pdf_li(const Vec3& p, const LightHit& hit, bool allow_incomplete_pdf = false) const;  // finite lights
  float pdf_li_infinite(const Vec3& wi, bool allow_incomplete_pdf = false) const;             // infinite lights
  Vec3 Le(const Ray& ray) const;
  // Radiance the area light's surface sends towards a direction whose cosine
  // with its front normal is `cos_out`.
  Vec3 emitted(float cos_out) const { return (cos_out > 0.0f || two_sided_) ? Le_ : Vec3(0.0f); }
  float power() const;
  float area() const { return area_; }  // area lights; 0 otherwise

 private:
  LightKind kind_ = LightKind::Point;
  bool two_sided_ = false;
  Vec3 Le_;            // radiance (area, infinite), intensity (point, spot), irradiance (directional)
  Vec3 p0_, e1_, e2_;  // triangle: corner and edges; sphere, point, spot: p0_ is the centre / position
  Vec3 n_;             // triangle: unit front normal (computed once, not per sample); spot: unit axis;
                       // directional and disc: unit direction towards the light
  float radius_ = 0;   // sphere
  float area_ = 0;
  float cos_outer_ = 0, cos_inner_ = 0;  // spot: cos(cutoff), cos(beam)
  float sin2_max_ = 0, one_minus_cos_max_ = 0;  // disc: of its half-angle (1 - cos without cancellation)
  Vec3 irradiance_;                      // disc: E, for its power
  std::shared_ptr<const EnvironmentMap> map_;
  bool in_disc(const Vec3& wi) const;
  void finish_area_sample(LightLiSample& s, const Vec3& p, Vec2 uv, const TextureSet* textures) const;
  Vec3 texture_at(Vec2 uv, const TextureSet* textures) const {
    return textures ? textures->eval(texture_, uv) : texture_mean_;
  }
  static Vec2 sphere_uv(const Vec3& n);
  // Emission texture (set_emission_texture); kNoTexture: constant Le_.
  uint32_t texture_ = kNoTexture;
  Vec2 uv0_{0, 0}, uv1_{0, 0}, uv2_{0, 0};
  Vec3 texture_mean_{1.0f};
  Vec3 scene_center_;
  float scene_radius_ = 0;
};

}  // namespace tessera
