#pragma once
// The scene description: what a scene file says, parsed and validated value by
// value, with where each part came from. It is the first of two stages:
//
//   scene file (JSON) --parse_scene_*--> SceneDescription --build_scene--> RenderScene
//                                         |  (command-line overrides are written into
//                                         |   its film block: set_film_value)
//                                         +--description_fingerprint--> journals, merge
//
// Parsing checks what the JSON says (types, ranges, names); build_scene()
// (scene/build_scene.h) makes geometry and finds what only geometry shows
// (zero areas, out-of-world vertices), still naming the file and JSON path.
//
// In this file:
//   SourceOrigin          file, JSON pointer and line of one part of the file
//   TextureDescription    MaterialDescription   ShapeDescription   LightDescription
//   PrototypeDescription  InstanceDescription   (instancing: "meshes" and "instances")
//   SceneDescription
//   parse_scene_file / parse_scene_text
//   set_film_value        a command-line value written into the film block
//   canonical_description the bytes the render fingerprint hashes
//   description_fingerprint

#include "core/engine/bucket.h"
#include "core/materials/material.h"
#include "core/render/camera.h"
#include "core/render/render_scene.h"
#include "core/math/transform.h"
#include "core/textures/texture.h"
#include "core/textures/texture_io.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tessera {

struct SourceOrigin {
  std::string file;     // the scene file as given
  std::string pointer;  // JSON pointer (RFC 6901), "/shapes/3"; "" = the whole document
  int line = 0;         // line where the value starts in the file; 0 = not in the file (a default)

  // "scene.json: /shapes/3", the place in every error message.
  std::string where() const { return file + ": " + (pointer.empty() ? "/" : pointer); }
  // Throw Error("<where>: <reason>").
  [[noreturn]] void fail(const std::string& reason) const;
  // A value inside this one (line unknown: 0).
  SourceOrigin child(const std::string& token) const;
};

// One texture a material names (a parameter, "normal_map" or "alpha"): an
// image file, a checkerboard or a constant. build_scene() loads each
// (path, srgb, channel) once, however many textures name it.
struct TextureDescription {
  Texture texture;      // kind, wrap, uv transform, colours; `image` is set by build_scene
  std::string file;     // image: the path as written
  std::string path;     // image: resolved against the scene's directory
  bool srgb = false;    // image: decode 8-bit files with the sRGB curve
  TextureChannel channel = TextureChannel::Rgb;  // image: "channel"
  SourceOrigin origin;  // the texture object ("/materials/wood/albedo")
  // image held inside a model file (a glTF data URI or buffer view): its
  // encoded bytes; `path` then names it ("helmet.glb#images/0.png", the
  // extension giving the format) and no file of that name is read.
  std::shared_ptr<const std::vector<unsigned char>> embedded;
};

struct MaterialDescription {
  std::string name;
  Material material;
  SourceOrigin origin;
};

enum class ShapeType { Sphere, Quad, Box, Triangles, Mesh, Model };

struct ShapeDescription {
  ShapeType type = ShapeType::Sphere;
  SourceOrigin origin;
  uint32_t material = 0;  // index into SceneDescription::materials
  Transform to_world;     // quad, box, triangles, mesh
  Vec3 center{0.0f};      // sphere
  float radius = 1.0f;
  Vec3 corner{0.0f}, edge1{0.0f}, edge2{0.0f};  // quad
  Vec3 min{0.0f}, max{0.0f};                    // box
  std::vector<Vec3> positions;                  // triangles
  std::vector<uint32_t> indices;
  std::string file;                             // mesh, model: the path as written
  std::string path;                             // mesh, model: resolved against the scene's directory
  bool override_material = false;               // model: "material" given, replacing all the model's own
  std::string camera;                           // model: the glTF camera to use ("" = the first)
};

// One entry of the "meshes" object: a mesh file loaded once, in object space,
// and rendered only where instances place it.
struct PrototypeDescription {
  std::string name;       // its key in "meshes"
  std::string file;       // the path as written
  std::string path;       // resolved against the scene's directory
  uint32_t material = 0;  // index into SceneDescription::materials; instances may override it
  SourceOrigin origin;    // "/meshes/tree"
};

// One entry of the "instances" array: a prototype placed in the world.
struct InstanceDescription {
  uint32_t prototype = 0;  // index into SceneDescription::prototypes
  uint32_t material = 0;   // the instance's "material", else the prototype's
  Transform to_world;
  SourceOrigin origin;     // "/instances/3"
};

