#include "app/process_memory.h"

#include <sys/resource.h>

#include <fstream>
#include <string>

namespace tessera {
namespace {

// The value of `field` ("VmHWM:") in /proc/self/status, in bytes; 0 if absent.
uint64_t status_field_bytes(const char* field) {
  std::ifstream status("/proc/self/status");
  const std::string key = field;
  std::string line;
  while (std::getline(status, line))
    if (line.rfind(key, 0) == 0) return uint64_t(std::stoull(line.substr(key.size()))) * 1024;  // "  1234 kB"
  return 0;
}

}  // namespace

void reset_peak_rss() {
  std::ofstream clear("/proc/self/clear_refs");
  if (clear) clear << "5";
}

uint64_t peak_rss_bytes() {
  if (const uint64_t hwm = status_field_bytes("VmHWM:")) return hwm;
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return uint64_t(u.ru_maxrss) * 1024;  // KiB on Linux
}

uint64_t current_rss_bytes() { return status_field_bytes("VmRSS:"); }

}  // namespace tessera
