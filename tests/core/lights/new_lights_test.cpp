// Spot, directional and environment-map lights (core/lights/light.h,
// environment_map.h): the spot's falloff at its beam and cutoff angles, a
// directional light's irradiance (delta and a disc), the environment map's
// orientation, its sampler integrating a known map to its exact mean, a
// chi-square test of its samples against its pdf, and the piecewise-constant
// distributions under it.

#include "core/image/image_io.h"
#include "core/lights/environment_map.h"
#include "core/lights/light.h"
#include "core/math/frame.h"
#include "core/sampling/piecewise_constant.h"
#include "core/sampling/sampler.h"
#include "core/sampling/sampling.h"
#include "tests/core/sampling/chi_square.h"
#include "tests/test_files.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <memory>
#include <vector>

using namespace tessera;

namespace {

constexpr double kPiD = 3.14159265358979323846;

Vec2 u2(uint64_t seed, int i) {
  PixelSampler s(seed, uint32_t(i), 0, 0);
  return s.get_2d();
}

// A small map with structure: a sky gradient (bright at the top), a bright
// 2 x 2 "sun" above the horizon, and a black band (rows of zero weight, which
// must never be sampled).
std::vector<float> test_map(int w, int h) {
  std::vector<float> rgb(size_t(w) * h * 3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      float* p = &rgb[(size_t(y) * w + x) * 3];
      const float sky = 1.0f - float(y) / float(h);
      p[0] = 0.2f + 0.3f * sky, p[1] = 0.3f + 0.4f * sky, p[2] = 0.5f + 0.5f * sky + 0.05f * float(x % 4);
      if (y >= h - 3) p[0] = p[1] = p[2] = 0.0f;                        // black band at the bottom
      if ((x == w / 3 || x == w / 3 + 1) && (y == h / 4 || y == h / 4 + 1))  // the sun
        p[0] = 200.0f, p[1] = 180.0f, p[2] = 150.0f;
    }
  return rgb;
}

// The exact integral of each channel over the sphere for a nearest-pixel map:
// sum of pixel * its solid angle (2 pi / w) (cos theta0 - cos theta1).
std::array<double, 3> exact_integral(const std::vector<float>& rgb, int w, int h, double scale) {
  std::array<double, 3> sum{};
  for (int y = 0; y < h; ++y) {
    const double omega = 2 * kPiD / w * (std::cos(kPiD * y / h) - std::cos(kPiD * (y + 1) / h));
    for (int x = 0; x < w; ++x)
      for (int c = 0; c < 3; ++c) sum[size_t(c)] += scale * rgb[(size_t(y) * w + x) * 3 + size_t(c)] * omega;
  }
  return sum;
}

}  // namespace

TEST_CASE("piecewise-constant 1D: samples stay in their cell, never in an empty one, and pdf matches", "[sampling][lights]") {
  const PiecewiseConstant1D d({1.0f, 0.0f, 3.0f, 0.0f, 4.0f});
  CHECK(d.integral() == Approx(8.0 / 5.0));
  std::vector<double> counts(5, 0.0);
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    float pdf = 0;
    size_t cell = 0;
    const float x = d.sample(u2(1, i).x, pdf, cell);
    REQUIRE(x >= 0.0f);
    REQUIRE(x < 1.0f);
    REQUIRE(cell == size_t(x * 5.0f));
    REQUIRE(pdf == d.pdf(cell));
    counts[cell] += 1;
  }
  CHECK(counts[1] == 0);
  CHECK(counts[3] == 0);
  CHECK(d.pdf(0) == Approx(5.0 / 8.0));
  CHECK(d.pdf(4) == Approx(5.0 * 4.0 / 8.0));
  for (size_t c : {size_t(0), size_t(2), size_t(4)}) {
    const double expected = n * d.pdf(c) / 5.0;
    CHECK(std::abs(counts[c] - expected) < 5 * std::sqrt(expected));
  }
  // All zero: uniform, so nothing the caller can hit is left without density.
  const PiecewiseConstant1D zero({0.0f, 0.0f});
  CHECK(zero.integral() == 0.0);
  CHECK(zero.pdf(0) == 1.0f);
  CHECK(zero.pdf(1) == 1.0f);
}

