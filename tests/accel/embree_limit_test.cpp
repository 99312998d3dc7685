#include "accel/embree_limit.h"

#include "core/base/error.h"
#include "tests/core/render/test_scene.h"

#include <catch2/catch.hpp>

using namespace tessera;

TEST_CASE("Embree limit: camera, bounce and shadow rays from the scene, single rays and packets alike", "[accel]") {
  const auto scene = TestScene::from_repo("scenes/cornell-box.json");
  const int width = 30, height = 22;  // not a multiple of 4: partial tiles and a partial last packet
  for (int threads : {1, 2}) {
    const EmbreeLimit limit = measure_embree_limit(*scene->accel, scene->file.scene, width, height, threads, 0.001);
    INFO("threads " << threads);
    CHECK(limit.threads == threads);
    REQUIRE(limit.kinds.size() == 3);
    const RayKindThroughput& camera = limit.kinds[0];
    const RayKindThroughput& bounce = limit.kinds[1];
    const RayKindThroughput& shadow = limit.kinds[2];
    CHECK(camera.kind == "camera");
    CHECK(bounce.kind == "bounce");
    CHECK(shadow.kind == "shadow");
    CHECK(camera.rays == size_t(width * height));
    // The camera looks into a box open towards it: most camera rays hit, each hit
    // makes a bounce ray, some of which leave through the opening; the light is a
    // quad on the ceiling, so some shadow rays are blocked (by the boxes).
    CHECK(camera.hits > camera.rays / 2);
    CHECK(camera.hits < camera.rays);
    CHECK(bounce.rays == camera.hits);
    CHECK(bounce.hits > bounce.rays / 2);
    CHECK(bounce.hits < bounce.rays);
    CHECK(shadow.rays > 0);
    CHECK(shadow.hits > 0);
    CHECK(shadow.hits < shadow.rays / 2);
    // Packets trace the very same rays.
    for (const RayKindThroughput& k : limit.kinds) {
      CHECK(k.packet_hits == k.hits);
      CHECK(k.single_mrays > 0);
      CHECK(k.packet_mrays > 0);
    }
    const double rays = double(camera.rays + bounce.rays + shadow.rays);
    CHECK(limit.mixed_single_mrays ==
          Approx(rays / (camera.single_seconds + bounce.single_seconds + shadow.single_seconds) * 1e-6));
  }
}

TEST_CASE("Embree limit: a camera that sees nothing is an error", "[accel]") {
  const auto scene = TestScene::from_text(R"({
    "camera": {"position": [0, 0, 5], "look_at": [0, 0, 0], "fov": 30},
    "materials": {"m": {"type": "diffuse", "albedo": [0.5, 0.5, 0.5]}},
    "shapes": [{"type": "sphere", "center": [0, 0, 10], "radius": 1, "material": "m"}]
  })");
  CHECK_THROWS_WITH(measure_embree_limit(*scene->accel, scene->file.scene, 8, 8, 1, 0.001),
                    "the Embree limit: the camera sees no geometry; nothing to measure");
}
