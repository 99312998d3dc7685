// SobolSampler: nets after scrambling, uniform values, determinism, pixels and
// dimension pairs decorrelated, and faster convergence than independent samples.

#include "core/sampling/sampler.h"
#include "core/sampling/sobol_matrices.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <set>
#include <string>
#include <vector>

using namespace tessera;

namespace {

// Whether points form a (0, k, 2)-net: for every split k = a + b, each of the
// 2^a x 2^b elementary intervals holds exactly one point.
bool is_net(const std::vector<Vec2>& points, int k) {
  for (int a = 0; a <= k; ++a) {
    std::vector<int> count(size_t(1) << k, 0);
    for (const Vec2& p : points) {
      const uint32_t i = uint32_t(std::ldexp(double(p.x), a)), j = uint32_t(std::ldexp(double(p.y), k - a));
      if (++count[(size_t(i) << (k - a)) | j] > 1) return false;
    }
  }
  return true;
}

// The dimension pair `pair` (0 = the film position) of samples [0, n) of a pixel.
std::vector<Vec2> pair_points(uint64_t seed, int px, int py, int pair, int n) {
  std::vector<Vec2> out;
  SobolSampler s(seed);
  for (int i = 0; i < n; ++i) {
    s.start_pixel_sample(px, py, uint32_t(i));
    Vec2 p = s.get_pixel_2d();
    for (int d = 0; d < pair; ++d) p = s.get_2d();
    out.push_back(p);
  }
  return out;
}

}  // namespace

TEST_CASE("Sobol matrices: dimensions 0 and 1 are the (0, 2)-sequence in its first points", "[sampler][sobol]") {
  // Dimension 1 in index order (not Gray code): 0, 1/2, 3/4, 1/4, 5/8, 1/8, 3/8, 7/8.
  const double expected[8] = {0, 0.5, 0.75, 0.25, 0.625, 0.125, 0.375, 0.875};
  for (uint32_t i = 0; i < 8; ++i) CHECK(double(sobol_dimension1(i)) * 0x1p-32 == expected[i]);
  CHECK(sobol_dimension0(1) == 0x80000000u);
  CHECK(sobol_dimension0(6) == 0x60000000u);
  // Unscrambled: every aligned block of 2^k points is a net, also far into the sequence.
  for (uint32_t start : {0u, 1u << 20, 0xfff00000u}) {
    std::vector<Vec2> points;
    for (uint32_t i = 0; i < 1024; ++i)
      points.push_back({float(sobol_dimension0(start + i) >> 8) * 0x1p-24f, float(sobol_dimension1(start + i) >> 8) * 0x1p-24f});
    CHECK(is_net(points, 10));
  }
}

TEST_CASE("Sobol: every power-of-two prefix of a pixel's samples is a net in each dimension pair, after scrambling",
          "[sampler][sobol]") {
  for (int pixel = 0; pixel < 4; ++pixel)
    for (int pair = 0; pair < 5; ++pair) {
      const std::vector<Vec2> points = pair_points(11, 3 + 17 * pixel, 70000 * pixel, pair, 1024);
      for (int k = 0; k <= 10; ++k) {
        INFO("pixel " << pixel << ", pair " << pair << ", first " << (1 << k) << " samples");
        CHECK(is_net(std::vector<Vec2>(points.begin(), points.begin() + (1 << k)), k));
      }
    }
  // get_1d dimensions: the first 2^k values fall one in each interval of length 2^-k.
  for (int dim = 0; dim < 6; ++dim) {
    std::set<uint32_t> strata;
    SobolSampler s(5);
    for (int i = 0; i < 256; ++i) {
      s.start_pixel_sample(9, 4, uint32_t(i));
      s.get_pixel_2d();
      float v = 0;
      for (int d = 0; d <= dim; ++d) v = s.get_1d();
      strata.insert(uint32_t(v * 256.0f));
    }
    CHECK(strata.size() == 256);
  }
}

