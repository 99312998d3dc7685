#include "core/parallel.h"

#include <algorithm>
#include <thread>

namespace tessera {

int resolve_thread_count(int requested) {
  const int hardware = std::max(1, int(std::thread::hardware_concurrency()));
  if (requested > 0) return requested;
  return std::max(1, hardware + requested);
}

ThreadLimit::ThreadLimit(int threads)
    : threads_(std::max(1, threads)),
      control_(tbb::global_control::max_allowed_parallelism, size_t(threads_)),
      arena_(threads_) {}

}  // namespace tessera
