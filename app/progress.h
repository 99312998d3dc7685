#pragma once
// Progress: the render's progress on stderr. A redrawn bar when stderr is a
// terminal, fitted to its width and cleared on each redraw (so a narrow
// terminal never scrolls); otherwise one plain line per 10%, which reads well
// in farm logs. Buckets restored from a journal (--resume) are counted apart:
// the ETA and Mrays/s are of the work this run does.

#include "core/engine/render_loop.h"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace tessera {

// What a progress line shows.
struct ProgressSnapshot {
  int done = 0, total = 0;  // buckets delivered (restored included), of all to deliver
  int restored = 0;         // of `done`: restored from a journal, not rendered by this run
  double elapsed = 0;       // seconds since the render started
  uint64_t rays = 0;        // rays traced by this run
  // Seconds left at the rate of this run's rendered buckets; < 0 = unknown yet.
  double eta() const;
  double mrays_per_second() const { return elapsed > 0 ? double(rays) / elapsed * 1e-6 : 0.0; }
};

// "12.3s", "4m05s", "2h07m".
std::string format_duration(double seconds);

// The terminal line: at most `columns` - 1 characters (the last column would
// wrap on some terminals), fields dropped (elapsed, restored, the bar, buckets,
// Mrays/s; the percentage and the ETA last) until it fits. The bar takes
// 10 to 30 cells.
std::string format_progress_bar(const ProgressSnapshot& s, int columns);

// The log line: "tessera:  50% (32/64 buckets), elapsed 1.0s, ETA 1.0s, 1.2 Mrays/s".
std::string format_progress_line(const ProgressSnapshot& s);

// Width of the terminal on `fd` (TIOCGWINSZ), else $COLUMNS, else 80.
int terminal_columns(int fd);

class ProgressReporter final : public RenderObserver {
 public:
  // `interactive`: redraw one line in place (a terminal) instead of printing lines.
  ProgressReporter(std::FILE* out, bool interactive);
  void on_bucket_done(const BucketRecord& record, int done, int total) override;
  // Count `n` buckets as restored without a call each (MPI: the boss restores
  // them before any arrives). Later `done` counts include them.
  void count_restored(int n) { restored_ += n; }
  // End a redrawn line left without its newline (an interrupted render), so
  // the next message starts on a line of its own. Nothing when none is open.
  void end_line();

 private:
  void print(int done, int total);
  std::FILE* out_;
  bool interactive_;
  std::chrono::steady_clock::time_point start_, last_draw_;
  uint64_t rays_ = 0;
  int restored_ = 0;
  int next_decile_ = 1;
  bool line_open_ = false;  // a redrawn line without its newline is on the terminal
};

}  // namespace tessera
