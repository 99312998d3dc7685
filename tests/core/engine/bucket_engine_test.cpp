// The bucket engine: schedulers, orders and completion modes change when and
// where buckets are rendered, never the pixels.

#include "core/base/error.h"
#include "tests/core/render/test_scene.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

using namespace tessera;

TEST_CASE("every scheduler x order x completion x threads x bucket size gives the same bits", "[engine][determinism]") {
  const auto scene = TestScene::from_repo("scenes/cornell-box.json");
  RenderSettings settings = scene->file.settings;
  settings.width = 37, settings.height = 29, settings.spp = 2;
  const std::vector<float> reference = scene->render(settings, 1, {64, 64}).image.data();

  int renders = 0;
  for (Scheduler scheduler : {Scheduler::Tbb, Scheduler::Static, Scheduler::Dynamic}) {
    for (BucketOrder order : {BucketOrder::Scanline, BucketOrder::Spiral, BucketOrder::Hilbert, BucketOrder::Random}) {
      for (Completion completion : {Completion::Unordered, Completion::Sequential}) {
        for (int threads : {1, 2, 5}) {
          for (int bucket : {1, 13, 64}) {
            ScheduleOptions s;
            s.threads = threads;
            s.bucket_size = {bucket, bucket};
            s.order = order;
            s.order_seed = 3;
            s.scheduler = scheduler;
            s.completion = completion;
            const RenderResult r = render_image(scene->file.scene, *scene->accel, settings, s);
            INFO(to_string(scheduler) << " " << to_string(order) << " " << to_string(completion) << " t" << threads
                                      << " b" << bucket);
            REQUIRE(r.image.data() == reference);
            REQUIRE(r.delivery_order.size() == size_t(r.buckets));
            if (completion == Completion::Sequential)
              for (size_t i = 0; i < r.delivery_order.size(); ++i) REQUIRE(r.delivery_order[i] == int(i));
            ++renders;
          }
        }
      }
    }
  }
  CHECK(renders == 216);
}

namespace {

// A RayQuery that is slow for rays heading up (the top of the image), so the
// early buckets in scanline order finish last.
class SlowTop final : public RayQuery {
 public:
  explicit SlowTop(const RayQuery& inner) : inner_(inner) {}
  bool intersect(const Ray& ray, RayHit& hit) const override {
    if (ray.direction.y > 0.05f && ray.origin.z > 3.0f) std::this_thread::sleep_for(std::chrono::microseconds(200));
    return inner_.intersect(ray, hit);
  }
  bool occluded(const Ray& ray) const override { return inner_.occluded(ray); }
  // Batches go to the inner query's batches (its packets give the same pixels
  // as the reference render only when traced the same way).
  void intersect_batch(const Ray* rays, int n, RayHit* hits, bool* found) const override {
    for (int i = 0; i < n; ++i)
      if (rays[i].direction.y > 0.05f && rays[i].origin.z > 3.0f) {
        std::this_thread::sleep_for(std::chrono::microseconds(200));
        break;
      }
    inner_.intersect_batch(rays, n, hits, found);
  }
  void occluded_batch(const Ray* rays, int n, bool* blocked) const override { inner_.occluded_batch(rays, n, blocked); }

