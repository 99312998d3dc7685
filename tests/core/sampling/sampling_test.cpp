#include "core/math/frame.h"
#include "core/sampling/sampler.h"
#include "core/sampling/sampling.h"

#include <catch2/catch.hpp>

using namespace tessera;

TEST_CASE("cosine hemisphere samples are unit vectors above the surface", "[sampling]") {
  // E[cos theta] under the cosine density is 2/3.
  const int n = 100000;
  double sum_cos = 0;
  for (int i = 0; i < n; ++i) {
    PixelSampler s(3, i, 0, 0);
    const Vec3 d = sample_cosine_hemisphere(s.get_2d());
    REQUIRE(d.z >= 0.0f);
    REQUIRE(length(d) == Approx(1.0f).margin(1e-5));
    sum_cos += d.z;
  }
  CHECK(sum_cos / n == Approx(2.0 / 3.0).margin(0.005));
}

TEST_CASE("uniform sphere and triangle samples", "[sampling]") {
  Vec3 mean(0.0f);
  for (int i = 0; i < 50000; ++i) {
    PixelSampler s(4, i, 1, 0);
    const Vec3 d = sample_uniform_sphere(s.get_2d());
    REQUIRE(length(d) == Approx(1.0f).margin(1e-5));
    mean += d / 50000.0f;
    const Vec2 b = sample_uniform_triangle(s.get_2d());
    REQUIRE(b.x >= 0.0f);
    REQUIRE(b.y >= 0.0f);
    REQUIRE(b.x + b.y <= 1.0f + 1e-6f);
  }
  CHECK(length(mean) < 0.02f);
}

TEST_CASE("tent filter offsets stay in [-1, 1] and are symmetric", "[sampling]") {
  CHECK(sample_tent(0.0f) == Approx(-1.0f));
  CHECK(sample_tent(0.5f) == Approx(0.0f).margin(1e-6));
  CHECK(sample_tent(0.999999f) == Approx(1.0f).margin(1e-2));
  CHECK(sample_tent(0.25f) == Approx(-sample_tent(0.75f)));
  // The tent's CDF at offset -0.5 is 1/8.
  CHECK(sample_tent(0.125f) == Approx(-0.5f));
}

TEST_CASE("frame is orthonormal and round-trips", "[sampling]") {
  const Vec3 normals[] = {{0, 0, 1}, {0, 0, -1}, normalize(Vec3(1, 2, 3)), normalize(Vec3(-0.3f, 0.1f, -0.9f))};
  for (const Vec3& n : normals) {
    const Frame f(n);
    CHECK(dot(f.s, f.t) == Approx(0.0f).margin(1e-6));
    CHECK(dot(f.s, f.n) == Approx(0.0f).margin(1e-6));
    CHECK(length(f.s) == Approx(1.0f));
    const Vec3 v = normalize(Vec3(0.2f, -0.5f, 0.7f));
    const Vec3 back = f.to_world(f.to_local(v));
    CHECK(length(back - v) < 1e-5f);
    CHECK(dot(f.to_world({0, 0, 1}), n) == Approx(1.0f));
  }
}

TEST_CASE("power heuristic weights sum to one", "[sampling]") {
  CHECK(power_heuristic(1.0f, 3.0f) + power_heuristic(3.0f, 1.0f) == Approx(1.0f));
  CHECK(power_heuristic(2.0f, 0.0f) == 1.0f);
  CHECK(power_heuristic(0.0f, 0.0f) == 0.0f);
}
