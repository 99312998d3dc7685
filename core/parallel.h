#pragma once
// The one header of ours that includes oneTBB, and the thread-count rules.

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <memory>

namespace tessera {

// RenderMan / Arnold convention: 0 = every hardware thread, -n = all but n,
// n > 0 = exactly n. Never less than one.
int resolve_thread_count(int requested);

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

}  // namespace tessera
