#pragma once
// Progress: the render's progress on stderr. A redrawn bar when stderr is a
// terminal; otherwise one line per 10%, which reads well in farm logs.

#include "core/engine/render_loop.h"

#include <chrono>
#include <cstdio>

namespace tessera {

class ProgressReporter final : public RenderObserver {
 public:
  // `interactive`: redraw one line in place (a terminal) instead of printing lines.
  ProgressReporter(std::FILE* out, bool interactive);
  void on_bucket_done(const BucketRecord& record, int done, int total) override;

 private:
  void print(int done, int total, bool final_line);
  std::FILE* out_;
  bool interactive_;
  std::chrono::steady_clock::time_point start_, last_draw_;
  uint64_t rays_ = 0;
  int next_decile_ = 1;
};

}  // namespace tessera
