#pragma once
// An OBJ file with its MTL materials, read as a Model (scene/model.h): one
// mesh per material the faces use, each material mapped onto ours by the table
// in scenes/README.md ("OBJ + MTL materials"), and the textures its map_*
// statements name. The geometry is read as load_obj_mesh reads it (the same
// checks and errors, scene/obj_file.h), but never merged into one mesh.

#include "core/math/transform.h"
#include "scene/model.h"

#include <string>

namespace tessera {

// Read the OBJ at `path` and the .mtl files it names (`mtllib`, resolved
// against its directory), placed by `to_world`. Throws Error as load_obj_mesh
// does for the geometry ("mesh.obj:12: face refers to vertex 9 ..."). What real
// files get wrong is a warning (core/base/warning.h) and a fallback, never an
// error: a missing .mtl file or a `usemtl` name no library defines (those
// faces get a grey diffuse "default" material, as do faces before any
// `usemtl`), a missing texture file (the map is dropped), and map statements
// with no counterpart here (listed, ignored). Model::materials holds the
// materials the faces use, in .mtl order, then the default; texture paths
// resolve against the directory of the .mtl that names them. Degenerate
// triangles are dropped with one warning, as load_obj_mesh does.
Model load_obj_model(const std::string& path, const Transform& to_world);

}  // namespace tessera
