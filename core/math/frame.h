#pragma once
// Frame: an orthonormal basis around a normal, for moving directions
// between world space and the local shading space (normal = +z).

#include "core/math/vec3.h"

#include <cmath>

namespace tessera {

struct Frame {
  Vec3 s, t, n;

  // Branchless basis of Duff et al. 2017, "Building an Orthonormal Basis, Revisited".
  explicit Frame(const Vec3& normal) : n(normal) {
    const float sign = std::copysign(1.0f, n.z);
    const float a = -1.0f / (sign + n.z);
    const float b = n.x * n.y * a;
    s = {1.0f + sign * n.x * n.x * a, sign * b, -sign * n.x};
    t = {b, sign + n.y * n.y * a, -n.y};
  }

  Vec3 to_world(const Vec3& v) const { return s * v.x + t * v.y + n * v.z; }
  Vec3 to_local(const Vec3& v) const { return {dot(v, s), dot(v, t), dot(v, n)}; }
};

}  // namespace tessera
