#pragma once
// The machine a benchmark ran on, recorded in every report so that results
// from different machines can be set side by side.

#include <nlohmann/json.hpp>

#include <string>

namespace tessera {

struct MachineInfo {
  std::string cpu_model;      // /proc/cpuinfo "model name"
  int logical_cores = 0;      // hardware threads the OS offers
  int physical_cores = 0;     // distinct (package, core) pairs; 0 = unknown
  int threads_per_core = 0;   // SMT ways (logical / physical); 0 = unknown
  std::string embree_version, embree_isa, tbb_version;
  std::string tessera_version, git_hash, build_type;
  std::string kernel;         // uname: sysname release machine
  std::string hostname;
};
MachineInfo describe_machine();  // creates an Embree device to ask it (accel/embree_device.h embree_info)
nlohmann::json to_json(const MachineInfo& machine);
MachineInfo machine_from_json(const nlohmann::json& json);  // missing fields stay empty/0
// One line: "Intel(R) Xeon(R) ... | 2 cores, 2 threads | Embree 3.13.5 AVX-512 | oneTBB 2021.8 | Release d5d3531".
std::string one_line(const MachineInfo& machine);

}  // namespace tessera
