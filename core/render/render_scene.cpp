#include "core/render/render_scene.h"

#include "core/base/error.h"
#include "core/sampling/sampling.h"

namespace tessera {
namespace {

// Checks before the lights are built (they index materials by the shapes').
SceneGeometry validated(SceneGeometry geometry, const std::vector<Material>& materials, const ShapeOrigins& origins) {
  const auto check_material = [&](ShapeKind kind, size_t index, uint32_t material) {
    if (material >= materials.size())
      throw Error(origins.of(kind, index) + ": material " + std::to_string(material) + " does not exist (the scene has " +
                  std::to_string(materials.size()) + ")");
  };
  for (size_t m = 0; m < geometry.meshes.size(); ++m) {
    const TriangleMesh& mesh = geometry.meshes[m];
    check_material(ShapeKind::Mesh, m, mesh.material());
    if (!materials[mesh.material()].is_emissive()) continue;
    // The area the lights will see: the same float arithmetic (core/lights/light.cpp).
    double area = 0;
    for (size_t t = 0; t < mesh.triangle_count(); ++t) {
      const Vec3 p0 = mesh.corner(t, 0);
      area += double(0.5f * length(cross(mesh.corner(t, 1) - p0, mesh.corner(t, 2) - p0)));
    }
    if (!(area > 0))
      throw Error(origins.of(ShapeKind::Mesh, m) +
                  ": emits light but has zero area in 32-bit floats (too small to be sampled)");
  }
  for (size_t i = 0; i < geometry.instances.size(); ++i) {
    const MeshInstance& inst = geometry.instances[i];
    if (inst.prototype >= geometry.prototypes.size())
      throw Error(origins.of(ShapeKind::Instance, i) + ": prototype " + std::to_string(inst.prototype) +
                  " does not exist (the scene has " + std::to_string(geometry.prototypes.size()) + ")");
    check_material(ShapeKind::Instance, i, inst.material);
    if (!materials[inst.material].is_emissive()) continue;
    const TriangleMesh& mesh = geometry.prototypes[inst.prototype];
    double area = 0;  // as the placement's lights will see it (scene_lights.cpp)
    for (size_t t = 0; t < mesh.triangle_count() && !(area > 0); ++t) {
      const Vec3 p0 = inst.to_world.point(mesh.corner(t, 0));
      area += double(0.5f * length(cross(inst.to_world.point(mesh.corner(t, 1)) - p0,
                                         inst.to_world.point(mesh.corner(t, 2)) - p0)));
    }
    if (!(area > 0))
      throw Error(origins.of(ShapeKind::Instance, i) +
                  ": emits light but has zero area in 32-bit floats (too small to be sampled)");
  }
  for (size_t s = 0; s < geometry.spheres.size(); ++s) {
    check_material(ShapeKind::Sphere, s, geometry.sphere_materials[s]);
    const float radius = geometry.spheres[s].radius;
    if (materials[geometry.sphere_materials[s]].is_emissive() && !(4.0f * kPi * radius * radius > 0))
      throw Error(origins.of(ShapeKind::Sphere, s) +
                  ": emits light but has zero area in 32-bit floats (too small to be sampled)");
  }
  return geometry;
}

TextureSet validated(TextureSet textures, const std::vector<Material>& materials) {
  const auto check = [&](size_t m, uint32_t id) {
    if (id != kNoTexture && id >= textures.textures.size())
      throw Error("material " + std::to_string(m) + ": texture " + std::to_string(id) + " does not exist (the scene has " +
                  std::to_string(textures.textures.size()) + ")");
  };
  for (size_t m = 0; m < materials.size(); ++m) {
    for (const TextureBinding& b : materials[m].textures) check(m, b.texture);
    check(m, materials[m].normal_map);
    check(m, materials[m].alpha_texture);
    check(m, materials[m].emission_texture);
  }
  for (const Texture& t : textures.textures) {
    if (t.kind != TextureKind::Image) continue;
    if (t.image >= textures.images.size() || textures.images[t.image].width < 1 || textures.images[t.image].height < 1 ||
        textures.images[t.image].rgb.size() !=
            size_t(textures.images[t.image].width) * size_t(textures.images[t.image].height) * 3)
      throw Error("texture image " + std::to_string(t.image) + " does not exist or is empty");
  }
  return textures;
}

}  // namespace

std::string ShapeOrigins::of(ShapeKind kind, size_t index) const {
  const std::vector<std::string>& names =
      kind == ShapeKind::Mesh ? meshes : kind == ShapeKind::Sphere ? spheres : instances;
  if (index < names.size() && !names[index].empty()) return names[index];
  const char* what = kind == ShapeKind::Mesh ? "mesh " : kind == ShapeKind::Sphere ? "sphere " : "instance ";
  return what + std::to_string(index);
}

std::string ShapeOrigins::of_prototype(size_t index) const {
  if (index < prototypes.size() && !prototypes[index].empty()) return prototypes[index];
  return "prototype " + std::to_string(index);
}

RenderScene::RenderScene(SceneGeometry geometry_in, std::vector<Material> materials_in, const CameraParams& camera_in,
                         const Vec3& environment_in, ShapeOrigins origins_in, std::vector<Light> extra_lights,
                         TextureSet textures_in)
    : geometry(validated(std::move(geometry_in), materials_in, origins_in)),
      materials(std::move(materials_in)),
      environment(environment_in),
      camera(camera_in),
      origins(std::move(origins_in)),
      textures(validated(std::move(textures_in), materials)),
      lights(geometry, materials, environment, std::move(extra_lights), &textures) {}

}  // namespace tessera
