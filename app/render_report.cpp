#include "app/render_report.h"

#include "app/build_info.h"
#include "app/heatmap_legend.h"
#include "core/base/atomic_file.h"
#include "core/base/error.h"
#include "core/image/image_io.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <ctime>
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

std::string printf_string(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
std::string printf_string(const char* fmt, ...) {
  char buf[512];
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, args);
  va_end(args);
  return buf;
}

}  // namespace

std::string iso8601_utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

HeatmapMode parse_heatmap_mode(const std::string& name) {
  if (name == "time") return HeatmapMode::Time;
  if (name == "rays") return HeatmapMode::Rays;
  throw Error("--heatmap-mode: unknown mode \"" + name + "\" (expected time or rays)");
}

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
  double cpu = 0;
  for (double c : stats.thread_cpu) cpu += c;
  lb.mean_cpu_utilization =
      stats.seconds > 0 && !stats.thread_cpu.empty() ? cpu / double(stats.thread_cpu.size()) / stats.seconds : 0.0;
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
                      const RenderSettings& settings, const ScheduleOptions& schedule, const ReportContext& context) {
  const LoadBalance lb = summarize_load(stats);
  nlohmann::json threads = nlohmann::json::array();
  for (size_t t = 0; t < stats.thread_busy.size(); ++t) {
    // utilization counts wall time inside buckets, cpu_utilization the CPU time
    // the thread got: on a shared machine the second is the lower, true one.
    const double cpu = t < stats.thread_cpu.size() ? stats.thread_cpu[t] : 0.0;
    threads.push_back({{"thread", t}, {"busy_s", stats.thread_busy[t]}, {"cpu_s", cpu},
                       {"utilization", stats.seconds > 0 ? stats.thread_busy[t] / stats.seconds : 0.0},
                       {"cpu_utilization", stats.seconds > 0 ? cpu / stats.seconds : 0.0}});
  }
  const nlohmann::json json = {
      {"schema_version", kStatsSchemaVersion},
      {"tessera", {{"version", tessera_version()}, {"git_hash", tessera_git_hash()}}},
      {"timestamp", iso8601_utc_now()},
      {"scene", context.scene},
      {"output", context.output},
      {"settings", {{"resolution", {settings.width, settings.height}}, {"spp", settings.spp},
                    {"max_depth", settings.max_depth}, {"seed", settings.seed},
                    {"sampler", to_string(settings.sampler)}, {"filter", to_string(settings.filter)}}},
      {"schedule", {{"threads", stats.threads}, {"bucket_size", {schedule.bucket_size.width, schedule.bucket_size.height}},
                    {"bucket_order", to_string(schedule.order)}, {"scheduler", to_string(schedule.scheduler)},
                    {"completion", to_string(schedule.completion)}, {"buckets", stats.buckets},
                    {"buckets_in_render", stats.delivery_order.size()}}},  // a crop's or shard's; restored ones included
      {"time_s", {{"load", times.load}, {"build", times.build}, {"render", times.render}, {"write", times.write},
                  {"wall", times.wall}, {"user_cpu", times.user_cpu}, {"system_cpu", times.system_cpu}}},
      {"rays", stats.rays},
      {"nonfinite_samples", stats.nonfinite_samples},  // dropped: NaN or infinite radiance
      {"mrays_per_s", stats.seconds > 0 ? double(stats.rays) / stats.seconds * 1e-6 : 0.0},
      {"peak_rss_mib", times.peak_rss_mib},
      {"load_peak_rss_bytes", times.load_peak_rss_bytes},
      {"mesh_bytes", times.mesh_bytes},
      {"threads", threads},
      {"mean_utilization", lb.mean_utilization},
      {"mean_cpu_utilization", lb.mean_cpu_utilization},
      {"load_imbalance", lb.imbalance},
      {"bucket_time_s", {{"min", lb.bucket_min}, {"median", lb.bucket_median}, {"max", lb.bucket_max}}},
      {"queue", {{"capacity", stats.queue_capacity}, {"peak", stats.queue_peak}}},
      {"bucket_buffers", {{"peak", stats.buffers_peak}, {"capacity", stats.buffers_capacity}}},
  };
  write_json_file(path, json, "statistics");
}

