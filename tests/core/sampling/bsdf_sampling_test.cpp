// Goodness-of-fit tests for the warps the path tracer samples directions with
// (after Mitsuba's chi-square tests): draw many directions, bin them, and compare
// the counts with the counts the claimed pdf predicts. A warp whose samples do not
// follow its pdf biases every estimator that divides by that pdf, without any
// visible noise, so this is the check that catches it.
//
// Method, for each warp:
//   - N deterministic samples (u from PixelSampler: a hash of the index, so the
//     test is reproducible and independent of any library RNG);
//   - cells in (cos theta, phi) (or in x for the 1D tent); the expected count of a
//     cell is N times the integral of the pdf over the cell, in closed form;
//   - cells expecting fewer than 5 samples are pooled (the chi-square
//     approximation to the multinomial needs about 5 per cell); a sample in a cell
//     of zero expected count fails at once;
//   - Pearson's statistic X^2 = sum (observed - expected)^2 / expected, with
//     cells - 1 degrees of freedom, and its p-value from the regularized upper
//     incomplete gamma function Q(dof / 2, X^2 / 2) (tests/core/sampling/chi_square.h);
//   - the warp passes when p > alpha_1, the significance 0.01 shared among the
//     kChi2Tests tests of this file by Sidak's correction,
//     alpha_1 = 1 - (1 - 0.01)^(1 / kChi2Tests): a correct warp fails one of them
//     with probability 0.01 overall (and, the samples being deterministic, either
//     always or never).
// Negative controls show the test can fail: samples from another distribution
// must get a p-value far below alpha_1.

#include "core/math/frame.h"
#include "core/sampling/sampler.h"
#include "core/sampling/sampling.h"
#include "tests/core/sampling/chi_square.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <limits>
#include <vector>

using namespace tessera;
using namespace tessera::chi_square;

namespace {

constexpr double kPiD = 3.14159265358979323846;

// The warps tested for goodness of fit (not counting negative controls, which
// must fail): cosine hemisphere, uniform sphere, tent filter.
constexpr int kChi2Tests = 3;
const double kAlpha = 0.01;
const double kAlphaPerTest = 1.0 - std::pow(1.0 - kAlpha, 1.0 / kChi2Tests);  // Sidak

// ---- binning directions in (cos theta, phi) ----------------------------------

constexpr int kCosBins = 10, kPhiBins = 20;

struct DirectionHistogram {
  double z_min, z_max;  // range of cos theta binned: [0, 1] (hemisphere) or [-1, 1] (sphere)
  std::vector<double> counts = std::vector<double>(kCosBins * kPhiBins, 0.0);

  void add(const Vec3& d) {
    const double z = std::min(std::max(double(d.z), z_min), z_max);
    double phi = std::atan2(double(d.y), double(d.x));
    if (phi < 0) phi += 2 * kPiD;
    const int iz = std::min(kCosBins - 1, int((z - z_min) / (z_max - z_min) * kCosBins));
    const int ip = std::min(kPhiBins - 1, int(phi / (2 * kPiD) * kPhiBins));
    counts[size_t(iz * kPhiBins + ip)] += 1;
  }
};

// N * integral of a pdf over each (cos theta, phi) cell; `cell_integral(a, b, c, d)`
// is the integral over cos theta in [a, b] and phi in [c, d].
std::vector<double> expected_counts(double z_min, double z_max, double n,
                                    const std::function<double(double, double, double, double)>& cell_integral) {
  std::vector<double> e(kCosBins * kPhiBins);
  for (int iz = 0; iz < kCosBins; ++iz) {
    const double a = z_min + (z_max - z_min) * iz / kCosBins, b = z_min + (z_max - z_min) * (iz + 1) / kCosBins;
    for (int ip = 0; ip < kPhiBins; ++ip) {
      const double c = 2 * kPiD * ip / kPhiBins, d = 2 * kPiD * (ip + 1) / kPhiBins;
      e[size_t(iz * kPhiBins + ip)] = n * cell_integral(a, b, c, d);
    }
  }
  return e;
}

// The cosine density cos(theta) / pi in the measure d(cos theta) d(phi):
// integral over a cell = (b^2 - a^2) / 2 * (d - c) / pi (zero below the horizon).
double cosine_cell(double a, double b, double c, double d) {
  a = std::max(a, 0.0), b = std::max(b, 0.0);
  return (b * b - a * a) / 2.0 * (d - c) / kPiD;
}
// The uniform sphere density 1 / (4 pi): integral over a cell = (b - a) (d - c) / (4 pi).
double uniform_sphere_cell(double a, double b, double c, double d) { return (b - a) * (d - c) / (4 * kPiD); }

constexpr int kSamples = 400000;

Vec2 u2(uint64_t seed, int i) {
  PixelSampler s(seed, i, 0, 0);
  return s.get_2d();
}

DirectionHistogram histogram_of(double z_min, const std::function<Vec3(int)>& sample) {
  DirectionHistogram h{z_min, 1.0};
  for (int i = 0; i < kSamples; ++i) h.add(sample(i));
  return h;
}

}  // namespace

