#pragma once
// RayQuery: the one thing the path tracer asks of geometry. accel/ implements
// it with Embree; tests can implement it by hand.

#include "core/math/ray.h"
#include "core/render/scene_geometry.h"
#include "core/math/vec3.h"

#include <cstdint>

namespace tessera {

struct SurfaceHit {
  float t = 0;             // ray parameter of the hit
  ShapeKind kind = ShapeKind::Mesh;
  uint32_t shape = 0;      // index into SceneGeometry::meshes or ::spheres
  uint32_t primitive = 0;  // triangle index within a mesh; 0 for spheres
  Vec3 normal;             // unit geometric normal on the front side (winding / outward)
};

class RayQuery {
 public:
  virtual ~RayQuery() = default;
  // Closest hit with t in [ray.t_min, ray.t_max]. Thread-safe.
  virtual bool intersect(const Ray& ray, SurfaceHit& hit) const = 0;
  // Whether anything lies on the ray within [ray.t_min, ray.t_max]. Thread-safe.
  virtual bool occluded(const Ray& ray) const = 0;
};

}  // namespace tessera
