#include "app/progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

namespace tessera {
namespace {

std::string format(const char* fmt, double a) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, a);
  return buf;
}

}  // namespace

double ProgressSnapshot::eta() const {
  const int rendered = done - restored, left = total - done;
  if (left <= 0) return 0;
  if (rendered <= 0 || elapsed <= 0) return -1;
  return elapsed * double(left) / double(rendered);
}

std::string format_duration(double seconds) {
  if (!(seconds >= 0)) return "?";
  if (seconds < 59.95) return format("%.1fs", seconds);
  const long s = long(seconds + 0.5);
  char buf[32];
  if (s < 3600) std::snprintf(buf, sizeof buf, "%ldm%02lds", s / 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%ldh%02ldm", s / 3600, (s % 3600) / 60);
  return buf;
}

std::string format_progress_bar(const ProgressSnapshot& s, int columns) {
  const int limit = std::max(1, columns - 1);
  const double fraction = s.total > 0 ? double(s.done) / s.total : 1.0;
  const int percent = int(fraction * 100);
  // Fields in display order, each with its priority (higher survives longer).
  // The bar ("" here) needs at least kMinCells cells and grows to kMaxCells.
  constexpr int kMinCells = 10, kMaxCells = 30;
  struct Field {
    std::string text;
    int priority;
    bool bar = false;
  };
  const double eta = s.eta();
  std::vector<Field> fields = {
      {"", 3, true},
      {format("%3.0f%%", double(percent)), 7},
      {std::to_string(s.done) + "/" + std::to_string(s.total) + " buckets", 4},
      {"ETA " + (eta < 0 ? std::string("?") : format_duration(eta)), 6},
      {format("%.1f Mrays/s", s.mrays_per_second()), 5},
      {"elapsed " + format_duration(s.elapsed), 1},
  };
  if (s.restored > 0) fields.push_back({"(" + std::to_string(s.restored) + " restored)", 2});
  const auto join = [&](int cells) {
    std::string line;
    for (const Field& f : fields)
      if (!f.bar) line += (line.empty() ? "" : "  ") + f.text;
    if (fields.front().bar) {
      const int filled = std::clamp(int(fraction * cells), 0, cells);
      line = "[" + std::string(size_t(filled), '#') + std::string(size_t(cells - filled), ' ') + "] " + line;
    }
    return line;
  };
  while (int(join(kMinCells).size()) > limit && fields.size() > 1)
    fields.erase(std::min_element(fields.begin(), fields.end(),
                                  [](const Field& a, const Field& b) { return a.priority < b.priority; }));
  const bool has_bar = fields.front().bar;
  int cells = kMinCells;
  while (has_bar && cells < kMaxCells && int(join(cells + 1).size()) <= limit) ++cells;
  std::string line = join(cells);
  if (int(line.size()) > limit) line.resize(size_t(limit));
  return line;
}

std::string format_progress_line(const ProgressSnapshot& s) {
  const double fraction = s.total > 0 ? double(s.done) / s.total : 1.0;
  char buf[256];
  std::snprintf(buf, sizeof buf, "tessera: %3d%% (%d/%d buckets%s%s), elapsed %s, ETA %s, %.1f Mrays/s",
                int(fraction * 100), s.done, s.total, s.restored > 0 ? ", restored " : "",
                s.restored > 0 ? std::to_string(s.restored).c_str() : "", format_duration(s.elapsed).c_str(),
                format_duration(s.eta()).c_str(), s.mrays_per_second());
  return buf;
}

int terminal_columns(int fd) {
  winsize size{};
  if (ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  if (const char* env = std::getenv("COLUMNS")) {
    char* end = nullptr;
    const long n = std::strtol(env, &end, 10);
    if (end != env && *end == '\0' && n > 0 && n < 10000) return int(n);
  }
  return 80;
}

ProgressReporter::ProgressReporter(std::FILE* out, bool interactive)
    : out_(out), interactive_(interactive), start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

void ProgressReporter::on_bucket_done(const BucketRecord& record, int done, int total) {
  if (record.rendered()) rays_ += record.rays;
  else ++restored_;  // restored from a journal: no time spent, no rays traced here
  const auto now = std::chrono::steady_clock::now();
  if (interactive_) {
    // Redraw at most ten times a second, and always at the end.
    if (done == total || now - last_draw_ >= std::chrono::milliseconds(100)) {
      last_draw_ = now;
      print(done, total);
    }
  } else if (done * 10 >= next_decile_ * total) {
    while (done * 10 >= next_decile_ * total) ++next_decile_;
    print(done, total);
  }
}

void ProgressReporter::end_line() {
  if (!line_open_) return;
  std::fputc('\n', out_);
  std::fflush(out_);
  line_open_ = false;
}

void ProgressReporter::print(int done, int total) {
  ProgressSnapshot s;
  s.done = done, s.total = total, s.restored = restored_, s.rays = rays_;
  s.elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (interactive_) {
    // Back to column 0, the line, then erase what a longer earlier line left.
    std::fprintf(out_, "\r%s\x1b[K%s", format_progress_bar(s, terminal_columns(fileno(out_))).c_str(),
                 done == total ? "\n" : "");
    line_open_ = done != total;
  } else {
    std::fprintf(out_, "%s\n", format_progress_line(s).c_str());
  }
  std::fflush(out_);
}

}  // namespace tessera
