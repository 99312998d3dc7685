// Fuzz target: the OBJ loaders (scene/obj_loader.h load_obj_mesh, and
// scene/obj_model.h load_obj_model with its MTL). The input is written both as
// input.obj and as input.mtl beside it, so an input saying "mtllib input.mtl"
// is also read as its own material library (tinyobjloader skips the other
// format's statements in each).
#include "core/base/error.h"
#include "core/base/warning.h"
#include "scene/obj_loader.h"
#include "scene/obj_model.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool muted = (tessera::set_warning_handler([](const std::string&) {}), true);
  (void)muted;
  std::string path = tessera::fuzz::write_temp_file(data, size, ".obj");
  tessera::fuzz::write_temp_file(data, size, ".mtl");
  try {
    tessera::load_obj_mesh(path, tessera::Transform{}, 0);
  } catch (const tessera::Error&) {
  }
  try {
    tessera::load_obj_model(path, tessera::Transform{});
  } catch (const tessera::Error&) {
  }
  return 0;
}
