#include "accel/embree_device.h"

#include "core/base/error.h"

namespace tessera {
namespace {

const char* error_name(RTCError code) {
  switch (code) {
    case RTC_ERROR_NONE: return "no error";
    case RTC_ERROR_INVALID_ARGUMENT: return "invalid argument";
    case RTC_ERROR_INVALID_OPERATION: return "invalid operation";
    case RTC_ERROR_OUT_OF_MEMORY: return "out of memory";
    case RTC_ERROR_UNSUPPORTED_CPU: return "unsupported CPU";
    case RTC_ERROR_CANCELLED: return "cancelled";
    default: return "unknown error";
  }
}

}  // namespace

EmbreeDevice::EmbreeDevice() {
  device_ = rtcNewDevice(nullptr);
  if (!device_) throw Error(std::string("Embree: cannot create device: ") + error_name(rtcGetDeviceError(nullptr)));
  rtcSetDeviceErrorFunction(device_, &EmbreeDevice::on_error, this);
}

EmbreeDevice::~EmbreeDevice() { rtcReleaseDevice(device_); }

void EmbreeDevice::on_error(void* self, RTCError code, const char* message) {
  auto* device = static_cast<EmbreeDevice*>(self);
  std::lock_guard<std::mutex> lock(device->mutex_);
  if (device->pending_error_.empty())
    device->pending_error_ = std::string(error_name(code)) + (message ? std::string(": ") + message : "");
}

void EmbreeDevice::check(const char* what) {
  std::string error;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    error.swap(pending_error_);
  }
  if (!error.empty()) throw Error(std::string("Embree: ") + what + ": " + error);
}

EmbreeInfo embree_info() {
  EmbreeDevice device;
  const auto property = [&](RTCDeviceProperty p) { return rtcGetDeviceProperty(device.get(), p); };
  EmbreeInfo info;
  info.version = std::to_string(property(RTC_DEVICE_PROPERTY_VERSION_MAJOR)) + "." +
                 std::to_string(property(RTC_DEVICE_PROPERTY_VERSION_MINOR)) + "." +
                 std::to_string(property(RTC_DEVICE_PROPERTY_VERSION_PATCH));
  if (property(RTC_DEVICE_PROPERTY_NATIVE_RAY16_SUPPORTED)) info.isa = "AVX-512";
  else if (property(RTC_DEVICE_PROPERTY_NATIVE_RAY8_SUPPORTED)) info.isa = __builtin_cpu_supports("avx2") ? "AVX2" : "AVX";
  else info.isa = __builtin_cpu_supports("sse4.2") ? "SSE4.2" : "SSE2";
  device.check("reading the device properties");
  return info;
}

}  // namespace tessera
