#pragma once
// Reports on a finished render: the statistics JSON, a Chrome/Perfetto trace
// with one slice per bucket, and a heatmap image of per-bucket cost.

#include "core/engine/bucket_grid.h"
#include "core/engine/render_loop.h"

#include <cstdint>
#include <string>

namespace tessera {

// Timings of the phases around the render loop, and process CPU time.
struct PhaseTimes {
  double load = 0, build = 0, render = 0, write = 0;  // wall seconds
  double wall = 0;                                   // whole command
  double user_cpu = 0, system_cpu = 0;               // process CPU seconds (all threads)
  double peak_rss_mib = 0;
  // The load phase's memory: its resident-set peak above the resident set
  // before it (0 where /proc/self/status cannot be read), and the bytes of the
  // meshes it produced (SceneGeometry::mesh_bytes). Issue 11 asks for a peak
  // within about twice the meshes.
  uint64_t load_peak_rss_bytes = 0, mesh_bytes = 0;
  // When each phase began, in seconds since the command started (the trace's time axis).
  double load_at = 0, build_at = 0, render_at = 0, write_at = 0;
};

// What the reports say about the run besides its measurements.
struct ReportContext {
  std::string scene;    // the scene file as given, or "cornell-box.json (built in)"
  std::string output;   // the image (or a shard's bucket file) written
  std::string command;  // the command line, for the trace's process name
};
// --stats-json's layout version: 2 added tessera, scene, output, timestamp and per-thread CPU time.
constexpr int kStatsSchemaVersion = 2;

// What --heatmap colours each bucket by: its render time per pixel (wall
// clock: noisy, changes with load and thread count) or its rays per pixel
// (deterministic: the same image at any thread count).
enum class HeatmapMode { Time, Rays };
HeatmapMode parse_heatmap_mode(const std::string& name);  // "time" | "rays"; throws Error naming --heatmap-mode

// The current UTC time as ISO 8601: "2026-11-29T07:30:00Z".
std::string iso8601_utc_now();

// Per-thread utilization (busy / render wall), bucket time min/median/max and
// load imbalance (max thread busy / mean thread busy).
struct LoadBalance {
  double bucket_min = 0, bucket_median = 0, bucket_max = 0;
  double imbalance = 1;
  double mean_utilization = 0;      // wall time inside buckets / render wall: counts time descheduled
  double mean_cpu_utilization = 0;  // thread CPU time / render wall: what the threads really got
};
LoadBalance summarize_load(const RenderStats& stats);

void write_stats_json(const std::string& path, const RenderStats& stats, const PhaseTimes& times,
                      const RenderSettings& settings, const ScheduleOptions& schedule,
                      const ReportContext& context = {});
// One slice per rendered bucket on its worker's track; with `times`, the
// load, BVH build, render and write phases on a "main" track and buckets
// placed on the command's time axis.
void write_trace_json(const std::string& path, const RenderStats& stats, const BucketGrid& grid,
                      const PhaseTimes* times = nullptr, const ReportContext& context = {});
// The image's size plus a legend strip below it (heatmap_legend.h).
void write_heatmap(const std::string& path, const RenderStats& stats, const BucketGrid& grid,
                   HeatmapMode mode = HeatmapMode::Time);

// The end-of-render summary: short lines, each "tessera: ..." (greppable in
// farm logs), the last "tessera: wrote OUTPUT".
std::string format_render_summary(const RenderStats& stats, const PhaseTimes& times, const RenderSettings& settings,
                                  const ScheduleOptions& schedule, const std::string& output);

// Process CPU time and peak resident set size, from getrusage.
void read_process_usage(PhaseTimes& times);

}  // namespace tessera
