#pragma once
// The one header of ours that includes oneTBB, and the thread-count rules.

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <memory>
#include <string>

namespace tessera {

// The one rule for a requested thread count, whatever its source (--threads,
// the scene file's "render" block, TESSERA_THREADS, the user config file):
// an integer in [-kMaxThreadRequest, kMaxThreadRequest]. Returns it as an int;
// otherwise throws Error("<source>: <n> is out of range [-4096, 4096] ...")
// (no prefix when `source` is empty).
constexpr int kMaxThreadRequest = 4096;
int check_thread_request(long long requested, const std::string& source);

// Most threads a render runs: 4x the hardware threads, and never fewer than
// kMinThreadCap (so a test or a trace asking for 8 threads gets 8 on a small
// machine too). More only adds contention and memory (a bucket buffer each),
// and oneTBB crashes on huge counts, so a larger request is capped.
constexpr int kMinThreadCap = 16;
int max_thread_count();

// RenderMan / Arnold convention: 0 = every hardware thread, -n = all but n,
// n > 0 = exactly n. Never less than one, never more than max_thread_count():
// a capped request sets `*warning` (when given) to a one-line explanation.
int resolve_thread_count(int requested, std::string* warning = nullptr);

// Holds the process to `threads` worker threads while it lives: oneTBB's
// global_control caps the pool (Embree's BVH build included) and an arena of
// that size runs our loops, so a count above the core count is honoured too.
class ThreadLimit {
 public:
  explicit ThreadLimit(int threads);
  int threads() const { return threads_; }
  // Run `f` inside the arena.
  template <class F>
  void execute(F&& f) { arena_.execute(std::forward<F>(f)); }

 private:
  int threads_;
  tbb::global_control control_;
  tbb::task_arena arena_;
};

// The oneTBB library this process runs on ("2021.8", TBB_runtime_version()).
std::string tbb_version();

}  // namespace tessera
