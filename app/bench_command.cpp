#include "app/bench_command.h"

#include "accel/embree_device.h"
#include "accel/embree_limit.h"
#include "accel/embree_scene.h"
#include "app/bench_report.h"
#include "app/cli_values.h"
#include "app/default_scene.h"
#include "app/machine_info.h"
#include "app/process_memory.h"
#include "app/render_report.h"
#include "core/base/atomic_file.h"
#include "core/base/error.h"
#include "core/base/warning.h"
#include "core/engine/parallel.h"
#include "core/engine/render_loop.h"
#include "scene/build_scene.h"
#include "scene/model.h"
#include "scene/scene_description.h"

#include <nlohmann/json.hpp>
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>

namespace tessera {
namespace {

double process_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

Timeline timeline_of(const RenderStats& stats) {
  Timeline t;
  t.seconds = stats.seconds;
  for (const BucketRecord& r : stats.records)
    if (r.rendered()) t.slices.push_back({r.id, r.thread, r.start, r.end});
  return t;
}

nlohmann::json read_json_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(path + ": cannot open bench report: " + std::strerror(errno));
  std::stringstream text;
  text << in.rdbuf();
  try {
    return nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(path + ": not JSON: " + e.what());
  }
}

void write_file(const std::string& path, const std::string& what, const std::string& text) {
  // Through a temporary file and a rename: a full disk is an error, never a truncated file.
  AtomicFileWriter out(path, what);
  out.write(text);
  out.commit();
}

int run_compare(const BenchCommand& cmd) {
  if (cmd.compare.size() != 2) throw Error("--compare takes two bench reports (JSON): A B");
  const BenchReport a = report_from_json(read_json_file(cmd.compare[0]), cmd.compare[0]);
  const BenchReport b = report_from_json(read_json_file(cmd.compare[1]), cmd.compare[1]);
  std::fputs(compare_reports(a, cmd.compare[0], b, cmd.compare[1]).c_str(), stdout);
  return 0;
}

}  // namespace

