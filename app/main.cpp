// tessera: the command line. Parses arguments, runs a command, and is the one
// place that catches errors: each is printed as one line with a non-zero exit.

#include "app/render_command.h"
#include "core/error.h"

#include <CLI/CLI.hpp>

#include <cstdio>
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

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Tessera: a multithreaded bucket path tracer"};
  app.set_version_flag("--version", "tessera 0.1.0");
  app.require_subcommand(1);

  tessera::RenderCommand render;
  CLI::App* render_cmd = app.add_subcommand("render", "Render a scene file to an image");
  std::string tone_map = "clamp";
  bool exr_float = false;
  int threads = 0, spp = 0, max_depth = 0;
  uint64_t seed = 0;
  std::string bucket_size, resolution;
  render_cmd->add_option("scene", render.scene_path, "Scene file (JSON); default: the built-in Cornell box");
  render_cmd->add_option("-o,--output", render.output,
                         "Output image: .png (8-bit sRGB), .exr (linear half/float RGBA), .hdr, .pfm "
                         "[default: <scene name>.png]");
  auto* threads_opt = render_cmd->add_option("-t,--threads", threads,
                         "Threads (also -t:N): 0 = all hardware threads, -N = all but N [default: scene file, else 0]");
  auto* bucket_opt = render_cmd->add_option("--bucket-size", bucket_size, "Bucket size N or WxH, each side 1..4096 [default: 32]");
  auto* spp_opt = render_cmd->add_option("--spp", spp, "Samples per pixel (overrides the scene file)")->check(CLI::Range(1, 1 << 20));
  auto* res_opt = render_cmd->add_option("--resolution", resolution, "Image size WxH (overrides the scene file)");
  auto* depth_opt = render_cmd->add_option("--max-depth", max_depth, "Maximum bounces (overrides the scene file)")->check(CLI::Range(0, 1024));
  auto* seed_opt = render_cmd->add_option("--seed", seed, "Sampler seed (overrides the scene file)");
  render_cmd->add_option("--tonemap", tone_map, "PNG tone curve: clamp (default), reinhard or aces")
      ->check(CLI::IsMember({"clamp", "reinhard", "aces"}));
  render_cmd->add_option("--exposure", render.write_options.exposure, "Exposure in stops before tone mapping (PNG) [default: 0]");
  render_cmd->add_flag("--exr-float", exr_float, "Write EXR channels as 32-bit float instead of half");
  render_cmd->add_flag("-q,--quiet", render.quiet, "Print nothing on success");

  try {
    std::vector<std::string> args = normalize_arguments(argc, argv);
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  try {
    if (*threads_opt) render.threads = threads;
    if (*bucket_opt) render.bucket_size = bucket_size;
    if (*spp_opt) render.spp = spp;
    if (*res_opt) render.resolution = resolution;
    if (*depth_opt) render.max_depth = max_depth;
    if (*seed_opt) render.seed = seed;
    render.write_options.tone_map = tessera::parse_tone_map(tone_map);
    render.write_options.exr_half = !exr_float;
    return tessera::run_render(render);
  } catch (const tessera::Error& e) {
    std::fprintf(stderr, "tessera: error: %s\n", e.what());
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "tessera: error: out of memory (try a smaller resolution or fewer threads)\n");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tessera: error: %s\n", e.what());
  }
  return 1;
}
