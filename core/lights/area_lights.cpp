#include "core/lights/area_lights.h"

#include "core/sampling/sampling.h"

#include <algorithm>

namespace tessera {

AreaLights::AreaLights(const SceneGeometry& geometry, const std::vector<Material>& materials) {
  std::vector<double> power;
  mesh_first_light_.assign(geometry.meshes.size(), -1);
  for (size_t m = 0; m < geometry.meshes.size(); ++m) {
    const TriangleMesh& mesh = geometry.meshes[m];
    const Material& mat = materials[mesh.material()];
    if (!mat.is_emissive()) continue;
    mesh_first_light_[m] = int(emitters_.size());
    for (size_t t = 0; t < mesh.triangle_count(); ++t) {
      const Vec3 p0 = mesh.corner(t, 0), e1 = mesh.corner(t, 1) - p0, e2 = mesh.corner(t, 2) - p0;
      const float area = 0.5f * length(cross(e1, e2));
      emitters_.push_back({ShapeKind::Mesh, mesh.material(), p0, e1, e2});
      pdf_area_.push_back(area);
      power.push_back(double(luminance(mat.emission)) * area * (mat.two_sided ? 2 : 1));
    }
  }
  sphere_light_.assign(geometry.spheres.size(), -1);
  for (size_t s = 0; s < geometry.spheres.size(); ++s) {
    const Material& mat = materials[geometry.sphere_materials[s]];
    if (!mat.is_emissive()) continue;
    sphere_light_[s] = int(emitters_.size());
    const Sphere& sp = geometry.spheres[s];
    const float area = 4.0f * kPi * sp.radius * sp.radius;
    emitters_.push_back({ShapeKind::Sphere, geometry.sphere_materials[s], sp.center, Vec3(sp.radius, 0, 0), Vec3()});
    pdf_area_.push_back(area);
    power.push_back(double(luminance(mat.emission)) * area);
  }
  double total = 0;
  for (double p : power) total += p;
  cdf_.resize(power.size());
  double running = 0;
  for (size_t i = 0; i < power.size(); ++i) {
    // Emitters of zero luminance (pure blue, say) still get a share so they are never skipped.
    const double share = total > 0 ? power[i] / total : 1.0 / double(power.size());
    running += share;
    cdf_[i] = float(running);
    pdf_area_[i] = pdf_area_[i] > 0 ? float(share / pdf_area_[i]) : 0.0f;  // degenerate triangles are never chosen
  }
  if (!cdf_.empty()) cdf_.back() = 1.0f;
}

LightSample AreaLights::sample(float u_select, Vec2 u) const {
  const size_t i = std::min(size_t(std::upper_bound(cdf_.begin(), cdf_.end(), u_select) - cdf_.begin()),
                            emitters_.size() - 1);
  const Emitter& e = emitters_[i];
  LightSample s;
  s.light = int(i);
  s.pdf_area = pdf_area_[i];
  s.material = e.material;
  if (e.kind == ShapeKind::Mesh) {
    const Vec2 b = sample_uniform_triangle(u);
    s.point = e.p0 + e.e1 * b.x + e.e2 * b.y;
    s.normal = normalize(cross(e.e1, e.e2));
  } else {
    s.normal = sample_uniform_sphere(u);
    s.point = e.p0 + s.normal * e.e1.x;
  }
  return s;
}

}  // namespace tessera