TEST_CASE("Sobol: values from 0 up to 1 (exclusive), a pure function of seed, pixel, index and dimension", "[sampler][sobol]") {
  SobolSampler a(7), b(7);
  for (int i = 0; i < 2000; ++i) {
    a.start_pixel_sample(i % 13, i / 13, uint32_t(i));
    for (int d = 0; d < 20; ++d) {
      const Vec2 p = a.get_2d();
      const float q = a.get_1d();
      REQUIRE(p.x >= 0.0f);
      REQUIRE(p.x < 1.0f);
      REQUIRE(p.y >= 0.0f);
      REQUIRE(p.y < 1.0f);
      REQUIRE(q >= 0.0f);
      REQUIRE(q < 1.0f);
    }
  }
  // The same sample drawn in any order of pixels, by another sampler object, is the same.
  const auto draw = [](SobolSampler& s, int x, int y, uint32_t i) {
    s.start_pixel_sample(x, y, i);
    std::vector<float> v;
    for (int d = 0; d < 8; ++d) v.push_back(d % 3 ? s.get_1d() : s.get_2d().y);
    return v;
  };
  const std::vector<float> first = draw(a, 12, 34, 5);
  draw(b, 99, 1, 0);
  draw(b, 12, 34, 4);
  CHECK(draw(b, 12, 34, 5) == first);
  CHECK(draw(a, 12, 34, 5) == first);
  // Any one input changes the numbers.
  SobolSampler other_seed(8);
  CHECK(draw(other_seed, 12, 34, 5) != first);
  CHECK(draw(a, 13, 34, 5) != first);
  CHECK(draw(a, 12, 35, 5) != first);
  CHECK(draw(a, 12, 34, 6) != first);
  // Sampler dispatches to the chosen implementation, value for value.
  Sampler sobol(SamplerKind::Sobol, 7), independent(SamplerKind::Independent, 7);
  SobolSampler plain_sobol(7);
  IndependentSampler plain_independent(7);
  sobol.start_pixel_sample(3, 4, 5), plain_sobol.start_pixel_sample(3, 4, 5);
  independent.start_pixel_sample(3, 4, 5), plain_independent.start_pixel_sample(3, 4, 5);
  for (int d = 0; d < 10; ++d) {
    CHECK(sobol.get_1d() == plain_sobol.get_1d());
    CHECK(independent.get_2d().y == plain_independent.get_2d().y);
  }
}

TEST_CASE("Sobol: neighbouring pixels and different dimension pairs are uncorrelated", "[sampler][sobol]") {
  // Over n samples: the correlation of a value with the same dimension of the
  // pixel to its right, and of dimension pairs 1 and 2 of one sample, is zero
  // within 5 standard errors (1 / sqrt(n)).
  const int n = 40000;
  double sxy_pixel = 0, sxy_pair = 0, sx = 0, sy = 0, sz = 0, sxx = 0, syy = 0, szz = 0;
  SobolSampler a(3), b(3);
  for (int i = 0; i < n; ++i) {
    const int x = i % 200, y = i / 200;
    a.start_pixel_sample(x, y, uint32_t(i % 16));
    b.start_pixel_sample(x + 1, y, uint32_t(i % 16));
    a.get_pixel_2d(), b.get_pixel_2d();
    const double u = a.get_2d().x, v = b.get_2d().x, w = a.get_2d().x;
    sx += u, sy += v, sz += w, sxx += u * u, syy += v * v, szz += w * w;
    sxy_pixel += u * v, sxy_pair += u * w;
  }
  const auto corr = [&](double sab, double sa, double saa, double sb, double sbb) {
    const double cov = sab / n - sa / n * sb / n;
    return cov / std::sqrt((saa / n - sa / n * sa / n) * (sbb / n - sb / n * sb / n));
  };
  CHECK(std::abs(corr(sxy_pixel, sx, sxx, sy, syy)) < 5.0 / std::sqrt(double(n)));
  CHECK(std::abs(corr(sxy_pair, sx, sxx, sz, szz)) < 5.0 / std::sqrt(double(n)));
}

