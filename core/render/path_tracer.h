#pragma once
// PathTracer: unidirectional path tracing with next-event estimation to every
// light, multiple importance sampling (power heuristic) against BSDF sampling
// for every light that is not a delta light, and Russian roulette.

#include "core/math/ray.h"
#include "core/render/interaction.h"
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
  // What a path carries from bounce to bounce.
  struct PathState {
    Vec3 L{0.0f}, beta{1.0f};
    float prev_bsdf_pdf = 0.0f;    // solid-angle pdf of the BSDF sample that led here
    bool specular_bounce = false;  // that sample came from a delta lobe: no light sample could have found this hit
    Vec3 prev_p{0.0f};             // the point that BSDF sample left from
    Ray ray;                       // the next ray to trace
  };
  // A bounce's sample numbers (radiance() draws them in a fixed layout).
  struct BounceSamples {
    float light, lobe, rr;
    Vec2 light_pos, bsdf;
  };
  struct Bounce {
    const SurfaceInteraction& si;
    Vec3 wo;
    float cos_out;
    int depth;
  };
  template <class AnyOrTypedBSDF>
  bool continue_path(const AnyOrTypedBSDF& bsdf, const Bounce& b, const BounceSamples& u, PathState& path,
                     RayCounter& counter) const;
  // The same for any material's BSDF, out of line: radiance() inlines only the
  // plain diffuse case (see there).
  [[gnu::noinline]] bool continue_path_any(const Material& mat, const Bounce& b, const BounceSamples& u,
                                           PathState& path, RayCounter& counter) const;

  const RenderScene& scene_;
  const RayQuery& query_;
  int max_depth_;
  int rr_depth_;
};

}  // namespace tessera
