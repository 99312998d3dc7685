#pragma once
// Reports on a finished render: the statistics JSON, a Chrome/Perfetto trace
// with one slice per bucket, and a heatmap image of per-bucket cost.

#include "core/engine/bucket_grid.h"
#include "core/engine/render_loop.h"

#include <string>

namespace tessera {

// Timings of the phases around the render loop, and process CPU time.
struct PhaseTimes {
  double load = 0, build = 0, render = 0, write = 0;  // wall seconds
  double wall = 0;                                   // whole command
  double user_cpu = 0, system_cpu = 0;               // process CPU seconds (all threads)
  double peak_rss_mib = 0;
};

// Per-thread utilization (busy / render wall), bucket time min/median/max and
// load imbalance (max thread busy / mean thread busy).
struct LoadBalance {
  double bucket_min = 0, bucket_median = 0, bucket_max = 0;
  double imbalance = 1;
  double mean_utilization = 0;
};
LoadBalance summarize_load(const RenderStats& stats);

void write_stats_json(const std::string& path, const RenderStats& stats, const PhaseTimes& times,
                      const RenderSettings& settings, const ScheduleOptions& schedule);
void write_trace_json(const std::string& path, const RenderStats& stats, const BucketGrid& grid);
void write_heatmap(const std::string& path, const RenderStats& stats, const BucketGrid& grid);

// Process CPU time and peak resident set size, from getrusage.
void read_process_usage(PhaseTimes& times);

}  // namespace tessera
