// tessera: the command line. Parses arguments, runs a command, and is the one
// place that catches errors: each is printed as one line with a non-zero exit.

#include "app/bench_command.h"
#include "app/build_info.h"
#include "app/cli_values.h"
#include "app/compare_command.h"
#include "app/exit_status.h"
#include "app/generate_command.h"
#include "app/merge_command.h"
#include "app/mpi_render.h"
#include "app/render_command.h"
#include "core/base/error.h"
#include "core/engine/parallel.h"
#include "scene/scene_file.h"

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>
#include <new>
#include <string>
#include <vector>

namespace {

// RenderMan's "-t:4" becomes "--threads=4" (CLI11 has no "-t:" syntax); the
// "=" form also lets "-t:-1" through without it looking like an option.
std::vector<std::string> normalize_arguments(int argc, char** argv) {
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("-t:", 0) == 0) a = "--threads=" + a.substr(3);
    args.push_back(a);
  }
  // CLI11 parses a reversed vector (it pops from the back).
  return std::vector<std::string>(args.rbegin(), args.rend());
}

// CLI::Range lets NaN through (every comparison with NaN is false), and a
// --checkpoint-interval of NaN never flushed the journal: refuse it here.
CLI::Validator finite_range(double min, double max) {
  const std::string range = "[" + CLI::detail::to_string(min) + " - " + CLI::detail::to_string(max) + "]";
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        if (text.empty() || *end != '\0') return "Value " + text + " is not a number";
        if (!std::isfinite(v) || v < min || v > max) return "Value " + text + " not in range " + range;
        return "";
      },
      "FLOAT in " + range);
}

