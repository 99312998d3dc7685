#include "core/math/transform.h"

#include <cmath>

namespace tessera {

Transform Transform::translate(const Vec3& t) {
  Transform r;
  r.m[0][3] = t.x, r.m[1][3] = t.y, r.m[2][3] = t.z;
  return r;
}

Transform Transform::scale(const Vec3& s) {
  Transform r;
  r.m[0][0] = s.x, r.m[1][1] = s.y, r.m[2][2] = s.z;
  return r;
}

Transform Transform::rotate(float degrees, const Vec3& axis) {
  const Vec3 a = normalize(axis);
  const float rad = degrees * 3.14159265358979323846f / 180.0f, c = std::cos(rad), s = std::sin(rad), t = 1.0f - c;
  Transform r;
  r.m[0][0] = t * a.x * a.x + c,       r.m[0][1] = t * a.x * a.y - s * a.z, r.m[0][2] = t * a.x * a.z + s * a.y;
  r.m[1][0] = t * a.x * a.y + s * a.z, r.m[1][1] = t * a.y * a.y + c,       r.m[1][2] = t * a.y * a.z - s * a.x;
  r.m[2][0] = t * a.x * a.z - s * a.y, r.m[2][1] = t * a.y * a.z + s * a.x, r.m[2][2] = t * a.z * a.z + c;
  return r;
}

float Transform::determinant() const {
  return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
         m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
}

bool Transform::flips_handedness() const { return determinant() < 0.0f; }

bool Transform::is_identity() const {
  const Transform id;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 4; ++j)
      if (m[i][j] != id.m[i][j]) return false;
  return true;
}

Transform Transform::normal_transform() const {
  // The cofactor matrix is det * (M^-1)^T; multiplying by the sign of det
  // keeps the normal on the side the inverse transpose puts it.
  const float sign = determinant() < 0.0f ? -1.0f : 1.0f;
  Transform c;
  c.m[0][0] = m[1][1] * m[2][2] - m[1][2] * m[2][1], c.m[0][1] = m[1][2] * m[2][0] - m[1][0] * m[2][2],
  c.m[0][2] = m[1][0] * m[2][1] - m[1][1] * m[2][0];
  c.m[1][0] = m[0][2] * m[2][1] - m[0][1] * m[2][2], c.m[1][1] = m[0][0] * m[2][2] - m[0][2] * m[2][0],
  c.m[1][2] = m[0][1] * m[2][0] - m[0][0] * m[2][1];
  c.m[2][0] = m[0][1] * m[1][2] - m[0][2] * m[1][1], c.m[2][1] = m[0][2] * m[1][0] - m[0][0] * m[1][2],
  c.m[2][2] = m[0][0] * m[1][1] - m[0][1] * m[1][0];
  for (auto& row : c.m)
    for (int k = 0; k < 3; ++k) row[k] *= sign;
  return c;
}

Vec3 Transform::normal(const Vec3& n) const {
  const Vec3 r = normal_transform().vector(n);
  const float len = length(r);
  if (!(len > 0.0f)) return n;
  return r * (1.0f / len);
}

Transform operator*(const Transform& a, const Transform& b) {
  Transform r;
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 4; ++j) {
      float v = j == 3 ? a.m[i][3] : 0.0f;
      for (int k = 0; k < 3; ++k) v += a.m[i][k] * b.m[k][j];
      r.m[i][j] = v;
    }
  }
  return r;
}

}  // namespace tessera
