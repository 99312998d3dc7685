#pragma once
// AreaLights: every emissive triangle and sphere of a scene, sampled in
// proportion to its power for next-event estimation.

#include "core/materials/material.h"
#include "core/render/scene_geometry.h"
#include "core/math/vec3.h"

#include <cstdint>
#include <vector>

namespace tessera {

struct LightSample {
  Vec3 point;          // on the light's surface
  Vec3 normal;         // unit front normal there
  int light = -1;      // index of the chosen emitter
  uint32_t material = 0;
  float pdf_area = 0;  // density per unit area of choosing `point` (selection included)
};

class AreaLights {
 public:
  AreaLights() = default;
  AreaLights(const SceneGeometry& geometry, const std::vector<Material>& materials);

  bool empty() const { return emitters_.empty(); }
  size_t size() const { return emitters_.size(); }

  // Choose an emitter by power with `u_select`, then a point uniform on its area.
  LightSample sample(float u_select, Vec2 u) const;
  // Density per unit area with which sample() produces a point on `light`.
  float pdf_area(int light) const { return pdf_area_[light]; }
  // Emitter index of primitive `primitive` of geometry `geometry` (SceneGeometry::ref), or -1.
  int light_of(uint32_t geometry, uint32_t primitive) const {
    if (geometry < mesh_first_light_.size()) {
      const int first = mesh_first_light_[geometry];
      return first < 0 ? -1 : first + int(primitive);
    }
    return primitive < sphere_light_.size() ? sphere_light_[primitive] : -1;
  }

 private:
  struct Emitter {
    ShapeKind kind;
    uint32_t material;
    Vec3 p0, e1, e2;  // triangle: corner and edges; sphere: p0 = centre, e1.x = radius
  };
  std::vector<Emitter> emitters_;
  std::vector<float> cdf_;        // cumulative selection probability, last = 1
  std::vector<float> pdf_area_;   // selection probability / area
  std::vector<int> mesh_first_light_, sphere_light_;
};

}  // namespace tessera
