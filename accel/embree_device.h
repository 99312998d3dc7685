#pragma once
// EmbreeDevice: owns an RTCDevice. Embree reports errors through a callback;
// ours records the first one so that the call site can throw it with context.

#include <embree3/rtcore.h>

#include <string>

namespace tessera {

class EmbreeDevice {
 public:
  EmbreeDevice();
  ~EmbreeDevice();
  EmbreeDevice(const EmbreeDevice&) = delete;
  EmbreeDevice& operator=(const EmbreeDevice&) = delete;

  RTCDevice get() const { return device_; }
  // Throw Error("<what>: <Embree's message>") if Embree reported an error since the last check.
  void check(const char* what);

 private:
  static void on_error(void* self, RTCError code, const char* message);
  RTCDevice device_ = nullptr;
  std::string pending_error_;
};

}  // namespace tessera
