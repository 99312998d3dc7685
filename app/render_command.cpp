#include "app/render_command.h"
#include "app/cli_values.h"
#include "app/crop_window.h"
#include "app/output_metadata.h"

#include "accel/embree_device.h"
#include "accel/embree_scene.h"
#include "app/default_scene.h"
#include "app/distinct_paths.h"
#include "app/process_memory.h"
#include "app/progress.h"
#include "app/render_journal.h"
#include "app/render_report.h"
#include "app/interrupt.h"
#include "app/user_config.h"
#include "core/base/atomic_file.h"
#include "core/journal/bucket_journal.h"
#include "core/base/error.h"
#include "core/image/aov_io.h"
#include "core/image/exr_stream_sink.h"
#include "core/engine/parallel.h"
#include "core/engine/render_loop.h"
#include "core/base/warning.h"
#include "scene/build_scene.h"
#include "scene/model.h"
#include "scene/scene_description.h"

#include <algorithm>
#include <charconv>
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

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// "K/N" with 0 <= K < N <= 1000000, decimal digits only (sscanf's %d would
// overflow silently and skip spaces).
void parse_shard(const std::string& text, int& index, int& count) {
  const size_t slash = text.find('/');
  long long k = -1, n = 0;
  const auto number = [](const char* begin, const char* end, long long& value) {
    const auto [ptr, ec] = std::from_chars(begin, end, value);
    return begin != end && ec == std::errc() && ptr == end;
  };
  if (slash == std::string::npos || !number(text.data(), text.data() + slash, k) ||
      !number(text.data() + slash + 1, text.data() + text.size(), n) || n < 1 || k < 0 || k >= n || n > 1000000)
    throw Error("--shard \"" + text + "\": expected K/N with 0 <= K < N <= 1000000");
  index = int(k), count = int(n);
}

// --crop / --pixel-bounds: only the buckets touching the region are rendered
// (whole: a pixel does not depend on its bucket), within the shard's if both.
void apply_crop(const RenderCommand& cmd, PreparedRender& p) {
  if (cmd.crop.empty() && cmd.pixel_bounds.empty()) return;
  if (!cmd.crop.empty() && !cmd.pixel_bounds.empty()) throw Error("--crop and --pixel-bounds: give one or the other");
  p.crop = cmd.crop.empty() ? parse_pixel_bounds(cmd.pixel_bounds, p.settings.width, p.settings.height)
                            : parse_crop(cmd.crop, p.settings.width, p.settings.height);
  if (cmd.exr_tiled) throw Error("--exr-tiled: a crop render is written whole at the end; drop --exr-tiled");
  std::vector<int>& only = p.schedule.only_buckets;
  const std::vector<int> touching =
      buckets_touching(BucketGrid(p.settings.width, p.settings.height, p.schedule.bucket_size), p.crop);
  if (p.shard_count == 0) {
    only = touching;
    return;
  }
  std::vector<int> both;
  for (int id : only)
    if (std::binary_search(touching.begin(), touching.end(), id)) both.push_back(id);
  if (both.empty()) throw Error("--shard " + cmd.shard + ": this shard holds no bucket of the crop");
  only = both;
}

// --aov NAME,...: checked before the scene is read, so the message names the option.
AovSet parse_aov_option(const std::string& text) {
  try {
    return parse_aov_list(text);
  } catch (const Error& e) {
    throw Error(std::string("--aov: ") + e.what());
  }
}

}  // namespace

