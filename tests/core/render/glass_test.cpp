// Glass rendered: a smooth dielectric neither makes nor loses light (the
// furnace), and absorption inside follows Beer's law. Tolerances come from the
// measured spread of the pixel estimates and the number of pixels.

#include "tests/core/render/test_scene.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace tessera;

namespace {

struct Mean { double mean = 0, stddev = 0; size_t count = 0; };

// Mean and spread of the green channel over the pixels of [x0, x1) x [y0, y1).
Mean pixel_mean(const Image& image, int x0, int y0, int x1, int y1) {
  Mean m;
  double sum = 0, sum2 = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) {
      const double v = image.pixel(x, y).y;
      sum += v, sum2 += v * v;
      ++m.count;
    }
  m.mean = sum / double(m.count);
  m.stddev = std::sqrt(std::max(0.0, sum2 / double(m.count) - m.mean * m.mean));
  return m;
}

}  // namespace

TEST_CASE("furnace: a smooth glass sphere under a uniform sky returns the sky", "[render][furnace][dielectric]") {
  // Every path that enters the sphere leaves it again (a sphere traps nothing),
  // so with 1 / eta^2 on the way in and eta^2 on the way out each pixel
  // converges to the sky's radiance. A lost or doubled eta^2, or a Fresnel
  // choice with the wrong weight, shifts the mean by far more than the noise.
  for (const char* ior : {"1.5", "1.33"}) {
    const auto scene = TestScene::from_text(std::string(R"({
      "camera": {"position": [0, 0, 4], "look_at": [0, 0, 0], "fov": 30},
      "film": {"resolution": [32, 32], "spp": 16, "max_depth": 64},
      "environment": {"radiance": [1, 1, 1]},
      "materials": {"glass": {"type": "dielectric", "ior": )") + ior + R"(}},
      "shapes": [{"type": "sphere", "material": "glass", "center": [0, 0, 0], "radius": 1}]
    })");
    const RenderResult r = scene->render(scene->file.settings, 2, {16, 16});
    // The sphere (14.5 degrees in radius) covers the 16 x 16 pixels at the centre of the 30-degree view.
    const Mean m = pixel_mean(r.image, 8, 8, 24, 24);
    const double tolerance = 5.0 * m.stddev / std::sqrt(double(m.count)) + 1e-4;
    INFO("ior " << ior << ": mean " << m.mean << ", stddev " << m.stddev << ", tolerance " << tolerance);
    CHECK(m.stddev > 0.0);  // paths were split by Fresnel and roulette: a zero spread would mean no glass
    CHECK(std::abs(m.mean - 1.0) < tolerance);
  }
}

TEST_CASE("Beer's law: a slab of thickness d passes transmittance^(d / distance)", "[render][dielectric]") {
  // ior 1: no Fresnel reflection and no bend, so every camera ray crosses the
  // slab straight (within 1.5 degrees of the normal: 1 / cos is 1.0004) and the
  // image is exact, without noise.
  const double T = 0.5, distance = 0.25, thickness = 0.5;
  const auto scene = TestScene::from_text(R"({
    "camera": {"position": [0, 0, 4], "look_at": [0, 0, 0], "fov": 3},
    "film": {"resolution": [16, 16], "spp": 4, "max_depth": 8},
    "environment": {"radiance": [2, 2, 2]},
    "materials": {"tinted": {"type": "dielectric", "ior": 1, "transmittance": [0.5, 0.5, 0.5], "distance": 0.25}},
    "shapes": [{"type": "box", "material": "tinted", "min": [-10, -10, -0.25], "max": [10, 10, 0.25]}]
  })");
  const RenderResult r = scene->render(scene->file.settings, 2);
  const double expected = 2.0 * std::pow(T, thickness / distance);  // 0.5
  for (int y = 0; y < 16; ++y)
    for (int x = 0; x < 16; ++x) REQUIRE(r.image.pixel(x, y).y == Approx(expected).epsilon(1e-3));
}
