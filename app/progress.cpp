#include "app/progress.h"

#include <string>

namespace tessera {

ProgressReporter::ProgressReporter(std::FILE* out, bool interactive)
    : out_(out), interactive_(interactive), start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

void ProgressReporter::on_bucket_done(const BucketRecord& record, int done, int total) {
  rays_ += record.rays;
  const auto now = std::chrono::steady_clock::now();
  if (interactive_) {
    // Redraw at most ten times a second, and always at the end.
    if (done == total || now - last_draw_ >= std::chrono::milliseconds(100)) {
      last_draw_ = now;
      print(done, total, done == total);
    }
  } else if (done * 10 >= next_decile_ * total) {
    while (done * 10 >= next_decile_ * total) ++next_decile_;
    print(done, total, true);
  }
}

void ProgressReporter::print(int done, int total, bool final_line) {
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double fraction = total > 0 ? double(done) / total : 1.0;
  const double eta = done > 0 ? elapsed * (1.0 - fraction) / fraction : 0.0;
  const double mrays = elapsed > 0 ? double(rays_) / elapsed * 1e-6 : 0.0;
  if (interactive_) {
    const int width = 30, filled = int(fraction * width);
    std::fprintf(out_, "\r[%s%s] %d/%d buckets %3d%%  elapsed %.1fs  ETA %.1fs  %.1f Mrays/s%s",
                 std::string(size_t(filled), '#').c_str(), std::string(size_t(width - filled), ' ').c_str(), done,
                 total, int(fraction * 100), elapsed, eta, mrays, final_line && done == total ? "\n" : "");
  } else {
    std::fprintf(out_, "tessera: %3d%% (%d/%d buckets), elapsed %.1fs, ETA %.1fs, %.1f Mrays/s\n",
                 int(fraction * 100), done, total, elapsed, eta, mrays);
  }
  std::fflush(out_);
}

}  // namespace tessera
