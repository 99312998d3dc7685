#include "core/lights/scene_lights.h"

#include <algorithm>
#include <cmath>
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

}  // namespace

SceneLights::SceneLights(const SceneGeometry& geometry, const std::vector<Material>& materials,
                         const Vec3& environment, std::vector<Light> extra) {
  mesh_first_light_.assign(geometry.meshes.size(), -1);
  for (size_t m = 0; m < geometry.meshes.size(); ++m) {
    const TriangleMesh& mesh = geometry.meshes[m];
    const Material& mat = materials[mesh.material()];
    if (!mat.is_emissive()) continue;
    mesh_first_light_[m] = int(lights_.size());
    for (size_t t = 0; t < mesh.triangle_count(); ++t)
      lights_.push_back(Light::triangle(mesh.corner(t, 0), mesh.corner(t, 1), mesh.corner(t, 2), mat.emission,
                                        mat.two_sided));
  }
  sphere_light_.assign(geometry.spheres.size(), -1);
  for (size_t s = 0; s < geometry.spheres.size(); ++s) {
    const Material& mat = materials[geometry.sphere_materials[s]];
    if (!mat.is_emissive()) continue;
    sphere_light_[s] = int(lights_.size());
    lights_.push_back(Light::sphere(geometry.spheres[s].center, geometry.spheres[s].radius, mat.emission, mat.two_sided));
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