TEST_CASE("chi-square survival function matches tabulated quantiles", "[chi2]") {
  // Upper-tail quantiles of the chi-square distribution (standard tables, e.g.
  // NIST/SEMATECH e-Handbook 1.3.6.7.4): P(X^2 >= q) = p.
  struct Row { int dof; double q, p; };
  const Row rows[] = {{1, 3.841, 0.05},  {1, 6.635, 0.01},   {2, 9.210, 0.01},    {5, 11.070, 0.05},
                      {10, 23.209, 0.01}, {30, 50.892, 0.01}, {100, 135.807, 0.01}, {100, 124.342, 0.05},
                      {10, 2.558, 0.99}};
  for (const Row& r : rows) {
    INFO("dof " << r.dof << ", q " << r.q);
    // Tables give four significant figures of q, so p agrees to about 1e-3 relative.
    CHECK(chi2_survival(r.q, r.dof) == Approx(r.p).epsilon(2e-3));
  }
  // dof = 2 has the closed form exp(-x / 2): checks both branches tightly.
  for (double x : {0.1, 1.0, 2.9, 3.1, 10.0, 50.0}) CHECK(chi2_survival(x, 2) == Approx(std::exp(-x / 2)).epsilon(1e-10));
  CHECK(chi2_survival(0.0, 7) == 1.0);
  CHECK(chi2_quantile_upper(0.01, 10) == Approx(23.209).epsilon(1e-4));
  CHECK(chi2_quantile_upper(0.05, 100) == Approx(124.342).epsilon(1e-4));
}

TEST_CASE("chi-square test pools cells expecting fewer than 5 samples", "[chi2]") {
  // Three regular cells and three small ones (2 + 2 + 2 = 6 >= 5): the small
  // ones become one cell, so 4 cells and 3 dof.
  Chi2Result r = chi2_test({98, 105, 97, 1, 3, 2}, {100, 100, 100, 2, 2, 2});
  CHECK(r.dof == 3);
  const double x2 = (4.0 + 25.0 + 9.0) / 100.0 + 0.0 / 6.0;
  CHECK(r.statistic == Approx(x2));
  CHECK(r.p_value == Approx(chi2_survival(x2, 3)));
  // A pool too small to stand alone (expected 3) joins the smallest regular cell.
  r = chi2_test({98, 105, 90, 1, 3}, {100, 100, 90, 1, 2});
  CHECK(r.dof == 2);
  CHECK(r.statistic == Approx((4.0 + 25.0) / 100.0 + (94.0 - 93.0) * (94.0 - 93.0) / 93.0));
  // A sample in a cell of zero expected count is impossible under the pdf.
  r = chi2_test({100, 1}, {101, 0});
  CHECK(r.impossible_sample);
  CHECK(r.p_value == 0.0);
}

TEST_CASE("cosine hemisphere sampling follows cos(theta) / pi (chi-square)", "[chi2][sampling]") {
  const DirectionHistogram h = histogram_of(0.0, [](int i) { return sample_cosine_hemisphere(u2(11, i)); });
  const Chi2Result r = chi2_test(h.counts, expected_counts(0.0, 1.0, kSamples, cosine_cell));
  INFO("X^2 " << r.statistic << " with " << r.dof << " dof, p " << r.p_value << ", alpha per test " << kAlphaPerTest
                << ", critical X^2 " << chi2_quantile_upper(kAlphaPerTest, r.dof));
  CHECK(r.dof == kCosBins * kPhiBins - 1);  // every cell expects >= 5 (the smallest expects 200)
  CHECK_FALSE(r.impossible_sample);
  CHECK(r.p_value > kAlphaPerTest);
}

