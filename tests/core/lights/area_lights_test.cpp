#include "core/lights/area_lights.h"
#include "core/sampling/sampler.h"
#include "core/sampling/sampling.h"

#include <catch2/catch.hpp>

using namespace tessera;

TEST_CASE("lights are chosen by power and sampled uniformly on area", "[lights]") {
  SceneGeometry g;
  std::vector<Material> mats(3);
  mats[0].emission = Vec3(0.0f);           // not a light
  mats[1].emission = Vec3(1.0f);           // dim
  mats[2].emission = Vec3(3.0f);           // three times brighter
  TriangleMesh dark(0), dim(1);
  for (TriangleMesh* m : {&dark, &dim}) {
    m->add_vertex({0, 0, 0});
    m->add_vertex({2, 0, 0});
    m->add_vertex({0, 2, 0});
    m->add_triangle(0, 1, 2);  // area 2, normal +z
  }
  g.meshes = {dark, dim};
  g.add_sphere({{0, 5, 0}, 0.5f}, 2);      // area pi
  const AreaLights lights(g, mats);
  REQUIRE(lights.size() == 2);
  CHECK(lights.light_of(0, 0) == -1);
  const int tri = lights.light_of(1, 0);
  const int sph = lights.light_of(g.sphere_geometry(), 0);
  REQUIRE(tri >= 0);
  REQUIRE(sph >= 0);
  // Power: triangle 1 * 2 = 2, sphere 3 * pi. pdf_area = share / area.
  const double total = 2.0 + 3.0 * kPi;
  CHECK(lights.pdf_area(tri) == Approx(2.0 / total / 2.0));
  CHECK(lights.pdf_area(sph) == Approx(3.0 * kPi / total / kPi));

  int tri_count = 0;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    PixelSampler s(0, i, 0, 0);
    const float u = s.get_1d();
    const LightSample ls = lights.sample(u, s.get_2d());
    if (ls.light == tri) {
      ++tri_count;
      CHECK(ls.point.z == 0.0f);
      CHECK(ls.point.x + ls.point.y <= 2.0f + 1e-5f);
      CHECK(ls.normal.z == Approx(1.0f));
      CHECK(ls.material == 1u);
    } else {
      CHECK(length(ls.point - Vec3(0, 5, 0)) == Approx(0.5f));
      CHECK(dot(ls.normal, ls.point - Vec3(0, 5, 0)) > 0.0f);
    }
  }
  const double expected = n * 2.0 / total;
  CHECK(std::abs(tri_count - expected) < 5 * std::sqrt(expected));
}
