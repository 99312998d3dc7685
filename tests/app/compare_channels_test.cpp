#include "app/compare_command.h"
#include "core/base/error.h"
#include "core/compare/image_compare.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace tessera;

TEST_CASE("compare channels: R, G, B and A by name", "[compare]") {
  const ChannelSelection rgb = parse_channels("rgb");
  CHECK((rgb.r && rgb.g && rgb.b && !rgb.a));
  const ChannelSelection rgba = parse_channels("R,G,B,A");
  CHECK((rgba.r && rgba.g && rgba.b && rgba.a));
  CHECK(parse_channels("RGBA").a);
  const ChannelSelection alpha = parse_channels("a");
  CHECK((!alpha.r && !alpha.g && !alpha.b && alpha.a));
  for (const char* bad : {"", "R,,G", "R,G,G", "X", "R,G,B,", "rgbx"})
    CHECK_THROWS_WITH(parse_channels(bad), Catch::StartsWith(std::string("--channels \"") + bad + "\": expected"));
}

TEST_CASE("metrics are taken over the chosen channels", "[compare]") {
  // Test and reference differ by 0.3 in R only; the alpha differs by 0.4.
  Image test(2, 1), reference(2, 1), test_alpha(2, 1), reference_alpha(2, 1);
  for (int x = 0; x < 2; ++x) {
    test.set_pixel(x, 0, {0.8f, 0.5f, 0.5f});
    reference.set_pixel(x, 0, {0.5f, 0.5f, 0.5f});
    test_alpha.set_pixel(x, 0, Vec3(1.0f));
    reference_alpha.set_pixel(x, 0, Vec3(0.6f));
  }
  const double r = 0.8 - double(0.5f), a = 1.0 - double(0.6f);
  const ImageDifference over_rgb = compare_images(test, reference, 1e-3);
  CHECK(over_rgb.rmse == Approx(std::sqrt(r * r / 3)));
  const ImageDifference over_rgba =
      compare_images(test, reference, 1e-3, parse_channels("rgba"), &test_alpha, &reference_alpha);
  CHECK(over_rgba.rmse == Approx(std::sqrt((r * r + a * a) / 4)));
  CHECK(over_rgba.max_abs == Approx(a));
  const ImageDifference over_g = compare_images(test, reference, 1e-3, parse_channels("G"), nullptr, nullptr);
  CHECK(over_g.rmse == 0.0);
  CHECK(std::isinf(over_g.psnr));
  const ImageDifference over_r = compare_images(test, reference, 1e-3, parse_channels("R"), nullptr, nullptr);
  CHECK(over_r.rmse == Approx(r));
  CHECK(over_r.psnr == Approx(10.0 * std::log10(1.0 / (r * r))));
  CHECK_THROWS_AS(compare_images(test, reference, 1e-3, parse_channels("A"), nullptr, nullptr), Error);
}
