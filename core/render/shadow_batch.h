#pragma once
// ShadowBatch: next-event shadow rays held back and traced together, so the
// ray query can trace them as packets (RayQuery::occluded_batch; Embree's
// rtcOccluded16 traces the Cornell box's shadow rays 2.4x faster than one at a
// time, benchmarks/README.md "The Embree limit").
//
// A light sample's contribution does not change the path it came from: the
// path goes on whether the shadow ray is blocked or not. So the path tracer
// adds (shadow ray, contribution, where to add it) here and moves on; flush()
// traces the held rays and adds each unblocked contribution to its target.
//
// Determinism: render_pixel flushes the batch at the end of each group of a
// pixel's samples (and it flushes itself when full), so it holds one pixel's
// rays at a time and is empty between pixels; it adds the contributions in
// the order they were added, so a pixel's sums are the same bits whichever
// thread renders it. The rays are traced grouped by bounce depth (all camera-hit
// shadow rays of the batch first: they leave from one pixel's footprint
// towards the same lights, the most coherent packets), which changes only
// the order they are traced in, not what is added.
//
// Allocates nothing: fixed arrays (about 11 KiB), per-thread scratch that
// render_bucket keeps for a bucket's pixels (SampleGroup, render_pixel.h).

#include "core/math/ray.h"
#include "core/math/vec3.h"
#include "core/render/ray_query.h"

#include <cstdint>

namespace tessera {

class ShadowBatch {
 public:
  static constexpr int kCapacity = 128;

  explicit ShadowBatch(const RayQuery& query) : query_(query) {}
  ShadowBatch(const ShadowBatch&) = delete;
  ShadowBatch& operator=(const ShadowBatch&) = delete;

  // Holds `ray`; at the next flush, adds `contribution` to *target unless
  // something blocks the ray. `target` must stay valid until then. `depth`
  // (the bounce the ray leaves from) only orders the tracing.
  void add(const Ray& ray, const Vec3& contribution, Vec3* target, int depth) {
    if (count_ == kCapacity) flush();
    rays_[count_] = ray;
    contribution_[count_] = contribution;
    target_[count_] = target;
    depth_[count_] = uint8_t(depth < kDepthKeys - 1 ? depth : kDepthKeys - 1);
    ++count_;
  }

  // Traces every held ray, adds the unblocked contributions, and empties the batch.
  void flush() {
    if (count_ == 0) return;
    // Counting sort of the rays by depth key into traced order.
    int start[kDepthKeys + 1] = {};
    for (int i = 0; i < count_; ++i) ++start[depth_[i] + 1];
    for (int k = 0; k < kDepthKeys; ++k) start[k + 1] += start[k];
    int slot_of[kCapacity];
    for (int i = 0; i < count_; ++i) {
      const int slot = start[depth_[i]]++;
      slot_of[i] = slot;
      sorted_[slot] = rays_[i];
    }
    query_.occluded_batch(sorted_, count_, blocked_);
    for (int i = 0; i < count_; ++i)
      if (!blocked_[slot_of[i]]) *target_[i] += contribution_[i];
    count_ = 0;
  }

  bool empty() const { return count_ == 0; }
  const RayQuery& query() const { return query_; }

 private:
  static constexpr int kDepthKeys = 4;  // depths 0, 1, 2 and the rest

  const RayQuery& query_;
  int count_ = 0;
  Ray rays_[kCapacity];
  Ray sorted_[kCapacity];
  Vec3 contribution_[kCapacity];
  Vec3* target_[kCapacity];
  uint8_t depth_[kCapacity];
  bool blocked_[kCapacity];
};

}  // namespace tessera
