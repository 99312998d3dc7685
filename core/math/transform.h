#pragma once
// Transform: an affine 4x4 matrix (the last row is implied 0 0 0 1) that
// places shapes in the world (a mesh's object-to-world transform).

#include "core/math/vec3.h"

namespace tessera {

struct Transform {
  float m[3][4] = {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}};

  static Transform translate(const Vec3& t);
  static Transform scale(const Vec3& s);
  static Transform rotate(float degrees, const Vec3& axis);  // right-handed, about the origin

  Vec3 point(const Vec3& p) const {
    return {m[0][0] * p.x + m[0][1] * p.y + m[0][2] * p.z + m[0][3],
            m[1][0] * p.x + m[1][1] * p.y + m[1][2] * p.z + m[1][3],
            m[2][0] * p.x + m[2][1] * p.y + m[2][2] * p.z + m[2][3]};
  }
  Vec3 vector(const Vec3& v) const {
    return {m[0][0] * v.x + m[0][1] * v.y + m[0][2] * v.z, m[1][0] * v.x + m[1][1] * v.y + m[1][2] * v.z,
            m[2][0] * v.x + m[2][1] * v.y + m[2][2] * v.z};
  }
  // A unit surface normal: by the inverse transpose of the linear part, so it
  // stays perpendicular to transformed tangents; `n` unchanged if singular.
  Vec3 normal(const Vec3& n) const;
  // The matrix normal() applies before normalizing (the cofactor matrix times
  // the sign of the determinant: the inverse transpose up to a positive
  // scale), for callers that map many normals through one transform.
  Transform normal_transform() const;
  float determinant() const;  // of the linear part
  bool is_identity() const;
  // Whether the linear part mirrors space (negative determinant): a mesh then
  // needs its winding flipped to keep its front faces.
  bool flips_handedness() const;
};

// a * b: apply b first, then a.
Transform operator*(const Transform& a, const Transform& b);

}  // namespace tessera