TEST_CASE("spot light: full intensity inside the beam, smoothstep to zero at the cutoff", "[lights]") {
  const Vec3 I(8.0f, 4.0f, 2.0f);
  const float cutoff = 40.0f, beam = 20.0f;
  const Light spot = Light::spot({0, 3, 0}, {0, 0, 0}, I, cutoff, beam);  // pointing down -y
  CHECK(spot.kind() == LightKind::Spot);
  const double d = 2.0;
  const double cos_outer = std::cos(cutoff * kPiD / 180), cos_inner = std::cos(beam * kPiD / 180);
  // A point at distance d from the light at angle a (degrees) from its axis.
  const auto at = [&](double a) {
    const double r = a * kPiD / 180;
    return Vec3(float(d * std::sin(r)), float(3 - d * std::cos(r)), 0.0f);
  };
  const auto expected_scale = [&](double a) {
    const double c = std::cos(a * kPiD / 180);
    const double t = std::min(1.0, std::max(0.0, (c - cos_outer) / (cos_inner - cos_outer)));
    return t * t * (3 - 2 * t) / (d * d);
  };
  for (double a : {0.0, 10.0, 19.9, 20.0, 25.0, 30.0, 35.0, 39.9, 40.0, 45.0, 90.0, 170.0}) {
    INFO("angle " << a);
    const LightLiSample s = spot.sample_li(at(a), {0.3f, 0.7f});
    REQUIRE(s.valid());
    CHECK(s.is_delta);
    CHECK(s.pdf == 1.0f);
    CHECK(s.distance == Approx(d).epsilon(1e-5));
    CHECK(s.L.x == Approx(I.x * expected_scale(a)).epsilon(1e-4).margin(1e-6));
    CHECK(s.L.z == Approx(I.z * expected_scale(a)).epsilon(1e-4).margin(1e-6));
  }
  // The ends of the falloff: full at the beam edge, zero at the cutoff, and
  // half at the cosine halfway between (smoothstep(1/2) = 1/2).
  CHECK(spot.sample_li(at(beam), {}).L.x == Approx(I.x / (d * d)).epsilon(1e-4));
  CHECK(spot.sample_li(at(cutoff + 0.01), {}).L.x == 0.0f);
  const double halfway = std::acos(0.5 * (cos_inner + cos_outer)) * 180 / kPiD;
  CHECK(spot.sample_li(at(halfway), {}).L.x == Approx(0.5 * I.x / (d * d)).epsilon(1e-3));
  CHECK(spot.pdf_li(at(10), LightHit{}) == 0.0f);
  // Power: pbrt-v4's estimate, 2 pi I ((1 - cos beam) + (cos beam - cos cutoff) / 2).
  CHECK(spot.power() == Approx(2 * kPiD * luminance(I) * ((1 - cos_inner) + 0.5 * (cos_inner - cos_outer))).epsilon(1e-5));
  // beam == cutoff: a hard edge.
  const Light hard = Light::spot({0, 3, 0}, {0, 0, 0}, I, 30.0f, 30.0f);
  CHECK(hard.sample_li(at(29.9), {}).L.x == Approx(I.x / (d * d)).epsilon(1e-4));
  CHECK(hard.sample_li(at(30.1), {}).L.x == 0.0f);
}

