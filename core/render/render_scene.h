#pragma once
// RenderScene: the validated, immutable scene that workers read while rendering
// (shared by const&), and RenderSettings: everything else that changes pixels.
// scene/ builds a RenderScene from a scene description (scene/build_scene.h);
// its constructor derives what is derived (the lights), so there is no state in
// which a RenderScene exists but is not ready to render.

#include "core/render/aov.h"
#include "core/lights/scene_lights.h"
#include "core/render/camera.h"
#include "core/materials/material.h"
#include "core/render/scene_geometry.h"
#include "core/math/vec3.h"
#include "core/sampling/filter.h"
#include "core/sampling/sampler.h"
#include "core/textures/texture.h"

#include <cstdint>
#include <string>
#include <vector>

namespace tessera {

struct RenderSettings {
  int width = 512, height = 512;  // pixels; each in [1, 65536]
  int spp = 16;                   // samples per pixel, >= 1
  int max_depth = 5;              // bounces after the camera hit, >= 0
  int rr_depth = 3;               // Russian roulette starts after this many bounces
  uint64_t seed = 0;              // changes every random number, and nothing else
  bool variance = false;          // pixels hold the per-sample variance of the estimate, not its mean
  SamplerKind sampler = SamplerKind::Sobol;  // where each sample's numbers come from
  FilterSpec filter;              // pixel filter, importance sampled; default tent of radius 1
  AovSet aovs;                    // layers rendered beside the beauty (core/render/aov.h); none by default
};

// Where each shape came from, for errors found after parsing (here, and in
// accel/ when the ray-query backend refuses a shape): "scene.json: /shapes/3".
// Empty, or shorter than the geometry: the shape is named by its index.
struct ShapeOrigins {
  std::vector<std::string> meshes;      // one per SceneGeometry::meshes
  std::vector<std::string> spheres;     // one per SceneGeometry::spheres
  std::vector<std::string> instances;   // one per SceneGeometry::instances
  std::vector<std::string> prototypes;  // one per SceneGeometry::prototypes
  std::string of(ShapeKind kind, size_t index) const;
  std::string of_prototype(size_t index) const;
};

class RenderScene {
 public:
  // Takes the parts and builds the lights. Throws Error naming the shape's
  // origin when a shape refers to a material that does not exist, or emits
  // light but has zero area in 32-bit floats (it could never be sampled), or
  // an instance names a prototype that does not exist.
  // `extra_lights`: lights that are not shapes (point, spot, directional, environment
  // maps: scene/lights.h), after the area lights.
  // `textures`: what the materials' texture bindings, normal maps and alpha
  // textures index (Error when one indexes past it).
  RenderScene(SceneGeometry geometry, std::vector<Material> materials, const CameraParams& camera,
              const Vec3& environment = Vec3(0.0f), ShapeOrigins origins = {}, std::vector<Light> extra_lights = {},
              TextureSet textures = {});

  const SceneGeometry geometry;
  const std::vector<Material> materials;
  const Vec3 environment;   // radiance of rays that escape (a uniform sky)
  const CameraParams camera;
  const ShapeOrigins origins;
  const TextureSet textures;  // every texture the materials name, each image loaded once
  // Built from geometry, materials, environment and (for the power of
  // textured emitters) textures by the constructor.
  const SceneLights lights;
};

}  // namespace tessera
