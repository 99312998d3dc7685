#pragma once
// BucketBuffer: the pixels of one bucket, filled by exactly one worker, then
// handed to the completer. BucketPool recycles them so that a render allocates
// at most `capacity` buffers however many buckets it has.

#include "core/engine/bucket.h"
#include "core/render/aov.h"

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace tessera {

struct BucketBuffer {
  Bucket bucket;
  std::vector<float> rgb;  // rect.area() RGB triples, row-major; capacity for a full bucket
  AovSet aovs;             // the layers in `aov` (core/render/aov.h); empty: none
  std::vector<float> aov;  // rect.area() pixels of aovs.channels() floats, row-major
  uint64_t rays = 0;       // rays traced for this bucket
  uint64_t nonfinite_samples = 0;  // samples dropped for a NaN or infinite radiance
  double seconds = 0;      // render time of this bucket

  float* pixel(int x, int y) { return &rgb[(size_t(y - bucket.rect.y) * bucket.rect.width + (x - bucket.rect.x)) * 3]; }
  const float* pixel(int x, int y) const {
    return &rgb[(size_t(y - bucket.rect.y) * bucket.rect.width + (x - bucket.rect.x)) * 3];
  }
};

class BucketPool {
 public:
  // Buffers sized for `bucket` pixels (and `aovs`' channels); at most `capacity` exist, except the ones
  // acquire_extra() hands out (one at a time, in practice: see render_loop.cpp).
  BucketPool(BucketSize bucket, size_t capacity, AovSet aovs = {})
      : floats_(size_t(bucket.width) * bucket.height * 3), aovs_(aovs),
        aov_floats_(size_t(bucket.width) * bucket.height * size_t(aovs.channels())), capacity_(capacity) {}

  // A free buffer, or a new one while fewer than `capacity` exist; null when
  // neither is possible without waiting, or after cancel(). Thread-safe.
  std::unique_ptr<BucketBuffer> try_acquire() {
    std::lock_guard<std::mutex> lock(mutex_);
    return take_locked(false);
  }

  // Like try_acquire(), but waits for release() while the pool is exhausted,
  // until `give_up()` (evaluated under the pool's lock, re-checked on every
  // wake-up and notify()) is true: then, or after cancel(), it returns null.
  template <class GiveUp>
  std::unique_ptr<BucketBuffer> acquire(GiveUp give_up) {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      if (auto b = take_locked(false)) return b;
      if (cancelled_ || give_up()) return nullptr;
      changed_.wait(lock);
    }
  }

  // A buffer even when `capacity` are out: for the one bucket whose delivery
  // frees the others (the one sequential completion waits for). Null after cancel().
  std::unique_ptr<BucketBuffer> acquire_extra() {
    std::lock_guard<std::mutex> lock(mutex_);
    return take_locked(true);
  }

  // Return a buffer. One allocated past `capacity` (acquire_extra) is freed, so
  // the pool settles back to `capacity`.
  void release(std::unique_ptr<BucketBuffer> b) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (allocated_ > capacity_) {
        --allocated_;
      } else {
        free_.push_back(std::move(b));
      }
    }
    changed_.notify_all();
  }
  size_t capacity() const { return capacity_; }
  // Wake waiters so they re-evaluate their condition (the completer calls this
  // when the bucket it waits for changes).
  void notify() {
    { std::lock_guard<std::mutex> lock(mutex_); }
    changed_.notify_all();
  }
  void cancel() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      cancelled_ = true;
    }
    changed_.notify_all();
  }
  size_t peak_allocated() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return peak_allocated_;
  }

 private:
  std::unique_ptr<BucketBuffer> take_locked(bool past_capacity) {
    if (cancelled_) return nullptr;
    if (!free_.empty()) {
      auto b = std::move(free_.back());
      free_.pop_back();
      return b;
    }
    if (allocated_ >= capacity_ && !past_capacity) return nullptr;
    ++allocated_;
    peak_allocated_ = std::max(peak_allocated_, allocated_);
    auto b = std::make_unique<BucketBuffer>();
    b->rgb.resize(floats_);
    b->aovs = aovs_;
    b->aov.resize(aov_floats_);
    return b;
  }

  size_t floats_;
  AovSet aovs_;
  size_t aov_floats_;
  size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::unique_ptr<BucketBuffer>> free_;
  size_t allocated_ = 0, peak_allocated_ = 0;
  bool cancelled_ = false;
};

}  // namespace tessera
