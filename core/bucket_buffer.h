#pragma once
// BucketBuffer: the pixels of one bucket, filled by exactly one worker, then
// handed to the completer. BucketPool recycles them so that a render allocates
// at most `capacity` buffers however many buckets it has.

#include "core/bucket.h"

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace tessera {

struct BucketBuffer {
  Bucket bucket;
  std::vector<float> rgb;  // rect.area() RGB triples, row-major; capacity for a full bucket
  uint64_t rays = 0;       // rays traced for this bucket
  double seconds = 0;      // render time of this bucket

  float* pixel(int x, int y) { return &rgb[(size_t(y - bucket.rect.y) * bucket.rect.width + (x - bucket.rect.x)) * 3]; }
  const float* pixel(int x, int y) const {
    return &rgb[(size_t(y - bucket.rect.y) * bucket.rect.width + (x - bucket.rect.x)) * 3];
  }
};

class BucketPool {
 public:
  // Buffers sized for `bucket` pixels; at most `capacity` exist unless acquire() is
  // told that waiting could deadlock.
  BucketPool(BucketSize bucket, size_t capacity) : floats_(size_t(bucket.width) * bucket.height * 3), capacity_(capacity) {}

  // A free buffer, allocating one while fewer than `capacity` exist. Otherwise
  // wait for release(), unless `must_not_wait()` (evaluated under the pool's lock,
  // re-checked on every wake-up) says the caller's progress is needed to free any.
  // Returns null once cancel() was called. Thread-safe.
  template <class MustNotWait>
  std::unique_ptr<BucketBuffer> acquire(MustNotWait must_not_wait) {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      if (cancelled_) return nullptr;
      if (!free_.empty()) {
        auto b = std::move(free_.back());
        free_.pop_back();
        return b;
      }
      if (allocated_ < capacity_ || must_not_wait()) {
        ++allocated_;
        peak_allocated_ = std::max(peak_allocated_, allocated_);
        auto b = std::make_unique<BucketBuffer>();
        b->rgb.resize(floats_);
        return b;
      }
      changed_.wait(lock);
    }
  }
  // Return a buffer. One allocated past `capacity` (see acquire) is freed, so
  // buffers alive never exceed capacity + the few that must not wait.
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
  size_t floats_;
  size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::unique_ptr<BucketBuffer>> free_;
  size_t allocated_ = 0, peak_allocated_ = 0;
  bool cancelled_ = false;
};

}  // namespace tessera
