#include "core/engine/render_loop.h"

#include "core/engine/bounded_queue.h"
#include "core/engine/bucket_buffer.h"
#include "core/engine/bucket_grid.h"
#include "core/base/error.h"
#include "core/engine/parallel.h"
#include "core/render/render_pixel.h"
#include "core/sampling/sampler.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <time.h>
#include <vector>

namespace tessera {
namespace {

using Clock = std::chrono::steady_clock;

// What each worker thread keeps between buckets: made once per thread, reused.
struct WorkerScratch {
  int index = 0;       // dense worker index, for statistics and trace tracks
  RayCounter counter;
  double busy = 0;     // seconds spent rendering
  double cpu = 0;      // CPU seconds this thread spent rendering (less than busy when the machine is shared)
};

// CPU time of the calling thread: counts only when the thread ran, so a worker
// descheduled by another process on a shared machine does not look busy.
double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) + double(t.tv_nsec) * 1e-9;
}

// The first exception of any thread, kept to rethrow on the caller's thread.
class FirstError {
 public:
  void capture() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!error_) error_ = std::current_exception();
  }
  void rethrow_if_any() {
    if (error_) std::rethrow_exception(error_);
  }

 private:
  std::mutex mutex_;
  std::exception_ptr error_;
};

}  // namespace

Scheduler parse_scheduler(const std::string& name) {
  if (name == "tbb") return Scheduler::Tbb;
  if (name == "static") return Scheduler::Static;
  if (name == "dynamic") return Scheduler::Dynamic;
  throw Error("unknown scheduler \"" + name + "\" (expected tbb, static or dynamic)");
}
const char* to_string(Scheduler s) {
  switch (s) {
    case Scheduler::Tbb: return "tbb";
    case Scheduler::Static: return "static";
    case Scheduler::Dynamic: return "dynamic";
  }
  return "?";
}
Completion parse_completion(const std::string& name) {
  if (name == "unordered") return Completion::Unordered;
  if (name == "sequential") return Completion::Sequential;
  throw Error("unknown completion mode \"" + name + "\" (expected unordered or sequential)");
}
const char* to_string(Completion c) { return c == Completion::Unordered ? "unordered" : "sequential"; }

uint64_t render_bucket(const PathTracer& tracer, const Camera& camera, const Filter& filter,
                       const RenderSettings& settings, const Bucket& bucket, float* rgb, RayCounter& counter,
                       float* aov) {
  const PixelRect& r = bucket.rect;
  Sampler sampler(settings.sampler, settings.seed);  // one per bucket: nothing allocated per sample
  uint64_t nonfinite = 0;
  const size_t aov_channels = aov ? size_t(settings.aovs.channels()) : 0;
  if (aov_channels == 0) aov = nullptr;
  SampleGroup group(tracer.query());  // the shadow batch and sample scratch, once per bucket
  for (int y = r.y; y < r.y + r.height; ++y) {
    for (int x = r.x; x < r.x + r.width; ++x) {
      float* aov_pixel = aov ? aov + (size_t(y - r.y) * r.width + (x - r.x)) * aov_channels : nullptr;
      const PixelEstimate e = render_pixel(tracer, camera, filter, settings, sampler, x, y, counter, aov_pixel, &group);
      nonfinite += e.nonfinite;
      const Vec3& v = settings.variance ? e.variance : e.mean;
      float* out = rgb + (size_t(y - r.y) * r.width + (x - r.x)) * 3;
      out[0] = v.x, out[1] = v.y, out[2] = v.z;
    }
  }
  return nonfinite;
}

