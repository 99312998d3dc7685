#include "core/render_loop.h"

#include "core/parallel.h"
#include "core/sampler.h"
#include "core/sampling.h"

#include <chrono>
#include <vector>

namespace tessera {
namespace {

// What each worker thread keeps between buckets: made once per thread, reused.
struct WorkerScratch {
  std::vector<float> bucket_rgb;
  RayCounter counter;
};

}  // namespace

void render_bucket(const PathTracer& tracer, const Camera& camera, const RenderSettings& settings,
                   const Bucket& bucket, float* rgb, RayCounter& counter) {
  const PixelRect& r = bucket.rect;
  const float inv_spp = 1.0f / float(settings.spp);
  for (int y = r.y; y < r.y + r.height; ++y) {
    for (int x = r.x; x < r.x + r.width; ++x) {
      // Samples are summed in index order by this one thread: the sum is the
      // same bits whichever thread or bucket layout renders the pixel.
      Vec3 sum(0.0f);
      for (int s = 0; s < settings.spp; ++s) {
        PixelSampler sampler(settings.seed, x, y, uint32_t(s));
        // Tent filter of radius one pixel, importance sampled: the sample may land
        // beyond the pixel but counts only for this pixel, with weight one.
        const Vec2 film = sampler.next_2d();
        const float fx = float(x) + 0.5f + sample_tent(film.x);
        const float fy = float(y) + 0.5f + sample_tent(film.y);
        const Ray ray = camera.generate_ray(fx, fy, sampler.next_2d());
        const Vec3 L = tracer.radiance(ray, sampler, counter);
        if (is_finite(L)) sum += L;  // one NaN must not blacken a pixel for good
      }
      float* out = rgb + (size_t(y - r.y) * r.width + (x - r.x)) * 3;
      out[0] = sum.x * inv_spp, out[1] = sum.y * inv_spp, out[2] = sum.z * inv_spp;
    }
  }
}

RenderResult render_image(const RenderScene& scene, const RayQuery& query, const RenderSettings& settings,
                          const ScheduleOptions& schedule) {
  RenderResult result;
  result.image = Image(settings.width, settings.height);
  const std::vector<Bucket> buckets = cut_into_buckets(settings.width, settings.height, schedule.bucket_size);
  result.buckets = int(buckets.size());
  const Camera camera(scene.camera, settings.width, settings.height);
  const PathTracer tracer(scene, query, settings);
  const size_t max_bucket_floats = size_t(schedule.bucket_size.width) * schedule.bucket_size.height * 3;

  ThreadLimit limit(resolve_thread_count(schedule.threads));
  result.threads = limit.threads();
  tbb::enumerable_thread_specific<WorkerScratch> scratch([&] {
    WorkerScratch s;
    s.bucket_rgb.resize(max_bucket_floats);
    return s;
  });

  const auto start = std::chrono::steady_clock::now();
  limit.execute([&] {
    // Grain size one: each bucket is a task, and idle threads steal the rest.
    tbb::parallel_for(tbb::blocked_range<size_t>(0, buckets.size(), 1), [&](const tbb::blocked_range<size_t>& range) {
      WorkerScratch& s = scratch.local();
      for (size_t i = range.begin(); i != range.end(); ++i) {
        render_bucket(tracer, camera, settings, buckets[i], s.bucket_rgb.data(), s.counter);
        // Completer: buckets are disjoint, so the merge needs no lock.
        result.image.write_rect(buckets[i].rect, s.bucket_rgb.data());
      }
    }, tbb::simple_partitioner());
  });
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (const WorkerScratch& s : scratch) result.rays += s.counter.rays;
  return result;
}

}  // namespace tessera
