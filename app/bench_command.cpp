#include "app/bench_command.h"
#include "app/cli_values.h"

#include "accel/embree_device.h"
#include "accel/embree_scene.h"
#include "app/default_scene.h"
#include "app/render_report.h"
#include "core/base/atomic_file.h"
#include "core/base/error.h"
#include "core/engine/parallel.h"
#include "core/engine/render_loop.h"
#include "core/base/warning.h"
#include "scene/build_scene.h"
#include "scene/model.h"
#include "scene/scene_description.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <optional>

namespace tessera {

int run_bench(const BenchCommand& cmd) {
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
  if (!cmd.json_path.empty()) check_output_path(cmd.json_path, "benchmark results");  // before the sweep
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

  std::printf("# %s: %dx%d, %d spp, max depth %d, %s sampler, %s filter; best of %d\n",
              cmd.scene_path.empty() ? "cornell-box (built in)" : cmd.scene_path.c_str(), settings.width,
              settings.height, settings.spp, settings.max_depth, to_string(settings.sampler),
              to_string(settings.filter).c_str(), cmd.repeat);
  std::printf("%-8s %-9s %-7s %-9s %9s %8s %10s %9s %10s\n", "threads", "scheduler", "bucket", "order", "render_s",
              "util", "imbalance", "Mrays/s", "speedup");
  nlohmann::json results = nlohmann::json::array();
  double baseline = 0;  // the first configuration's time, for the speedup column
  for (int t : cmd.threads) {
    for (const std::string& sched : cmd.schedulers) {
      for (const std::string& bucket : cmd.bucket_sizes) {
        for (const std::string& order : cmd.orders) {
          ScheduleOptions schedule;
          std::string capped;
          schedule.threads = resolve_thread_count(t, &capped);
          if (!capped.empty()) warn(capped);
          schedule.scheduler = parse_scheduler(sched);
          schedule.bucket_size = parse_bucket_size(bucket);
          schedule.order = parse_bucket_order(order);
          RenderStats best;
          for (int r = 0; r < std::max(1, cmd.repeat); ++r) {
            ImageSink sink;
            RenderStats stats = render_buckets(scene, accel, settings, schedule, sink);
            device.check("rendering");
            if (r == 0 || stats.seconds < best.seconds) best = std::move(stats);
          }
          if (baseline == 0) baseline = best.seconds;
          const LoadBalance lb = summarize_load(best);
          const double mrays = double(best.rays) / best.seconds * 1e-6;
          std::printf("%-8d %-9s %-7s %-9s %9.3f %7.1f%% %10.3f %9.2f %9.2fx\n", best.threads, sched.c_str(),
                      bucket.c_str(), order.c_str(), best.seconds, 100.0 * lb.mean_utilization, lb.imbalance, mrays,
                      baseline / best.seconds);
          std::fflush(stdout);
          results.push_back({{"threads", best.threads}, {"scheduler", sched}, {"bucket_size", bucket}, {"order", order},
                             {"render_s", best.seconds}, {"mean_utilization", lb.mean_utilization},
                             {"load_imbalance", lb.imbalance}, {"mrays_per_s", mrays}, {"rays", best.rays}});
        }
      }
    }
  }
  if (!cmd.json_path.empty()) {
    // Through a temporary file and a rename: a full disk is an error, never a truncated file.
    AtomicFileWriter out(cmd.json_path, "benchmark results");
    out.write(nlohmann::json{{"settings", {{"resolution", {settings.width, settings.height}}, {"spp", settings.spp},
                                           {"sampler", to_string(settings.sampler)}, {"filter", to_string(settings.filter)}}},
                             {"results", results}}.dump(1) + '\n');
    out.commit();
  }
  return 0;
}

}  // namespace tessera