TEST_CASE("directional light: delta with irradiance E, or a disc whose irradiance is E", "[lights]") {
  const Vec3 E(3.0f, 2.0f, 1.0f);
  const Vec3 travel = normalize(Vec3(1, -2, 0.5f));
  const Light sun = Light::directional(travel, E);
  CHECK(sun.kind() == LightKind::Directional);
  CHECK_FALSE(sun.is_infinite());
  const LightLiSample s = sun.sample_li({1, 2, 3}, {0.2f, 0.9f});
  CHECK(s.is_delta);
  CHECK(std::isinf(s.distance));
  CHECK(length(s.wi + travel) < 1e-6f);
  CHECK(s.L == E);

  // A disc of angular diameter 30 degrees: E[L cos / pdf] over the cone, on a
  // surface facing it, is its irradiance E (exactly: L pi sin^2); on a surface
  // tilted by 50 degrees (the cone still above the horizon), E cos 50.
  for (const double tilt : {0.0, 50.0}) {
    Light disc = Light::directional(travel, E, 30.0f);
    REQUIRE(disc.kind() == LightKind::DistantDisc);
    REQUIRE(disc.is_infinite());
    const Vec3 axis = -travel;
    const Frame f(axis);
    const float t = float(tilt * kPiD / 180);
    const Vec3 normal = normalize(axis * std::cos(t) + f.s * std::sin(t));
    const int n = 200000;
    double sum = 0, sum2 = 0;
    int inconsistent = 0;
    for (int i = 0; i < n; ++i) {
      const LightLiSample ls = disc.sample_li({0, 0, 0}, u2(3, i));
      REQUIRE(ls.valid());
      REQUIRE_FALSE(ls.is_delta);
      // Consistent with the infinite light's Le and pdf along the same direction
      // (but for a direction that rounding puts just outside the cone's edge).
      inconsistent += !(disc.pdf_li_infinite(ls.wi) == Approx(ls.pdf).epsilon(1e-5)) ||
                      !(disc.Le(Ray{{0, 0, 0}, ls.wi}) == ls.L);
      const double v = ls.L.x * std::max(0.0f, dot(normal, ls.wi)) / ls.pdf;
      sum += v, sum2 += v * v;
    }
    CHECK(inconsistent <= n / 10000);
    const double mean = sum / n, se = std::sqrt((sum2 / n - mean * mean) / n);
    INFO("tilt " << tilt << ": mean " << mean << " +- " << se);
    CHECK(std::abs(mean - E.x * std::cos(tilt * kPiD / 180)) < 5 * se + 1e-6);
  }
  // Outside the cone: no radiance, no density.
  const Light disc = Light::directional(travel, E, 0.53f);
  const Vec3 off = normalize(-travel + Frame(-travel).s * 0.01f);  // 0.57 degrees from the axis
  CHECK(is_black(disc.Le(Ray{{0, 0, 0}, off})));
  CHECK(disc.pdf_li_infinite(off) == 0.0f);
  CHECK(disc.pdf_li_infinite(-travel) > 0.0f);
  CHECK(disc.Le(Ray{{0, 0, 0}, -travel}).x == Approx(E.x / (kPiD * std::pow(std::sin(0.265 * kPiD / 180), 2))).epsilon(1e-4));
}

