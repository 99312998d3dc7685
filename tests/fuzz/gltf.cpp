// Fuzz target: the glTF 2.0 reader (scene/gltf_loader.h through load_model).
// Input starting with "glTF" is written to a temporary .glb, anything else to a .gltf.
#include "core/base/error.h"
#include "core/base/warning.h"
#include "scene/model.h"
#include "tests/fuzz/fuzz_input.h"

#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool muted = (tessera::set_warning_handler([](const std::string&) {}), true);
  (void)muted;
  const bool binary = size >= 4 && std::memcmp(data, "glTF", 4) == 0;
  std::string path = tessera::fuzz::write_temp_file(data, size, binary ? ".glb" : ".gltf");
  try {
    tessera::load_model(path, tessera::Transform{});
  } catch (const tessera::Error&) {
  }
  return 0;
}
