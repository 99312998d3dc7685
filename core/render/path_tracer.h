#pragma once
// PathTracer: unidirectional path tracing with next-event estimation to every
// light, multiple importance sampling (power heuristic) against BSDF sampling
// for every light that is not a delta light, and Russian roulette.

#include "core/math/ray.h"
#include "core/render/ray_query.h"
#include "core/render/render_scene.h"
#include "core/render/shadow_batch.h"
#include "core/sampling/sampler.h"
#include "core/math/vec3.h"

#include <cstdint>
#include <limits>

namespace tessera {

// Per-thread counters, so the render loop needs no atomics per ray.
struct RayCounter {
  uint64_t rays = 0;  // every intersect and occluded query
};

// What the AOVs (core/render/aov.h) need of one camera path, filled by
// PathTracer::radiance when asked. Specular-only surfaces (smooth glass and
// mirrors) are passed through: albedo, normal and position are those of the
// first hit whose BSDF has a diffuse or glossy lobe (or none at all: a bare
// light); depth is the camera ray's own first hit.
struct SurfaceAov {
  float depth = std::numeric_limits<float>::infinity();  // camera distance to the first surface; inf on a miss
  bool found = false;  // a non-specular surface was reached (else albedo, normal, position stay 0)
  Vec3 albedo, normal, position;
};

// A camera ray's hit, traced before its path (render_pixel traces a group's
// camera rays together, as packets).
struct FirstHit {
  RayHit hit;
  bool found = false;  // false: the camera ray escaped
};

class PathTracer {
 public:
  PathTracer(const RenderScene& scene, const RayQuery& query, const RenderSettings& settings)
      : scene_(scene), query_(query), max_depth_(settings.max_depth), rr_depth_(settings.rr_depth) {}

  // Radiance arriving along `ray`. Thread-safe; allocates nothing. Each bounce
  // draws 1D light selection, 2D light position, 1D BSDF lobe, 2D BSDF
  // direction and 1D roulette from `sampler`, in that order, always.
  // With `aov`, also fills it (a few tests per bounce when null; the same
  // radiance and the same sample draws either way).
  Vec3 radiance(Ray ray, Sampler& sampler, RayCounter& counter, SurfaceAov* aov = nullptr) const;
  // The same path with its shadow rays held in `shadows` instead of traced:
  // the value returned lacks the light samples' contributions, which
  // shadows.flush() adds to *nee (so the sample's radiance is the sum of the
  // two once flushed). With `first`, the camera ray's hit is that one, not
  // traced again (it still counts as a ray). The same sample draws and ray count.
  Vec3 radiance(Ray ray, Sampler& sampler, RayCounter& counter, SurfaceAov* aov, ShadowBatch& shadows, Vec3* nee,
                const FirstHit* first = nullptr) const;

  const RayQuery& query() const { return query_; }

 private:
  // The path itself; `shadow(ray, contribution, L, depth)` adds a light
  // sample's contribution to L if nothing blocks the ray, now or later.
  template <class ShadowTest>
  Vec3 trace_path(Ray ray, Sampler& sampler, RayCounter& counter, SurfaceAov* aov, ShadowTest& shadow,
                  const FirstHit* first) const;

  const RenderScene& scene_;
  const RayQuery& query_;
  int max_depth_;
  int rr_depth_;
};

}  // namespace tessera