int run_bench(const BenchCommand& cmd) {
  if (!cmd.compare.empty()) return run_compare(cmd);
  // Every value of the sweep is checked before the scene is read.
  for (int t : cmd.threads) check_thread_request(t, "--threads");
  for (const std::string& bucket : cmd.bucket_sizes) parse_bucket_size(bucket);
  if (!cmd.resolution.empty()) parse_resolution(cmd.resolution);
  std::optional<SamplerKind> sampler;
  std::optional<FilterSpec> filter;
  try {
    if (!cmd.sampler.empty()) sampler = parse_sampler_kind(cmd.sampler);
  } catch (const Error& e) {
    throw Error(std::string("--sampler: ") + e.what());
  }
  try {
    if (!cmd.filter.empty()) filter = parse_filter(cmd.filter);
  } catch (const Error& e) {
    throw Error(std::string("--filter: ") + e.what());
  }
  // Before the sweep: a results path that cannot be written fails now, not after minutes of rendering.
  if (!cmd.json_path.empty()) check_output_path(cmd.json_path, "benchmark results");
  if (!cmd.csv_path.empty()) check_output_path(cmd.csv_path, "benchmark CSV");
  if (!cmd.html_path.empty()) check_output_path(cmd.html_path, "benchmark page");
  SceneDescription desc = cmd.scene_path.empty()
                             ? parse_scene_text(kDefaultSceneJson, "cornell-box.json (built in)", "")
                             : is_model_path(cmd.scene_path) ? bare_model_scene(cmd.scene_path)
                                                             : parse_scene_file(cmd.scene_path);
  if (cmd.spp > 0) set_film_value(desc, "spp", cmd.spp, "--spp");
  if (sampler) set_film_value(desc, "sampler", to_string(*sampler), "--sampler");
  if (filter) set_film_value(desc, "filter", to_string(*filter), "--filter");
  if (!cmd.resolution.empty()) {
    const Resolution r = parse_resolution(cmd.resolution);
    set_film_value(desc, "resolution", {r.width, r.height}, "--resolution");
  }
  const RenderSettings settings = desc.film;
  const RenderScene scene = build_scene(desc);
  EmbreeDevice device;
  const EmbreeScene accel(device, scene);

  BenchReport report;
  report.machine = describe_machine();
  report.scene = cmd.scene_path.empty() ? "cornell-box (built in)" : cmd.scene_path;
  report.timestamp = iso8601_utc_now();
  report.width = settings.width;
  report.height = settings.height;
  report.spp = settings.spp;
  report.max_depth = settings.max_depth;
  report.sampler = to_string(settings.sampler);
  report.filter = to_string(settings.filter);
  report.warmup = std::max(0, cmd.warmup);
  report.repeat = std::max(1, cmd.repeat);

  // Every configuration, checked and resolved before anything renders.
  struct Planned {
    ScheduleOptions schedule;
    BenchConfig config;
  };
  std::vector<Planned> plan;
  for (int t : cmd.threads) {
    std::string capped;  // warned once per thread count, not per configuration
    const int threads = resolve_thread_count(t, &capped);
    if (!capped.empty()) warn(capped);
    for (const std::string& sched : cmd.schedulers) {
      for (const std::string& bucket : cmd.bucket_sizes) {
        for (const std::string& order : cmd.orders) {
          Planned p;
          p.schedule.threads = threads;
          p.schedule.scheduler = parse_scheduler(sched);
          p.schedule.bucket_size = parse_bucket_size(bucket);
          p.schedule.order = parse_bucket_order(order);
          p.config.threads = p.schedule.threads;
          p.config.scheduler = sched;
          p.config.bucket_size = bucket;
          p.config.order = order;
          plan.push_back(std::move(p));
        }
      }
    }
  }

  std::printf("# %s: %dx%d, %d spp, max depth %d, %s sampler, %s filter; %d warm-up, median of %d\n# %s\n",
              report.scene.c_str(), settings.width, settings.height, settings.spp, settings.max_depth,
              report.sampler.c_str(), report.filter.c_str(), report.warmup, report.repeat,
              one_line(report.machine).c_str());
  // The warm-up: page faults, the thread pool and caches, outside every figure.
  for (int w = 0; w < report.warmup && !plan.empty(); ++w) {
    ImageSink sink(settings.aovs);  // a scene's film block may ask for AOVs
    render_buckets(scene, accel, settings, plan.front().schedule, sink);
    device.check("rendering");
  }
  std::fputs(table_header().c_str(), stdout);
  for (Planned& p : plan) {
    BenchConfig& c = p.config;
    reset_peak_rss();
    for (int r = 0; r < report.repeat; ++r) {
      ImageSink sink(settings.aovs);  // a scene's film block may ask for AOVs
      const double cpu_before = process_cpu_seconds();
      RenderStats stats = render_buckets(scene, accel, settings, p.schedule, sink);
      const double cpu = process_cpu_seconds() - cpu_before;
      device.check("rendering");
      const LoadBalance lb = summarize_load(stats);
      c.runs.push_back({stats.seconds, cpu, lb.mean_utilization, lb.imbalance});
      c.rays = stats.rays;
      if (r == 0 || stats.seconds < c.fastest.seconds) c.fastest = timeline_of(stats);
      if (r == 0 || stats.seconds > c.slowest.seconds) c.slowest = timeline_of(stats);
    }
    c.peak_rss_mib = double(peak_rss_bytes()) / (1024.0 * 1024.0);  // each configuration its own peak: reset above
    report.configs.push_back(c);
    finish_report(report);  // speedups so far, for the row just measured
    std::fputs(table_row(report.configs.back()).c_str(), stdout);
    std::fflush(stdout);
  }
  finish_report(report);
  if (cmd.limit) {
    std::vector<int> counts;
    for (const BenchConfig& c : report.configs)
      if (std::find(counts.begin(), counts.end(), c.threads) == counts.end()) counts.push_back(c.threads);
    for (int threads : counts) {
      LimitEntry entry;
      entry.embree = measure_embree_limit(accel, scene, settings.width, settings.height, threads, cmd.limit_seconds);
      device.check("measuring the Embree limit");
      for (const BenchConfig& c : report.configs)
        if (c.threads == threads) entry.renderer_mrays = std::max(entry.renderer_mrays, c.mrays_per_s);
      entry.fraction =
          entry.embree.mixed_single_mrays > 0 ? entry.renderer_mrays / entry.embree.mixed_single_mrays : 0.0;
      report.limits.push_back(entry);
    }
    std::fputs(limit_table(report).c_str(), stdout);
  }
  if (!cmd.json_path.empty()) write_file(cmd.json_path, "benchmark results", to_json(report).dump(1) + '\n');
  if (!cmd.csv_path.empty()) write_file(cmd.csv_path, "benchmark CSV", to_csv(report));
  if (!cmd.html_path.empty()) write_file(cmd.html_path, "benchmark page", to_html(report));
  return 0;
}

}  // namespace tessera
