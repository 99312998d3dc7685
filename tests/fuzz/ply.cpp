// Fuzz target: the PLY loader (scene/ply_loader.h load_ply_mesh).
#include "core/base/error.h"
#include "scene/ply_loader.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string path = tessera::fuzz::write_temp_file(data, size, ".ply");
  try {
    tessera::load_ply_mesh(path, tessera::Transform{}, 0);
  } catch (const tessera::Error&) {
  }
  return 0;
}
