// Fuzz target: the scene JSON loader (scene/scene_file.h load_scene_text).
#include "core/base/error.h"
#include "scene/scene_file.h"
#include "tests/fuzz/fuzz_input.h"

#include <cstdio>
#include <cstring>
#include <string>

namespace {
// Meshes resolve against this process's temporary directory, which holds one
// small OBJ, "mesh.obj" (a seed scene names it); any other mesh fails cleanly.
const std::string& mesh_dir() {
  static const std::string dir = [] {
    const char* obj = "v 0 0 0\nv 1 0 0\nv 0 1 0\nv 0 0 1\nf 1 2 3\nf 1 3 4\n";
    std::string path = tessera::fuzz::write_temp_file(reinterpret_cast<const uint8_t*>(obj), std::strlen(obj), ".obj");
    std::string dir = tessera::fuzz::temp_dir();
    std::rename(path.c_str(), (dir + "/mesh.obj").c_str());
    return dir;
  }();
  return dir;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    tessera::load_scene_text(text, "fuzz.json", mesh_dir());
  } catch (const tessera::Error&) {
  }
  return 0;
}
