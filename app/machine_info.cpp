#include "app/machine_info.h"

#include "accel/embree_device.h"
#include "app/build_info.h"

#include <oneapi/tbb/version.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>
#include <set>
#include <thread>
#include <utility>

namespace tessera {
namespace {

std::string trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

}  // namespace

MachineInfo describe_machine() {
  MachineInfo m;
  // /proc/cpuinfo lists each logical CPU with its package ("physical id") and
  // core ("core id"); distinct pairs are physical cores.
  std::ifstream in("/proc/cpuinfo");
  std::string line, package = "0";
  std::set<std::pair<std::string, std::string>> cores;
  int processors = 0;
  while (std::getline(in, line)) {
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    const std::string key = trim(line.substr(0, colon)), value = trim(line.substr(colon + 1));
    if (key == "processor") ++processors;
    else if (key == "model name" && m.cpu_model.empty()) m.cpu_model = value;
    else if (key == "physical id") package = value;
    else if (key == "core id") cores.insert({package, value});
  }
  m.logical_cores = int(std::thread::hardware_concurrency());
  if (m.logical_cores == 0) m.logical_cores = processors;
  m.physical_cores = int(cores.size());
  if (m.physical_cores > 0 && processors > 0) m.threads_per_core = std::max(1, processors / m.physical_cores);
  if (m.cpu_model.empty()) m.cpu_model = "unknown CPU";
  const EmbreeInfo embree = embree_info();
  m.embree_version = embree.version;
  m.embree_isa = embree.isa;
  m.tbb_version = TBB_runtime_version();
  m.tessera_version = tessera_version();
  m.git_hash = tessera_git_hash();
  m.build_type = tessera_build_type();
  utsname u{};
  if (uname(&u) == 0) m.kernel = std::string(u.sysname) + " " + u.release + " " + u.machine;
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) == 0) m.hostname = host;
  return m;
}

nlohmann::json to_json(const MachineInfo& m) {
  return {{"cpu_model", m.cpu_model},           {"logical_cores", m.logical_cores},
          {"physical_cores", m.physical_cores}, {"threads_per_core", m.threads_per_core},
          {"embree_version", m.embree_version}, {"embree_isa", m.embree_isa},
          {"tbb_version", m.tbb_version},       {"tessera_version", m.tessera_version},
          {"git_hash", m.git_hash},             {"build_type", m.build_type},
          {"kernel", m.kernel},                 {"hostname", m.hostname}};
}

MachineInfo machine_from_json(const nlohmann::json& j) {
  MachineInfo m;
  const auto text = [&](const char* key, std::string& out) {
    if (j.is_object() && j.contains(key) && j[key].is_string()) out = j[key].get<std::string>();
  };
  const auto number = [&](const char* key, int& out) {
    if (j.is_object() && j.contains(key) && j[key].is_number_integer()) out = j[key].get<int>();
  };
  text("cpu_model", m.cpu_model);
  number("logical_cores", m.logical_cores);
  number("physical_cores", m.physical_cores);
  number("threads_per_core", m.threads_per_core);
  text("embree_version", m.embree_version);
  text("embree_isa", m.embree_isa);
  text("tbb_version", m.tbb_version);
  text("tessera_version", m.tessera_version);
  text("git_hash", m.git_hash);
  text("build_type", m.build_type);
  text("kernel", m.kernel);
  text("hostname", m.hostname);
  return m;
}

std::string one_line(const MachineInfo& m) {
  std::string cores = std::to_string(m.logical_cores) + " threads";
  if (m.physical_cores > 0) cores = std::to_string(m.physical_cores) + " cores, " + cores;
  return m.cpu_model + " | " + cores + " | Embree " + m.embree_version + " " + m.embree_isa + " | oneTBB " +
         m.tbb_version + " | tessera " + m.tessera_version + " " + m.build_type + " " + m.git_hash;
}

}  // namespace tessera
