#include "scene/build_scene.h"

#include "core/base/error.h"
#include "core/base/warning.h"
#include "core/engine/parallel.h"
#include "scene/file_paths.h"
#include "scene/lights.h"
#include "core/textures/texture_io.h"
#include "scene/model.h"
#include "scene/obj_loader.h"
#include "scene/ply_loader.h"
#include "scene/shapes.h"

#include <cmath>
#include <map>
#include <optional>
#include <tuple>
#include <utility>

namespace tessera {
namespace {

// Drops triangles a transform made degenerate (a tiny scale); a shape left with
// none is an error. `mesh` had none before the transform.
TriangleMesh without_collapsed_triangles(TriangleMesh mesh, const SourceOrigin& origin) {
  size_t collapsed = 0;
  for (size_t t = 0; t < mesh.triangle_count(); ++t)
    collapsed += is_degenerate(mesh.corner(t, 0), mesh.corner(t, 1), mesh.corner(t, 2));
  if (collapsed == 0) return mesh;
  if (collapsed == mesh.triangle_count())
    origin.fail("every triangle is degenerate (zero area) after the transform; nothing to render");
  // In place: the vertices keep their normals, UVs, colours and tangents.
  mesh.remove_triangles_if([&mesh](size_t t) { return is_degenerate(mesh.corner(t, 0), mesh.corner(t, 1), mesh.corner(t, 2)); });
  warn(origin.where() + ": " + std::to_string(collapsed) +
       " triangle(s) degenerate (zero area) after the transform dropped");
  return mesh;
}

TriangleMesh triangles(const ShapeDescription& s) {
  TriangleMesh mesh(s.material);
  for (const Vec3& p : s.positions) mesh.add_vertex(p);
  size_t dropped = 0, first_dropped = 0;
  for (size_t i = 0; i < s.indices.size(); i += 3) {
    const uint32_t a = s.indices[i], b = s.indices[i + 1], c = s.indices[i + 2];
    if (is_degenerate(mesh.vertex(a), mesh.vertex(b), mesh.vertex(c))) {
      if (dropped++ == 0) first_dropped = i;
      continue;
    }
    mesh.add_triangle(a, b, c);
  }
  if (dropped > 0) {
    const SourceOrigin first = s.origin.child("indices").child(std::to_string(first_dropped));
    if (mesh.triangle_count() == 0) first.fail("every triangle is degenerate (zero area); nothing to render");
    warn(first.where() + ": degenerate (zero-area) triangle dropped" +
         (dropped > 1 ? " (" + std::to_string(dropped) + " in this shape, the first here)" : ""));
  }
  return transformed(std::move(mesh), s.to_world);
}

// Every mesh of a glTF model as one mesh with `material` (its own materials
// are not used: a "meshes" entry or a "mesh" shape names one). Normals, UVs,
// vertex colours and tangents are kept when every part has them.
TriangleMesh merged_gltf_mesh(const std::string& path, const Transform& to_world, uint32_t material) {
  const Model model = load_model(path, to_world);
  TriangleMesh merged(material);
  bool normals = true, uvs = true, colors = true, tangents = true;
  size_t vertices = 0, triangles = 0;
  for (const TriangleMesh& m : model.meshes) {
    normals = normals && m.has_normals(), uvs = uvs && m.has_uvs();
    colors = colors && m.has_colors(), tangents = tangents && m.has_tangents();
    vertices += m.vertex_count(), triangles += m.triangle_count();
  }
  merged.reserve(vertices, triangles);
  std::vector<Vec3> n;
  std::vector<Vec2> uv;
  std::vector<Vec3> color;
  std::vector<Tangent> tangent;
  for (const TriangleMesh& m : model.meshes) {
    const uint32_t first = uint32_t(merged.vertex_count());
    for (size_t v = 0; v < m.vertex_count(); ++v) {
      merged.add_vertex(m.vertex(v));
      if (normals) n.push_back(m.normal(v));
      if (uvs) uv.push_back(m.uv(v));
      if (colors) color.push_back(m.color(v));
      if (tangents) tangent.push_back(m.tangent(v));
    }
    for (size_t t = 0; t < m.triangle_count(); ++t)
      merged.add_triangle(first + m.index(t, 0), first + m.index(t, 1), first + m.index(t, 2));
  }
  if (merged.triangle_count() == 0) throw Error(path + ": the model has no triangles");
  merged.set_normals(std::move(n));
  merged.set_uvs(std::move(uv));
  merged.set_colors(std::move(color));
  merged.set_tangents(std::move(tangent));
  return merged;
}

// A mesh file by extension, any case: .ply, .gltf or .glb (merged into one
// mesh), else OBJ (which names other formats it refuses).
TriangleMesh load_mesh_file(const std::string& path, const Transform& to_world, uint32_t material) {
  const std::string ext = lowercase_extension(path);
  if (ext == ".ply") return load_ply_mesh(path, to_world, material);
  if (ext == ".gltf" || ext == ".glb") return merged_gltf_mesh(path, to_world, material);
  return load_obj_mesh(path, to_world, material);
}

TriangleMesh mesh_of(const ShapeDescription& s) {
  switch (s.type) {
    case ShapeType::Quad: return make_quad(s.corner, s.edge1, s.edge2, s.to_world, s.material);
    case ShapeType::Box: return make_box(s.min, s.max, s.to_world, s.material);
    case ShapeType::Triangles: return triangles(s);
    case ShapeType::Mesh:
      try {
        return load_mesh_file(s.path, s.to_world, s.material);
      } catch (const Error& e) {
        s.origin.child("file").fail(e.what());  // "scene.json: /shapes/2/file: bunny.obj: mesh file not found"
      }
    case ShapeType::Sphere:
    case ShapeType::Model: break;  // add_model
  }
  throw Error(s.origin.where() + ": not a triangle shape");
}

// Instancing: each "meshes" entry loaded once in object space, and a placement
// per instance. A placement must be invertible (Embree traces the prototype in
// object space) and lie within the world, judged by its prototype's box.
void add_instances(const SceneDescription& desc, SceneGeometry& geometry, ShapeOrigins& origins) {
  std::vector<std::pair<Vec3, Vec3>> boxes;
  for (const PrototypeDescription& p : desc.prototypes) {
    try {
      geometry.prototypes.push_back(load_mesh_file(p.path, Transform{}, p.material));
    } catch (const Error& e) {
      p.origin.child("file").fail(e.what());  // "scene.json: /meshes/tree/file: tree.obj: mesh file not found"
    }
    const TriangleMesh& mesh = geometry.prototypes.back();
    if (!all_vertices_within_world(mesh)) p.origin.child("file").fail("a vertex lies beyond 1e15 from the origin");
    Vec3 lo(INFINITY), hi(-INFINITY);
    for (size_t v = 0; v < mesh.vertex_count(); ++v) lo = min(lo, mesh.vertex(v)), hi = max(hi, mesh.vertex(v));
    boxes.emplace_back(lo, hi);
    origins.prototypes.push_back(p.origin.where());
  }
  geometry.instances.reserve(desc.instances.size());
  for (const InstanceDescription& inst : desc.instances) {
    const float det = inst.to_world.determinant();
    if (!(std::abs(det) > 0.0f) || !std::isfinite(det))
      inst.origin.child("transform").fail("the transform is not invertible in 32-bit floats (a scale too small or too large)");
    const auto& [lo, hi] = boxes[inst.prototype];
    for (int c = 0; c < 8 && lo.x <= hi.x; ++c)
      if (!within_world(inst.to_world.point({c & 1 ? hi.x : lo.x, c & 2 ? hi.y : lo.y, c & 4 ? hi.z : lo.z})))
        inst.origin.fail("the placed mesh reaches beyond 1e15 from the origin (or overflows a 32-bit float)");
    geometry.instances.emplace_back(inst.prototype, inst.material, inst.to_world);
    origins.instances.push_back(inst.origin.where());
  }
}

// Every texture the materials name, each (file, colour space, channel) loaded once and
// shared by every texture that names it; the images are decoded in parallel (a
// glTF model names several large ones). A file that cannot be read names the
// texture's JSON pointer: "scene.json: /materials/wood/albedo/texture: wood.png:
// cannot read image: ..."; with several, the first in texture order.
TextureSet textures_of(const std::vector<TextureDescription>& textures) {
  TextureSet set;
  std::map<std::tuple<std::string, bool, TextureChannel>, uint32_t> loaded;
  std::vector<const TextureDescription*> to_load;  // one per image, in first-named order
  for (const TextureDescription& t : textures) {
    Texture texture = t.texture;
    if (texture.kind == TextureKind::Image) {
      const auto key = std::make_tuple(t.path, t.srgb, t.channel);
      auto it = loaded.find(key);
      if (it == loaded.end()) {
        to_load.push_back(&t);
        it = loaded.emplace(key, uint32_t(to_load.size() - 1)).first;
      }
      texture.image = it->second;
    }
    set.textures.push_back(texture);
  }
  set.images.resize(to_load.size());
  std::vector<std::string> errors(to_load.size());
  tbb::parallel_for(size_t(0), to_load.size(), [&](size_t i) {
    const TextureDescription& t = *to_load[i];
    try {
      set.images[i] = t.embedded ? decode_texture_image(t.embedded->data(), t.embedded->size(), t.path, t.srgb,
                                                        t.channel)
                                 : load_texture_image(t.path, t.srgb, t.channel);
    } catch (const Error& e) {
      errors[i] = e.what();
    }
  });
  for (size_t i = 0; i < errors.size(); ++i)
    if (!errors[i].empty()) to_load[i]->origin.child("texture").fail(errors[i]);
  return set;
}

// What the scene holds beyond its own description: the models' materials,
// textures, lights and camera, appended to the scene's.
struct Assembly {
  std::vector<MaterialDescription> materials;
  std::vector<TextureDescription> textures;
  std::vector<LightDescription> lights;
  std::optional<CameraParams> model_camera;  // the first model's own camera
};

// Load the model shape `s` and append its meshes to `geometry` and the rest to
// `assembly`, renumbering material and texture ids (or, with "material", every
// mesh takes the scene's material and the model's own are left out).
void add_model(const ShapeDescription& s, SceneGeometry& geometry, ShapeOrigins& origins, Assembly& assembly) {
  Model model;
  try {
    model = load_model(s.path, s.to_world, ModelOptions{s.camera});
  } catch (const Error& e) {
    if (s.origin.pointer.empty()) throw;    // a bare model (bare_model_scene): the loader's message is the whole story
    s.origin.child("file").fail(e.what());  // "scene.json: /shapes/2/file: helmet.gltf: accessor 3: ..."
  }
  const uint32_t material_base = uint32_t(assembly.materials.size());
  if (!s.override_material) {
    const uint32_t texture_base = uint32_t(assembly.textures.size());
    const auto shift = [texture_base](uint32_t& id) {
      if (id != kNoTexture) id += texture_base;
    };
    for (TextureDescription& t : model.textures) assembly.textures.push_back(std::move(t));
    for (MaterialDescription& m : model.materials) {
      for (TextureBinding& b : m.material.textures) shift(b.texture);
      shift(m.material.normal_map);
      shift(m.material.alpha_texture);
      shift(m.material.emission_texture);
      assembly.materials.push_back(std::move(m));
    }
  }
  for (TriangleMesh& mesh : model.meshes) {
    mesh.set_material(s.override_material ? s.material : material_base + mesh.material());
    geometry.meshes.push_back(std::move(mesh));
    origins.meshes.push_back(s.origin.where());
  }
  assembly.lights.insert(assembly.lights.end(), model.lights.begin(), model.lights.end());
  if (!assembly.model_camera && model.camera) assembly.model_camera = model.camera;
}

// World bounds of every shape; an empty box at the origin when there are none.
void scene_bounds(const SceneGeometry& geometry, Vec3& lo, Vec3& hi) {
  lo = Vec3(INFINITY), hi = Vec3(-INFINITY);
  for (const TriangleMesh& m : geometry.meshes)
    for (size_t i = 0; i < m.vertex_count(); ++i) lo = min(lo, m.vertex(i)), hi = max(hi, m.vertex(i));
  for (const Sphere& sp : geometry.spheres)
    lo = min(lo, sp.center - Vec3(sp.radius)), hi = max(hi, sp.center + Vec3(sp.radius));
  if (!(lo.x <= hi.x)) lo = hi = Vec3(0.0f);
}

}  // namespace

CameraParams framing_camera(const Vec3& lo, const Vec3& hi, float aspect) {
  CameraParams c;
  const Vec3 center = (lo + hi) * 0.5f;
  float radius = length(hi - lo) * 0.5f;
  if (!(radius > 0)) radius = 1.0f;
  const float half_v = c.vertical_fov * 0.5f * float(M_PI / 180.0);
  const float half_h = std::atan(std::tan(half_v) * (aspect > 0 ? aspect : 1.0f));
  // The bounding sphere fits the narrower half-angle, with a 5% margin.
  const float distance = 1.05f * radius / std::sin(std::min(half_v, half_h));
  c.look_at = center;
  c.position = center + normalize(Vec3(0.55f, 0.4f, 1.0f)) * distance;
  c.up = Vec3(0, 1, 0);
  return c;
}

RenderScene build_scene(const SceneDescription& desc) {
  SceneGeometry geometry;
  ShapeOrigins origins;
  Assembly assembly{desc.materials, desc.textures, desc.lights, std::nullopt};
  for (const ShapeDescription& s : desc.shapes) {
    if (s.type == ShapeType::Sphere) {
      geometry.add_sphere({s.center, s.radius}, s.material);
      origins.spheres.push_back(s.origin.where());
      continue;
    }
    if (s.type == ShapeType::Model) {
      add_model(s, geometry, origins, assembly);
      continue;
    }
    TriangleMesh mesh = mesh_of(s);
    if (!all_vertices_within_world(mesh))
      s.origin.fail("a vertex lies beyond 1e15 from the origin after the transform (or overflows a 32-bit float)");
    geometry.meshes.push_back(without_collapsed_triangles(std::move(mesh), s.origin));
    origins.meshes.push_back(s.origin.where());
  }
  add_instances(desc, geometry, origins);
  std::vector<Material> materials;
  bool emits = false;
  for (const MaterialDescription& m : assembly.materials) {
    materials.push_back(m.material);
    // Textured emission (glTF emissiveTexture, map_Ke) is glow on a surface, a
    // screen or a lamp's face, not what lights a scene: it does not stop
    // "lights": "auto" (DamagedHelmet would render black but for its glow).
    emits = emits || (m.material.is_emissive() && m.material.emission_texture == kNoTexture);
  }
  Vec3 environment = desc.environment;
  if (desc.auto_lights && assembly.lights.empty() && !emits) {  // "lights": "auto" and nothing lights the scene
    if (is_black(environment)) environment = kDefaultSky;
    LightDescription sun;
    sun.type = LightType::Directional;
    sun.origin = desc.camera_origin;
    sun.origin.pointer = "/lights";
    sun.direction = kDefaultSunDirection;
    sun.color = kDefaultSun;
    assembly.lights.push_back(sun);
  }
  std::vector<Light> lights;
  build_lights(assembly.lights, geometry, materials, origins, lights);
  CameraParams camera = desc.camera;
  if (desc.camera_choice == SceneDescription::CameraChoice::Model && assembly.model_camera) {
    camera = *assembly.model_camera;
  } else if (desc.camera_choice != SceneDescription::CameraChoice::Given) {
    Vec3 lo, hi;
    scene_bounds(geometry, lo, hi);
    camera = framing_camera(lo, hi, float(desc.film.width) / float(desc.film.height));
  }
  return RenderScene(std::move(geometry), std::move(materials), camera, environment, std::move(origins),
                     std::move(lights), textures_of(assembly.textures));
}

}  // namespace tessera
