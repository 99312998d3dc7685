#include "accel/embree_limit.h"

#include "accel/embree_rays.h"
#include "core/base/hash.h"
#include "core/render/offset_point.h"

#include "core/base/error.h"
#include "core/math/frame.h"
#include "core/render/camera.h"
#include "core/render/interaction.h"
#include "core/sampling/sampling.h"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>

namespace tessera {
namespace {

// Uniform numbers from a ray's index and a dimension, independent of threads.
float hash_uniform(uint64_t index, uint64_t dim) { return to_unit_float(hash_combine(mix64(index), dim)); }

// Traces `rays` once over the arena's threads; returns hits (or occlusions).
size_t trace_pass(RTCScene scene, const std::vector<Ray>& rays, bool occlusion, bool packets) {
  std::atomic<size_t> hits{0};
  // Chunks of 256 rays: 16 packets, whole 4x4 tiles.
  tbb::parallel_for(tbb::blocked_range<size_t>(0, rays.size(), 256), [&](const tbb::blocked_range<size_t>& range) {
    RTCIntersectContext context;
    rtcInitIntersectContext(&context);
    size_t local = 0;
    if (!packets) {
      for (size_t i = range.begin(); i < range.end(); ++i) {
        RTCRayHit rh;
        to_rtc(rays[i], rh);
        if (occlusion) {
          rtcOccluded1(scene, &context, &rh.ray);
          local += rh.ray.tfar < 0.0f;
        } else {
          rtcIntersect1(scene, &context, &rh);
          local += rh.hit.geomID != RTC_INVALID_GEOMETRY_ID;
        }
      }
    } else {
      for (size_t i = range.begin(); i < range.end(); i += 16) {
        const int n = int(std::min<size_t>(16, range.end() - i));
        alignas(64) int valid[16];
        if (occlusion) {
          alignas(64) RTCRay16 packet;
          for (int k = 0; k < 16; ++k) {
            valid[k] = k < n ? -1 : 0;
            to_rtc_lane(rays[i + size_t(std::min(k, n - 1))], packet, k);
          }
          rtcOccluded16(valid, scene, &context, &packet);
          for (int k = 0; k < n; ++k) local += packet.tfar[k] < 0.0f;
        } else {
          alignas(64) RTCRayHit16 packet;
          for (int k = 0; k < 16; ++k) {
            valid[k] = k < n ? -1 : 0;
            to_rtc_lane(rays[i + size_t(std::min(k, n - 1))], packet.ray, k);
            packet.hit.geomID[k] = RTC_INVALID_GEOMETRY_ID;
            packet.hit.instID[0][k] = RTC_INVALID_GEOMETRY_ID;
          }
          rtcIntersect16(valid, scene, &context, &packet);
          for (int k = 0; k < n; ++k) local += packet.hit.geomID[k] != RTC_INVALID_GEOMETRY_ID;
        }
      }
    }
    hits += local;
  });
  return hits.load();
}

// Seconds per pass, from as many passes as fit in `min_seconds` (at least two, the first not counted).
double time_passes(RTCScene scene, const std::vector<Ray>& rays, bool occlusion, bool packets,
                   double min_seconds, size_t& hits) {
  using clock = std::chrono::steady_clock;
  hits = trace_pass(scene, rays, occlusion, packets);  // warm-up
  int passes = 0;
  const auto start = clock::now();
  double elapsed = 0;
  do {
    trace_pass(scene, rays, occlusion, packets);
    ++passes;
    elapsed = std::chrono::duration<double>(clock::now() - start).count();
  } while (elapsed < min_seconds);
  return elapsed / passes;
}

}  // namespace

EmbreeLimit measure_embree_limit(const EmbreeScene& accel, const RenderScene& scene, int width, int height,
                                 int threads, double min_seconds) {
  const Camera camera(scene.camera, width, height);
  // Camera rays in 4x4 pixel tiles, so that a packet of 16 is a tile.
  std::vector<Ray> camera_rays;
  camera_rays.reserve(size_t(width) * size_t(height));
  for (int ty = 0; ty < height; ty += 4)
    for (int tx = 0; tx < width; tx += 4)
      for (int y = ty; y < std::min(ty + 4, height); ++y)
        for (int x = tx; x < std::min(tx + 4, width); ++x) {
          const Ray r = camera.generate_ray(float(x) + 0.5f, float(y) + 0.5f, Vec2{0.5f, 0.5f});
          camera_rays.push_back(r);
        }
  // Bounce and shadow rays from every camera hit, in the same order.
  std::vector<Ray> bounce_rays, shadow_rays;
  for (size_t i = 0; i < camera_rays.size(); ++i) {
    const Ray& ray = camera_rays[i];
    RayHit hit;
    if (!accel.intersect(ray, hit)) continue;
    const SurfaceInteraction si = make_interaction(scene.geometry, ray, hit, InteractionParts::Shading);
    const Vec3 n = dot(si.n, ray.direction) < 0.0f ? si.n : -si.n;  // towards where the ray came from
    const Vec3 wi = Frame(n).to_world(sample_cosine_hemisphere(Vec2{hash_uniform(i, 0), hash_uniform(i, 1)}));
    bounce_rays.push_back(Ray{offset_point(si.p, n), wi});
    if (scene.lights.empty()) continue;
    const SampledLight chosen = scene.lights.sampler().sample(hash_uniform(i, 2));
    const LightLiSample ls =
        scene.lights.light(chosen.light).sample_li(si.p, Vec2{hash_uniform(i, 3), hash_uniform(i, 4)}, SceneLights::kAllowIncompletePdf);
    if (!ls.valid()) continue;
    const Vec3 origin = offset_point(si.p, dot(ls.wi, n) > 0.0f ? n : -n);
    if (std::isfinite(ls.distance)) {
      // As the path tracer: to a point just off the light, on the side facing us.
      const bool area = !is_black(ls.normal);
      const Vec3 target =
          area ? offset_point(ls.point, dot(ls.normal, ls.wi) < 0.0f ? ls.normal : -ls.normal) : ls.point;
      shadow_rays.push_back(Ray{origin, target - origin, 0.0f, 1.0f});
    } else
      shadow_rays.push_back(Ray{origin, ls.wi});
  }
  if (bounce_rays.empty()) throw Error("the Embree limit: the camera sees no geometry; nothing to measure");

  EmbreeLimit limit;
  limit.threads = threads;
  tbb::task_arena arena(threads);
  arena.execute([&] {
    const std::pair<const char*, const std::vector<Ray>*> sets[] = {
        {"camera", &camera_rays}, {"bounce", &bounce_rays}, {"shadow", &shadow_rays}};
    for (const auto& [kind, rays] : sets) {
      RayKindThroughput t;
      t.kind = kind;
      t.rays = rays->size();
      if (t.rays > 0) {
        const bool occlusion = std::string(kind) == "shadow";
        t.single_seconds = time_passes(accel.handle(), *rays, occlusion, false, min_seconds, t.hits);
        t.packet_seconds = time_passes(accel.handle(), *rays, occlusion, true, min_seconds, t.packet_hits);
        t.single_mrays = double(t.rays) / t.single_seconds * 1e-6;
        t.packet_mrays = double(t.rays) / t.packet_seconds * 1e-6;
      }
      limit.kinds.push_back(t);
    }
  });
  double rays = 0, single = 0, packet = 0;
  for (const RayKindThroughput& t : limit.kinds) rays += double(t.rays), single += t.single_seconds, packet += t.packet_seconds;
  limit.mixed_single_mrays = single > 0 ? rays / single * 1e-6 : 0.0;
  limit.mixed_packet_mrays = packet > 0 ? rays / packet * 1e-6 : 0.0;
  return limit;
}

}  // namespace tessera
