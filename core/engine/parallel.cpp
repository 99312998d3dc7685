#include "core/engine/parallel.h"

#include "core/base/error.h"

#include <tbb/version.h>

#include <algorithm>
#include <thread>

namespace tessera {
namespace {

int hardware_threads() { return std::max(1, int(std::thread::hardware_concurrency())); }

}  // namespace

int check_thread_request(long long requested, const std::string& source) {
  if (requested < -kMaxThreadRequest || requested > kMaxThreadRequest) {
    const std::string problem = std::to_string(requested) + " is out of range [-" + std::to_string(kMaxThreadRequest) +
                                ", " + std::to_string(kMaxThreadRequest) +
                                "] (0 = all hardware threads, -N = all but N)";
    throw Error(source.empty() ? problem : source + ": " + problem);
  }
  return int(requested);
}

int max_thread_count() { return std::max(kMinThreadCap, 4 * hardware_threads()); }

int resolve_thread_count(int requested, std::string* warning) {
  const int hardware = hardware_threads();
  if (requested <= 0) return std::max(1, hardware + requested);
  if (requested <= max_thread_count()) return requested;
  if (warning)
    *warning = std::to_string(requested) + " threads requested; using " + std::to_string(max_thread_count()) +
               " (at most 4 per hardware thread, and at least " + std::to_string(kMinThreadCap) +
               " in all; this machine has " + std::to_string(hardware) + ")";
  return max_thread_count();
}

ThreadLimit::ThreadLimit(int threads)
    : threads_(std::max(1, threads)),
      control_(tbb::global_control::max_allowed_parallelism, size_t(threads_)),
      arena_(threads_) {}

std::string tbb_version() { return TBB_runtime_version(); }

}  // namespace tessera