RenderStats render_buckets(const RenderScene& scene, const RayQuery& query, const RenderSettings& settings,
                           const ScheduleOptions& schedule, BucketSink& sink, RenderObserver* observer,
                           std::vector<std::unique_ptr<BucketBuffer>> restored) {
  const bool sequential = schedule.completion == Completion::Sequential;
  if (sink.needs_sequential() && !sequential) throw Error("this output needs sequential completion");

  const BucketGrid grid(settings.width, settings.height, schedule.bucket_size);
  // Which buckets reach the sink: rendered ones (all, or the chosen subset) and restored ones.
  std::vector<uint8_t> to_render(size_t(grid.count()), schedule.only_buckets.empty() ? 1 : 0);
  for (int id : schedule.only_buckets) {
    if (id < 0 || id >= grid.count()) throw Error("bucket id " + std::to_string(id) + " is not in the image");
    to_render[size_t(id)] = 1;
  }
  std::vector<uint8_t> expected = to_render;
  for (const auto& b : restored) {
    const int id = b->bucket.id;
    if (id < 0 || id >= grid.count()) throw Error("restored bucket id " + std::to_string(id) + " is not in the image");
    // A bucket delivered twice would make the sink's count wrong (and a journal grow).
    if (expected[size_t(id)] && !to_render[size_t(id)]) throw Error("restored bucket " + std::to_string(id) + " given twice");
    to_render[size_t(id)] = 0;  // already done
    expected[size_t(id)] = 1;
  }
  std::vector<int> order;
  for (int id : make_bucket_order(grid, schedule.order, schedule.order_seed))
    if (to_render[size_t(id)]) order.push_back(id);
  const Camera camera(scene.camera, settings.width, settings.height);
  const PathTracer tracer(scene, query, settings);
  const Filter filter(settings.filter);
  const int threads = resolve_thread_count(schedule.threads);
  int total = 0;  // buckets the sink will receive
  for (uint8_t e : expected) total += e;

  RenderStats stats;
  stats.threads = threads;
  stats.buckets = grid.count();
  stats.buckets_restored = int(restored.size());
  // Every bucket's record carries its id; thread -1 marks one not rendered by this
  // run (restored, another shard's, or left undone by an interrupt).
  stats.records.resize(size_t(grid.count()));
  for (int id = 0; id < grid.count(); ++id) stats.records[size_t(id)].id = id;
  stats.delivery_order.reserve(size_t(total));

  // Back-pressure: at most `capacity` finished buckets wait for the completer, and
  // the pool holds enough buffers for every worker plus a full queue.
  BoundedQueue<std::unique_ptr<BucketBuffer>> queue(size_t(schedule.queue_capacity > 0 ? schedule.queue_capacity : threads));
  // One buffer per worker, a full queue, and the one the completer thread holds.
  BucketPool pool(schedule.bucket_size, size_t(threads) + queue.capacity() + 1, settings.aovs);
  // Sequential mode: the bucket id the completer waits for (skipping ids this render never delivers).
  const auto next_expected = [&](int id) {
    while (id < grid.count() && !expected[size_t(id)]) ++id;
    return id;
  };
  std::atomic<int> next_needed{next_expected(0)};
  std::unique_ptr<std::atomic<bool>[]> claimed(new std::atomic<bool>[size_t(grid.count())]);  // taken by a worker
  for (int i = 0; i < grid.count(); ++i) claimed[size_t(i)] = !to_render[size_t(i)];  // restored ones are done

  std::atomic<bool> stop{false};
  FirstError error;
  const auto cancel = [&] {
    stop = true;
    pool.cancel();
    queue.close();
  };

  std::atomic<int> next_index{0};
  tbb::enumerable_thread_specific<WorkerScratch> scratch([&] {
    WorkerScratch s;
    s.index = next_index++;
    return s;
  });
  const auto start = Clock::now();
  const auto since_start = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };

  std::function<void(std::unique_ptr<BucketBuffer>)> complete;  // set below, before any work starts

  const auto stopped = [&] { return stop.load() || (schedule.interrupt && schedule.interrupt->load()); };
  const auto try_claim = [&](int id) {
    bool unclaimed = false;
    return claimed[size_t(id)].compare_exchange_strong(unclaimed, true);
  };
  // Sequential completion parks buckets that finish before their turn, each in a
  // pooled buffer. The pool's size bounds them: a worker that finds the pool
  // exhausted renders the bucket the completer waits for itself (with one buffer
  // past the pool's size, freed when it is delivered) if no one has claimed it,
  // and otherwise waits for a buffer: that bucket is being rendered and its
  // delivery frees buffers. So memory stays bounded whatever the scheduler and
  // order, and the requested order is kept until memory runs short.
  const auto needed_unclaimed = [&] {
    const int needed = next_needed.load();
    return needed < grid.count() && !claimed[size_t(needed)].load();
  };

  // One bucket, start to finish, on whichever worker thread runs it. `pick`
  // claims the bucket to render next in this worker's share of the order (-1:
  // none left). Returns false once there is nothing more for this worker.
  const auto render_one = [&](auto&& pick) {
    if (stopped()) return false;
    std::unique_ptr<BucketBuffer> buffer;
    int id = -1;
    if (!sequential) {
      // Every worker holds at most one buffer and the queue at most its capacity,
      // so the pool never runs dry here.
      buffer = pool.acquire([] { return false; });
    } else {
      while (!buffer && !stopped()) {
        if ((buffer = pool.try_acquire())) break;
        const int needed = next_needed.load();
        if (needed < grid.count() && try_claim(needed)) {
          buffer = pool.acquire_extra();
          id = needed;
          break;
        }
        buffer = pool.acquire(needed_unclaimed);
      }
    }
    if (!buffer) return false;  // stopped or cancelled
    if (id < 0 && (id = pick()) < 0) {
      pool.release(std::move(buffer));
      return false;
    }
    WorkerScratch& s = scratch.local();
    buffer->bucket = grid.bucket(id);
    const uint64_t rays_before = s.counter.rays;
    const double t0 = since_start(), cpu0 = thread_cpu_seconds();
    const uint64_t nonfinite = render_bucket(tracer, camera, filter, settings, buffer->bucket, buffer->rgb.data(),
                                             s.counter, settings.aovs.empty() ? nullptr : buffer->aov.data());
    const double t1 = since_start();
    s.cpu += thread_cpu_seconds() - cpu0;  // the bucket ran on this thread from start to end
    buffer->rays = s.counter.rays - rays_before;
    buffer->seconds = t1 - t0;
    s.busy += t1 - t0;
    buffer->nonfinite_samples = nonfinite;
    stats.records[size_t(id)] = {id, s.index, t0, t1, buffer->rays, nonfinite};  // one writer per bucket
    complete(std::move(buffer));
    return true;
  };
  // The next unclaimed bucket at or after `cursor` in the order (shared or per thread).
  const auto pick_from = [&](auto& cursor, size_t end) {
    for (size_t i = cursor++; i < end; i = cursor++)
      if (try_claim(order[i])) return order[i];
    return -1;
  };
  const auto guarded = [&](auto&& body) {
    try {
      body();
    } catch (...) {
      error.capture();
      cancel();
    }
  };

  // Completion: whoever holds `sink_mutex` delivers. A worker that finds the sink
  // free delivers its own bucket at once (no hand-off, no thread wake-up); when
  // the sink is busy the bucket goes through the bounded queue to the completer
  // thread, and a full queue blocks the workers: back-pressure.
  std::mutex sink_mutex;
  std::map<int, std::unique_ptr<BucketBuffer>> parked;  // sequential: finished before their turn
  int done = 0;
  const auto deliver = [&](std::unique_ptr<BucketBuffer> b) {
    try {
      sink.write_bucket(*b);
    } catch (...) {
      stop = true;  // before the lock is released, so no other thread delivers past the failure
      throw;
    }
    stats.delivery_order.push_back(b->bucket.id);
    ++done;
    if (observer) observer->on_bucket_done(stats.records[size_t(b->bucket.id)], done, total);
    // Restored buffers are not the pool's: an edge bucket's is too small to render a full bucket into.
    if (to_render[size_t(b->bucket.id)]) pool.release(std::move(b));
  };
  const auto accept = [&](std::unique_ptr<BucketBuffer> b) {  // with sink_mutex held
    if (stop) return;  // an error elsewhere: nothing more reaches the sink
    if (!sequential) return deliver(std::move(b));
    parked.emplace(b->bucket.id, std::move(b));
    while (!parked.empty() && parked.begin()->first == next_needed.load()) {
      // Out of the map before delivery, so a throwing sink leaves no hole behind.
      auto next = parked.extract(parked.begin());
      // The turn passes on only after delivery has returned the buffer: if the
      // bucket held the one buffer past the pool's size, the next bucket's worker
      // may then take that extra buffer, never a second one alongside it.
      deliver(std::move(next.mapped()));
      next_needed = next_expected(next_needed.load() + 1);
      pool.notify();
    }
  };
  complete = [&](std::unique_ptr<BucketBuffer> b) {
    std::unique_lock<std::mutex> lock(sink_mutex, std::try_to_lock);
    if (lock.owns_lock()) return accept(std::move(b));
    queue.push(std::move(b));
  };

  sink.begin(settings.width, settings.height);
  {
    std::lock_guard<std::mutex> lock(sink_mutex);
    for (auto& b : restored) accept(std::move(b));  // delivered in turn, like rendered buckets
  }
  std::thread completer([&] {
    guarded([&] {
      std::unique_ptr<BucketBuffer> b;
      while (queue.pop(b)) {
        std::lock_guard<std::mutex> lock(sink_mutex);
        accept(std::move(b));
      }
    });
  });

  const size_t n = order.size();
  // Unordered completion renders order[i] for work item i. Sequential completion
  // may take the bucket the completer waits for out of turn (see render_one), so
  // its work items claim the next unclaimed bucket instead.
  std::atomic<size_t> shared_cursor{0};
  const auto item = [&](size_t i) {
    if (!sequential)
      return render_one([&] {
        claimed[size_t(order[i])] = true;
        return order[i];
      });
    return render_one([&] { return pick_from(shared_cursor, n); });
  };
  if (schedule.scheduler == Scheduler::Tbb) {
    ThreadLimit limit(threads);
    limit.execute([&] {
      guarded([&] {
        // Grain size one: each bucket is a task, and idle threads steal the rest.
        tbb::parallel_for(tbb::blocked_range<size_t>(0, n, 1), [&](const tbb::blocked_range<size_t>& range) {
          for (size_t i = range.begin(); i != range.end(); ++i) item(i);
        }, tbb::simple_partitioner());
      });
    });
  } else {
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        guarded([&] {
          if (schedule.scheduler == Scheduler::Static) {
            // One contiguous run of the order per thread, fixed up front.
            const size_t begin = n * size_t(t) / size_t(threads), end = n * size_t(t + 1) / size_t(threads);
            if (!sequential) {
              for (size_t i = begin; i < end && item(i); ++i) {}
            } else {
              size_t cursor = begin;  // buckets taken out of turn by other threads are skipped
              while (render_one([&] { return pick_from(cursor, end); })) {}
            }
          } else {
            while (render_one([&] { return pick_from(shared_cursor, n); })) {}
          }
        });
      });
    }
    for (std::thread& w : workers) w.join();
  }
  queue.close();
  completer.join();
  error.rethrow_if_any();
  stats.interrupted = schedule.interrupt && schedule.interrupt->load() && stats.delivery_order.size() != size_t(total);
  if (!stats.interrupted) {
    if (stats.delivery_order.size() != size_t(total)) throw Error("render stopped before every bucket was done");
    sink.finish();
  }

  stats.seconds = since_start();
  stats.thread_busy.assign(size_t(threads), 0.0);
  stats.thread_cpu.assign(size_t(threads), 0.0);
  for (const WorkerScratch& s : scratch) {
    stats.rays += s.counter.rays;
    if (s.index < threads) stats.thread_busy[size_t(s.index)] = s.busy, stats.thread_cpu[size_t(s.index)] = s.cpu;
  }
  for (const BucketRecord& r : stats.records) stats.nonfinite_samples += r.nonfinite_samples;
  stats.queue_capacity = queue.capacity();
  stats.queue_peak = queue.peak();
  stats.buffers_peak = pool.peak_allocated();
  stats.buffers_capacity = pool.capacity();
  return stats;
}

RenderResult render_image(const RenderScene& scene, const RayQuery& query, const RenderSettings& settings,
                          const ScheduleOptions& schedule, RenderObserver* observer) {
  ImageSink sink(settings.aovs);
  RenderResult result;
  static_cast<RenderStats&>(result) = render_buckets(scene, query, settings, schedule, sink, observer);
  result.image = std::move(sink.image());
  result.aov = sink.aov();
  return result;
}

}  // namespace tessera
