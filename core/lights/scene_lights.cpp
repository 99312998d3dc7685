#include "core/lights/scene_lights.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

namespace tessera {

PowerLightSampler::PowerLightSampler(const std::vector<Light>& lights, bool allow_incomplete_pdf) {
  // Lights that can return samples: not the uniform environment under
  // allow_incomplete_pdf, and not a degenerate (zero-area) area light.
  const auto samples = [&](const Light& l) {
    if (allow_incomplete_pdf && l.kind() == LightKind::UniformInfinite) return false;
    return !(l.kind() == LightKind::Triangle || l.kind() == LightKind::Sphere) || l.area() > 0.0f;
  };
  std::vector<double> weights(lights.size(), 0.0);
  double total = 0;
  for (size_t i = 0; i < lights.size(); ++i) {
    const float power = lights[i].power();
    if (samples(lights[i]) && std::isfinite(power) && power > 0.0f) weights[i] = power, total += power;
  }
  if (!(total > 0))  // lights of zero luminance still get a share, so they are never skipped
    for (size_t i = 0; i < lights.size(); ++i) weights[i] = samples(lights[i]) ? 1.0 : 0.0;
  table_ = AliasTable(weights);
}

namespace {

// A sphere around every shape (centre of the bounding box, half its diagonal).
void scene_bounds(const SceneGeometry& g, Vec3& center, float& radius) {
  Vec3 lo(INFINITY), hi(-INFINITY);
  for (const TriangleMesh& m : g.meshes)
    for (size_t i = 0; i < m.vertex_count(); ++i) lo = min(lo, m.vertex(i)), hi = max(hi, m.vertex(i));
  for (const Sphere& s : g.spheres) lo = min(lo, s.center - Vec3(s.radius)), hi = max(hi, s.center + Vec3(s.radius));
  // Instances: the corners of each prototype's box, placed.
  std::vector<std::pair<Vec3, Vec3>> boxes(g.prototypes.size(), {Vec3(INFINITY), Vec3(-INFINITY)});
  for (size_t p = 0; p < g.prototypes.size(); ++p)
    for (size_t i = 0; i < g.prototypes[p].vertex_count(); ++i)
      boxes[p].first = min(boxes[p].first, g.prototypes[p].vertex(i)),
      boxes[p].second = max(boxes[p].second, g.prototypes[p].vertex(i));
  for (const MeshInstance& inst : g.instances) {
    const auto& [blo, bhi] = boxes[inst.prototype];
    if (!(blo.x <= bhi.x)) continue;
    for (int c = 0; c < 8; ++c) {
      const Vec3 p = inst.to_world.point({c & 1 ? bhi.x : blo.x, c & 2 ? bhi.y : blo.y, c & 4 ? bhi.z : blo.z});
      lo = min(lo, p), hi = max(hi, p);
    }
  }
  if (!(lo.x <= hi.x)) {
    center = Vec3(0.0f), radius = 0.0f;
    return;
  }
  center = (lo + hi) * 0.5f;
  radius = length(hi - center);
}

// Emission textures for area lights: each texture's mean computed once.
class EmissionTextures {
 public:
  EmissionTextures(const TextureSet* set, const std::vector<Material>& materials) : set_(set), materials_(materials) {}

  // Give triangle light `light` of material `material` the material's emission
  // texture, with uvs `uv0..uv2` at its corners; nothing when it has none.
  void apply(Light& light, uint32_t material, Vec2 uv0, Vec2 uv1, Vec2 uv2) {
    const uint32_t id = texture_of(material);
    if (id == kNoTexture) return;
    // A few points inside the triangle: the centroid and three towards the corners.
    static constexpr float kPoints[4][3] = {{1 / 3.f, 1 / 3.f, 1 / 3.f}, {2 / 3.f, 1 / 6.f, 1 / 6.f},
                                            {1 / 6.f, 2 / 3.f, 1 / 6.f}, {1 / 6.f, 1 / 6.f, 2 / 3.f}};
    Vec3 local(0.0f);
    for (const auto& b : kPoints)
      local += set_->eval(id, {uv0.x * b[0] + uv1.x * b[1] + uv2.x * b[2], uv0.y * b[0] + uv1.y * b[1] + uv2.y * b[2]});
    light.set_emission_texture(id, uv0, uv1, uv2, max(local * 0.125f + mean(id) * 0.5f, Vec3(0.0f)));
  }
  void apply_sphere(Light& light, uint32_t material) {
    const uint32_t id = texture_of(material);
    if (id != kNoTexture) light.set_emission_texture(id, {}, {}, {}, max(mean(id), Vec3(0.0f)));
  }

