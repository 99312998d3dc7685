#include "scene/model.h"

#include "core/base/error.h"
#include "scene/gltf_loader.h"
#include "scene/obj_loader.h"
#include "scene/ply_loader.h"

#include <algorithm>
#include <cctype>

namespace tessera {
namespace {

std::string lower_extension(const std::string& path) {
  const size_t dot = path.find_last_of('.');
  const size_t slash = path.find_last_of('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  std::string ext = path.substr(dot);
  for (char& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

// A one-mesh model with a default material (OBJ and PLY meshes carry none).
Model single_mesh_model(TriangleMesh mesh, const std::string& path) {
  Model model;
  MaterialDescription m;
  m.name = "default";
  m.origin = {path, "", 0};
  m.material.kind = MaterialKind::Diffuse;
  m.material.albedo = Vec3(0.8f);
  model.materials.push_back(m);
  mesh.set_material(0);
  model.meshes.push_back(std::move(mesh));
  model.bounds_min = model.bounds_max = model.meshes[0].vertex(0);
  const TriangleMesh& placed = model.meshes[0];
  for (size_t i = 0; i < placed.vertex_count(); ++i)
    model.bounds_min = min(model.bounds_min, placed.vertex(i)), model.bounds_max = max(model.bounds_max, placed.vertex(i));
  return model;
}

}  // namespace

bool is_model_path(const std::string& path) {
  const std::string ext = lower_extension(path);
  return ext == ".gltf" || ext == ".glb" || ext == ".obj" || ext == ".ply";
}

Model load_model(const std::string& path, const Transform& to_world, const ModelOptions& options) {
  const std::string ext = lower_extension(path);
  if (ext == ".gltf" || ext == ".glb") return load_gltf_model(path, to_world, options);
  if (ext == ".ply") return single_mesh_model(load_ply_mesh(path, to_world, 0), path);
  if (ext == ".obj")
    return single_mesh_model(load_obj_mesh(path, to_world, 0), path);  // OBJ+MTL: return load_obj_model(path, to_world);
  throw Error(path + ": unknown model format \"" + ext + "\" (expected .gltf, .glb, .obj or .ply)");
}

std::vector<std::string> model_files(const std::string& path) {
  std::vector<std::string> files{path};
  const std::string ext = lower_extension(path);
  if (ext == ".gltf") {
    const std::vector<std::string> more = gltf_dependencies(path);
    files.insert(files.end(), more.begin(), more.end());
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
