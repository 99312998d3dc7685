#pragma once
// A model file (glTF 2.0, OBJ + MTL, PLY) read whole: meshes with their own
// materials and textures, and for glTF its cameras and lights. A scene places
// a model with a "model" shape (or `tessera render model.glb` wraps one in a
// scene); build_scene() appends the model's materials, textures and lights to
// the scene's and renumbers the meshes' material ids.
//
// In this file:
//   Model           what one file holds, in world space after the placing transform
//   ModelOptions    what the caller chooses (the camera by name)
//   load_model      chooses the reader by the file's extension
//   is_model_path   whether an extension names a model format
//   model_files     the files a model reads (for the render fingerprint)
//   bare_model_scene  the scene `tessera render model.glb` renders

#include "core/math/transform.h"
#include "core/render/camera.h"
#include "core/render/scene_geometry.h"
#include "scene/scene_description.h"

#include <optional>
#include <string>
#include <vector>

namespace tessera {

struct Model {
  // Each mesh's material() indexes `materials`. Positions, normals and
  // tangents are in world space (the placing transform is baked in).
  std::vector<TriangleMesh> meshes;
  // Material texture ids index `textures`. Every MaterialDescription's origin
  // names the file and the place in it ("helmet.gltf: /materials/0").
  std::vector<MaterialDescription> materials;
  std::vector<TextureDescription> textures;  // image paths resolved against the model's directory
  std::vector<LightDescription> lights;      // glTF KHR_lights_punctual, placed
  std::optional<CameraParams> camera;        // glTF: the camera chosen by ModelOptions; OBJ/PLY: none
  // World-space bounds of every mesh (for the automatic camera).
  Vec3 bounds_min{0.0f}, bounds_max{0.0f};
};

struct ModelOptions {
  std::string camera;  // glTF: the camera node or camera name to use; "" = the first one
};

// Read the model at `path`, placed by `to_world`. The reader is chosen by the
// extension (.gltf, .glb, .obj, .ply; case-insensitive). Throws Error naming the
// file and the place in it; what a real file often gets wrong (a missing .mtl
// or texture, an unsupported extension) is a warning and a fallback instead.
Model load_model(const std::string& path, const Transform& to_world, const ModelOptions& options = {});

// Whether `path` ends in .gltf, .glb, .obj or .ply (any case).
bool is_model_path(const std::string& path);

// The model file and every other file it reads that exists now (a .gltf's
// external buffers and images), for description_fingerprint. Reads the .gltf's
// JSON; never throws for a malformed one (load_model reports it).
std::vector<std::string> model_files(const std::string& path);

// The scene of a model given alone: one "model" shape with its own camera
// (`camera` names it; "" = the first), else an automatic one ("camera":
// "model"), and its own lights, else a sky and a sun ("lights": "auto"). Its
// shape's origin has no JSON pointer, so the model's errors reach the user as
// the loader wrote them ("model.glb: accessor 3: ..."). Reads no file yet.
SceneDescription bare_model_scene(const std::string& path, const std::string& camera = "");

}  // namespace tessera