TEST_CASE("environment map: the centre faces -z, +x is right of it, rotation turns it about +y", "[lights]") {
  // One bright pixel at each of the map's centre, u = 0.75 and the top row.
  const int w = 16, h = 8;
  std::vector<float> rgb(size_t(w) * h * 3, 0.0f);
  const auto set = [&](int x, int y, float v) { rgb[(size_t(y) * w + x) * 3] = v; };
  set(w / 2, h / 2, 1.0f);      // centre (u just past 0.5, v just past 0.5)
  set(3 * w / 4, h / 2, 2.0f);  // u = 0.75
  set(w / 2, 0, 3.0f);          // top row
  const EnvironmentMap map(w, h, rgb, 1.0f, 0.0f);
  const Vec3 below(0, -0.1f, 0);  // just below the horizon, in the row that starts there
  CHECK(map.Le(normalize(Vec3(0.05f, 0, -1) + below)).x == 1.0f);
  CHECK(map.Le(normalize(Vec3(1, 0, 0.05f) + below)).x == 2.0f);
  CHECK(map.Le(normalize(Vec3(0.001f, 1, -0.01f))).x == 3.0f);
  CHECK(map.Le(normalize(Vec3(-1, 0, 0.05f) + below)).x == 0.0f);  // -x: u = 0.25, dark
  // Rotated 90 degrees about +y: the centre now faces -x, u = 0.75 faces -z.
  const EnvironmentMap turned(w, h, rgb, 2.0f, 90.0f);
  CHECK(turned.Le(normalize(Vec3(-1, 0, -0.05f) + below)).x == 2.0f);
  CHECK(turned.Le(normalize(Vec3(0.05f, 0, -1) + below)).x == 4.0f);
  // The (u, v) mapping and its inverse.
  for (const Vec2 uv : {Vec2{0.5f, 0.5f}, Vec2{0.75f, 0.25f}, Vec2{0.1f, 0.9f}}) {
    const Vec2 back = EnvironmentMap::uv(EnvironmentMap::direction(uv));
    CHECK(back.x == Approx(uv.x).margin(1e-5));
    CHECK(back.y == Approx(uv.y).margin(1e-5));
  }
  CHECK(length(EnvironmentMap::direction({0.5f, 0.5f}) - Vec3(0, 0, -1)) < 1e-6f);
  CHECK(length(EnvironmentMap::direction({0.75f, 0.5f}) - Vec3(1, 0, 0)) < 1e-6f);
}

TEST_CASE("environment map sampler integrates a known map to its exact integral", "[lights]") {
  // E[L / pdf] = integral of Le over the sphere, computed exactly for the
  // nearest-pixel lookup; the map is read back from an HDR file written here,
  // so the scene path's reader and the light agree too. Tolerance: 5 standard
  // errors of the estimate, from the samples themselves.
  const int w = 32, h = 16;
  const std::vector<float> original = test_map(w, h);
  Image image(w, h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const float* p = &original[(size_t(y) * w + x) * 3];
      image.set_pixel(x, y, {p[0], p[1], p[2]});
    }
  const auto dir = fresh_test_dir("lights", "map");
  write_image(image, (dir / "sky.hdr").string());
  const Image read = read_image((dir / "sky.hdr").string());
  REQUIRE(read.width() == w);
  const std::vector<float>& rgb = read.data();
  for (const float rotation : {0.0f, 37.0f}) {
    const float scale = 1.5f;
    Light env = Light::environment(std::make_shared<const EnvironmentMap>(w, h, rgb, scale, rotation));
    env.set_scene_bounds(Vec3(0.0f), 2.0f);
    REQUIRE(env.is_infinite());
    const std::array<double, 3> exact = exact_integral(rgb, w, h, scale);
    const int n = 400000;
    std::array<double, 3> sum{}, sum2{};
    int inconsistent = 0;
    for (int i = 0; i < n; ++i) {
      const LightLiSample ls = env.sample_li({0.3f, 0.1f, -0.2f}, u2(4, i));
      REQUIRE(ls.valid());
      REQUIRE(std::isinf(ls.distance));
      REQUIRE_FALSE(is_black(ls.L));  // the black band is never drawn
      // Le and pdf along the sampled direction are the sample's (but where
      // rounding moves a direction on a pixel's edge into its neighbour).
      inconsistent += !(env.Le(Ray{{0, 0, 0}, ls.wi}) == ls.L) ||
                      !(env.pdf_li_infinite(ls.wi) == Approx(ls.pdf).epsilon(2e-3));
      for (int c = 0; c < 3; ++c) {
        const double v = (c == 0 ? ls.L.x : c == 1 ? ls.L.y : ls.L.z) / ls.pdf;
        sum[size_t(c)] += v, sum2[size_t(c)] += v * v;
      }
    }
    CHECK(inconsistent <= n / 10000);
    for (int c = 0; c < 3; ++c) {
      const double mean = sum[size_t(c)] / n;
      const double se = std::sqrt((sum2[size_t(c)] / n - mean * mean) / n);
      INFO("rotation " << rotation << ", channel " << c << ": " << mean << " +- " << se << ", exact " << exact[size_t(c)]);
      CHECK(std::abs(mean - exact[size_t(c)]) < 5 * se + 1e-9 * exact[size_t(c)]);
    }
    // The power the light sampler uses: pi r^2 times the luminance integral.
    const double lum = 0.2126 * exact[0] + 0.7152 * exact[1] + 0.0722 * exact[2];
    CHECK(env.power() == Approx(kPiD * 4 * lum).epsilon(1e-4));
    // pdf integrates to one over the sphere (uniform directions: E[4 pi pdf] = 1).
    double total = 0;
    for (int i = 0; i < n; ++i) total += 4 * kPiD * env.pdf_li_infinite(sample_uniform_sphere(u2(5, i))) / n;
    CHECK(total == Approx(1.0).epsilon(0.02));
  }
}

