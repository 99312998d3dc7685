#pragma once
// Built-in shapes, turned into world-space triangle meshes.

#include "core/render/scene_geometry.h"
#include "core/math/transform.h"

namespace tessera {

// A parallelogram at `corner` spanned by `edge1` and `edge2`; its front face is
// on the side of cross(edge1, edge2).
TriangleMesh make_quad(const Vec3& corner, const Vec3& edge1, const Vec3& edge2, const Transform& to_world,
                       uint32_t material);

// An axis-aligned box between `lo` and `hi` (then transformed), faces outward.
TriangleMesh make_box(const Vec3& lo, const Vec3& hi, const Transform& to_world, uint32_t material);

// Whether a triangle has zero area in float arithmetic (repeated or collinear
// corners). Such triangles are dropped with a warning, by the OBJ loader and
// the "triangles" shape alike (scenes/README.md).
inline bool is_degenerate(const Vec3& a, const Vec3& b, const Vec3& c) {
  const Vec3 n = cross(b - a, c - a);
  return n.x == 0 && n.y == 0 && n.z == 0;
}

// The world a scene may occupy: every coordinate within +-1e15. Float precision
// is long gone there (a unit in the last place of 1e15 is 1.3e8), and Embree
// rejects rays beyond about 1.8e19 with an assertion, not an error.
constexpr float kMaxWorldCoordinate = 1e15f;
bool within_world(const Vec3& p);  // finite, and every coordinate within kMaxWorldCoordinate
// Whether every vertex of `mesh` is within the world (a transform can overflow a float).
bool all_vertices_within_world(const TriangleMesh& mesh);

// Transform a mesh's vertices (and vertex normals, by the inverse transpose)
// into the world, flipping the winding when the transform mirrors space so
// front faces stay front faces; UVs and colours are kept, tangents placed
// (their handedness turned under a mirror). The result's to_world() is the
// identity: the transform is baked into the positions. In place: a loader
// that passes its mesh with std::move places it without a second copy.
TriangleMesh transformed(TriangleMesh mesh, const Transform& to_world);

}  // namespace tessera