PreparedRender prepare_render(const RenderCommand& cmd) {
  PreparedRender p;
  p.output = cmd.output.empty()
      ? (cmd.scene_path.empty() ? std::string("cornell-box") : stem_of(cmd.scene_path)) + ".png"
      : cmd.output;
  // Every output path is checked before any work.
  check_distinct_files({{"the scene file", cmd.scene_path}, {"-o", p.output}, {"--checkpoint", cmd.checkpoint},
                        {"--stats-json", cmd.stats_json}, {"--trace", cmd.trace_json}, {"--heatmap", cmd.heatmap}});
  if (!cmd.shard.empty()) {
    parse_shard(cmd.shard, p.shard_index, p.shard_count);
    if (!ends_with(p.output, ".tsj"))
      throw Error(p.output + ": a shard is written as a bucket file: name it <something>.tsj");
    if (!cmd.checkpoint.empty()) throw Error("--checkpoint: a shard's bucket file is its checkpoint; use --resume alone");
  } else {
    image_format_for_path(p.output);
    const std::string warning = check_write_options(cmd.write_options, p.output);
    if (!warning.empty()) warn(warning);
    check_output_path(p.output, "image");
  }
  if (!cmd.heatmap.empty()) image_format_for_path(cmd.heatmap), check_output_path(cmd.heatmap, "heatmap");
  if (!cmd.stats_json.empty()) check_output_path(cmd.stats_json, "statistics");
  if (!cmd.trace_json.empty()) check_output_path(cmd.trace_json, "trace");
  if (cmd.resume && cmd.checkpoint.empty() && cmd.shard.empty()) throw Error("--resume needs --checkpoint FILE.tsj");
  const std::optional<AovSet> aovs = cmd.aov ? std::optional<AovSet>(parse_aov_option(*cmd.aov)) : std::nullopt;

  // The load phase's own memory peak: the high-water mark restarts here.
  reset_peak_rss();
  const uint64_t rss_before_load = current_rss_bytes();
  const auto load_start = Clock::now();
  if (!cmd.camera.empty() && !is_model_path(cmd.scene_path))
    throw Error("--camera: names a camera of a model file (.gltf, .glb) given alone, not of a scene");
  p.description = cmd.scene_path.empty()           ? parse_scene_text(kDefaultSceneJson, "cornell-box.json (built in)", "")
                  : is_model_path(cmd.scene_path) ? bare_model_scene(cmd.scene_path, cmd.camera)
                                                  : parse_scene_file(cmd.scene_path);
  // Command-line settings are written into the description's film block, the
  // one way a setting reaches the renderer: so the fingerprint covers them.
  SceneDescription& desc = p.description;
  if (cmd.spp) set_film_value(desc, "spp", *cmd.spp, "--spp");
  if (cmd.max_depth) set_film_value(desc, "max_depth", *cmd.max_depth, "--max-depth");
  if (cmd.seed) set_film_value(desc, "seed", *cmd.seed, "--seed");
  if (cmd.sampler) set_film_value(desc, "sampler", to_string(*cmd.sampler), "--sampler");
  if (cmd.filter) set_film_value(desc, "filter", to_string(*cmd.filter), "--filter");
  if (cmd.resolution) {
    const Resolution r = parse_resolution(*cmd.resolution);
    set_film_value(desc, "resolution", {r.width, r.height}, "--resolution");
  }
  if (cmd.variance) set_film_value(desc, "variance", true, "--variance");
  // Written into the film block like every film setting, so the fingerprint covers it.
  if (aovs) set_film_value(desc, "aov", aov_name_list(*aovs), "--aov");
  p.settings = desc.film;
  if (p.shard_count == 0)  // the layer files of a PNG/HDR/PFM output, checked like -o
    for (const std::string& side : aov_side_paths(p.output, p.settings.aovs)) check_output_path(side, "image");
  // Precedence: command line > scene file "render" block > TESSERA_* environment
  // variables > user config file > built-in defaults.
  SchedulingDefaults from_scene;
  from_scene.threads = desc.threads;
  from_scene.bucket_size = desc.bucket_size;
  const SchedulingDefaults defaults =
      overlay(from_scene, overlay(environment_defaults(), user_config_defaults()));
  ScheduleOptions& schedule = p.schedule;
  std::string capped;  // every layer's count was checked by check_thread_request; a large one is capped
  schedule.threads = resolve_thread_count(cmd.threads ? *cmd.threads : defaults.threads.value_or(0), &capped);
  if (!capped.empty()) warn(capped);
  schedule.bucket_size = cmd.bucket_size ? parse_bucket_size(*cmd.bucket_size) : defaults.bucket_size.value_or(BucketSize{});
  schedule.order = cmd.bucket_order ? parse_bucket_order(*cmd.bucket_order) : defaults.order.value_or(schedule.order);
  schedule.scheduler = cmd.scheduler ? parse_scheduler(*cmd.scheduler) : defaults.scheduler.value_or(schedule.scheduler);
  schedule.completion = cmd.completion ? parse_completion(*cmd.completion) : defaults.completion.value_or(schedule.completion);
  schedule.order_seed = p.settings.seed;
  if (p.shard_count > 0) {
    const BucketGrid grid(p.settings.width, p.settings.height, schedule.bucket_size);
    for (int id = p.shard_index; id < grid.count(); id += p.shard_count) schedule.only_buckets.push_back(id);
    if (schedule.only_buckets.empty()) schedule.only_buckets.push_back(-1);  // flagged below: nothing to render
  }
  apply_crop(cmd, p);
  p.scene.reset(new RenderScene(build_scene(desc)));  // built in place: no copy of the geometry
  p.journal_header = {description_fingerprint(desc), p.settings.width, p.settings.height, schedule.bucket_size,
                      p.settings.aovs};
  p.times.load = seconds_since(load_start);
  const uint64_t load_peak = peak_rss_bytes();
  p.times.load_peak_rss_bytes = rss_before_load > 0 && load_peak > rss_before_load ? load_peak - rss_before_load : 0;
  p.times.mesh_bytes = p.scene->geometry.mesh_bytes();
  return p;
}

