#include "scene/shapes.h"

#include <cmath>
#include <utility>
#include <vector>

namespace tessera {

bool within_world(const Vec3& p) {
  // Written so that NaN fails too.
  return std::fabs(p.x) <= kMaxWorldCoordinate && std::fabs(p.y) <= kMaxWorldCoordinate &&
         std::fabs(p.z) <= kMaxWorldCoordinate;
}

bool all_vertices_within_world(const TriangleMesh& mesh) {
  for (size_t i = 0; i < mesh.vertex_count(); ++i)
    if (!within_world(mesh.vertex(i))) return false;
  return true;
}

TriangleMesh transformed(TriangleMesh mesh, const Transform& to_world) {
  mesh.map_vertices([&](const Vec3& p) { return to_world.point(p); });
  mesh.map_normals([&](const Vec3& n) { return to_world.normal(n); });
  // Tangents lie in the surface: placed as vectors. A mirror turns the
  // bitangent's handedness (B = sign * cross(N, T) with N's orientation kept).
  const bool flip = to_world.flips_handedness();
  mesh.map_tangents([&](const Tangent& t) { return Tangent{to_world.vector(t.direction), flip ? -t.sign : t.sign}; });
  if (flip) mesh.reverse_winding();
  mesh.set_to_world(Transform{});
  return mesh;
}

TriangleMesh make_quad(const Vec3& corner, const Vec3& edge1, const Vec3& edge2, const Transform& to_world,
                       uint32_t material) {
  TriangleMesh quad(material);
  quad.add_vertex(corner);
  quad.add_vertex(corner + edge1);
  quad.add_vertex(corner + edge1 + edge2);
  quad.add_vertex(corner + edge2);
  quad.add_triangle(0, 1, 2);
  quad.add_triangle(0, 2, 3);
  // (u, v) = (0, 0) at the corner, (1, 0) at corner + edge1, (0, 1) at corner + edge2.
  quad.set_uvs({{0, 0}, {1, 0}, {1, 1}, {0, 1}});
  return transformed(std::move(quad), to_world);
}

TriangleMesh make_box(const Vec3& lo, const Vec3& hi, const Transform& to_world, uint32_t material) {
  TriangleMesh box(material);
  for (int i = 0; i < 8; ++i) box.add_vertex({(i & 1) ? hi.x : lo.x, (i & 2) ? hi.y : lo.y, (i & 4) ? hi.z : lo.z});
  // Two counter-clockwise triangles per face, seen from outside.
  const uint32_t faces[6][4] = {{0, 4, 6, 2}, {1, 3, 7, 5},   // -x, +x
                                {0, 1, 5, 4}, {2, 6, 7, 3},   // -y, +y
                                {0, 2, 3, 1}, {4, 5, 7, 6}};  // -z, +z
  for (const auto& f : faces) {
    box.add_triangle(f[0], f[1], f[2]);
    box.add_triangle(f[0], f[2], f[3]);
  }
  return transformed(std::move(box), to_world);
}

}  // namespace tessera
