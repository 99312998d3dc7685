#pragma once
// PathTracer: unidirectional path tracing with next-event estimation to every
// light, multiple importance sampling (power heuristic) against BSDF sampling
// for every light that is not a delta light, and Russian roulette.

#include "core/math/ray.h"
#include "core/render/ray_query.h"
#include "core/render/render_scene.h"
#include "core/sampling/sampler.h"
#include "core/math/vec3.h"

#include <cstdint>

namespace tessera {

// Per-thread counters, so the render loop needs no atomics per ray.
struct RayCounter {
  uint64_t rays = 0;  // every intersect and occluded query
};

class PathTracer {
 public:
  PathTracer(const RenderScene& scene, const RayQuery& query, const RenderSettings& settings)
      : scene_(scene), query_(query), max_depth_(settings.max_depth), rr_depth_(settings.rr_depth) {}

  // Radiance arriving along `ray`. Thread-safe; allocates nothing. Each bounce
  // draws 1D light selection, 2D light position, 1D BSDF lobe, 2D BSDF
  // direction and 1D roulette from `sampler`, in that order, always.
  Vec3 radiance(Ray ray, Sampler& sampler, RayCounter& counter) const;

 private:
  const RenderScene& scene_;
  const RayQuery& query_;
  int max_depth_;
  int rr_depth_;
};

}  // namespace tessera
