#pragma once
// The results of `tessera bench` and the forms they are written in: a table on
// the terminal, CSV, JSON, a self-contained HTML page with SVG charts, and a
// side-by-side comparison of two JSON reports.

#include "accel/embree_limit.h"
#include "app/machine_info.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace tessera {

// One bucket of a run, for the per-thread timeline.
struct TimelineSlice {
  int bucket = 0, thread = 0;
  double start = 0, end = 0;  // seconds since the render loop started
};

// The buckets of one run, and its wall time.
struct Timeline {
  double seconds = 0;
  std::vector<TimelineSlice> slices;
};

// One counted run.
struct BenchRun {
  double seconds = 0;           // wall time of the render loop
  double cpu_seconds = 0;       // process CPU time during it (user + system, every thread)
  double busy_utilization = 0;  // time spent in buckets / (wall * threads)
  double imbalance = 1;         // max thread busy / mean thread busy
};

// One configuration of the sweep, measured `repeat` times after the warm-up.
struct BenchConfig {
  int threads = 1;  // as used (0 on the command line is resolved to the machine's count)
  std::string scheduler, bucket_size, order;
  std::vector<BenchRun> runs;
  uint64_t rays = 0;                // per run (the same every run: rendering is deterministic)
  double peak_rss_mib = 0;          // peak resident set during this configuration's runs
  Timeline fastest, slowest;        // the fastest and the slowest counted run

  // Filled in by finish_report().
  double median_s = 0, min_s = 0, max_s = 0;
  double mrays_per_s = 0;        // rays / median time
  double cpu_utilization = 0;    // median over runs of CPU time / (wall * threads)
  double busy_utilization = 0;   // median over runs
  double imbalance = 1;          // median over runs
  int baseline_threads = 0;      // the fewest threads measured with the same scheduler, bucket size and order
  double speedup = 1;            // baseline median / this median: against 1 thread when 1 was measured
  double efficiency = 1;         // speedup * baseline_threads / threads
};

// `--limit`: Embree alone on the same scene at one thread count, and the
// renderer's best median throughput at that count as a fraction of the
// single-ray mix (accel/embree_limit.h).
struct LimitEntry {
  EmbreeLimit embree;
  double renderer_mrays = 0;  // the fastest configuration's Mrays/s (median) at these threads
  double fraction = 0;        // renderer_mrays / embree.mixed_single_mrays
};

struct BenchReport {
  int schema = 1;
  MachineInfo machine;
  std::string scene, timestamp;  // timestamp: UTC, ISO 8601
  int width = 0, height = 0, spp = 0, max_depth = 0;
  std::string sampler, filter;
  int warmup = 1, repeat = 1;
  std::vector<BenchConfig> configs;  // in sweep order
  std::vector<LimitEntry> limits;    // with --limit: one per thread count
};

// Medians, throughput, speedups and efficiencies from the raw runs.
void finish_report(BenchReport& report);

nlohmann::json to_json(const BenchReport& report);
// Throws Error naming `source` when the JSON is not a bench report.
BenchReport report_from_json(const nlohmann::json& json, const std::string& source);
std::string to_csv(const BenchReport& report);
// One HTML page, no external resources: SVG charts of speedup and efficiency
// against threads (with the ideal line), time against bucket size, and the
// per-thread timelines of the best and the worst run; then the table. The
// report's JSON is embedded (<script type="application/json" id="bench-data">).
std::string to_html(const BenchReport& report);
// The table printed as the sweep runs: header, then one row per configuration.
std::string table_header();
std::string table_row(const BenchConfig& config);
// The --limit table: per thread count, each ray kind's single and packet
// Mrays/s, the mix, the renderer and its fraction of the single-ray mix.
std::string limit_table(const BenchReport& report);
// Ratios of `b` against `a` for every configuration both measured.
std::string compare_reports(const BenchReport& a, const std::string& a_name, const BenchReport& b,
                            const std::string& b_name);

}  // namespace tessera
