#include "core/compare/image_compare.h"
#include "core/base/error.h"
#include "core/image/image_io.h"
#include "tests/core/render/test_scene.h"
#include "tests/test_files.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace tessera;

TEST_CASE("metrics of known differences", "[compare]") {
  Image a(4, 2), b(4, 2);
  for (int y = 0; y < 2; ++y)
    for (int x = 0; x < 4; ++x) a.set_pixel(x, y, Vec3(0.5f)), b.set_pixel(x, y, Vec3(0.5f));
  const ImageDifference same = compare_images(a, b, 1e-3);
  CHECK(same.rmse == 0.0);
  CHECK(std::isinf(same.psnr));
  CHECK(same.max_abs == 0.0);

  a.set_pixel(3, 1, {0.5f, 0.9f, 0.5f});  // one channel of one pixel off by 0.4
  const ImageDifference d = compare_images(a, b, 0.1);
  CHECK(d.max_abs == Approx(0.4));
  CHECK(d.max_x == 3);
  CHECK(d.max_y == 1);
  CHECK(d.rmse == Approx(std::sqrt(0.16 / 24)));
  CHECK(d.psnr == Approx(10 * std::log10(24 / 0.16)));
  CHECK(d.mean_abs == Approx(0.4 / 24));
  CHECK(d.relmse == Approx(0.16 / (0.25 + 0.01) / 24));
  CHECK(d.over_threshold == Approx(1.0 / 8));

  CHECK_THROWS_WITH(compare_images(Image(3, 2), b, 0.1), Catch::Contains("3x2") && Catch::Contains("4x2"));
}

TEST_CASE("images read back as written, in every format", "[compare][io]") {
  Image img(5, 3);
  for (int y = 0; y < 3; ++y)
    for (int x = 0; x < 5; ++x) img.set_pixel(x, y, {0.1f * float(x), 0.2f * float(y), 0.75f});
  const auto dir = fresh_test_dir("image_io", "round_trip");
  ImageWriteOptions exact;
  exact.exr_half = false;
  for (const char* name : {"a.pfm", "a.exr"}) {
    write_image(img, (dir / name).string(), exact);
    CHECK(read_image((dir / name).string()).data() == img.data());  // float formats are exact
  }
  write_image(img, (dir / "a.png").string());
  write_image(img, (dir / "a.hdr").string());
  // 8-bit sRGB and RGBE are lossy: within their quantization.
  CHECK(compare_images(read_image((dir / "a.png").string()), img, 0).max_abs < 0.01);
  CHECK(compare_images(read_image((dir / "a.hdr").string()), img, 0).max_abs < 0.01);
  CHECK_THROWS_WITH(read_image((dir / "missing.exr").string()), Catch::Contains("missing.exr: cannot read image"));
  write_test_file(dir / "junk.exr", "not an image");
  CHECK_THROWS_WITH(read_image((dir / "junk.exr").string()), Catch::Contains("junk.exr: cannot read image"));
}

TEST_CASE("z-test passes unbiased noisy renders and rejects a biased one", "[compare][ztest]") {
  const auto scene = TestScene::from_repo("scenes/cornell-box.json");
  RenderSettings settings = scene->file.settings;
  settings.width = 48, settings.height = 36;
  settings.spp = 512;
  const Image reference = scene->render(settings, 2).image;
  settings.variance = true;
  const Image variance = scene->render(settings, 2).image;
  settings.variance = false;
  settings.spp = 16;
  for (uint64_t seed : {11u, 12u, 13u}) {
    settings.seed = seed;
    const ZTestResult z = z_test(scene->render(settings, 2).image, reference, variance, 16, 512);
    INFO("seed " << seed << ": " << z.rejected << " rejected, global z " << z.global_z);
    CHECK(z.rejected_fraction() <= 0.01);
    CHECK_FALSE(z.global_rejects());
  }
  // Missing indirect light: every pixel slightly too dark.
  settings.max_depth = 1;
  const ZTestResult biased = z_test(scene->render(settings, 2).image, reference, variance, 16, 512);
  CHECK(biased.global_rejects());
  CHECK(biased.global_z < -10);
}

TEST_CASE("non-finite pixels are counted apart and never compare as equal", "[compare][nonfinite]") {
  Image reference(4, 2), test(4, 2);
  for (int y = 0; y < 2; ++y)
    for (int x = 0; x < 4; ++x) reference.set_pixel(x, y, Vec3(0.5f)), test.set_pixel(x, y, Vec3(0.5f));
  test.set_pixel(1, 0, {NAN, 0.5f, 0.5f});
  test.set_pixel(2, 1, {0.5f, INFINITY, 0.5f});
  ImageDifference d = compare_images(test, reference, 1e-3);
  CHECK(d.nonfinite_test == 2);
  CHECK(d.nonfinite_reference == 0);
  CHECK(d.nonfinite_x == 1);
  CHECK(d.nonfinite_y == 0);
  CHECK(d.rmse == 0.0);  // over the finite pixels, not NaN
  CHECK(d.max_abs == 0.0);

  // All NaN: every pixel counted.
  Image all_nan(4, 2);
  for (int y = 0; y < 2; ++y)
    for (int x = 0; x < 4; ++x) all_nan.set_pixel(x, y, Vec3(NAN));
  d = compare_images(all_nan, reference, 1e-3);
  CHECK(d.nonfinite_test == 8);
  CHECK(d.nonfinite() == 8);

  // A non-finite reference is counted as the reference's fault.
  d = compare_images(reference, all_nan, 1e-3);
  CHECK(d.nonfinite_test == 0);
  CHECK(d.nonfinite_reference == 8);

  // The z-test rejects every non-finite pixel (a NaN's p-value rejects nothing).
  Image variance(4, 2);
  for (int y = 0; y < 2; ++y)
    for (int x = 0; x < 4; ++x) variance.set_pixel(x, y, Vec3(0.1f));
  const ZTestResult z = z_test(all_nan, reference, variance, 16);
  CHECK(z.nonfinite == 8);
  CHECK(z.rejected == 8);
}
