// The path tracer's fixed sample-dimension layout: every bounce draws 1D + 2D
// (light) + 1D + 2D (BSDF) + 1D (roulette) = 7 dimensions, whether or not the
// scene has lights and whether or not roulette applies, so bounce k's BSDF
// sample always uses the same dimensions.

#include "tests/core/render/test_scene.h"

#include "core/render/path_tracer.h"

#include <catch2/catch.hpp>

#include <string>

using namespace tessera;

namespace {

// Dimensions drawn by one path inside a closed white box (albedo 1: no path
// escapes or is absorbed, and roulette never ends one), with or without
// emissive walls.
uint32_t dimensions_drawn(bool lit, int max_depth, int rr_depth) {
  const std::string wall = lit ? R"({"type": "diffuse", "albedo": [1, 1, 1], "emission": [1, 1, 1], "two_sided": true})"
                               : R"({"type": "diffuse", "albedo": [1, 1, 1]})";
  const auto scene = TestScene::from_text(R"({
    "camera": {"position": [0, 0, 0], "look_at": [0, 0, -1], "fov": 60},
    "materials": {"wall": )" + wall + R"(},
    "shapes": [{"type": "box", "material": "wall", "min": [-1, -1, -1], "max": [1, 1.5, 1]}]
  })");
  REQUIRE(scene->file.scene.lights.sampler().empty() == !lit);
  RenderSettings settings;
  settings.max_depth = max_depth;
  settings.rr_depth = rr_depth;
  const PathTracer tracer(scene->file.scene, *scene->accel, settings);
  Sampler sampler(SamplerKind::Independent, 0);
  sampler.start_pixel_sample(3, 4, 5);
  RayCounter counter;
  tracer.radiance(Ray{{0.1f, 0.2f, 0.3f}, normalize(Vec3(0.3f, -0.2f, -1))}, sampler, counter);
  return sampler.dimension();
}

}  // namespace

TEST_CASE("every bounce draws the same seven sample dimensions, lights or not", "[render][sampling]") {
  for (int rr_depth : {1, 100}) {  // roulette from the first bounce, and never
    INFO("rr_depth " << rr_depth);
    CHECK(dimensions_drawn(true, 4, rr_depth) == 7u * 4u);
    CHECK(dimensions_drawn(false, 4, rr_depth) == 7u * 4u);
    CHECK(dimensions_drawn(false, 0, rr_depth) == 0u);  // no bounce, nothing drawn
  }
}
