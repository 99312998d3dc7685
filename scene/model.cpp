#include "scene/model.h"

#include "core/base/error.h"
#include "scene/gltf_loader.h"
#include "scene/file_paths.h"
#include "scene/obj_model.h"
#include "scene/ply_loader.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace tessera {
namespace {

// A one-mesh model with a default material (PLY meshes carry none): diffuse,
// its albedo the vertex colours when the mesh has them (a coloured scan), else 0.8.
Model single_mesh_model(TriangleMesh mesh, const std::string& path) {
  Model model;
  MaterialDescription m;
  m.name = "default";
  m.origin = {path, "", 0};
  if (mesh.has_colors()) {
    m.material = vertex_color_material(model.textures, m.origin);
  } else {
    m.material.kind = MaterialKind::Diffuse;
    m.material.albedo = Vec3(0.8f);
  }
  model.materials.push_back(m);
  mesh.set_material(0);
  model.meshes.push_back(std::move(mesh));
  model.bounds_min = model.bounds_max = model.meshes[0].vertex(0);
  const TriangleMesh& placed = model.meshes[0];
  for (size_t i = 0; i < placed.vertex_count(); ++i)
    model.bounds_min = min(model.bounds_min, placed.vertex(i)), model.bounds_max = max(model.bounds_max, placed.vertex(i));
  return model;
}

bool is_regular_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// The files named on each line of `path` whose first word `wanted` accepts:
// every other word (`all`, an OBJ's mtllib) or the last (an .mtl's map_Kd,
// whose options come first), resolved against the file's directory, with
// backslashes as slashes when that names no file (as the loader does).
// Files that do not exist are left out.
template <class Wanted>
void add_named_files(const std::string& path, Wanted wanted, bool all, std::vector<std::string>& files) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string first, word;
    if (!(words >> first) || !wanted(first)) continue;
    std::vector<std::string> named;
    while (words >> word) {
      if (!all) named.clear();
      named.push_back(word);
    }
    for (const std::string& name : named) {
      std::string file = resolve(directory_of(path), name);
      if (!is_regular_file(file)) std::replace(file.begin(), file.end(), '\\', '/');
      if (is_regular_file(file) && std::find(files.begin(), files.end(), file) == files.end()) files.push_back(file);
    }
  }
}

}  // namespace

bool is_model_path(const std::string& path) {
  const std::string ext = lowercase_extension(path);
  return ext == ".gltf" || ext == ".glb" || ext == ".obj" || ext == ".ply";
}

Model load_model(const std::string& path, const Transform& to_world, const ModelOptions& options) {
  const std::string ext = lowercase_extension(path);
  if (ext == ".gltf" || ext == ".glb") return load_gltf_model(path, to_world, options);
  if (ext == ".ply") return single_mesh_model(load_ply_mesh(path, to_world, 0), path);
  if (ext == ".obj") return load_obj_model(path, to_world);
  throw Error(path + ": unknown model format \"" + ext + "\" (expected .gltf, .glb, .obj or .ply)");
}

std::vector<std::string> model_files(const std::string& path) {
  std::vector<std::string> files{path};
  const std::string ext = lowercase_extension(path);
  if (ext == ".gltf") {
    const std::vector<std::string> more = gltf_dependencies(path);
    files.insert(files.end(), more.begin(), more.end());
  } else if (ext == ".obj") {
    // Its material libraries (missing ones are a warning when loading, so not
    // named here) and the texture files they name. A map's options come before
    // its file name: the last word is the file.
    std::vector<std::string> libraries;
    add_named_files(path, [](const std::string& w) { return w == "mtllib"; }, true, libraries);
    for (const std::string& mtl : libraries) {
      files.push_back(mtl);
      add_named_files(mtl, [](const std::string& w) {
        return w.rfind("map_", 0) == 0 || w == "bump" || w == "norm" || w == "disp" || w == "decal" || w == "refl";
      }, false, files);
    }
  }
  return files;
}

SceneDescription bare_model_scene(const std::string& path, const std::string& camera) {
  nlohmann::json shape = {{"type", "model"}, {"file", path}};
  if (!camera.empty()) shape["camera"] = camera;
  const nlohmann::json scene = {{"camera", "model"},
                                {"lights", "auto"},
                                {"materials", nlohmann::json::object()},
                                {"shapes", nlohmann::json::array({shape})}};
  SceneDescription desc = parse_scene_text(scene.dump(2), path, "");
  // The model is the whole scene: its errors need no JSON pointer ("model.glb:
  // accessor 3: ...", not "model.glb: /shapes/0/file: model.glb: accessor 3: ...").
  desc.shapes[0].origin.pointer.clear();
  return desc;
}

}  // namespace tessera
