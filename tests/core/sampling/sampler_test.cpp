#include "core/sampling/sampler.h"

#include <catch2/catch.hpp>

#include <set>

using namespace tessera;

TEST_CASE("a sample's numbers depend only on seed, pixel, index and dimension", "[sampler]") {
  PixelSampler a(7, 12, 34, 5), b(7, 12, 34, 5);
  for (int d = 0; d < 64; ++d) {
    const float va = a.get_1d();
    REQUIRE(va == b.get_1d());
    REQUIRE(va >= 0.0f);
    REQUIRE(va < 1.0f);
  }
  // Changing any one input changes the stream.
  const float base = PixelSampler(7, 12, 34, 5).get_1d();
  CHECK(PixelSampler(8, 12, 34, 5).get_1d() != base);
  CHECK(PixelSampler(7, 13, 34, 5).get_1d() != base);
  CHECK(PixelSampler(7, 12, 35, 5).get_1d() != base);
  CHECK(PixelSampler(7, 12, 34, 6).get_1d() != base);
}

TEST_CASE("pixels past 65535 do not collide", "[sampler]") {
  // The x | y << 16 packing of Embree's tutorial maps (65536, 0) onto (0, 1).
  CHECK(PixelSampler(0, 65536, 0, 0).get_1d() != PixelSampler(0, 0, 1, 0).get_1d());
  std::set<float> firsts;
  for (int x = 65530; x < 65542; ++x)
    for (int y = 0; y < 4; ++y) firsts.insert(PixelSampler(0, x, y, 0).get_1d());
  CHECK(firsts.size() == 48);
}

TEST_CASE("sampler values are uniform", "[sampler]") {
  // Mean and variance of U[0,1) within 5 standard errors over 200k values.
  const int n = 200000;
  double sum = 0, sum2 = 0;
  int buckets[10] = {};
  for (int i = 0; i < n; ++i) {
    PixelSampler s(1, i % 317, i / 317, uint32_t(i % 5));
    const double v = s.get_1d();
    sum += v, sum2 += v * v;
    ++buckets[int(v * 10)];
  }
  const double mean = sum / n, var = sum2 / n - mean * mean;
  CHECK(std::abs(mean - 0.5) < 5 * std::sqrt(1.0 / 12 / n));
  CHECK(std::abs(var - 1.0 / 12) < 0.002);
  for (int b : buckets) CHECK(std::abs(b - n / 10) < 5 * std::sqrt(n * 0.1 * 0.9));
}
