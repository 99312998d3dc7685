// The same pixels, bit for bit, whatever the thread count and bucket size.

#include "tests/core/render/test_scene.h"

#include <catch2/catch.hpp>

using namespace tessera;

TEST_CASE("cornell box is bit-identical across threads and bucket sizes", "[render][determinism]") {
  const auto scene = TestScene::from_repo("scenes/cornell-box.json");
  RenderSettings settings = scene->file.settings;
  settings.width = 45;   // not a multiple of any bucket size below
  settings.height = 37;
  settings.spp = 4;

  const RenderResult reference = scene->render(settings, 1, {64, 64});
  double sum = 0;
  for (float v : reference.image.data()) sum += v;
  REQUIRE(sum > 0.0);  // the reference is a real image, not black

  for (int threads : {1, 2, 8}) {
    for (int bucket : {1, 7, 16, 64}) {
      INFO("threads " << threads << ", bucket size " << bucket);
      const RenderResult r = scene->render(settings, threads, {bucket, bucket});
      CHECK(r.threads == threads);
      REQUIRE(r.image.data() == reference.image.data());  // exact float equality
      CHECK(r.rays == reference.rays);
    }
  }
  // Non-square buckets too.
  REQUIRE(scene->render(settings, 2, {32, 5}).image.data() == reference.image.data());
}

TEST_CASE("the seed changes the noise and nothing else", "[render][determinism]") {
  const auto scene = TestScene::from_repo("scenes/cornell-box.json");
  RenderSettings settings = scene->file.settings;
  settings.width = 24, settings.height = 24, settings.spp = 2;
  const RenderResult a = scene->render(settings);
  const RenderResult b = scene->render(settings);
  settings.seed = 99;
  const RenderResult c = scene->render(settings);
  CHECK(a.image.data() == b.image.data());
  CHECK(a.image.data() != c.image.data());
}

TEST_CASE("an environment-lit scene with point and spot lights is bit-identical across threads", "[render][determinism][lights]") {
  // The lights of the "lights" array (the map's shared distribution, the
  // sphere point light) are read-only while rendering: no thread sees another's state.
  const auto scene = TestScene::from_repo("scenes/environment.json");
  RenderSettings settings = scene->file.settings;
  settings.width = 37, settings.height = 29, settings.spp = 4;
  const RenderResult reference = scene->render(settings, 1, {64, 64});
  double sum = 0;
  for (float v : reference.image.data()) sum += v;
  REQUIRE(sum > 0.0);
  for (int threads : {2, 8}) {
    INFO("threads " << threads);
    const RenderResult r = scene->render(settings, threads, {7, 7});
    REQUIRE(r.image.data() == reference.image.data());
    CHECK(r.rays == reference.rays);
  }
}
