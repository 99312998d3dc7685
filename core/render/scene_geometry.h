#pragma once
// SceneGeometry: the shapes of a scene as plain arrays, laid out so that the
// ray-query backend (accel/) can share them instead of copying.

#include "core/math/vec3.h"

#include <cstdint>
#include <vector>

namespace tessera {

enum class ShapeKind : uint8_t { Mesh, Sphere };

// An indexed triangle mesh in world space. Winding is counter-clockwise seen
// from the front face.
class TriangleMesh {
 public:
  explicit TriangleMesh(uint32_t material = 0) : material_(material) {}

  uint32_t add_vertex(const Vec3& p) {
    positions_.back() = p.x;  // overwrite the padding float
    positions_.push_back(p.y);
    positions_.push_back(p.z);
    positions_.push_back(0.0f);
    return uint32_t(vertex_count() - 1);
  }
  void add_triangle(uint32_t a, uint32_t b, uint32_t c) { indices_.insert(indices_.end(), {a, b, c}); }
  void reserve(size_t vertices, size_t triangles) {
    positions_.reserve(vertices * 3 + 1);
    indices_.reserve(triangles * 3);
  }

  size_t vertex_count() const { return (positions_.size() - 1) / 3; }
  size_t triangle_count() const { return indices_.size() / 3; }
  Vec3 vertex(size_t i) const { return {positions_[3 * i], positions_[3 * i + 1], positions_[3 * i + 2]}; }
  Vec3 corner(size_t triangle, int k) const { return vertex(indices_[3 * triangle + k]); }
  uint32_t material() const { return material_; }

  // xyz floats per vertex followed by one padding float: Embree reads vertices
  // with 16-byte loads, so a shared buffer must be readable 4 bytes past the end.
  const float* vertex_data() const { return positions_.data(); }
  const uint32_t* index_data() const { return indices_.data(); }

 private:
  std::vector<float> positions_{0.0f};
  std::vector<uint32_t> indices_;
  uint32_t material_;
};

// A sphere laid out as Embree's float4 point (x, y, z, radius).
struct Sphere {
  Vec3 center;
  float radius = 1.0f;
};
static_assert(sizeof(Sphere) == 16, "Sphere must match Embree's RTC_FORMAT_FLOAT4 layout");

struct SceneGeometry {
  std::vector<TriangleMesh> meshes;
  std::vector<Sphere> spheres;
  std::vector<uint32_t> sphere_materials;  // one per sphere

  void add_sphere(const Sphere& s, uint32_t material) {
    spheres.push_back(s);
    sphere_materials.push_back(material);
  }
  uint32_t material_of(ShapeKind kind, uint32_t shape) const {
    return kind == ShapeKind::Mesh ? meshes[shape].material() : sphere_materials[shape];
  }
  size_t triangle_count() const {
    size_t n = 0;
    for (const auto& m : meshes) n += m.triangle_count();
    return n;
  }
};

}  // namespace tessera