TEST_CASE("Sobol: each dimension is uniform (chi-square, 64 bins)", "[sampler][sobol]") {
  // 16384 values per dimension from 2048 pixels x 8 samples; chi-square with 63
  // degrees of freedom stays below 120 (p about 1e-5) for uniform values.
  const int bins = 64, pixels = 2048, spp = 8, dims = 24;
  std::vector<std::vector<int>> count(size_t(dims), std::vector<int>(size_t(bins), 0));
  SobolSampler s(21);
  for (int p = 0; p < pixels; ++p)
    for (int i = 0; i < spp; ++i) {
      s.start_pixel_sample(p % 64, p / 64, uint32_t(i));
      for (int d = 0; d < dims;) {
        if (d % 5 == 4) {
          ++count[size_t(d)][size_t(s.get_1d() * bins)], d += 1;
        } else {
          const Vec2 v = s.get_2d();
          ++count[size_t(d)][size_t(v.x * bins)], ++count[size_t(d + 1)][size_t(v.y * bins)], d += 2;
        }
      }
    }
  for (int d = 0; d < dims; ++d) {
    const double expected = double(pixels) * spp / bins;
    double chi2 = 0;
    for (int c : count[size_t(d)]) chi2 += (c - expected) * (c - expected) / expected;
    INFO("dimension " << d << ": chi-square " << chi2);
    CHECK(chi2 < 120.0);
  }
}

TEST_CASE("Sobol converges faster than independent samples on a smooth integrand", "[sampler][sobol]") {
  // A smooth integrand, a sum of functions of the film pair, the lens pair and
  // one 1D dimension, with a known integral. RMSE over 200 pixels (independent replications) at
  // 256 samples each. Scrambled nets integrate smooth functions with error
  // about N^-1 or better against independent samples' N^-0.5: at N = 256 the ratio is
  // far below 0.1. Both estimates must also be unbiased (mean error within 5
  // standard errors), which a correlation between the pairs would break.
  const auto f = [](Vec2 a, Vec2 b, float c) {
    return std::exp(-double(a.x) * a.y) + std::sin(3.0 * b.x) * b.y + double(c) * c;
  };
  // Integral of exp(-xy) over the unit square, of sin(3x) y, and of c^2. (A
  // term that couples two pairs, such as c^2 x, converges at the independent
  // rate with a smaller constant: padding stratifies within each pair only.)
  const double exact = 0.796599599297053 + (1.0 - std::cos(3.0)) / 3.0 * 0.5 + 1.0 / 3.0;
  const auto rmse = [&](SamplerKind kind, double& mean_error, double& stderr_) {
    const int pixels = 200, spp = 256;
    Sampler s(kind, 17);
    double sum2 = 0, sum = 0;
    for (int p = 0; p < pixels; ++p) {
      double est = 0;
      for (int i = 0; i < spp; ++i) {
        s.start_pixel_sample(p, 0, uint32_t(i));
        const Vec2 a = s.get_pixel_2d(), b = s.get_2d();
        est += f(a, b, s.get_1d());
      }
      const double e = est / spp - exact;
      sum += e, sum2 += e * e;
    }
    mean_error = sum / pixels;
    stderr_ = std::sqrt(std::max(0.0, sum2 / pixels - mean_error * mean_error) / pixels);
    return std::sqrt(sum2 / pixels);
  };
  double mean_sobol = 0, se_sobol = 0, mean_independent = 0, se_independent = 0;
  const double sobol = rmse(SamplerKind::Sobol, mean_sobol, se_sobol);
  const double independent = rmse(SamplerKind::Independent, mean_independent, se_independent);
  INFO("RMSE sobol " << sobol << ", independent " << independent << ", ratio " << sobol / independent);
  CHECK(sobol < 0.1 * independent);
  CHECK(std::abs(mean_sobol) < 5 * se_sobol + 1e-7);
  CHECK(std::abs(mean_independent) < 5 * se_independent);
}

