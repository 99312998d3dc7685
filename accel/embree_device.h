#pragma once
// EmbreeDevice: owns an RTCDevice. Embree reports errors through a callback;
// ours records the first one so that the call site can throw it with context.
// The callback may run on any thread that calls into Embree (rendering threads
// too), so the record is kept under a lock; call check() after rendering as well.

#include <embree3/rtcore.h>

#include <mutex>
#include <string>

namespace tessera {

class EmbreeDevice {
 public:
  EmbreeDevice();
  ~EmbreeDevice();
  EmbreeDevice(const EmbreeDevice&) = delete;
  EmbreeDevice& operator=(const EmbreeDevice&) = delete;

  RTCDevice get() const { return device_; }
  // Throw Error("Embree: <what>: <Embree's message>") if Embree reported an
  // error since the last check. Thread-safe.
  void check(const char* what);

 private:
  static void on_error(void* self, RTCError code, const char* message);
  RTCDevice device_ = nullptr;
  std::mutex mutex_;            // guards pending_error_
  std::string pending_error_;  // the first error since the last check; empty = none
};

}  // namespace tessera