// Any finite number (CLI11 reads "nan" and "inf" into a double without a word).
CLI::Validator finite_number() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        if (text.empty() || *end != '\0') return "Value " + text + " is not a number";
        if (!std::isfinite(v)) return "Value " + text + " is not a finite number";
        return "";
      },
      "FLOAT");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Tessera: a multithreaded bucket path tracer"};
  app.set_version_flag("--version", [] { return tessera::version_text(); },
                       "Print the tessera version and git hash, and the Embree (and its ISA), oneTBB and OpenEXR versions");
  app.require_subcommand(1);

  tessera::RenderCommand render;
  CLI::App* render_cmd = app.add_subcommand("render", "Render a scene file to an image");
  std::string tone_map = "clamp";
  bool exr_float = false;
  int threads = 0, spp = 0, max_depth = 0;
  std::string bucket_size, resolution, seed, sampler, filter;
  render_cmd->add_option("scene", render.scene_path,
                         "Scene file (JSON), or a model (.gltf .glb .obj .ply) to render alone; default: the built-in Cornell box");
  render_cmd->add_option("--camera", render.camera, "The glTF camera (node or camera name) of a model given alone");
  render_cmd->add_option("-o,--output", render.output,
                         "Output image: .png or .jpg (8-bit sRGB), .exr (linear half/float RGBA), .hdr, .pfm "
                         "[default: <scene name>.png]");
  auto* threads_opt = render_cmd->add_option("-t,--threads", threads,
                         "Threads (also -t:N): 0 = all hardware threads, -N = all but N [default: scene file, else 0]");
  auto* bucket_opt = render_cmd->add_option("--bucket-size", bucket_size, "Bucket size N or WxH, each side 1..4096 [default: 32]");
  auto* spp_opt = render_cmd->add_option("--spp", spp, "Samples per pixel (overrides the scene file)")->check(CLI::Range(1, 1 << 20));
  auto* res_opt = render_cmd->add_option("--resolution", resolution, "Image size WxH (overrides the scene file)");
  auto* depth_opt = render_cmd->add_option("--max-depth", max_depth, "Maximum bounces (overrides the scene file)")->check(CLI::Range(0, 1024));
  auto* seed_opt = render_cmd->add_option("--seed", seed, "Sampler seed (overrides the scene file)");
  auto* sampler_opt = render_cmd->add_option("--sampler", sampler,
                         "Sampler: sobol (scrambled Sobol, default) or independent (overrides the scene file)");
  auto* filter_opt = render_cmd->add_option("--filter", filter,
                         "Pixel filter NAME[:RADIUS]: box (0.5), tent (1, default), gaussian (1.5), blackman-harris (1.5); "
                         "radius in pixels, in (0, 16] (overrides the scene file)");
  render_cmd->add_option("--tonemap", tone_map, "PNG tone curve: clamp (default), reinhard or aces")
      ->check(CLI::IsMember({"clamp", "reinhard", "aces"}));
  render_cmd->add_option("--exposure", render.write_options.exposure, "Exposure in stops before tone mapping (PNG) [default: 0]");
  render_cmd->add_flag("--variance", render.variance,
                       "Write each pixel's per-sample variance instead of its mean (the reference variance for "
                       "tessera compare --ztest)");
  render_cmd->add_option("--aov", render.aov,
                         "AOV layers beside the beauty, comma-separated: albedo, normal, depth, position, variance "
                         "(EXR: channels of the same file; PNG/HDR/PFM: out.LAYER.png ...; overrides the scene file)");
  render_cmd->add_flag("--exr-float", exr_float, "Write EXR channels as 32-bit float instead of half");
  render_cmd->add_flag("--exr-tiled", render.exr_tiled,
                       "Stream the .exr as tiles (tile = bucket size), each written when its bucket finishes");
  std::string order, scheduler, completion;
  auto* order_opt = render_cmd->add_option("--bucket-order", order, "Bucket order: scanline (default), spiral, hilbert, random")
      ->check(CLI::IsMember({"scanline", "spiral", "hilbert", "random"}));
  auto* scheduler_opt = render_cmd->add_option("--scheduler", scheduler, "Scheduler: tbb (work stealing, default), static, dynamic")
      ->check(CLI::IsMember({"tbb", "static", "dynamic"}));
  auto* completion_opt = render_cmd->add_option("--completion", completion,
                         "Completion: unordered (as buckets finish, default) or sequential (scanline order)")
      ->check(CLI::IsMember({"unordered", "sequential"}));
  render_cmd->add_option("--stats-json", render.stats_json, "Write render statistics (times, rays, threads, buckets) as JSON");
  render_cmd->add_option("--trace", render.trace_json, "Write a Chrome/Perfetto trace: one slice per bucket on its thread");
  render_cmd->add_option("--heatmap", render.heatmap, "Write an image of per-bucket render cost, with a legend");
  std::string heatmap_mode = "time";
  render_cmd->add_option("--heatmap-mode", heatmap_mode,
                         "Heatmap colour: time (wall time per pixel, default; noisy) or rays (rays per pixel; deterministic)")
      ->check(CLI::IsMember({"time", "rays"}));
  render_cmd->add_option("--checkpoint", render.checkpoint,
                         "Append each finished bucket to this bucket file (.tsj), so a killed render can --resume");
  render_cmd->add_flag("--resume", render.resume,
                       "Continue the --checkpoint file (or a shard's .tsj output): skip the buckets it holds");
  render_cmd->add_option("--checkpoint-interval", render.checkpoint_interval,
                         "Seconds between bucket file flushes; 0 = after every bucket [default: 2]")->check(finite_range(0.0, 3600.0));
  render_cmd->add_option("--shard", render.shard,
                         "K/N: render every N-th bucket starting at K into the -o bucket file (.tsj), for render farms");
  render_cmd->add_option("--crop", render.crop,
                         "x0,x1,y0,y1: render only this region, in fractions of the image (as pbrt's --cropwindow)");
  render_cmd->add_option("--pixel-bounds", render.pixel_bounds,
                         "x0,x1,y0,y1: render only these pixels (half-open: x0 <= x < x1, y0 <= y < y1)");
  render_cmd->add_option("--jpeg-quality", render.write_options.jpeg_quality, "JPEG quality, 1..100 [default: 90]")
      ->check(CLI::Range(1, 100));
  bool mpi = false;
  render_cmd->add_flag("--mpi", mpi, "Render as one rank of an MPI job (automatic under mpirun with more than one rank)");
  render_cmd->add_flag("-q,--quiet", render.quiet, "Print nothing on success (no progress, no summary)");

  tessera::BenchCommand bench;
  CLI::App* bench_cmd = app.add_subcommand("bench", "Time one scene under a sweep of schedulers, bucket sizes and thread counts");
  bench_cmd->add_option("scene", bench.scene_path, "Scene file (JSON); default: the built-in Cornell box");
  bench_cmd->add_option("-t,--threads", bench.threads, "Thread counts to sweep, e.g. 1,2,4 or -t:1,2,4 (0 = all)")->delimiter(',');
  bench_cmd->add_option("--scheduler,--schedulers", bench.schedulers, "Schedulers to sweep [default: tbb,static,dynamic]")
      ->delimiter(',')->check(CLI::IsMember({"tbb", "static", "dynamic"}));
  bench_cmd->add_option("--bucket-size,--bucket-sizes", bench.bucket_sizes, "Bucket sizes to sweep, e.g. 8,16,32x16 [default: 32]")->delimiter(',');
  bench_cmd->add_option("--bucket-order,--bucket-orders", bench.orders, "Bucket orders to sweep [default: scanline]")
      ->delimiter(',')->check(CLI::IsMember({"scanline", "spiral", "hilbert", "random"}));
  bench_cmd->add_option("--spp", bench.spp, "Samples per pixel (overrides the scene file)")->check(CLI::Range(1, 1 << 20));
  bench_cmd->add_option("--resolution", bench.resolution, "Image size WxH (overrides the scene file)");
  bench_cmd->add_option("--sampler", bench.sampler, "Sampler: sobol or independent (overrides the scene file)");
  bench_cmd->add_option("--filter", bench.filter, "Pixel filter NAME[:RADIUS] (overrides the scene file)");
  bench_cmd->add_option("--warmup", bench.warmup, "Renders before the sweep, not counted [default: 1]")->check(CLI::Range(0, 100));
  bench_cmd->add_option("--repeat", bench.repeat, "Counted renders per configuration; the median is reported [default: 3]")->check(CLI::Range(1, 100));
  bench_cmd->add_option("--json", bench.json_path, "Also write the results as JSON");
  bench_cmd->add_option("--csv", bench.csv_path, "Also write the results as CSV");
  bench_cmd->add_option("--html", bench.html_path, "Also write a self-contained HTML page with charts");
  bench_cmd->add_flag("--limit", bench.limit, "Also measure Embree alone on the scene (camera, bounce and shadow rays) and report the renderer's fraction of it");
  bench_cmd->add_option("--compare", bench.compare, "Compare two JSON reports (A B) instead of rendering")->expected(2);

  tessera::GenerateCommand generate;
  CLI::App* generate_cmd = app.add_subcommand("generate", "Write a procedural benchmark scene (and its mesh files)");
  generate_cmd->add_option("kind", generate.kind, "displaced-sphere, terrain, half-empty, instances or emitters")->required();
  generate_cmd->add_option("-o,--output", generate.output, "Scene file to write (.json); meshes go beside it")->required();
  generate_cmd->add_option("--triangles", generate.triangles, "Triangles of the generated mesh (displaced-sphere, terrain, instances) [default: 1000000]");
  generate_cmd->add_option("--count", generate.count, "instances: placements; emitters: emissive triangles [default: 1000]");
  generate_cmd->add_option("--spp", generate.spp, "The scene's samples per pixel [default: 16]")->check(CLI::Range(1, 1 << 20));

  tessera::MergeCommand merge;
  std::string merge_tone_map = "clamp";
  bool merge_exr_float = false;
  CLI::App* merge_cmd = app.add_subcommand("merge", "Assemble an image from bucket files (.tsj) of shards or checkpoints");
  merge_cmd->add_option("files", merge.inputs, "Bucket files (.tsj)")->required();
  merge_cmd->add_option("-o,--output", merge.output, "Output image (.png, .jpg, .exr, .hdr, .pfm)")->required();
  merge_cmd->add_option("--jpeg-quality", merge.write_options.jpeg_quality, "JPEG quality, 1..100 [default: 90]")
      ->check(CLI::Range(1, 100));
  merge_cmd->add_flag("--allow-missing", merge.allow_missing, "Write the image even if buckets are missing (black)");
  merge_cmd->add_option("--tonemap", merge_tone_map, "PNG tone curve: clamp (default), reinhard or aces")
      ->check(CLI::IsMember({"clamp", "reinhard", "aces"}));
  merge_cmd->add_option("--exposure", merge.write_options.exposure, "Exposure in stops (PNG)");
  merge_cmd->add_flag("--exr-float", merge_exr_float, "Write EXR channels as 32-bit float instead of half");
  merge_cmd->add_flag("-q,--quiet", merge.quiet, "Print nothing on success");

  tessera::CompareCommand compare;
  CLI::App* compare_cmd = app.add_subcommand(
      "compare", "Compare a test image with a reference; exit 0 pass, 1 warning, 2 failure, 3 size mismatch, 4 unreadable");
  compare_cmd->add_option("test", compare.test, "Test image (.png .jpg .exr .hdr .pfm)")->required();
  compare_cmd->add_option("reference", compare.reference, "Reference image")->required();
  compare_cmd->add_option("--metric", compare.metric, "rmse, psnr, relmse, mean, max (default; largest |difference|) or flip")
      ->check(CLI::IsMember({"rmse", "psnr", "relmse", "mean", "max", "flip"}));
  compare_cmd->add_option("--fail", compare.fail, "Fail when the metric passes this value (below it for psnr) [default: 1e-6]");
  compare_cmd->add_option("--warn", compare.warn, "Warn when the metric passes this value [default: the fail value]");
  compare_cmd->add_option("--fail-percent", compare.fail_percent,
                          "Per-pixel mode: fail when more than P% of pixels exceed --fail (max and flip)");
  compare_cmd->add_option("--warn-percent", compare.warn_percent, "Per-pixel mode: warn when more than P% exceed --warn");
  compare_cmd->add_option("--threshold", compare.threshold, "Report the share of pixels whose |difference| exceeds this [default: 1e-3]");
  compare_cmd->add_flag("--json", compare.json, "Print the report as JSON");
  compare_cmd->add_option("--diff", compare.diff,
                          "Write the difference: .exr/.pfm hold test - reference as signed floats (the FLIP error with "
                          "--metric flip), .png a false-colour picture of it");
  compare_cmd->add_option("--scale", compare.diff_scale,
                          "Multiply the --diff image by this (as idiff's -scale) [default: .exr 1, .png spans the largest]");
  compare_cmd->add_option("--channels", compare.channels, "Channels the metrics cover: R,G,B (default), R,G,B,A, rgb, rgba or any list");
  compare_cmd->add_option("--ztest", compare.ztest_variance,
                          "Z-test a noisy TEST against a converged REFERENCE given its per-sample variance image "
                          "(tessera render --variance); needs --spp");
  compare_cmd->add_option("--spp", compare.spp, "Samples per pixel of TEST (for --ztest)");
  compare_cmd->add_option("--reference-spp", compare.reference_spp,
                          "Samples per pixel of REFERENCE, to count its own noise (for --ztest) [default: converged]");
  compare_cmd->add_option("--alpha", compare.alpha, "Z-test significance before the Bonferroni correction [default: 0.01]");
  compare_cmd->add_option("--ppd", compare.pixels_per_degree, "FLIP pixels per degree [default: 67.02: 0.7 m from a 0.7 m wide 4K screen]");
  // A NaN threshold made every comparison pass (no comparison with NaN is true).
  for (const char* name : {"--fail", "--warn", "--fail-percent", "--warn-percent", "--threshold", "--alpha", "--ppd", "--scale"})
    compare_cmd->get_option(name)->check(finite_number());
  for (const char* name : {"--spp", "--reference-spp"}) compare_cmd->get_option(name)->check(CLI::Range(0, 1 << 30));

  try {
    std::vector<std::string> args = normalize_arguments(argc, argv);
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    // One line and the usage status (exit_status.h), never CLI11's own codes.
    std::string command;
    for (const CLI::App* sub : app.get_subcommands()) command = sub->get_name();  // those parsed so far
    std::string message = e.what();
    // CLI11 would say "a subcommand is required" whatever came first.
    if (command.empty() && argc > 1)
      message = std::string(argv[1][0] == '-' ? "unknown option \"" : "unknown command \"") + argv[1] +
                "\" (expected a command: render, merge, compare, bench or generate)";
    std::fprintf(stderr, "%s\n", tessera::usage_error_line(message, command).c_str());
    return command == "compare" ? tessera::kCompareUnreadable : tessera::kExitUsage;
  }
  // An empty value ("-o $OUT" with OUT unset) would otherwise mean "the default"
  // or "none" (no checkpoint) without a word.
  for (const CLI::App* command : app.get_subcommands())
    for (const CLI::Option* option : command->get_options())
      for (const std::string& value : option->results())
        if (value.empty() && option->get_expected_min() > 0) {
          std::fprintf(stderr, "tessera: error: %s: empty value\n", option->get_name().c_str());
          return compare_cmd->parsed() ? tessera::kCompareUnreadable : tessera::kExitUsage;
        }

  // Errors until the command runs are in command-line values: usage errors.
  bool checking_values = true;
  try {
    for (int t : bench.threads) tessera::check_thread_request(t, "--threads");
    if (*threads_opt) render.threads = tessera::check_thread_request(threads, "--threads");
    // Command-line values are checked before the scene is read (and before anything is allocated).
    if (*bucket_opt) {
      try {
        tessera::parse_bucket_size(bucket_size);
      } catch (const tessera::Error& e) {
        throw tessera::Error(std::string("--bucket-size: ") + e.what());
      }
      render.bucket_size = bucket_size;
    }
    if (*spp_opt) render.spp = spp;
    if (*res_opt) {
      tessera::parse_resolution(resolution);  // throws naming --resolution
      render.resolution = resolution;
    }
    if (*depth_opt) render.max_depth = max_depth;
    if (*seed_opt) render.seed = tessera::parse_seed(seed);
    try {
      if (*sampler_opt) render.sampler = tessera::parse_sampler_kind(sampler);
    } catch (const tessera::Error& e) {
      throw tessera::Error(std::string("--sampler: ") + e.what());
    }
    try {
      if (*filter_opt) render.filter = tessera::parse_filter(filter);
    } catch (const tessera::Error& e) {
      throw tessera::Error(std::string("--filter: ") + e.what());
    }
    if (*order_opt) render.bucket_order = order;
    if (*scheduler_opt) render.scheduler = scheduler;
    if (*completion_opt) render.completion = completion;
    render.heatmap_mode = tessera::parse_heatmap_mode(heatmap_mode);
    render.progress_tty = isatty(fileno(stderr)) != 0;
    render.write_options.tone_map = tessera::parse_tone_map(tone_map);
    render.write_options.exr_half = !exr_float;
    checking_values = false;
    if (bench_cmd->parsed()) return tessera::run_bench(bench);
    if (generate_cmd->parsed()) return tessera::run_generate(generate);
    if (compare_cmd->parsed()) return tessera::run_compare(compare);
    if (merge_cmd->parsed()) {
      merge.write_options.tone_map = tessera::parse_tone_map(merge_tone_map);
      merge.write_options.exr_half = !merge_exr_float;
      return tessera::run_merge(merge);
    }
    if (tessera::launched_by_mpi() || mpi) return tessera::run_mpi_render(render);
    return tessera::run_render(render);
  } catch (const tessera::Error& e) {
    std::fprintf(stderr, "tessera: error: %s\n", e.what());
    if (checking_values) return tessera::kExitUsage;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "tessera: error: out of memory (try a smaller resolution or fewer threads)\n");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tessera: error: %s\n", e.what());
  }
  return tessera::kExitError;
}
