#pragma once
// Built-in shapes, turned into world-space triangle meshes.

#include "core/scene_geometry.h"
#include "scene/transform.h"

namespace tessera {

// A parallelogram at `corner` spanned by `edge1` and `edge2`; its front face is
// on the side of cross(edge1, edge2).
TriangleMesh make_quad(const Vec3& corner, const Vec3& edge1, const Vec3& edge2, const Transform& to_world,
                       uint32_t material);

// An axis-aligned box between `lo` and `hi` (then transformed), faces outward.
TriangleMesh make_box(const Vec3& lo, const Vec3& hi, const Transform& to_world, uint32_t material);

// Transform a mesh's vertices into the world, flipping the winding when the
// transform mirrors space so front faces stay front faces.
TriangleMesh transformed(const TriangleMesh& mesh, const Transform& to_world);

}  // namespace tessera
