#pragma once
// `tessera bench`: render one scene under a sweep of schedulers, bucket sizes
// and thread counts, in one process (scene and BVH built once), and print a
// table of time, utilization, load imbalance and throughput per configuration.

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
  int repeat = 1;                       // renders per configuration; the fastest counts
  std::string json_path;                // optional: results as JSON
};

int run_bench(const BenchCommand& command);

}  // namespace tessera
