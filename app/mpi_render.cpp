#include "app/mpi_render.h"
#include "app/output_metadata.h"

#include "core/image/aov_io.h"

#include "accel/embree_device.h"
#include "accel/embree_scene.h"
#include "app/progress.h"
#include "app/render_journal.h"
#include "core/journal/bucket_record.h"
#include "core/base/error.h"
#include "core/engine/parallel.h"

#include <mpi.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

namespace tessera {
namespace {

enum Tag : int { kRequest = 1, kWork = 2, kResult = 3, kTotals = 4 };

// A sink that keeps encoded records in memory for one batch; the main thread
// sends them once the batch is done (only main threads call MPI).
class RecordCollector final : public BucketSink {
 public:
  explicit RecordCollector(const RecordContext& context) : context_(context) {}
  void write_bucket(const BucketBuffer& b) override {
    const size_t at = bytes.size();
    bytes.resize(at + bucket_record_size(b.bucket.rect, context_.aovs));
    encode_bucket_record(b, context_, &bytes[at]);
  }
  std::vector<uint8_t> bytes;

 private:
  RecordContext context_;
};

// Hands out bucket ids in the render's order, a batch at a time. Thread-safe.
class Dispenser {
 public:
  explicit Dispenser(std::vector<int> order) : order_(std::move(order)) {}
  std::vector<int> take(size_t n) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopped_) return {};
    const size_t end = std::min(order_.size(), next_ + n);
    std::vector<int> batch(order_.begin() + long(next_), order_.begin() + long(end));
    next_ = end;
    return batch;
  }
  // Hand out nothing more (rank 0 failed).
  void stop() {
    std::lock_guard<std::mutex> lock(mutex_);
    stopped_ = true;
  }

 private:
  std::mutex mutex_;
  std::vector<int> order_;
  size_t next_ = 0;
  bool stopped_ = false;
};

struct RankTotals {
  double buckets = 0, rays = 0, seconds = 0, nonfinite_samples = 0;
};

void check(int rc, const char* what) {
  if (rc != MPI_SUCCESS) throw Error(std::string("MPI: ") + what + " failed");
}