TEST_CASE("environment map sample_li follows its pdf (chi-square)", "[lights][chi2]") {
  // Cells: the map's own pixels in (phi, theta), each expecting the integral of
  // pdf_li_infinite over its solid angle (the pdf is c / sin(theta) within a
  // pixel, so the midpoint rule in (theta, phi) with the sin(theta) of each
  // point is exact up to rounding). The directions are binned by this test's
  // own (theta, phi), independent of the map's mapping code.
  const int w = 24, h = 12;
  const Light env = Light::environment(std::make_shared<const EnvironmentMap>(w, h, test_map(w, h), 1.0f, 0.0f));
  const int n = 300000;
  std::vector<double> observed(size_t(w) * h, 0.0), expected(size_t(w) * h, 0.0);
  for (int i = 0; i < n; ++i) {
    const LightLiSample ls = env.sample_li({0, 0, 0}, u2(6, i));
    REQUIRE(ls.valid());
    const double theta = std::acos(std::max(-1.0, std::min(1.0, double(ls.wi.y))));
    const double phi = std::atan2(double(ls.wi.x), -double(ls.wi.z));  // 0 at -z, pi / 2 at +x
    const int x = std::min(w - 1, int((phi / (2 * kPiD) + 0.5) * w)), y = std::min(h - 1, int(theta / kPiD * h));
    observed[size_t(y) * w + x] += 1;
  }
  const int sub = 4;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      double p = 0;
      for (int j = 0; j < sub; ++j)
        for (int i = 0; i < sub; ++i) {
          const double theta = kPiD * (y + (j + 0.5) / sub) / h, phi = 2 * kPiD * ((x + (i + 0.5) / sub) / w - 0.5);
          const Vec3 d(float(std::sin(theta) * std::sin(phi)), float(std::cos(theta)), float(-std::sin(theta) * std::cos(phi)));
          p += env.pdf_li_infinite(d) * std::sin(theta) * (kPiD / h / sub) * (2 * kPiD / w / sub);
        }
      expected[size_t(y) * w + x] = p * n;
    }
  double total = 0;
  for (double e : expected) total += e;
  CHECK(total == Approx(n).epsilon(1e-3));  // the pdf integrates to one
  const chi_square::Chi2Result r = chi_square::chi2_test(observed, expected);
  INFO("X^2 " << r.statistic << " with " << r.dof << " dof, p " << r.p_value);
  CHECK_FALSE(r.impossible_sample);
  CHECK(r.p_value > 1e-4);

  // Negative control: the same samples against a uniform pdf must be rejected.
  std::vector<double> uniform(expected.size());
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      uniform[size_t(y) * w + x] = n * (std::cos(kPiD * y / h) - std::cos(kPiD * (y + 1) / h)) / (2.0 * w);
  CHECK(chi_square::chi2_test(observed, uniform).p_value < 1e-10);
}
