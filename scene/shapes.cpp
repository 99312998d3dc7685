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

TriangleMesh transformed(const TriangleMesh& mesh, const Transform& to_world) {
  TriangleMesh out(mesh.material());
  out.reserve(mesh.vertex_count(), mesh.triangle_count());
  for (size_t i = 0; i < mesh.vertex_count(); ++i) out.add_vertex(to_world.point(mesh.vertex(i)));
  if (mesh.has_normals()) {
    std::vector<Vec3> normals(mesh.vertex_count());
    for (size_t i = 0; i < normals.size(); ++i) normals[i] = to_world.normal(mesh.normal(i));
    out.set_normals(std::move(normals));
  }
  if (mesh.has_uvs()) {
    std::vector<Vec2> uvs(mesh.vertex_count());
    for (size_t i = 0; i < uvs.size(); ++i) uvs[i] = mesh.uv(i);
    out.set_uvs(std::move(uvs));
  }
  const bool flip = to_world.flips_handedness();
  if (mesh.has_colors()) {
    std::vector<Vec3> colors(mesh.vertex_count());
    for (size_t i = 0; i < colors.size(); ++i) colors[i] = mesh.color(i);
    out.set_colors(std::move(colors));
  }
  if (mesh.has_tangents()) {
    // Tangents lie in the surface: placed as vectors. A mirror turns the
    // bitangent's handedness (B = sign * cross(N, T) with N's orientation kept).
    std::vector<Tangent> tangents(mesh.vertex_count());
    for (size_t i = 0; i < tangents.size(); ++i)
      tangents[i] = {to_world.vector(mesh.tangent(i).direction), flip ? -mesh.tangent(i).sign : mesh.tangent(i).sign};
    out.set_tangents(std::move(tangents));
  }
  const uint32_t* idx = mesh.index_data();
  for (size_t t = 0; t < mesh.triangle_count(); ++t) {
    if (flip) out.add_triangle(idx[3 * t], idx[3 * t + 2], idx[3 * t + 1]);
    else out.add_triangle(idx[3 * t], idx[3 * t + 1], idx[3 * t + 2]);
  }
  return out;
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
  return transformed(quad, to_world);
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
  return transformed(box, to_world);
}

}  // namespace tessera
