#pragma once
// The bucket engine. A maker yields buckets in the chosen order, workers (under
// the chosen scheduler) render each into a pooled bucket buffer, and a
// completer thread receives finished buckets through a bounded queue and hands
// them to a sink, as they finish or strictly in scanline order.

#include "core/engine/bucket.h"
#include "core/engine/bucket_order.h"
#include "core/engine/bucket_sink.h"
#include "core/image/image.h"
#include "core/render/path_tracer.h"
#include "core/render/ray_query.h"
#include "core/render/render_scene.h"
#include "core/engine/render_stats.h"

#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace tessera {

enum class Scheduler {
  Tbb,      // oneTBB work stealing over buckets (grain size one)
  Static,   // the order cut into one contiguous run per thread up front; no rebalancing
  Dynamic,  // a shared counter hands out one bucket at a time
};
Scheduler parse_scheduler(const std::string& name);  // "tbb" | "static" | "dynamic"
const char* to_string(Scheduler s);

enum class Completion {
  Unordered,   // buckets reach the sink as they finish
  Sequential,  // buckets reach the sink in scanline (id) order, for append-only sinks
};
Completion parse_completion(const std::string& name);  // "unordered" | "sequential"
const char* to_string(Completion c);

struct ScheduleOptions {
  int threads = 0;                         // resolved by resolve_thread_count: 0 = all, -1 = all but one
  BucketSize bucket_size;                  // default 32 x 32
  BucketOrder order = BucketOrder::Scanline;
  uint64_t order_seed = 0;                 // for BucketOrder::Random
  Scheduler scheduler = Scheduler::Tbb;
  Completion completion = Completion::Unordered;
  int queue_capacity = 0;                  // completer queue; 0 = the thread count
  std::vector<int> only_buckets;           // render just these bucket ids (shards, resume); empty = all
  const std::atomic<bool>* interrupt = nullptr;  // once true, no new bucket starts (SIGINT, SIGTERM)
};

// Told about each bucket as the completer delivers it (on the completer thread).
class RenderObserver {
 public:
  virtual ~RenderObserver() = default;
  virtual void on_bucket_done(const BucketRecord& record, int done, int total) = 0;
};

// Render the buckets of `settings`' image (all, or schedule.only_buckets) into
// `sink`. `restored` buckets, finished by an earlier run (a resumed journal),
// are delivered as they are, not rendered. The pixels depend only on the scene
// and `settings`, never on `schedule`. An exception from a worker or the sink
// stops the render and reaches the caller. If schedule.interrupt fires, the
// buckets in flight finish, the sink is not finished, and stats.interrupted is set.
RenderStats render_buckets(const RenderScene& scene, const RayQuery& query, const RenderSettings& settings,
                           const ScheduleOptions& schedule, BucketSink& sink, RenderObserver* observer = nullptr,
                           std::vector<std::unique_ptr<BucketBuffer>> restored = {});

struct RenderResult : RenderStats {
  Image image;  // linear RGB, the mean of spp samples per pixel
  AovImage aov;  // settings.aovs' layers (empty set: none)
};
// render_buckets into a framebuffer.
RenderResult render_image(const RenderScene& scene, const RayQuery& query, const RenderSettings& settings,
                          const ScheduleOptions& schedule, RenderObserver* observer = nullptr);

// Render one bucket into `rgb` (rect.area() RGB triples, row-major), each
// pixel by render_pixel (core/render/render_pixel.h), and, when `aov` is not
// null, its settings.aovs layers into `aov` (rect.area() pixels of
// settings.aovs.channels() floats). Returns the samples dropped for a
// non-finite radiance. Thread-safe.
uint64_t render_bucket(const PathTracer& tracer, const Camera& camera, const Filter& filter,
                       const RenderSettings& settings, const Bucket& bucket, float* rgb, RayCounter& counter,
                       float* aov = nullptr);

}  // namespace tessera
