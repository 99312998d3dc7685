// Fuzz target: the OBJ loader (scene/obj_loader.h load_obj_mesh).
#include "core/base/error.h"
#include "scene/obj_loader.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string path = tessera::fuzz::write_temp_file(data, size, ".obj");
  try {
    tessera::load_obj_mesh(path, tessera::Transform{}, 0);
  } catch (const tessera::Error&) {
  }
  return 0;
}