TEST_CASE("sampler names: sobol and independent, anything else is refused naming the choices", "[sampler]") {
  CHECK(parse_sampler_kind("sobol") == SamplerKind::Sobol);
  CHECK(parse_sampler_kind("independent") == SamplerKind::Independent);
  CHECK(std::string(to_string(SamplerKind::Sobol)) == "sobol");
  CHECK(std::string(to_string(SamplerKind::Independent)) == "independent");
  CHECK_THROWS_WITH(parse_sampler_kind("halton"), "unknown sampler \"halton\" (expected sobol or independent)");
  CHECK_THROWS_WITH(parse_sampler_kind("Sobol"), "unknown sampler \"Sobol\" (expected sobol or independent)");
}

TEST_CASE("Sobol: the sampler's inlined arithmetic equals shifted Sobol points at owen_scramble'd indices", "[sampler][sobol]") {
  // SobolSampler writes the index scramble out without the reversals that
  // cancel; this checks it against the plain definition, value for value:
  // point owen_scramble(index) of the pair, xor a digital shift.
  SobolSampler s(77);
  for (uint32_t index : {0u, 1u, 5u, 1000u, 123456u}) {
    s.start_pixel_sample(40, 2, index);
    for (uint32_t d = 0; d < 6; d += 3) {
      const uint64_t h = mix64(hash_combine(hash_combine(mix64(77 ^ 0x5ab01f00d5eedULL), 40u), 2u) + 0x9e3779b97f4a7c15ULL * (d + 1));
      const uint32_t i = owen_scramble(index, uint32_t(h));
      const uint32_t seed_y = uint32_t((h * 0xd1342543de82ef95ULL) >> 32);
      const Vec2 p = s.get_2d();
      CHECK(p.x == fixed_to_unit_float(sobol_dimension0(i) ^ uint32_t(h >> 32)));
      CHECK(p.y == fixed_to_unit_float(sobol_dimension1(i) ^ seed_y));
      const uint64_t h1 = mix64(hash_combine(hash_combine(mix64(77 ^ 0x5ab01f00d5eedULL), 40u), 2u) + 0x9e3779b97f4a7c15ULL * (d + 3));
      CHECK(s.get_1d() == fixed_to_unit_float(sobol_dimension0(owen_scramble(index, uint32_t(h1))) ^ uint32_t(h1 >> 32)));
    }
  }
  for (uint32_t v : {0u, 1u, 0x80000000u, 0x12345678u, 0xffffffffu}) CHECK(reverse_bits(reverse_bits(v)) == v);
  CHECK(reverse_bits(1u) == 0x80000000u);
  CHECK(reverse_bits(0x12345678u) == 0x1e6a2c48u);
  for (uint32_t i : {0u, 1u, 3u, 0x80000000u, 0xdeadbeefu, 0xffffffffu})
    CHECK(sobol_dimension1_of_reversed_index(reverse_bits(i)) == sobol_dimension1(i));
}

TEST_CASE("skipping dimensions lands where drawing them would, for both samplers", "[sampler]") {
  for (SamplerKind kind : {SamplerKind::Sobol, SamplerKind::Independent}) {
    INFO(to_string(kind));
    Sampler drawn(kind, 7), skipped(kind, 7);
    for (uint32_t index : {0u, 5u, 1000u}) {
      drawn.start_pixel_sample(3, 9, index);
      skipped.start_pixel_sample(3, 9, index);
      const Vec2 film_a = drawn.get_pixel_2d(), film_b = skipped.get_pixel_2d();
      CHECK((film_a.x == film_b.x && film_a.y == film_b.y));
      drawn.get_1d(), drawn.get_2d(), drawn.get_1d();  // 4 dimensions drawn...
      skipped.skip(4);                                 // ...or passed over
      CHECK(drawn.dimension() == skipped.dimension());
      const Vec2 a = drawn.get_2d(), b = skipped.get_2d();
      CHECK((a.x == b.x && a.y == b.y));
      CHECK(drawn.get_1d() == skipped.get_1d());
    }
  }
}
