#pragma once
// OBJ meshes through tinyobjloader: positions and faces (triangulated); normals,
// texture coordinates and .mtl materials are ignored for now.

#include "core/scene_geometry.h"
#include "scene/transform.h"

#include <string>

namespace tessera {

// Load `path` as one mesh in world space with `material`. Throws Error naming
// the file, and the line where it is known: "mesh.obj:12: face index 9 out of range".
TriangleMesh load_obj_mesh(const std::string& path, const Transform& to_world, uint32_t material);

}  // namespace tessera
