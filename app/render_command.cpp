#include "app/render_command.h"

#include "accel/embree_device.h"
#include "accel/embree_scene.h"
#include "app/default_scene.h"
#include "app/progress.h"
#include "app/render_report.h"
#include "app/user_config.h"
#include "core/error.h"
#include "core/exr_stream_sink.h"
#include "core/parallel.h"
#include "core/render_loop.h"
#include "scene/scene_file.h"

#include <chrono>
#include <cstdio>
#include <memory>

namespace tessera {
namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::string stem_of(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  const size_t dot = name.find_last_of('.');
  return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

void parse_resolution(const std::string& text, RenderSettings& settings) {
  const size_t x = text.find('x');
  try {
    size_t used_w = 0, used_h = 0;
    const long w = std::stol(text.substr(0, x), &used_w);
    const long h = x == std::string::npos ? -1 : std::stol(text.substr(x + 1), &used_h);
    if (x != std::string::npos && used_w == x && used_h == text.size() - x - 1 && w >= 1 && h >= 1 && w <= 65536 &&
        h <= 65536) {
      settings.width = int(w), settings.height = int(h);
      return;
    }
  } catch (const std::exception&) {
  }
  throw Error("--resolution \"" + text + "\": expected WxH with each side in [1, 65536]");
}

}  // namespace

int run_render(const RenderCommand& cmd) {
  const auto command_start = Clock::now();
  const std::string output = cmd.output.empty()
      ? (cmd.scene_path.empty() ? std::string("cornell-box") : stem_of(cmd.scene_path)) + ".png"
      : cmd.output;
  // Every output path is checked before any work.
  image_format_for_path(output);
  if (!cmd.heatmap.empty()) image_format_for_path(cmd.heatmap);

  const auto load_start = Clock::now();
  SceneFile file = cmd.scene_path.empty() ? load_scene_text(kDefaultSceneJson, "cornell-box.json (built in)", "")
                                          : load_scene_file(cmd.scene_path);
  RenderSettings settings = file.settings;
  if (cmd.spp) settings.spp = *cmd.spp;
  if (cmd.max_depth) settings.max_depth = *cmd.max_depth;
  if (cmd.seed) settings.seed = *cmd.seed;
  if (cmd.resolution) parse_resolution(*cmd.resolution, settings);
  // Precedence: command line > scene file "render" block > TESSERA_* environment
  // variables > user config file > built-in defaults.
  SchedulingDefaults from_scene;
  from_scene.threads = file.threads;
  from_scene.bucket_size = file.bucket_size;
  const SchedulingDefaults defaults =
      overlay(from_scene, overlay(environment_defaults(), load_user_config(user_config_path())));
  ScheduleOptions schedule;
  schedule.threads = cmd.threads ? *cmd.threads : defaults.threads.value_or(0);
  schedule.bucket_size = cmd.bucket_size ? parse_bucket_size(*cmd.bucket_size) : defaults.bucket_size.value_or(BucketSize{});
  schedule.order = cmd.bucket_order ? parse_bucket_order(*cmd.bucket_order) : defaults.order.value_or(schedule.order);
  schedule.scheduler = cmd.scheduler ? parse_scheduler(*cmd.scheduler) : defaults.scheduler.value_or(schedule.scheduler);
  schedule.completion = cmd.completion ? parse_completion(*cmd.completion) : defaults.completion.value_or(schedule.completion);
  schedule.order_seed = settings.seed;
  PhaseTimes times;
  times.load = seconds_since(load_start);

  const int threads = resolve_thread_count(schedule.threads);
  schedule.threads = threads;
  ThreadLimit limit(threads);  // the BVH build obeys the thread count too

  const auto build_start = Clock::now();
  EmbreeDevice device;
  const EmbreeScene accel(device, file.scene.geometry);
  times.build = seconds_since(build_start);

  // EXR can stream: in sequential completion each finished row of buckets is
  // written as scanlines, and with --exr-tiled each bucket as a tile when it
  // finishes. Everything else goes through a full framebuffer.
  std::unique_ptr<BucketSink> stream;
  if (image_format_for_path(output) == ImageFormat::Exr) {
    if (cmd.exr_tiled)
      stream = std::make_unique<ExrTiledSink>(output, schedule.bucket_size, cmd.write_options.exr_half);
    else if (schedule.completion == Completion::Sequential)
      stream = std::make_unique<ExrScanlineSink>(output, cmd.write_options.exr_half);
  } else if (cmd.exr_tiled) {
    throw Error(output + ": --exr-tiled needs an .exr output");
  }
  ImageSink framebuffer;
  ProgressReporter progress(stderr, cmd.progress_tty);
  const RenderStats result = render_buckets(file.scene, accel, settings, schedule, stream ? *stream : framebuffer,
                                            cmd.quiet ? nullptr : &progress);
  times.render = result.seconds;

  const auto write_start = Clock::now();
  if (!stream) write_image(framebuffer.image(), output, cmd.write_options);
  times.write = seconds_since(write_start);  // streamed output was written during the render
  times.wall = seconds_since(command_start);
  read_process_usage(times);

  const BucketGrid grid(settings.width, settings.height, schedule.bucket_size);
  if (!cmd.stats_json.empty()) write_stats_json(cmd.stats_json, result, times, settings, schedule);
  if (!cmd.trace_json.empty()) write_trace_json(cmd.trace_json, result, grid);
  if (!cmd.heatmap.empty()) write_heatmap(cmd.heatmap, result, grid);

  if (!cmd.quiet) {
    std::printf("tessera: %dx%d, %d spp, max depth %d, %d thread%s, %dx%d buckets (%d), %s order, %s scheduler, %s "
                "completion | load %.3fs, bvh %.3fs, render %.3fs, write %.3fs | %.2f Mrays/s (%llu rays) | "
                "cpu %.2fs user %.2fs sys | peak RSS %.1f MiB | wrote %s\n",
                settings.width, settings.height, settings.spp, settings.max_depth, result.threads,
                result.threads == 1 ? "" : "s", schedule.bucket_size.width, schedule.bucket_size.height, result.buckets,
                to_string(schedule.order), to_string(schedule.scheduler), to_string(schedule.completion), times.load,
                times.build, times.render, times.write,
                result.seconds > 0 ? double(result.rays) / result.seconds * 1e-6 : 0.0,
                static_cast<unsigned long long>(result.rays), times.user_cpu, times.system_cpu, times.peak_rss_mib,
                output.c_str());
  }
  return 0;
}

}  // namespace tessera
