#pragma once
// What Embree is on this machine: its version and the instruction set its
// kernels run with, for benchmark reports and `tessera --version`.
//
// Embree 3 does not name the ISA it dispatched to; it reports the widest ray
// packet it supports natively (4, 8 or 16 lanes). We combine that with the
// CPU's flags: 16 lanes is AVX-512, 8 lanes AVX2 when the CPU has it (else
// AVX), 4 lanes SSE4.2 or SSE2.

#include "accel/embree_device.h"

#include <string>

namespace tessera {

struct EmbreeInfo {
  std::string version;  // "3.13.5"
  std::string isa;      // "AVX-512", "AVX2", "AVX", "SSE4.2" or "SSE2"
  int native_packet = 1;  // widest native ray packet: 1, 4, 8 or 16
};
EmbreeInfo describe_embree(const EmbreeDevice& device);

}  // namespace tessera
