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

}  // namespace tessera
