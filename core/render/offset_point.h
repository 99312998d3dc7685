#pragma once
// offset_point: where a ray leaving a surface starts, so that it does not hit
// the surface it leaves (the path tracer's bounce and shadow rays, and the
// Embree-limit benchmark's, which are made the same way).

#include "core/math/vec3.h"

namespace tessera {

// `p` moved along `n` (unit length, on the side the ray leaves from). The
// offset must exceed the rounding error of the hit point, which grows with its
// coordinates (a float has 24 bits: one unit in the last place of x is about
// |x| * 2^-23), and stay small against the scene, or rays start beyond nearby
// walls (a fixed 1e-4 |p| put them 10 units off the surface 10^5 units from
// the origin, and rendered a third of the pixels black). 2^-22 |p| is two to
// four units in the last place; 1e-4 is the floor for scenes near the origin.
inline Vec3 offset_point(const Vec3& p, const Vec3& n) {
  const float scale = 1e-4f + 0x1p-22f * max_component(max(p, -p));
  return p + n * scale;
}

}  // namespace tessera
