#pragma once
// `tessera bench`: render one scene under a sweep of thread counts,
// schedulers, bucket sizes and bucket orders, in one process (scene and BVH
// built once). One warm-up render, not counted, comes first; then every
// configuration renders `repeat` times and its median, minimum and maximum
// are reported with speedup, efficiency, throughput, utilization, load
// imbalance and peak memory, as a table and optionally as CSV, JSON and an
// HTML page (app/bench_report.h). `--compare A.json B.json` prints the ratios
// of two earlier reports instead of rendering.

#include <string>
#include <vector>

namespace tessera {

struct BenchCommand {
  std::string scene_path;               // empty = the built-in Cornell box
  std::vector<int> threads{0};          // 0 = all hardware threads
  std::vector<std::string> schedulers{"tbb", "static", "dynamic"};
  std::vector<std::string> bucket_sizes{"32"};
  std::vector<std::string> orders{"scanline"};
  int spp = 0;                          // 0 = the scene's
  std::string resolution;               // empty = the scene's
  std::string sampler, filter;          // empty = the scene's (--sampler, --filter as for render)
  int warmup = 1;                       // renders before the sweep, not counted
  int repeat = 3;                       // counted renders per configuration
  std::string json_path, csv_path, html_path;  // optional outputs
  std::vector<std::string> compare;     // two JSON reports: compare them instead of rendering
  bool limit = false;                   // also measure Embree alone (accel/embree_limit.h) per thread count
  double limit_seconds = 0.25;          // tracing time per ray kind and mode for the limit
};

int run_bench(const BenchCommand& command);

}  // namespace tessera