int run_render(const RenderCommand& cmd) {
  const auto command_start = Clock::now();
  PreparedRender p = prepare_render(cmd);
  p.times.load_at = seconds_since(command_start) - p.times.load;  // the trace's time axis
  ScheduleOptions& schedule = p.schedule;
  if (!schedule.only_buckets.empty() && schedule.only_buckets[0] < 0)
    throw Error("--shard " + cmd.shard + ": the image has fewer buckets than shards; this shard is empty");
  ThreadLimit limit(schedule.threads);  // the BVH build obeys the thread count too

  // The bucket journal: a shard's output, or a checkpoint beside an image.
  const std::string journal_path = p.shard_count > 0 ? p.output : cmd.checkpoint;
  RenderJournal journal;
  if (!journal_path.empty())
    journal = open_render_journal(journal_path, p.journal_header, cmd.resume, cmd.checkpoint_interval, cmd.quiet);

  const auto build_start = Clock::now();
  p.times.build_at = seconds_since(command_start);
  EmbreeDevice device;
  const EmbreeScene accel(device, *p.scene);
  p.times.build = seconds_since(build_start);

  // EXR can stream: in sequential completion each finished row of buckets is
  // written as scanlines, and with --exr-tiled each bucket as a tile when it
  // finishes. Everything else goes through a full framebuffer; shards write
  // only their bucket file.
  std::unique_ptr<BucketSink> stream;
  ImageSink framebuffer(p.settings.aovs);
  BucketSink* image_sink = nullptr;
  if (p.shard_count == 0) {
    // A crop goes through the framebuffer: its EXR data window is the crop.
    if (image_format_for_path(p.output) == ImageFormat::Exr && p.crop.area() == 0) {
      if (cmd.exr_tiled)
        stream = std::make_unique<ExrTiledSink>(p.output, schedule.bucket_size, cmd.write_options.exr_half,
                                                p.settings.aovs);
      else if (schedule.completion == Completion::Sequential)
        stream = std::make_unique<ExrScanlineSink>(p.output, cmd.write_options.exr_half, p.settings.aovs);
    } else if (cmd.exr_tiled) {
      throw Error(p.output + ": --exr-tiled needs an .exr output");
    }
    if (auto* s = dynamic_cast<ExrScanlineSink*>(stream.get()))  // streamed: no render time in the header
      s->set_metadata(render_metadata(cmd, p, schedule.threads, std::nullopt));
    if (auto* s = dynamic_cast<ExrTiledSink*>(stream.get()))
      s->set_metadata(render_metadata(cmd, p, schedule.threads, std::nullopt));
    image_sink = stream ? stream.get() : &framebuffer;
  }
  // Restored buckets reach the image but are not journaled a second time.
  std::unique_ptr<JournalSink> journal_sink =
      journal.writer ? std::make_unique<JournalSink>(*journal.writer, image_sink, journal.restored_ids) : nullptr;
  BucketSink& sink = journal_sink ? static_cast<BucketSink&>(*journal_sink) : *image_sink;

  InterruptGuard interrupt;
  schedule.interrupt = &interrupt.flag();
  ProgressReporter progress(stderr, cmd.progress_tty);
  p.times.render_at = seconds_since(command_start);
  const RenderStats result = render_buckets(*p.scene, accel, p.settings, schedule, sink,
                                            cmd.quiet ? nullptr : &progress, std::move(journal.restored));
  p.times.render = result.seconds;
  progress.end_line();  // an interrupted render leaves its bar mid-line
  if (journal.writer) journal.writer->flush();
  device.check("rendering");  // errors Embree reported from the render threads

  const auto write_start = Clock::now();
  p.times.write_at = seconds_since(command_start);
  if (image_sink == &framebuffer) {
    ImageWriteOptions options = cmd.write_options;
    options.metadata = render_metadata(cmd, p, result.threads, result.seconds);
    options.data_window = p.crop;
    write_image_with_aovs(framebuffer.image(), framebuffer.aov(), p.output, options);
  }
  p.times.write = seconds_since(write_start);  // streamed output was written during the render
  p.times.wall = seconds_since(command_start);
  read_process_usage(p.times);

  if (result.interrupted) {
    const int done = int(result.delivery_order.size());
    std::fprintf(stderr, "tessera: interrupted by signal %d after %d of %d buckets%s%s%s\n", interrupt.signal(), done,
                 int(schedule.only_buckets.empty() ? result.buckets : int(schedule.only_buckets.size())),
                 image_sink == &framebuffer ? ("; wrote the partial image " + p.output + " (unrendered buckets black)").c_str()
                                            : "",
                 journal.writer ? "; resume with --resume and the same bucket file " : "",
                 journal.writer ? journal_path.c_str() : "");
    return 128 + interrupt.signal();
  }

  const BucketGrid grid(p.settings.width, p.settings.height, schedule.bucket_size);
  ReportContext context;
  context.scene = cmd.scene_path.empty() ? "cornell-box.json (built in)" : cmd.scene_path;
  context.output = p.output;
  context.command = "tessera render " + (cmd.scene_path.empty() ? std::string("(built-in Cornell box)") : cmd.scene_path);
  if (!cmd.stats_json.empty()) write_stats_json(cmd.stats_json, result, p.times, p.settings, schedule, context);
  if (!cmd.trace_json.empty()) write_trace_json(cmd.trace_json, result, grid, &p.times, context);
  if (!cmd.heatmap.empty()) write_heatmap(cmd.heatmap, result, grid, cmd.heatmap_mode);
  if (!cmd.quiet) std::fputs(format_render_summary(result, p.times, p.settings, schedule, p.output).c_str(), stdout);
  return 0;
}

}  // namespace tessera