 private:
  uint32_t texture_of(uint32_t material) const {
    const uint32_t id = materials_[material].emission_texture;
    return set_ && id < set_->textures.size() ? id : kNoTexture;
  }
  Vec3 mean(uint32_t id) {
    auto it = means_.find(id);
    if (it == means_.end()) it = means_.emplace(id, set_->average(id)).first;
    return it->second;
  }
  const TextureSet* set_;
  const std::vector<Material>& materials_;
  std::map<uint32_t, Vec3> means_;
};

// The uvs of triangle `t` of `mesh` as the interaction reads them (the mesh's,
// or the default (0,0), (1,0), (1,1)), in the order `order` lists its corners.
void triangle_uvs(const TriangleMesh& mesh, size_t t, const int* order, Vec2 (&uv)[3]) {
  static const Vec2 kDefault[3] = {{0, 0}, {1, 0}, {1, 1}};
  for (int k = 0; k < 3; ++k)
    uv[k] = mesh.has_uvs() ? mesh.uv(mesh.index(t, order[k])) : kDefault[order[k]];
}

}  // namespace

SceneLights::SceneLights(const SceneGeometry& geometry, const std::vector<Material>& materials,
                         const Vec3& environment, std::vector<Light> extra, const TextureSet* textures) {
  EmissionTextures emission(textures, materials);
  static constexpr int kInOrder[3] = {0, 1, 2}, kMirrored[3] = {0, 2, 1};
  Vec2 uv[3];
  mesh_first_light_.assign(geometry.meshes.size(), -1);
  for (size_t m = 0; m < geometry.meshes.size(); ++m) {
    const TriangleMesh& mesh = geometry.meshes[m];
    const Material& mat = materials[mesh.material()];
    if (!mat.is_emissive()) continue;
    mesh_first_light_[m] = int(lights_.size());
    for (size_t t = 0; t < mesh.triangle_count(); ++t) {
      lights_.push_back(Light::triangle(mesh.corner(t, 0), mesh.corner(t, 1), mesh.corner(t, 2), mat.emission,
                                        mat.two_sided));
      if (mat.emission_texture == kNoTexture) continue;
      triangle_uvs(mesh, t, kInOrder, uv);
      emission.apply(lights_.back(), mesh.material(), uv[0], uv[1], uv[2]);
    }
  }
  sphere_light_.assign(geometry.spheres.size(), -1);
  for (size_t s = 0; s < geometry.spheres.size(); ++s) {
    const Material& mat = materials[geometry.sphere_materials[s]];
    if (!mat.is_emissive()) continue;
    sphere_light_[s] = int(lights_.size());
    lights_.push_back(Light::sphere(geometry.spheres[s].center, geometry.spheres[s].radius, mat.emission, mat.two_sided));
    emission.apply_sphere(lights_.back(), geometry.sphere_materials[s]);
  }
  instance_first_light_.assign(geometry.instances.size(), -1);
  for (size_t i = 0; i < geometry.instances.size(); ++i) {
    const MeshInstance& inst = geometry.instances[i];
    const Material& mat = materials[inst.material];
    if (!mat.is_emissive()) continue;
    const TriangleMesh& mesh = geometry.prototypes[inst.prototype];
    instance_first_light_[i] = int(lights_.size());
    // The placed corners in the prototype's winding: the light's front face is
    // then the side the instance's shading normal is on (interaction.cpp), as
    // for a baked copy whose winding was flipped under a mirroring transform.
    const bool mirrored = inst.to_world.flips_handedness();
    for (size_t t = 0; t < mesh.triangle_count(); ++t) {
      const Vec3 p0 = inst.to_world.point(mesh.corner(t, 0)), p1 = inst.to_world.point(mesh.corner(t, 1)),
                 p2 = inst.to_world.point(mesh.corner(t, 2));
      lights_.push_back(mirrored ? Light::triangle(p0, p2, p1, mat.emission, mat.two_sided)
                                 : Light::triangle(p0, p1, p2, mat.emission, mat.two_sided));
      if (mat.emission_texture == kNoTexture) continue;
      triangle_uvs(mesh, t, mirrored ? kMirrored : kInOrder, uv);
      emission.apply(lights_.back(), inst.material, uv[0], uv[1], uv[2]);
    }
  }
  for (Light& l : extra) lights_.push_back(l);
  if (!is_black(environment)) lights_.push_back(Light::uniform_infinite(environment));

  Vec3 center;
  float radius = 0;
  scene_bounds(geometry, center, radius);
  for (size_t i = 0; i < lights_.size(); ++i) {
    lights_[i].set_scene_bounds(center, radius);  // what infinite and directional lights' power needs
    if (lights_[i].is_infinite()) infinite_.push_back(uint32_t(i));
  }
  sampler_ = PowerLightSampler(lights_, kAllowIncompletePdf);
}

}  // namespace tessera
