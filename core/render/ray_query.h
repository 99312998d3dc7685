#pragma once
// RayQuery: the one thing the path tracer asks of geometry. accel/ implements
// it with Embree; tests can implement it by hand. It answers only where a ray
// hits (RayHit); make_interaction() (interaction.h) builds the rest.

#include "core/math/ray.h"
#include "core/math/vec3.h"

#include <cstdint>

namespace tessera {

constexpr uint32_t kNoInstance = ~0u;

struct RayHit {
  float t = 0;                     // ray parameter of the hit
  uint32_t geometry = 0;           // geometry id (SceneGeometry::ref); inside an instance, the instance's
  uint32_t primitive = 0;          // triangle index within a mesh or instance's prototype; sphere index for the sphere geometry
  uint32_t instance = kNoInstance; // the instance's geometry id (as `geometry`) for a hit inside one, else kNoInstance
  float b1 = 0, b2 = 0;            // barycentrics of corners 1 and 2 (triangles); unused for spheres
};

class RayQuery {
 public:
  virtual ~RayQuery() = default;
  // Closest hit with t in [ray.t_min, ray.t_max]. Thread-safe.
  virtual bool intersect(const Ray& ray, RayHit& hit) const = 0;
  // Whether anything lies on the ray within [ray.t_min, ray.t_max]. Thread-safe.
  virtual bool occluded(const Ray& ray) const = 0;
  // intersect() for rays[0..n): found[i] says whether hits[i] holds a hit.
  // The same answers, traced together where the implementation can (Embree:
  // 16-ray packets). The default asks intersect() per ray. Thread-safe.
  virtual void intersect_batch(const Ray* rays, int n, RayHit* hits, bool* found) const {
    for (int i = 0; i < n; ++i) found[i] = intersect(rays[i], hits[i]);
  }
  // occluded() for rays[0..n), into blocked[0..n): the same answers, traced
  // together where the implementation can (Embree: 16-ray packets). The
  // default asks occluded() per ray. Thread-safe.
  virtual void occluded_batch(const Ray* rays, int n, bool* blocked) const {
    for (int i = 0; i < n; ++i) blocked[i] = occluded(rays[i]);
  }
};

}  // namespace tessera