// One entry of the "lights" array (scene/lights.h reads and builds it).
enum class LightType { Point, Spot, Directional, Environment };

struct LightDescription {
  LightType type = LightType::Point;
  SourceOrigin origin;
  Vec3 position{0.0f};   // point, spot
  Vec3 look_at{0.0f};    // spot
  Vec3 direction{0.0f};  // directional: the way the light travels
  Vec3 color{0.0f};      // intensity (point, spot; W / sr) or irradiance (directional; W / m^2)
  float radius = 0;      // point: 0 = a delta light, > 0 an emissive sphere
  float cutoff_angle = 0, beam_width = 0;  // spot, degrees from the axis
  float angle = 0;       // directional: angular diameter, degrees; 0 = a delta light
  float intensity = 1;   // environment: scale of the map
  float rotation = 0;    // environment: degrees about +y
  std::string file;      // environment: the path as written
  std::string path;      // environment: resolved against the scene's directory
};

struct SceneDescription {
  std::string path;      // the scene file as given; names it in errors
  std::string base_dir;  // relative mesh paths resolve against it
  // The document as read, with command-line overrides written into "film".
  // Its canonical form (minus the "render" block) is what the fingerprint hashes.
  nlohmann::json document;

  CameraParams camera;
  SourceOrigin camera_origin;
  // "camera": {...} (Given), "auto" (framed over every shape by build_scene),
  // or "model" (the first model shape's own camera, else framed like "auto").
  enum class CameraChoice { Given, Auto, Model };
  CameraChoice camera_choice = CameraChoice::Given;
  // "lights": "auto": when the scene (its models included) has no light, a
  // uniform sky (the "environment" radiance, or a default) and a sun.
  bool auto_lights = false;
  RenderSettings film;  // read from document["film"] only, over the built-in defaults
  SourceOrigin film_origin;
  // The "render" block: defaults for scheduling, below the command line.
  std::optional<int> threads;
  std::optional<BucketSize> bucket_size;
  SourceOrigin render_origin;
  Vec3 environment{0.0f};
  SourceOrigin environment_origin;
  std::vector<MaterialDescription> materials;  // in name order; their texture ids index `textures`
  std::vector<TextureDescription> textures;    // in the order the materials name them
  std::vector<ShapeDescription> shapes;        // in file order
  std::vector<PrototypeDescription> prototypes;  // the "meshes" object, in name order
  std::vector<InstanceDescription> instances;    // the "instances" array, in file order
  std::vector<LightDescription> lights;        // the "lights" array, in file order
};

// The material of a mesh that names none (a bare PLY model, a "mesh" shape or
// "meshes" entry without "material"): diffuse, its albedo the mesh's vertex
// colours, or 0.8 where it has none. Its texture is appended to `textures`.
Material vertex_color_material(std::vector<TextureDescription>& textures, const SourceOrigin& origin);

// Read and validate a scene file. Throws Error naming the file and JSON path
// ("scene.json: /shapes/3/radius: must be > 0"), or file:line:column for JSON
// syntax. Mesh files are not read here (build_scene reads them).
SceneDescription parse_scene_file(const std::string& path);
// The same from JSON text; `path` names it in errors, `base_dir` resolves meshes.
SceneDescription parse_scene_text(const std::string& text, const std::string& path, const std::string& base_dir);

// Write `value` into the film block under `key`, as if the file had said it,
// and re-read the film settings. `source` names it in errors ("--spp"). This is
// the only way a command-line setting reaches the renderer, so the fingerprint
// covers it.
void set_film_value(SceneDescription& desc, const std::string& key, const nlohmann::json& value,
                    const std::string& source);

// The description as canonical bytes: keys sorted, numbers in one spelling
// (an integral float is written as an integer: 1.0 and 1 are the same), no
// whitespace, and without the "render" block (scheduling changes no pixel).
std::string canonical_description(const SceneDescription& desc);

// The render fingerprint (core/journal/render_fingerprint.h) of the
// description: its canonical bytes, every mesh (shapes' and "meshes"'), texture and environment map
// file's content (read now; an unreadable one is an error naming its JSON path)
// and the renderer's version.
uint64_t description_fingerprint(const SceneDescription& desc);

}  // namespace tessera
