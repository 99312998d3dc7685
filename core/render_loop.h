#pragma once
// The render loop: buckets rendered in parallel by oneTBB into per-bucket
// buffers, each handed to a completer that merges it into the image.

#include "core/bucket.h"
#include "core/image.h"
#include "core/path_tracer.h"
#include "core/ray_query.h"
#include "core/render_scene.h"

#include <cstdint>

namespace tessera {

struct ScheduleOptions {
  int threads = 0;          // resolved by resolve_thread_count: 0 = all, -1 = all but one
  BucketSize bucket_size;   // default 32 x 32
};

struct RenderResult {
  Image image;              // linear RGB, the mean of spp samples per pixel
  uint64_t rays = 0;        // every ray traced (camera, bounce and shadow rays)
  int threads = 1;          // threads actually used
  int buckets = 0;
  double seconds = 0;       // wall time of the parallel loop
};

// Render `scene` with `settings`. The image depends only on the scene and the
// settings, never on `schedule`. Exceptions from workers reach the caller.
RenderResult render_image(const RenderScene& scene, const RayQuery& query, const RenderSettings& settings,
                          const ScheduleOptions& schedule);

// Render one bucket into `rgb` (rect.area() RGB triples, row-major). Thread-safe.
void render_bucket(const PathTracer& tracer, const Camera& camera, const RenderSettings& settings,
                   const Bucket& bucket, float* rgb, RayCounter& counter);

}  // namespace tessera
