#pragma once
// RenderScene: the validated, immutable scene that workers read while rendering
// (shared by const&), and RenderSettings: everything else that changes pixels.

#include "core/lights/scene_lights.h"
#include "core/render/camera.h"
#include "core/materials/material.h"
#include "core/render/scene_geometry.h"
#include "core/math/vec3.h"

#include <cstdint>
#include <vector>

namespace tessera {

struct RenderSettings {
  int width = 512, height = 512;  // pixels; each in [1, 65536]
  int spp = 16;                   // samples per pixel, >= 1
  int max_depth = 5;              // bounces after the camera hit, >= 0
  int rr_depth = 3;               // Russian roulette starts after this many bounces
  uint64_t seed = 0;              // changes every random number, and nothing else
  bool variance = false;          // pixels hold the per-sample variance of the estimate, not its mean
};

struct RenderScene {
  SceneGeometry geometry;
  std::vector<Material> materials;
  SceneLights lights;       // built from geometry, materials and environment by finalize()
  Vec3 environment{0.0f};   // radiance of rays that escape (a uniform sky): an infinite light
  CameraParams camera;

  // Build what is derived (the light table). Call once after geometry and materials are set.
  void finalize() { lights = SceneLights(geometry, materials, environment); }
};

}  // namespace tessera
