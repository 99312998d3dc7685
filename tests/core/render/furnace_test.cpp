// Furnace tests: scenes whose radiance is known in closed form. Tolerances come
// from the measured spread of the pixel estimates and the number of samples.

#include "tests/core/render/test_scene.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace tessera;

namespace {

struct PixelStats {
  double mean = 0, stddev = 0;  // over pixels of one channel
  double min = 1e30, max = -1e30;
  size_t count = 0;
};

PixelStats green_channel_stats(const Image& image) {
  PixelStats s;
  double sum = 0, sum2 = 0;
  for (int y = 0; y < image.height(); ++y) {
    for (int x = 0; x < image.width(); ++x) {
      const double v = image.pixel(x, y).y;
      sum += v, sum2 += v * v;
      s.min = std::min(s.min, v), s.max = std::max(s.max, v);
    }
  }
  s.count = size_t(image.width()) * image.height();
  s.mean = sum / double(s.count);
  s.stddev = std::sqrt(std::max(0.0, sum2 / double(s.count) - s.mean * s.mean));
  return s;
}

}  // namespace

TEST_CASE("white furnace: a diffuse sphere under a uniform sky", "[render][furnace]") {
  // A convex object never sees itself, so each path is: camera -> sphere -> sky.
  // Radiance is albedo * sky on the sphere and sky elsewhere, with no variance
  // at all; only float rounding separates the pixels from the exact answer.
  for (float albedo : {1.0f, 0.5f}) {
    const std::string json = R"({
      "camera": {"position": [0, 0, 4], "look_at": [0, 0, 0], "fov": 40},
      "film": {"resolution": [32, 32], "spp": 8, "max_depth": 5},
      "environment": {"radiance": [1, 1, 1]},
      "materials": {"m": {"type": "diffuse", "albedo": [)" + std::to_string(albedo) + ", " + std::to_string(albedo) +
                             ", " + std::to_string(albedo) + R"(]}},
      "shapes": [{"type": "sphere", "material": "m", "center": [0, 0, 0], "radius": 1}]
    })";
    const auto scene = TestScene::from_text(json);
    const RenderResult r = scene->render(scene->file.settings, 2);
    // The sphere (14.5 degrees in radius) fills the centre of the 40-degree view; the corners see the sky.
    INFO("albedo " << albedo);
    CHECK(r.image.pixel(16, 16).y == Approx(albedo).margin(1e-5));
    CHECK(r.image.pixel(0, 0).y == Approx(1.0f).margin(1e-6));
    const PixelStats s = green_channel_stats(r.image);
    CHECK(s.min >= albedo - 1e-5);
    CHECK(s.max <= 1.0 + 1e-5);
  }
}

TEST_CASE("closed emissive box converges to the geometric series", "[render][furnace]") {
  // Inside a closed box whose walls all emit Le and reflect with albedo rho,
  // radiance with at most D bounces is Le * (1 + rho + ... + rho^D) everywhere.
  // Every path mixes emission hits, next-event estimation and MIS weights, so
  // a wrong weight or pdf shifts the mean.
  const double Le = 1.0, rho = 0.5;
  const int D = 5;
  double expected = 0, power = 1;
  for (int k = 0; k <= D; ++k, power *= rho) expected += Le * power;

  const auto scene = TestScene::from_text(R"({
    "camera": {"position": [0.1, 0.2, 0.3], "look_at": [1, 0.5, -2], "fov": 90},
    "film": {"resolution": [48, 48], "spp": 16, "max_depth": 5},
    "materials": {"wall": {"type": "diffuse", "albedo": [0.5, 0.5, 0.5], "emission": [1, 1, 1], "two_sided": true}},
    "shapes": [
      {"type": "box", "material": "wall", "min": [-1, -1, -1], "max": [1, 1.5, 1]},
      {"type": "sphere", "material": "wall", "center": [0.4, -0.5, -0.5], "radius": 0.3}
    ]
  })");
  const RenderResult r = scene->render(scene->file.settings, 2, {16, 16});
  const PixelStats s = green_channel_stats(r.image);
  // Pixels are independent estimates of the same value, so their mean has a
  // standard error of stddev / sqrt(pixels); allow five of them.
  const double tolerance = 5.0 * s.stddev / std::sqrt(double(s.count)) + 1e-4;
  INFO("mean " << s.mean << ", expected " << expected << ", stddev " << s.stddev << ", tolerance " << tolerance);
  CHECK(s.stddev > 0.0);  // the estimator is noisy; a zero spread would mean nothing was sampled
  CHECK(std::abs(s.mean - expected) < tolerance);
  // No pixel strays far: each is a mean of 16 samples.
  CHECK(s.max - s.min < 10.0 * s.stddev + 1e-3);
}

TEST_CASE("nothing hit means the environment", "[render][furnace]") {
  struct MissEverything final : RayQuery {
    bool intersect(const Ray&, RayHit&) const override { return false; }
    bool occluded(const Ray&) const override { return false; }
  } query;
  const RenderScene scene({}, {}, CameraParams{}, {0.25f, 0.5f, 2.0f});
  RenderSettings settings;
  settings.width = 9, settings.height = 5, settings.spp = 3;
  ScheduleOptions schedule;
  schedule.threads = 1;
  schedule.bucket_size = {4, 4};
  const RenderResult r = render_image(scene, query, settings, schedule);
  for (int y = 0; y < 5; ++y)
    for (int x = 0; x < 9; ++x) REQUIRE(r.image.pixel(x, y) == scene.environment);
  CHECK(r.rays == 9u * 5u * 3u);  // one camera ray per sample, nothing else
}
