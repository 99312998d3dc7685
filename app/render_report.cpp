#include "app/render_report.h"

#include "core/base/atomic_file.h"
#include "core/base/error.h"
#include "core/image/image_io.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <sys/resource.h>

namespace tessera {
namespace {

// Through a temporary file and a rename, as images are: a full disk leaves the
// previous report in place and an error naming the file and the reason.
void write_json_file(const std::string& path, const nlohmann::json& json, const std::string& what) {
  AtomicFileWriter out(path, what);
  out.write(json.dump(1) + '\n');
  out.commit();
}

double bucket_seconds(const BucketRecord& r) { return r.end - r.start; }

// Black -> red -> yellow -> white: cheap buckets dark, expensive ones bright.
Vec3 heat_colour(float t) {
  t = std::clamp(t, 0.0f, 1.0f);
  return {std::min(1.0f, 3.0f * t), std::clamp(3.0f * t - 1.0f, 0.0f, 1.0f), std::clamp(3.0f * t - 2.0f, 0.0f, 1.0f)};
}

}  // namespace

LoadBalance summarize_load(const RenderStats& stats) {
  LoadBalance lb;
  std::vector<double> times;
  times.reserve(stats.records.size());
  for (const BucketRecord& r : stats.records)
    if (r.rendered()) times.push_back(bucket_seconds(r));  // restored and foreign buckets took no time here
  if (!times.empty()) {
    std::sort(times.begin(), times.end());
    lb.bucket_min = times.front();
    lb.bucket_max = times.back();
    lb.bucket_median = times[times.size() / 2];
  }
  double sum = 0, max_busy = 0;
  for (double b : stats.thread_busy) sum += b, max_busy = std::max(max_busy, b);
  const double mean = stats.thread_busy.empty() ? 0 : sum / double(stats.thread_busy.size());
  lb.imbalance = mean > 0 ? max_busy / mean : 1.0;
  lb.mean_utilization = stats.seconds > 0 ? mean / stats.seconds : 0.0;
  return lb;
}

void read_process_usage(PhaseTimes& times) {
  rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  times.user_cpu = double(usage.ru_utime.tv_sec) + double(usage.ru_utime.tv_usec) * 1e-6;
  times.system_cpu = double(usage.ru_stime.tv_sec) + double(usage.ru_stime.tv_usec) * 1e-6;
  times.peak_rss_mib = double(usage.ru_maxrss) / 1024.0;  // KiB on Linux
}

void write_stats_json(const std::string& path, const RenderStats& stats, const PhaseTimes& times,
                      const RenderSettings& settings, const ScheduleOptions& schedule) {
  const LoadBalance lb = summarize_load(stats);
  nlohmann::json threads = nlohmann::json::array();
  for (size_t t = 0; t < stats.thread_busy.size(); ++t)
    threads.push_back({{"thread", t}, {"busy_s", stats.thread_busy[t]},
                       {"utilization", stats.seconds > 0 ? stats.thread_busy[t] / stats.seconds : 0.0}});
  const nlohmann::json json = {
      {"settings", {{"resolution", {settings.width, settings.height}}, {"spp", settings.spp},
                    {"max_depth", settings.max_depth}, {"seed", settings.seed},
                    {"sampler", to_string(settings.sampler)}, {"filter", to_string(settings.filter)}}},
      {"schedule", {{"threads", stats.threads}, {"bucket_size", {schedule.bucket_size.width, schedule.bucket_size.height}},
                    {"bucket_order", to_string(schedule.order)}, {"scheduler", to_string(schedule.scheduler)},
                    {"completion", to_string(schedule.completion)}, {"buckets", stats.buckets}}},
      {"time_s", {{"load", times.load}, {"build", times.build}, {"render", times.render}, {"write", times.write},
                  {"wall", times.wall}, {"user_cpu", times.user_cpu}, {"system_cpu", times.system_cpu}}},
      {"rays", stats.rays},
      {"nonfinite_samples", stats.nonfinite_samples},  // dropped: NaN or infinite radiance
      {"mrays_per_s", stats.seconds > 0 ? double(stats.rays) / stats.seconds * 1e-6 : 0.0},
      {"peak_rss_mib", times.peak_rss_mib},
      {"threads", threads},
      {"mean_utilization", lb.mean_utilization},
      {"load_imbalance", lb.imbalance},
      {"bucket_time_s", {{"min", lb.bucket_min}, {"median", lb.bucket_median}, {"max", lb.bucket_max}}},
      {"queue", {{"capacity", stats.queue_capacity}, {"peak", stats.queue_peak}}},
      {"bucket_buffers", {{"peak", stats.buffers_peak}, {"capacity", stats.buffers_capacity}}},
  };
  write_json_file(path, json, "statistics");
}

void write_trace_json(const std::string& path, const RenderStats& stats, const BucketGrid& grid) {
  nlohmann::json events = nlohmann::json::array();
  for (size_t t = 0; t < stats.thread_busy.size(); ++t)
    events.push_back({{"ph", "M"}, {"name", "thread_name"}, {"pid", 1}, {"tid", t},
                      {"args", {{"name", "worker " + std::to_string(t)}}}});
  for (const BucketRecord& r : stats.records) {
    if (!r.rendered()) continue;  // restored or another shard's: not on any track
    const Bucket b = grid.bucket(r.id);
    events.push_back({{"name", "bucket " + std::to_string(r.id)}, {"cat", "bucket"}, {"ph", "X"}, {"pid", 1},
                      {"tid", r.thread}, {"ts", r.start * 1e6}, {"dur", (r.end - r.start) * 1e6},
                      {"args", {{"id", r.id}, {"x", b.rect.x}, {"y", b.rect.y}, {"width", b.rect.width},
                                {"height", b.rect.height}, {"rays", r.rays},
                                {"nonfinite_samples", r.nonfinite_samples}}}});
  }
  write_json_file(path, {{"traceEvents", events}, {"displayTimeUnit", "ms"}}, "trace");
}

void write_heatmap(const std::string& path, const RenderStats& stats, const BucketGrid& grid) {
  image_format_for_path(path);
  // Cost per pixel, so clipped edge buckets compare fairly with full ones.
  double max_cost = 0;
  for (const BucketRecord& r : stats.records)
    if (r.rendered()) max_cost = std::max(max_cost, bucket_seconds(r) / double(grid.bucket(r.id).rect.area()));
  Image heat(grid.width(), grid.height());  // buckets not rendered by this run stay black
  for (const BucketRecord& r : stats.records) {
    if (!r.rendered()) continue;
    const Bucket b = grid.bucket(r.id);
    const Vec3 c = heat_colour(max_cost > 0 ? float(bucket_seconds(r) / double(b.rect.area()) / max_cost) : 0.0f);
    for (int y = b.rect.y; y < b.rect.y + b.rect.height; ++y)
      for (int x = b.rect.x; x < b.rect.x + b.rect.width; ++x) heat.set_pixel(x, y, c);
  }
  write_image(heat, path);
}

}  // namespace tessera
