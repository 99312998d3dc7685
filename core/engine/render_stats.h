#pragma once
// RenderStats: what the bucket engine measured, for the summary line,
// --stats-json, the trace file and the heatmap.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tessera {

struct BucketRecord {
  int id = -1;                 // the bucket's id
  int thread = -1;             // dense worker index (0..threads-1), for trace tracks; -1 = not rendered by this
                               // run (restored from a journal, another shard's, or stopped by an interrupt)
  double start = 0, end = 0;   // seconds since the render loop started
  uint64_t rays = 0;
  uint64_t nonfinite_samples = 0;  // samples dropped for a NaN or infinite radiance
  bool rendered() const { return thread >= 0; }
};

struct RenderStats {
  int threads = 1;             // worker threads used
  int buckets = 0;             // in the image
  int buckets_restored = 0;    // delivered from an earlier run, not rendered
  bool interrupted = false;    // stopped early by ScheduleOptions::interrupt
  double seconds = 0;          // wall time of the render loop
  uint64_t rays = 0;           // every ray traced (camera, bounce and shadow rays)
  uint64_t nonfinite_samples = 0;  // samples dropped for a NaN or infinite radiance (rendered buckets)
  std::vector<BucketRecord> records;       // by bucket id, every bucket of the image
  std::vector<double> thread_busy;         // seconds spent rendering buckets, per worker
  std::vector<double> thread_cpu;          // CPU seconds spent rendering buckets, per worker (CLOCK_THREAD_CPUTIME_ID)
  std::vector<int> delivery_order;         // bucket ids in the order the sink received them
  size_t queue_capacity = 0, queue_peak = 0;  // the completer's bounded queue
  size_t buffers_peak = 0;                 // bucket buffers alive at once, at most
  size_t buffers_capacity = 0;             // the pool's size; sequential completion may pass it by one
};

}  // namespace tessera
