#include "core/math/vec3.h"

#include <catch2/catch.hpp>

#include <limits>

using namespace tessera;

TEST_CASE("vector arithmetic", "[math]") {
  const Vec3 a(1, 2, 3), b(-4, 5, 0.5f);
  CHECK(a + b == Vec3(-3, 7, 3.5f));
  CHECK(a - b == Vec3(5, -3, 2.5f));
  CHECK(a * b == Vec3(-4, 10, 1.5f));
  CHECK(a * 2.0f == Vec3(2, 4, 6));
  CHECK(a / 2.0f == Vec3(0.5f, 1, 1.5f));
  CHECK(-a == Vec3(-1, -2, -3));
  CHECK(dot(a, b) == Approx(-4 + 10 + 1.5));
  // The cross product is orthogonal to both and follows the right-hand rule.
  const Vec3 c = cross(a, b);
  CHECK(dot(c, a) == Approx(0.0f).margin(1e-5));
  CHECK(dot(c, b) == Approx(0.0f).margin(1e-5));
  CHECK(cross(Vec3(1, 0, 0), Vec3(0, 1, 0)) == Vec3(0, 0, 1));
  CHECK(length(Vec3(3, 4, 0)) == Approx(5.0f));
  CHECK(length(normalize(b)) == Approx(1.0f));
  CHECK(max_component(b) == 5.0f);
  CHECK(min(a, b) == Vec3(-4, 2, 0.5f));
  CHECK(max(a, b) == Vec3(1, 5, 3));
  CHECK(luminance(Vec3(1, 1, 1)) == Approx(1.0f));
  CHECK(is_black(Vec3(0.0f)));
  CHECK_FALSE(is_black(Vec3(0, 0, 1e-9f)));
  CHECK_FALSE(is_finite(Vec3(0, std::numeric_limits<float>::infinity(), 0)));
  CHECK_FALSE(is_finite(Vec3(std::numeric_limits<float>::quiet_NaN(), 0, 0)));
  CHECK(a[0] == 1.0f);
  CHECK(a[2] == 3.0f);
}