TEST_CASE("uniform sphere sampling follows 1 / (4 pi) (chi-square)", "[chi2][sampling]") {
  const DirectionHistogram h = histogram_of(-1.0, [](int i) { return sample_uniform_sphere(u2(12, i)); });
  const Chi2Result r = chi2_test(h.counts, expected_counts(-1.0, 1.0, kSamples, uniform_sphere_cell));
  INFO("X^2 " << r.statistic << " with " << r.dof << " dof, p " << r.p_value << ", alpha per test " << kAlphaPerTest
                << ", critical X^2 " << chi2_quantile_upper(kAlphaPerTest, r.dof));
  CHECK(r.dof == kCosBins * kPhiBins - 1);
  CHECK(r.p_value > kAlphaPerTest);
}

TEST_CASE("tent filter offsets follow the tent (chi-square)", "[chi2][sampling]") {
  // The film's filter importance sampling: density 1 - |x| on [-1, 1], CDF
  // (1 + x)^2 / 2 for x <= 0 and 1 - (1 - x)^2 / 2 for x >= 0.
  constexpr int kBins = 40;
  std::vector<double> observed(kBins, 0.0), expected(kBins);
  for (int i = 0; i < kSamples; ++i) {
    PixelSampler s(13, i, 0, 0);
    const float x = sample_tent(s.get_1d());
    REQUIRE(x >= -1.0f);
    REQUIRE(x <= 1.0f);
    observed[size_t(std::min(kBins - 1, int((double(x) + 1.0) / 2.0 * kBins)))] += 1;
  }
  const auto cdf = [](double x) { return x <= 0 ? 0.5 * (1 + x) * (1 + x) : 1.0 - 0.5 * (1 - x) * (1 - x); };
  for (int b = 0; b < kBins; ++b)
    expected[size_t(b)] = kSamples * (cdf(-1.0 + 2.0 * (b + 1) / kBins) - cdf(-1.0 + 2.0 * b / kBins));
  const Chi2Result r = chi2_test(observed, expected);
  INFO("X^2 " << r.statistic << " with " << r.dof << " dof, p " << r.p_value << ", alpha per test " << kAlphaPerTest
                << ", critical X^2 " << chi2_quantile_upper(kAlphaPerTest, r.dof));
  CHECK(r.dof == kBins - 1);  // every bin expects >= 5 (the end bins expect 500)
  CHECK(r.p_value > kAlphaPerTest);
}

TEST_CASE("the chi-square test rejects samples that do not follow the pdf", "[chi2][sampling]") {
  // Negative controls: if these passed, the tests above would prove nothing.
  const auto cos_expected = expected_counts(0.0, 1.0, kSamples, cosine_cell);

  SECTION("uniform hemisphere samples tested against the cosine pdf") {
    // cos theta uniform in [0, 1] is the uniform hemisphere (pdf 1 / (2 pi)).
    const DirectionHistogram h = histogram_of(0.0, [](int i) {
      const Vec2 u = u2(14, i);
      const float z = u.x, r = std::sqrt(std::max(0.0f, 1.0f - z * z)), phi = 2.0f * kPi * u.y;
      return Vec3(r * std::cos(phi), r * std::sin(phi), z);
    });
    const Chi2Result r = chi2_test(h.counts, cos_expected);
    INFO("X^2 " << r.statistic << " with " << r.dof << " dof, p " << r.p_value);
    CHECK(r.p_value < 1e-12);
  }
  SECTION("a 5% admixture of uniform hemisphere samples is detected") {
    // The power of the test: N = 400k samples see a small contamination. The
    // noncentrality is N * 0.05^2 * sum (q_i - p_i)^2 / p_i ~= 400k * 0.0025 * 1.13
    // ~= 1130 on 199 dof, far past the critical value.
    const DirectionHistogram h = histogram_of(0.0, [](int i) {
      PixelSampler s(15, i, 0, 0);
      const float pick = s.get_1d();
      const Vec2 u = s.get_2d();
      if (pick >= 0.05f) return sample_cosine_hemisphere(u);
      const float z = u.x, r = std::sqrt(std::max(0.0f, 1.0f - z * z)), phi = 2.0f * kPi * u.y;
      return Vec3(r * std::cos(phi), r * std::sin(phi), z);
    });
    const Chi2Result r = chi2_test(h.counts, cos_expected);
    INFO("X^2 " << r.statistic << " with " << r.dof << " dof, p " << r.p_value);
    CHECK(r.p_value < kAlphaPerTest);
    CHECK(r.p_value < 1e-12);
  }
  SECTION("cosine samples tested against the uniform sphere pdf") {
    // Half the cells (the lower hemisphere) expect samples and get none.
    const DirectionHistogram h = histogram_of(-1.0, [](int i) { return sample_cosine_hemisphere(u2(16, i)); });
    const Chi2Result r = chi2_test(h.counts, expected_counts(-1.0, 1.0, kSamples, uniform_sphere_cell));
    CHECK(r.p_value < 1e-12);
  }
  SECTION("samples where the pdf is zero fail outright") {
    const DirectionHistogram h = histogram_of(-1.0, [](int i) { return sample_uniform_sphere(u2(17, i)); });
    const Chi2Result r = chi2_test(h.counts, expected_counts(-1.0, 1.0, kSamples, cosine_cell));
    CHECK(r.impossible_sample);
    CHECK(r.p_value == 0.0);
  }
}

