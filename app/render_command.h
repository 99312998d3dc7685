#pragma once
// `tessera render`: load a scene, build the BVH, render the buckets, write the image.

#include "app/render_report.h"
#include "core/engine/bucket.h"
#include "core/journal/bucket_journal.h"
#include "core/image/image_io.h"
#include "core/engine/render_loop.h"
#include "scene/scene_description.h"

#include <memory>

#include <optional>
#include <string>

namespace tessera {

struct RenderCommand {
  std::string scene_path;  // empty = the built-in Cornell box; a model file (.gltf .glb .obj .ply) is rendered alone
  std::string camera;      // --camera: the glTF camera of a model given alone ("" = the first)
  std::string output;      // empty = <scene name>.png in the current directory
  // Command-line overrides; unset values come from the scene file, then defaults.
  std::optional<int> threads;
  std::optional<std::string> bucket_size;  // "32" or "32x16"
  std::optional<std::string> bucket_order; // scanline | spiral | hilbert | random
  std::optional<std::string> scheduler;    // tbb | static | dynamic
  std::optional<std::string> completion;   // unordered | sequential
  std::optional<int> spp, max_depth;
  std::optional<uint64_t> seed;
  std::optional<SamplerKind> sampler;      // --sampler sobol | independent
  std::optional<FilterSpec> filter;        // --filter NAME[:RADIUS]
  std::optional<std::string> resolution;   // "WxH"
  bool variance = false;                   // write per-sample variance instead of the mean
  std::optional<std::string> aov;          // --aov albedo,normal,...: AOV layers (core/render/aov.h)
  ImageWriteOptions write_options;
  bool exr_tiled = false;  // stream an .exr as tiles of the bucket size, in any completion mode
  std::string stats_json, trace_json, heatmap;  // optional reports; empty = none
  HeatmapMode heatmap_mode = HeatmapMode::Time;   // --heatmap-mode time | rays
  std::string checkpoint;            // bucket journal (.tsj) written as buckets finish
  bool resume = false;               // continue the journal (--checkpoint, or a shard's output)
  double checkpoint_interval = 2.0;  // seconds between journal flushes; 0 = every bucket
  std::string shard;                 // "K/N": render every N-th bucket from K into the -o .tsj file
  std::string crop;                  // --crop "x0,x1,y0,y1": fractions of the image (app/crop_window.h)
  std::string pixel_bounds;          // --pixel-bounds "x0,x1,y0,y1": pixels, half-open
  bool quiet = false;     // no progress and no summary line
  bool progress_tty = false;  // draw the progress bar in place (stderr is a terminal)
};

// Everything a render needs before the BVH: the scene, the resolved settings
// and schedule (command line > scene > environment > config file > defaults).
struct PreparedRender {
  SceneDescription description;  // with the command line's film settings written in
  std::unique_ptr<const RenderScene> scene;  // build_scene(description)
  RenderSettings settings;                   // description.film
  ScheduleOptions schedule;   // threads resolved to a count
  std::string output;
  int shard_index = 0, shard_count = 0;  // shard_count 0 = not a shard
  PixelRect crop;             // --crop / --pixel-bounds in pixels; empty = the whole image
  JournalHeader journal_header;
  PhaseTimes times;           // load time filled in
};
PreparedRender prepare_render(const RenderCommand& command);

// Run the command; returns the process exit code. Throws Error on bad input.
int run_render(const RenderCommand& command);

}  // namespace tessera
