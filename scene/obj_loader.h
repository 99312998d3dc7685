#pragma once
// OBJ meshes through tinyobjloader: positions, faces (triangulated), vertex
// normals (`vn`) and texture coordinates (`vt`) referenced by face corners
// (v/vt/vn); .mtl materials are ignored (scene/obj_model.h reads them). A mesh
// gets normals (smooth shading) when every face corner names one, or else
// averaged ones where faces lie in a smoothing group (`s 1`); UVs when every
// corner names one. The reading is shared with obj_model (scene/obj_file.h).

#include "core/render/scene_geometry.h"
#include "core/math/transform.h"

#include <string>

namespace tessera {

// Load `path` as one mesh in world space with `material`. Throws Error naming
// the file, and the line where it is known: "mesh.obj:12: face index 9 out of range",
// also for what tinyobjloader would read as 0 (a vertex with fewer than three
// coordinates, or one that is not a finite float) and for other mesh formats
// (".gltf meshes are not supported yet"; a PLY, which load_ply_mesh reads when
// it is named .ply, is "a PLY file, not an OBJ") and for a corner's vt or vn index
// out of range, and a face of more than 255 corners. Degenerate (zero-area) triangles are
// dropped with one warning (core/base/warning.h) naming the first; a missing mtllib
// is a warning too (.mtl files are never read: the scene gives the material).
TriangleMesh load_obj_mesh(const std::string& path, const Transform& to_world, uint32_t material);

}  // namespace tessera
