#pragma once
// SIGINT and SIGTERM during a render: the first one asks the render to stop
// (no new buckets; those in flight finish, the checkpoint is flushed, the
// partial image written); a second one kills the process as usual.

#include <atomic>

namespace tessera {

class InterruptGuard {
 public:
  InterruptGuard();   // installs the handlers
  ~InterruptGuard();  // restores the previous ones
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  const std::atomic<bool>& flag() const;
  int signal() const;  // the signal received, or 0
};

}  // namespace tessera