TEST_CASE("Lambertian BSDF: f * cos / pdf equals the albedo for sampled directions", "[chi2][sampling]") {
  // The path tracer samples wi = Frame(n).to_world(sample_cosine_hemisphere(u))
  // and multiplies the throughput by the albedo, which is only right if
  // f * cos(theta) / pdf = (albedo / pi) * cos / (cos / pi) = albedo for every
  // direction it can draw. Checked in float, as the renderer computes it, for
  // several shading normals; the only error is float rounding (a few ulps).
  const Vec3 albedo(0.9f, 0.5f, 0.2f);
  const Vec3 normals[] = {{0, 0, 1}, {0, 0, -1}, normalize(Vec3(1, 2, 3)), normalize(Vec3(-0.3f, 0.1f, -0.9f))};
  int checked = 0;
  for (const Vec3& n : normals) {
    const Frame frame(n);
    for (int i = 0; i < 100000; ++i) {
      const Vec3 wi = frame.to_world(sample_cosine_hemisphere(u2(18, i)));
      const float cos_in = dot(wi, n);
      REQUIRE(cos_in >= -1e-6f);              // never below the surface
      if (cos_in <= 1e-3f) continue;          // the renderer drops cos <= 0; near it, rounding dominates
      const float pdf = cosine_hemisphere_pdf(cos_in);
      REQUIRE(pdf > 0.0f);
      const Vec3 f = albedo * kInvPi;
      const Vec3 weight = f * (cos_in / pdf);
      REQUIRE(weight.x == Approx(albedo.x).epsilon(1e-5));
      REQUIRE(weight.y == Approx(albedo.y).epsilon(1e-5));
      REQUIRE(weight.z == Approx(albedo.z).epsilon(1e-5));
      ++checked;
    }
  }
  CHECK(checked > 399000);  // only a sliver (P(cos <= 1e-3) = 1e-6) was skipped
}

TEST_CASE("cosine pdf integrates to one over the sphere", "[chi2][sampling]") {
  // Monte Carlo with uniform sphere samples: E[pdf(d) * 4 pi] = integral of pdf = 1.
  // The estimator 4 pi * cos^+ / pi = 4 max(z, 0) has variance E[16 z^2; z > 0] - 1
  // = 16 / 6 - 1 = 5 / 3, so its mean over N samples has standard error
  // sqrt(5 / 3 / N); allow 5 of them.
  const int n = 200000;
  double sum = 0;
  for (int i = 0; i < n; ++i) sum += double(cosine_hemisphere_pdf(sample_uniform_sphere(u2(19, i)).z)) * 4.0 * kPiD;
  const double standard_error = std::sqrt(5.0 / 3.0 / n);
  INFO("mean " << sum / n << ", standard error " << standard_error);
  CHECK(std::abs(sum / n - 1.0) < 5.0 * standard_error);
  // Below the horizon the density is zero.
  CHECK(cosine_hemisphere_pdf(-0.5f) == 0.0f);
  CHECK(cosine_hemisphere_pdf(0.0f) == 0.0f);
}