// Wait for a message without spinning: Open MPI's blocking probe busy-polls a
// core that this machine's render threads need; a 200 us nap costs nothing here.
// Returns false, without a message, once `give_up` (if given) is true.
bool wait_for_message(int source, int tag, MPI_Status& status, const std::atomic<bool>* give_up = nullptr) {
  for (int ready = 0;;) {
    if (give_up && give_up->load()) return false;
    check(MPI_Iprobe(source, tag, MPI_COMM_WORLD, &ready, &status), "probe");
    if (ready) return true;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
}

// Render one batch with this process's threads; returns the encoded records.
// `interrupt` (optional) stops the batch early: its finished buckets are returned.
std::vector<uint8_t> render_batch(const PreparedRender& p, const RayQuery& accel, std::vector<int> batch,
                                  RankTotals& totals, const std::atomic<bool>* interrupt = nullptr) {
  ScheduleOptions schedule = p.schedule;
  schedule.only_buckets = std::move(batch);
  schedule.completion = Completion::Unordered;
  schedule.interrupt = interrupt;
  RecordCollector collector(p.journal_header.context());
  const RenderStats stats = render_buckets(*p.scene, accel, p.settings, schedule, collector);
  totals.buckets += double(stats.delivery_order.size());
  totals.rays += double(stats.rays);
  totals.seconds += stats.seconds;
  totals.nonfinite_samples += double(stats.nonfinite_samples);
  return std::move(collector.bytes);
}

int run_worker(const PreparedRender& p, const RayQuery& accel) {
  RankTotals totals;
  for (;;) {
    int threads = p.schedule.threads;
    check(MPI_Send(&threads, 1, MPI_INT, 0, kRequest, MPI_COMM_WORLD), "request");
    MPI_Status status;
    wait_for_message(0, kWork, status);
    int count = 0;
    MPI_Get_count(&status, MPI_INT, &count);
    std::vector<int> batch(size_t(std::max(count, 0)));
    check(MPI_Recv(batch.data(), count, MPI_INT, 0, kWork, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "receive work");
    if (batch.empty()) break;  // no buckets left
    const std::vector<uint8_t> records = render_batch(p, accel, std::move(batch), totals);
    check(MPI_Send(records.data(), int(records.size()), MPI_BYTE, 0, kResult, MPI_COMM_WORLD), "send buckets");
  }
  const double t[4] = {totals.buckets, totals.rays, totals.seconds, totals.nonfinite_samples};
  check(MPI_Send(t, 4, MPI_DOUBLE, 0, kTotals, MPI_COMM_WORLD), "send totals");
  return 0;
}

int run_boss(const RenderCommand& cmd, const PreparedRender& p, const RayQuery& accel, int ranks) {
  const BucketGrid grid(p.settings.width, p.settings.height, p.schedule.bucket_size);
  // Rank 0 journals every bucket it merges (--checkpoint): when a rank dies, Open
  // MPI aborts the whole job, and the job resumes from this journal, under mpirun
  // or in one process.
  RenderJournal journal;
  if (!cmd.checkpoint.empty())
    journal = open_render_journal(cmd.checkpoint, p.journal_header, cmd.resume, cmd.checkpoint_interval, cmd.quiet);
  ImageSink image(p.settings.aovs);
  image.begin(p.settings.width, p.settings.height);
  std::vector<uint8_t> arrived(size_t(grid.count()), 0);
  int done = 0;
  for (const auto& b : journal.restored) {
    image.write_bucket(*b);
    arrived[size_t(b->bucket.id)] = 1;
    ++done;
  }
  const int restored = done;
  journal.restored.clear();
  std::vector<int> order;
  for (int id : make_bucket_order(grid, p.schedule.order, p.schedule.order_seed))
    if (!arrived[size_t(id)]) order.push_back(id);
  Dispenser dispenser(std::move(order));

  std::mutex image_mutex;
  ProgressReporter progress(stderr, cmd.progress_tty);
  progress.count_restored(restored);  // so the ETA and Mrays/s are of the buckets rendered now
  const auto deliver_records = [&](const uint8_t* data, size_t size, const std::string& from) {
    size_t offset = 0;
    while (offset < size) {
      const size_t n = peek_bucket_record_size(data + offset, size - offset);
      if (n == 0 || n > size - offset) throw Error(from + ": truncated bucket record in a result message");
      BucketBuffer b;
      decode_bucket_record(data + offset, n, p.journal_header.context(), b, from);
      const int id = b.bucket.id;
      if (id < 0 || id >= grid.count()) throw Error(from + ": bucket " + std::to_string(id) + " is not in the image");
      std::lock_guard<std::mutex> lock(image_mutex);
      if (arrived[size_t(id)]) throw Error(from + ": bucket " + std::to_string(id) + " arrived twice");
      arrived[size_t(id)] = 1;
      image.write_bucket(b);
      if (journal.writer) journal.writer->append(b);
      ++done;
      if (!cmd.quiet) progress.on_bucket_done(BucketRecord{id, 0, 0, 0, b.rays}, done, grid.count());
      offset += n;
    }
  };

  // The boss renders too, on a thread of its own, in batches like any rank. If
  // either thread fails, the other stops: `abandon` interrupts the local batch,
  // `local_failed` ends the main thread's wait, and the local thread is always
  // joined before the error leaves this function (never std::terminate).
  RankTotals own;
  std::exception_ptr local_error;
  std::atomic<bool> abandon{false}, local_failed{false};
  const size_t batch_size = size_t(std::max(2, 2 * p.schedule.threads));
  std::thread local([&] {
    try {
      for (std::vector<int> batch = dispenser.take(batch_size); !batch.empty() && !abandon;
           batch = dispenser.take(batch_size)) {
        const std::vector<uint8_t> records = render_batch(p, accel, std::move(batch), own, &abandon);
        deliver_records(records.data(), records.size(), "rank 0");
      }
    } catch (...) {
      local_error = std::current_exception();
      local_failed = true;
    }
  });
  struct JoinLocal {
    std::thread& thread;
    Dispenser& dispenser;
    std::atomic<bool>& abandon;
    ~JoinLocal() {
      if (!thread.joinable()) return;
      abandon = true;  // only reached early on an error of the main thread
      dispenser.stop();
      thread.join();
    }
  } join_local{local, dispenser, abandon};

  const auto start = std::chrono::steady_clock::now();
  std::vector<RankTotals> totals(static_cast<size_t>(ranks));
  int active = ranks - 1, pending_totals = ranks - 1;
  std::vector<uint8_t> buffer;
  while (active > 0 || pending_totals > 0) {
    MPI_Status status;
    if (!wait_for_message(MPI_ANY_SOURCE, MPI_ANY_TAG, status, &local_failed)) break;
    const int from = status.MPI_SOURCE;
    if (status.MPI_TAG == kRequest) {
      int threads = 1;
      check(MPI_Recv(&threads, 1, MPI_INT, from, kRequest, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "receive request");
      // Small batches (about two buckets per thread) keep fast and slow ranks finishing together.
      const std::vector<int> batch = dispenser.take(size_t(std::max(2, 2 * std::min(threads, 4096))));
      check(MPI_Send(batch.data(), int(batch.size()), MPI_INT, from, kWork, MPI_COMM_WORLD), "send work");
      if (batch.empty()) --active;
    } else if (status.MPI_TAG == kResult) {
      int size = 0;
      MPI_Get_count(&status, MPI_BYTE, &size);
      buffer.resize(size_t(std::max(size, 0)));
      check(MPI_Recv(buffer.data(), size, MPI_BYTE, from, kResult, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "receive buckets");
      deliver_records(buffer.data(), buffer.size(), "rank " + std::to_string(from));
    } else if (status.MPI_TAG == kTotals) {
      double t[4];
      check(MPI_Recv(t, 4, MPI_DOUBLE, from, kTotals, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "receive totals");
      totals[size_t(from)] = {t[0], t[1], t[2], t[3]};
      --pending_totals;
    } else {
      throw Error("MPI: unexpected message tag " + std::to_string(status.MPI_TAG) + " from rank " + std::to_string(from));
    }
  }
  local.join();
  if (local_error) std::rethrow_exception(local_error);
  totals[0] = own;
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (done != grid.count())
    throw Error("MPI: " + std::to_string(grid.count() - done) + " buckets never arrived");
  if (journal.writer) journal.writer->flush();
  ImageWriteOptions options = cmd.write_options;
  options.metadata = render_metadata(cmd, p, p.schedule.threads, seconds);
  write_image_with_aovs(image.image(), image.aov(), p.output, options);

  if (!cmd.quiet) {
    double rays = 0, nonfinite = 0;
    for (const RankTotals& t : totals) rays += t.rays, nonfinite += t.nonfinite_samples;
    // Short lines, as a single-process render's summary (render_report.h).
    std::printf("tessera: %dx%d, %d spp, max depth %d, %s sampler, %s filter\n", p.settings.width, p.settings.height,
                p.settings.spp, p.settings.max_depth, to_string(p.settings.sampler), to_string(p.settings.filter).c_str());
    std::printf("tessera: %d MPI ranks x %d threads, %dx%d buckets (%d)\n", ranks, p.schedule.threads,
                p.schedule.bucket_size.width, p.schedule.bucket_size.height, grid.count());
    if (restored) std::printf("tessera: %d of %d buckets restored from the checkpoint\n", restored, grid.count());
    std::printf("tessera: render %.3fs, %.0f rays, %.2f Mrays/s, %.0f non-finite samples dropped\n", seconds, rays,
                rays / seconds * 1e-6, nonfinite);
    for (int r = 0; r < ranks; ++r)
      std::printf("tessera:   rank %d: %.0f buckets, %.0f rays, %.3fs rendering\n", r, totals[size_t(r)].buckets,
                  totals[size_t(r)].rays, totals[size_t(r)].seconds);
    std::printf("tessera: wrote %s\n", p.output.c_str());
  }
  return 0;
}

}  // namespace

bool mpi_supported() { return true; }

int run_mpi_render(const RenderCommand& cmd) {
  if (!cmd.shard.empty()) throw Error("--shard is not supported under mpirun (render the shard in one process)");
  if (!cmd.crop.empty() || !cmd.pixel_bounds.empty())
    throw Error("--crop and --pixel-bounds are not supported under mpirun yet (render the crop in one process)");
  if (cmd.exr_tiled || (cmd.completion && *cmd.completion == "sequential"))
    throw Error("streaming output (--exr-tiled, --completion sequential) is not supported under mpirun yet");
  int provided = 0;
  check(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "initialization");
  struct Finalize {
    ~Finalize() { MPI_Finalize(); }
  } finalize;
  int rank = 0, ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  try {
    const PreparedRender p = prepare_render(cmd);
    // Every rank loaded the scene itself: make sure they all see the same render.
    uint64_t fingerprint = p.journal_header.fingerprint, boss = fingerprint;
    MPI_Bcast(&boss, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
    if (boss != fingerprint)
      throw Error("MPI rank " + std::to_string(rank) + " loaded a different scene or settings than rank 0");
    ThreadLimit limit(p.schedule.threads);
    EmbreeDevice device;
    const EmbreeScene accel(device, *p.scene);
    return rank == 0 ? run_boss(cmd, p, accel, ranks) : run_worker(p, accel);
  } catch (const std::exception& e) {
    // One rank's error must not leave the others waiting forever.
    std::fprintf(stderr, "tessera: error: rank %d: %s\n", rank, e.what());
    MPI_Abort(MPI_COMM_WORLD, 1);
    return 1;
  }
}

}  // namespace tessera
