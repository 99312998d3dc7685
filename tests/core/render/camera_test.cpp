#include "core/render/camera.h"
#include "core/sampling/sampling.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace tessera;

TEST_CASE("the image centre looks at look_at", "[camera]") {
  CameraParams p;
  p.position = {1, 2, 3};
  p.look_at = {-1, 0, 0};
  const Camera cam(p, 200, 100);
  const Ray r = cam.generate_ray(100, 50, {0.5f, 0.5f});
  CHECK(length(r.origin - p.position) < 1e-6f);
  CHECK(dot(r.direction, normalize(p.look_at - p.position)) == Approx(1.0f));
}

TEST_CASE("the vertical field of view spans top to bottom edge", "[camera]") {
  CameraParams p;
  p.position = {0, 0, 0};
  p.look_at = {0, 0, -1};
  p.vertical_fov = 60.0f;
  const Camera cam(p, 300, 200);
  const Ray top = cam.generate_ray(150, 0, {});
  const Ray bottom = cam.generate_ray(150, 200, {});
  CHECK(std::acos(dot(top.direction, bottom.direction)) * 180.0f / kPi == Approx(60.0f).epsilon(1e-4));
  CHECK(top.direction.y > 0.0f);  // row 0 is the top of the image
  const Ray right = cam.generate_ray(300, 100, {});
  CHECK(right.direction.x > 0.0f);  // +x is to the right when looking down -z with +y up
}

TEST_CASE("a thin lens focuses on the focus plane", "[camera]") {
  CameraParams p;
  p.position = {0, 0, 0};
  p.look_at = {0, 0, -10};
  p.lens_radius = 0.5f;
  p.focus_distance = 4.0f;
  const Camera cam(p, 64, 64);
  // Rays through the same film point meet on the plane z = -4 from any lens point.
  const Vec2 lens_points[] = {{0.1f, 0.2f}, {0.9f, 0.5f}, {0.5f, 0.95f}};
  Vec3 meet[3];
  for (int i = 0; i < 3; ++i) {
    const Ray r = cam.generate_ray(20, 40, lens_points[i]);
    CHECK(std::abs(r.origin.z) < 1e-6f);
    CHECK(length(r.origin) <= 0.5f + 1e-5f);
    meet[i] = r.at(-4.0f / r.direction.z);
  }
  CHECK(length(meet[0] - meet[1]) < 1e-4f);
  CHECK(length(meet[0] - meet[2]) < 1e-4f);
}
