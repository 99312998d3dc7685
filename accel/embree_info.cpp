#include "accel/embree_info.h"

#include <fstream>
#include <sstream>

namespace tessera {
namespace {

// The "flags" line of /proc/cpuinfo, padded with spaces for whole-word search.
std::string cpu_flags() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("flags", 0) == 0) return " " + line.substr(line.find(':') + 1) + " ";
  return " ";
}

}  // namespace

EmbreeInfo describe_embree(const EmbreeDevice& device) {
  EmbreeInfo info;
  const RTCDevice d = device.get();
  const auto property = [&](RTCDeviceProperty p) { return rtcGetDeviceProperty(d, p); };
  std::ostringstream version;
  version << property(RTC_DEVICE_PROPERTY_VERSION_MAJOR) << '.' << property(RTC_DEVICE_PROPERTY_VERSION_MINOR) << '.'
          << property(RTC_DEVICE_PROPERTY_VERSION_PATCH);
  info.version = version.str();
  if (property(RTC_DEVICE_PROPERTY_NATIVE_RAY16_SUPPORTED)) info.native_packet = 16;
  else if (property(RTC_DEVICE_PROPERTY_NATIVE_RAY8_SUPPORTED)) info.native_packet = 8;
  else if (property(RTC_DEVICE_PROPERTY_NATIVE_RAY4_SUPPORTED)) info.native_packet = 4;
  const std::string flags = cpu_flags();
  const auto has = [&](const char* flag) { return flags.find(std::string(" ") + flag + " ") != std::string::npos; };
  switch (info.native_packet) {
    case 16: info.isa = "AVX-512"; break;
    case 8: info.isa = has("avx2") ? "AVX2" : "AVX"; break;
    default: info.isa = has("sse4_2") ? "SSE4.2" : "SSE2"; break;
  }
  return info;
}

}  // namespace tessera
