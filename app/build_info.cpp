#include "app/build_info.h"

#include "accel/embree_device.h"
#include "core/engine/parallel.h"
#include "core/image/image_io.h"

namespace tessera {

const char* tessera_version() { return TESSERA_VERSION; }
const char* tessera_build_type() { return TESSERA_BUILD_TYPE; }

std::string tessera_software() { return std::string("tessera ") + tessera_version() + " " + tessera_git_hash(); }

std::string version_text() {
  std::string embree;
  try {
    const EmbreeInfo info = embree_info();
    embree = info.version + " (ISA " + info.isa + ")";
  } catch (const std::exception& e) {  // --version prints what it can
    embree = std::string("unavailable: ") + e.what();
  }
  return tessera_software() + "\n" +
         "Embree " + embree + "\n" +
         "oneTBB " + tbb_version() + "\n" +
         "OpenEXR " + openexr_version();
}

}  // namespace tessera
