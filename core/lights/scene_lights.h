#pragma once
// SceneLights: every light of a scene (emissive triangles and spheres as area
// lights, the environment as an infinite light, and any extra lights such as
// point lights), the power-proportional light sampler over them, and the map
// from a hit surface to its light. Built once, in its constructor, from the
// scene's geometry and materials; immutable and thread-safe afterwards.
//
// An emissive instance (SceneGeometry::instances) is a light at its placement:
// each placement gets its own triangle lights, in world space, as a baked copy
// would (the power sampler needs each placement's world area, and a light
// sample is then as cheap as a plain mesh's). So emissive prototypes cost light
// memory per placement (one 176-byte Light per emitting triangle); non-emissive ones none.
//
// A material with an emission texture gives textured lights
// (Light::set_emission_texture): each triangle's power is its factor times an
// estimate of the texture over it, half the mean of a few points inside the
// triangle (so the bright parts of a texture get the samples) and half the
// texture's mean (so no triangle is left unsampled where those points miss a
// small bright feature). Any estimate keeps MIS exact: the same pmf weighs
// both strategies.

#include "core/lights/light.h"
#include "core/lights/light_sampler.h"
#include "core/materials/material.h"
#include "core/render/scene_geometry.h"
#include "core/math/vec3.h"

#include <cstdint>
#include <vector>

namespace tessera {

class SceneLights {
 public:
  // The integrator's choice of pbrt-v4's allowIncompletePDF (light.h): the
  // uniform environment is left to BSDF sampling.
  static constexpr bool kAllowIncompletePdf = true;

  SceneLights() = default;
  // `environment`: radiance of rays that escape (black: no infinite light).
  // `extra`: further lights (point, spot, directional, environment maps),
  // appended after the area lights. Infinite and directional lights get the
  // bounds of `geometry` (a sphere around it). `textures`: what emission
  // textures index, read here for the power estimates only (the lights keep
  // no pointer to it; sample_li is given it); null: emission textures are
  // ignored (constant factor).
  SceneLights(const SceneGeometry& geometry, const std::vector<Material>& materials, const Vec3& environment,
              std::vector<Light> extra = {}, const TextureSet* textures = nullptr);

  bool empty() const { return lights_.empty(); }
  size_t size() const { return lights_.size(); }
  const Light& light(uint32_t index) const { return lights_[index]; }
  const PowerLightSampler& sampler() const { return sampler_; }
  // Indices of the infinite lights, whose Le(ray) a ray that escapes collects.
  const std::vector<uint32_t>& infinite() const { return infinite_; }

  // Light index of primitive `primitive` of geometry `geometry` (SceneGeometry::ref), or -1.
  int light_of(uint32_t geometry, uint32_t primitive) const {
    if (geometry < mesh_first_light_.size()) {
      const int first = mesh_first_light_[geometry];
      return first < 0 ? -1 : first + int(primitive);
    }
    if (geometry > mesh_first_light_.size() && geometry - mesh_first_light_.size() - 1 < instance_first_light_.size()) {
      const int first = instance_first_light_[geometry - mesh_first_light_.size() - 1];
      return first < 0 ? -1 : first + int(primitive);
    }
    return primitive < sphere_light_.size() ? sphere_light_[primitive] : -1;
  }

 private:
  std::vector<Light> lights_;
  PowerLightSampler sampler_;
  std::vector<uint32_t> infinite_;
  std::vector<int> mesh_first_light_, sphere_light_, instance_first_light_;
};

}  // namespace tessera