 private:
  const RayQuery& inner_;
};

// A sink that records what it receives and takes its time over it.
class SlowSink final : public BucketSink {
 public:
  explicit SlowSink(bool sequential) : sequential_(sequential) {}
  void write_bucket(const BucketBuffer& b) override {
    received.push_back(b.bucket.id);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  bool needs_sequential() const override { return sequential_; }
  std::vector<int> received;

 private:
  bool sequential_;
};

}  // namespace

TEST_CASE("sequential completion delivers in scanline order when workers finish out of order", "[engine]") {
  const auto scene = TestScene::from_repo("scenes/cornell-box.json");
  const SlowTop slow(*scene->accel);
  RenderSettings settings = scene->file.settings;
  settings.width = 32, settings.height = 32, settings.spp = 1;
  ScheduleOptions s;
  s.threads = 4;
  s.bucket_size = {8, 8};
  s.scheduler = Scheduler::Dynamic;
  s.completion = Completion::Sequential;
  SlowSink sink(true);
  const RenderStats stats = render_buckets(scene->file.scene, slow, settings, s, sink);
  REQUIRE(sink.received.size() == 16);
  for (size_t i = 0; i < sink.received.size(); ++i) CHECK(sink.received[i] == int(i));
  // The case really arose: some later bucket finished before an earlier one.
  bool out_of_order = false;
  for (int a = 0; a < 16; ++a)
    for (int b = a + 1; b < 16; ++b) out_of_order = out_of_order || stats.records[size_t(b)].end < stats.records[size_t(a)].end;
  CHECK(out_of_order);
}

TEST_CASE("the completer queue never holds more than its capacity", "[engine]") {
  const auto scene = TestScene::from_repo("scenes/cornell-box.json");
  RenderSettings settings = scene->file.settings;
  settings.width = 64, settings.height = 64, settings.spp = 1;
  for (Completion completion : {Completion::Unordered, Completion::Sequential}) {
    ScheduleOptions s;
    s.threads = 4;
    s.bucket_size = {4, 4};  // 256 quick buckets against a slow sink: the queue fills
    s.completion = completion;
    // Dynamic hands buckets out in scanline order, so in sequential mode the
    // bucket the completer needs is always in flight and nothing piles up.
    s.scheduler = Scheduler::Dynamic;
    s.queue_capacity = 3;
    SlowSink sink(completion == Completion::Sequential);
    const RenderStats stats = render_buckets(scene->file.scene, *scene->accel, settings, s, sink);
    INFO(to_string(completion));
    CHECK(sink.received.size() == 256);
    CHECK(stats.queue_capacity == 3);
    CHECK(stats.queue_peak == 3);  // reached, never passed
    CHECK(stats.buffers_capacity == size_t(s.threads) + 3 + 1);
    // Only the worker holding the bucket the completer waits for may pass the pool's size.
    CHECK(stats.buffers_peak <= stats.buffers_capacity + (completion == Completion::Sequential ? 1 : 0));
  }
}

TEST_CASE("sequential completion keeps buckets in flight bounded for every scheduler and order", "[engine]") {
  // Work stealing (tbb), static strips and non-scanline orders all start buckets
  // far ahead of the one the completer waits for; with a slow sink and a slow top
  // row, those park. The pool must bound them anyway: before this was enforced,
  // tbb and static strips parked up to half the image.
  const auto scene = TestScene::from_repo("scenes/cornell-box.json");
  const SlowTop slow(*scene->accel);
  RenderSettings settings = scene->file.settings;
  settings.width = 64, settings.height = 64, settings.spp = 1;
  const std::vector<float> reference = scene->render(settings, 1, {4, 4}).image.data();
  for (Scheduler scheduler : {Scheduler::Tbb, Scheduler::Static, Scheduler::Dynamic}) {
    for (BucketOrder order : {BucketOrder::Scanline, BucketOrder::Spiral, BucketOrder::Random}) {
      ScheduleOptions s;
      s.threads = 4;
      s.bucket_size = {4, 4};  // 256 buckets
      s.scheduler = scheduler;
      s.order = order;
      s.completion = Completion::Sequential;
      SlowSink sink(true);
      ImageSink image;
      struct Tee final : BucketSink {
        BucketSink& a;
        BucketSink& b;
        Tee(BucketSink& a, BucketSink& b) : a(a), b(b) {}
        void begin(int w, int h) override { a.begin(w, h), b.begin(w, h); }
        void write_bucket(const BucketBuffer& bucket) override { a.write_bucket(bucket), b.write_bucket(bucket); }
        void finish() override { a.finish(), b.finish(); }
        bool needs_sequential() const override { return true; }
      } tee(sink, image);
      const RenderStats stats = render_buckets(scene->file.scene, slow, settings, s, tee);
      INFO(to_string(scheduler) << " " << to_string(order));
      REQUIRE(sink.received.size() == 256);
      for (size_t i = 0; i < sink.received.size(); ++i) REQUIRE(sink.received[i] == int(i));
      CHECK(image.image().data() == reference);
      CHECK(stats.buffers_capacity == size_t(s.threads) * 2 + 1);
      // The pool, plus the one buffer of the bucket the completer waits for.
      CHECK(stats.buffers_peak <= stats.buffers_capacity + 1);
    }
  }
}

TEST_CASE("statistics account for every bucket and ray", "[engine]") {
  const auto scene = TestScene::from_repo("scenes/cornell-box.json");
  RenderSettings settings = scene->file.settings;
  settings.width = 40, settings.height = 24, settings.spp = 2;
  const RenderResult r = scene->render(settings, 2, {8, 8});
  REQUIRE(r.records.size() == 15);
  uint64_t rays = 0;
  for (size_t i = 0; i < r.records.size(); ++i) {
    CHECK(r.records[i].id == int(i));
    CHECK(r.records[i].thread >= 0);
    CHECK(r.records[i].thread < 2);
    CHECK(r.records[i].end >= r.records[i].start);
    rays += r.records[i].rays;
  }
  CHECK(rays == r.rays);
  CHECK(r.rays >= uint64_t(40 * 24 * 2));  // at least one camera ray per sample
  CHECK(r.thread_busy.size() == 2);
}

TEST_CASE("an error in the sink stops the render and reaches the caller", "[engine]") {
  const auto scene = TestScene::from_repo("scenes/cornell-box.json");
  struct FailingSink final : BucketSink {
    int seen = 0;
    void write_bucket(const BucketBuffer&) override {
      if (++seen == 3) throw Error("disk full");
    }
  } sink;
  RenderSettings settings = scene->file.settings;
  settings.width = 64, settings.height = 64, settings.spp = 1;
  ScheduleOptions s;
  s.threads = 2;
  s.bucket_size = {8, 8};
  for (Scheduler scheduler : {Scheduler::Tbb, Scheduler::Static, Scheduler::Dynamic}) {
    s.scheduler = scheduler;
    sink.seen = 0;
    CHECK_THROWS_WITH(render_buckets(scene->file.scene, *scene->accel, settings, s, sink), "disk full");
  }
}

TEST_CASE("a subset rendered now plus buckets restored from before make the whole image", "[engine][resume]") {
  const auto scene = TestScene::from_repo("scenes/cornell-box.json");
  RenderSettings settings = scene->file.settings;
  settings.width = 40, settings.height = 30, settings.spp = 2;
  const BucketSize size{8, 8};
  const RenderResult full = scene->render(settings, 2, size);
  const BucketGrid grid(settings.width, settings.height, size);

  for (Completion completion : {Completion::Unordered, Completion::Sequential}) {
    // "Restore" the even buckets from the full render; render only the odd ones.
    std::vector<std::unique_ptr<BucketBuffer>> restored;
    ScheduleOptions s;
    s.threads = 2;
    s.bucket_size = size;
    s.completion = completion;
    s.scheduler = Scheduler::Dynamic;
    for (int id = 0; id < grid.count(); ++id) {
      if (id % 2 == 1) {
        s.only_buckets.push_back(id);
        continue;
      }
      auto b = std::make_unique<BucketBuffer>();
      b->bucket = grid.bucket(id);
      for (int y = b->bucket.rect.y; y < b->bucket.rect.y + b->bucket.rect.height; ++y)
        for (int x = b->bucket.rect.x; x < b->bucket.rect.x + b->bucket.rect.width; ++x) {
          const Vec3 c = full.image.pixel(x, y);
          b->rgb.insert(b->rgb.end(), {c.x, c.y, c.z});
        }
      restored.push_back(std::move(b));
    }
    ImageSink sink;
    const RenderStats stats = render_buckets(scene->file.scene, *scene->accel, settings, s, sink, nullptr, std::move(restored));
    INFO(to_string(completion));
    CHECK(stats.buckets_restored == (grid.count() + 1) / 2);
    CHECK(stats.delivery_order.size() == size_t(grid.count()));
    REQUIRE(sink.image().data() == full.image.data());
  }

  // A subset alone delivers just that subset, in order when sequential.
  ScheduleOptions s;
  s.threads = 2;
  s.bucket_size = size;
  s.completion = Completion::Sequential;
  s.only_buckets = {7, 3, 11};
  ImageSink sink;
  const RenderStats stats = render_buckets(scene->file.scene, *scene->accel, settings, s, sink);
  CHECK(stats.delivery_order == std::vector<int>{3, 7, 11});
}

TEST_CASE("an interrupt stops handing out buckets and leaves the sink unfinished", "[engine][resume]") {
  const auto scene = TestScene::from_repo("scenes/cornell-box.json");
  RenderSettings settings = scene->file.settings;
  settings.width = 64, settings.height = 64, settings.spp = 1;
  std::atomic<bool> interrupt{false};
  struct InterruptAfter final : RenderObserver {
    std::atomic<bool>& flag;
    explicit InterruptAfter(std::atomic<bool>& f) : flag(f) {}
    void on_bucket_done(const BucketRecord&, int done, int) override {
      if (done == 5) flag = true;
    }
  } observer(interrupt);
  struct FinishCounter final : BucketSink {
    int buckets = 0, finished = 0;
    void write_bucket(const BucketBuffer&) override { ++buckets; }
    void finish() override { ++finished; }
  } sink;
  ScheduleOptions s;
  s.threads = 2;
  s.bucket_size = {4, 4};  // 256 buckets
  s.interrupt = &interrupt;
  const RenderStats stats = render_buckets(scene->file.scene, *scene->accel, settings, s, sink, &observer);
  CHECK(stats.interrupted);
  CHECK(sink.buckets >= 5);
  CHECK(sink.buckets < 256);
  CHECK(sink.finished == 0);
}

TEST_CASE("restored buffers of clipped buckets are never reused to render a full bucket", "[engine][resume]") {
  // A restored edge bucket's buffer holds only its clipped pixels; recycled into
  // the pool, the next full bucket rendered into it would overrun the heap.
  const auto scene = TestScene::from_repo("scenes/cornell-box.json");
  RenderSettings settings = scene->file.settings;
  settings.width = 66, settings.height = 34, settings.spp = 1;  // 16x16 buckets: a 2-wide column, a 2-high row
  const BucketSize size{16, 16};
  const RenderResult full = scene->render(settings, 1, size);
  const BucketGrid grid(settings.width, settings.height, size);
  for (Completion completion : {Completion::Unordered, Completion::Sequential}) {
    INFO(to_string(completion));
    std::vector<std::unique_ptr<BucketBuffer>> restored;
    ScheduleOptions s;
    s.threads = 1;
    s.bucket_size = size;
    s.completion = completion;
    s.scheduler = Scheduler::Dynamic;
    for (int id = 0; id < grid.count(); ++id) {
      const Bucket b = grid.bucket(id);
      if (b.rect.width == size.width && b.rect.height == size.height) {
        s.only_buckets.push_back(id);
        continue;
      }
      auto buffer = std::make_unique<BucketBuffer>();
      buffer->bucket = b;
      for (int y = b.rect.y; y < b.rect.y + b.rect.height; ++y)
        for (int x = b.rect.x; x < b.rect.x + b.rect.width; ++x) {
          const Vec3 c = full.image.pixel(x, y);
          buffer->rgb.insert(buffer->rgb.end(), {c.x, c.y, c.z});
        }
      buffer->rgb.shrink_to_fit();
      restored.push_back(std::move(buffer));
    }
    ImageSink sink;
    const RenderStats stats =
        render_buckets(scene->file.scene, *scene->accel, settings, s, sink, nullptr, std::move(restored));
    CHECK(stats.buckets_restored == 3 + 5 - 1);  // the last column and row
    CHECK(stats.buffers_peak <= stats.buffers_capacity + 1);
    REQUIRE(sink.image().data() == full.image.data());
  }
}

TEST_CASE("a bucket restored twice is refused", "[engine][resume]") {
  const auto scene = TestScene::from_repo("scenes/cornell-box.json");
  RenderSettings settings = scene->file.settings;
  settings.width = 16, settings.height = 16, settings.spp = 1;
  ScheduleOptions s;
  s.bucket_size = {8, 8};
  const BucketGrid grid(16, 16, s.bucket_size);
  std::vector<std::unique_ptr<BucketBuffer>> restored;
  for (int i = 0; i < 2; ++i) {
    restored.push_back(std::make_unique<BucketBuffer>());
    restored.back()->bucket = grid.bucket(2);
    restored.back()->rgb.assign(64 * 3, 0.0f);
  }
  ImageSink sink;
  CHECK_THROWS_WITH(render_buckets(scene->file.scene, *scene->accel, settings, s, sink, nullptr, std::move(restored)),
                    "restored bucket 2 given twice");
}