void write_trace_json(const std::string& path, const RenderStats& stats, const BucketGrid& grid,
                      const PhaseTimes* times, const ReportContext& context) {
  nlohmann::json events = nlohmann::json::array();
  const int main_track = int(stats.thread_busy.size());  // after the workers' tracks
  events.push_back({{"ph", "M"}, {"name", "process_name"}, {"pid", 1},
                    {"args", {{"name", context.command.empty() ? std::string("tessera render") : context.command}}}});
  for (size_t t = 0; t < stats.thread_busy.size(); ++t)
    events.push_back({{"ph", "M"}, {"name", "thread_name"}, {"pid", 1}, {"tid", t},
                      {"args", {{"name", "worker " + std::to_string(t)}}}});
  // Buckets are timed from the render loop's start; with phases, from the command's.
  const double origin = times ? times->render_at : 0.0;
  if (times) {
    events.push_back({{"ph", "M"}, {"name", "thread_name"}, {"pid", 1}, {"tid", main_track}, {"args", {{"name", "main"}}}});
    const struct {
      const char* name;
      double at, seconds;
    } phases[] = {{"load", times->load_at, times->load},
                  {"bvh build", times->build_at, times->build},
                  {"render", times->render_at, times->render},
                  {"write", times->write_at, times->write}};
    for (const auto& phase : phases)
      events.push_back({{"name", phase.name}, {"cat", "phase"}, {"ph", "X"}, {"pid", 1}, {"tid", main_track},
                        {"ts", phase.at * 1e6}, {"dur", phase.seconds * 1e6}});
    events[events.size() - 4]["args"] = {{"peak_rss_growth_bytes", times->load_peak_rss_bytes},
                                         {"mesh_bytes", times->mesh_bytes}};  // the load phase
  }
  for (const BucketRecord& r : stats.records) {
    if (!r.rendered()) continue;  // restored or another shard's: not on any track
    const Bucket b = grid.bucket(r.id);
    events.push_back({{"name", "bucket " + std::to_string(r.id)}, {"cat", "bucket"}, {"ph", "X"}, {"pid", 1},
                      {"tid", r.thread}, {"ts", (origin + r.start) * 1e6}, {"dur", (r.end - r.start) * 1e6},
                      {"args", {{"id", r.id}, {"x", b.rect.x}, {"y", b.rect.y}, {"width", b.rect.width},
                                {"height", b.rect.height}, {"rays", r.rays},
                                {"nonfinite_samples", r.nonfinite_samples}}}});
  }
  write_json_file(path, {{"traceEvents", events}, {"displayTimeUnit", "ms"}}, "trace");
}

void write_heatmap(const std::string& path, const RenderStats& stats, const BucketGrid& grid, HeatmapMode mode) {
  image_format_for_path(path);
  // Cost per pixel, so clipped edge buckets compare fairly with full ones.
  const auto cost = [&](const BucketRecord& r) {
    const double area = double(grid.bucket(r.id).rect.area());
    return mode == HeatmapMode::Rays ? double(r.rays) / area : bucket_seconds(r) / area;
  };
  double max_cost = 0;
  for (const BucketRecord& r : stats.records)
    if (r.rendered()) max_cost = std::max(max_cost, cost(r));
  Image heat(grid.width(), grid.height() + heatmap_legend_height(grid.width()));  // unrendered buckets stay black
  for (const BucketRecord& r : stats.records) {
    if (!r.rendered()) continue;
    const Bucket b = grid.bucket(r.id);
    const Vec3 c = heat_colour(max_cost > 0 ? float(cost(r) / max_cost) : 0.0f);
    for (int y = b.rect.y; y < b.rect.y + b.rect.height; ++y)
      for (int x = b.rect.x; x < b.rect.x + b.rect.width; ++x) heat.set_pixel(x, y, c);
  }
  // Time in microseconds per pixel; rays per pixel as they are.
  const std::string label = printf_string("%.3g", mode == HeatmapMode::Rays ? max_cost : max_cost * 1e6);
  draw_heatmap_legend(heat, grid.height(), heat_colour, label, mode == HeatmapMode::Rays ? "rays/px" : "us/px");
  write_image(heat, path);
}

std::string format_render_summary(const RenderStats& stats, const PhaseTimes& times, const RenderSettings& settings,
                                  const ScheduleOptions& schedule, const std::string& output) {
  const LoadBalance lb = summarize_load(stats);
  std::string out;
  out += printf_string("tessera: %dx%d, %d spp, max depth %d, %s sampler, %s filter\n", settings.width,
                       settings.height, settings.spp, settings.max_depth, to_string(settings.sampler),
                       to_string(settings.filter).c_str());
  // Completion is named only when not the default, to keep the line short.
  // A crop or a shard renders a subset of the image's buckets: "(64 of 300)".
  const int in_render = int(stats.delivery_order.size());
  const std::string count = in_render < stats.buckets ? printf_string("%d of %d", in_render, stats.buckets)
                                                      : std::to_string(stats.buckets);
  out += printf_string("tessera: %d thread%s, %dx%d buckets (%s), %s order, %s scheduler%s\n", stats.threads,
                       stats.threads == 1 ? "" : "s", schedule.bucket_size.width, schedule.bucket_size.height,
                       count.c_str(), to_string(schedule.order), to_string(schedule.scheduler),
                       schedule.completion == Completion::Sequential ? ", sequential completion" : "");
  if (stats.buckets_restored > 0)
    out += printf_string("tessera: %d of %d buckets restored from the checkpoint, %d rendered\n", stats.buckets_restored,
                         stats.buckets, int(stats.delivery_order.size()) - stats.buckets_restored);
  out += printf_string("tessera: time: load %.3fs, bvh %.3fs, render %.3fs, write %.3fs\n", times.load, times.build,
                       times.render, times.write);
  out += printf_string("tessera: %llu rays, %.2f Mrays/s, %llu non-finite samples dropped\n",
                       static_cast<unsigned long long>(stats.rays),
                       stats.seconds > 0 ? double(stats.rays) / stats.seconds * 1e-6 : 0.0,
                       static_cast<unsigned long long>(stats.nonfinite_samples));
  out += printf_string("tessera: cpu %.2fs user, %.2fs sys, threads %.0f%% busy; peak RSS %.1f MiB\n", times.user_cpu,
                       times.system_cpu, 100.0 * lb.mean_cpu_utilization, times.peak_rss_mib);
  out += "tessera: wrote " + output + "\n";
  return out;
}

}  // namespace tessera
