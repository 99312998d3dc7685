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

// The Embree library this process runs on, for tessera --version.
struct EmbreeInfo {
  std::string version;  // "3.13.5" (RTC_DEVICE_PROPERTY_VERSION)
  // The widest instruction set Embree dispatches to on this CPU: "AVX-512",
  // "AVX2", "AVX", "SSE4.2" or "SSE2". Embree 3 reports no ISA name, so this is
  // read from its native packet widths (16, 8, 4: which of its kernels this CPU
  // runs) and refined by the CPU's features, as Embree's own dispatch does.
  std::string isa;
};
// Creates (and releases) a device to ask it. Throws Error if Embree cannot start.
EmbreeInfo embree_info();

}  // namespace tessera
