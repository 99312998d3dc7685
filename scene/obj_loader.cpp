#include "scene/obj_loader.h"

#include "core/base/error.h"
#include "scene/obj_file.h"
#include "scene/shapes.h"

#include <utility>
#include <vector>

namespace tessera {

TriangleMesh load_obj_mesh(const std::string& path, const Transform& to_world, uint32_t material) {
  // No material reader: .mtl files are never opened (the scene gives the material).
  ObjFile file = open_obj_file(path, /*warn_mtllib=*/true);
  parse_obj_file(file, nullptr);
  const size_t faces = obj_face_count(file);
  if (faces == 0) throw Error(path + ": OBJ file has no faces");
  ObjMeshes built = build_obj_meshes(file, std::vector<uint32_t>(faces, 0), {material});
  warn_dropped(file, built, "mesh");
  return transformed(std::move(built.meshes[0]), to_world);
}

}  // namespace tessera
