#pragma once
// Checks shared by the BxDF tests (conductor_test.cpp, dielectric_test.cpp):
// a chi-square test of sample() against pdf() over (cos theta, phi) cells of
// the whole sphere, with expected counts from the pdf integrated over each
// cell numerically (after Mitsuba's chi2 test), and the sampled values'
// agreement with eval() and pdf().

#include "core/materials/bxdf.h"
#include "core/math/frame.h"
#include "tests/core/sampling/chi_square.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace tessera::bxdf_check {

constexpr double kPiD = 3.14159265358979323846;

// Independent uniform numbers in [0, 1) (a low-discrepancy sequence would make
// the chi-square test too kind).
struct Rng {
  std::mt19937_64 gen;
  explicit Rng(uint64_t seed) : gen(seed) {}
  float next() { return float(gen() >> 40) * 0x1p-24f; }
  Vec2 next_2d() { return {next(), next()}; }
};

inline Vec3 direction(double z, double phi) {
  const double r = std::sqrt(std::max(0.0, 1 - z * z));
  return Vec3(float(r * std::cos(phi)), float(r * std::sin(phi)), float(z));
}

// The integral of `f(w) d omega` over the sphere by the midpoint rule in (cos theta, phi).
template <class F>
double integrate_sphere(F f, int nz, int nphi) {
  double sum = 0;
  const double dz = 2.0 / nz, dphi = 2 * kPiD / nphi;
  for (int i = 0; i < nz; ++i)
    for (int j = 0; j < nphi; ++j) sum += f(direction(-1 + (i + 0.5) * dz, (j + 0.5) * dphi));
  return sum * dz * dphi;
}

// The frame directions are binned and integrated in: its pole is the shading
// frame's y axis, away from every lobe the tests sample, so no narrow lobe
// (head-on reflection, the refraction of a head-on ray) falls into the thin
// cells at a pole, which a grid in (cos theta, phi) resolves badly. The
// shading horizon (z = 0) is then the meridians phi = pi/2 and 3 pi/2, cell
// boundaries when the phi cells are a multiple of 4: no cell straddles it.
inline const Frame& bin_frame() {
  static const Frame f = [] {
    Frame b(Vec3(0, 1, 0));
    b.s = Vec3(0, 0, 1), b.t = Vec3(1, 0, 0), b.n = Vec3(0, 1, 0);  // s x t = n
    return b;
  }();
  return f;
}

// The integral of `f(w) d omega` over the sphere, on the grid of bin_frame().
template <class F>
double integrate_sphere_binned(F f, int nz, int nphi) {
  return integrate_sphere([&](Vec3 w) { return f(bin_frame().to_world(w)); }, nz, nphi);
}

// Chi-square test of `b`'s sample() against its pdf() for outgoing `wo`.
template <class B>
chi_square::Chi2Result chi2_sample_vs_pdf(const B& b, const Vec3& wo, uint64_t seed, int samples = 100000) {
  constexpr int kZ = 30, kPhi = 60, kSub = 16;
  const Frame& bin = bin_frame();
  std::vector<double> observed(kZ * kPhi, 0.0), expected(kZ * kPhi, 0.0);
  bool impossible = false;  // a sample where pdf() is zero
  Rng rng(seed);
  for (int i = 0; i < samples; ++i) {
    const float u_lobe = rng.next();
    const BSDFSample s = b.sample(wo, u_lobe, rng.next_2d());
    if (!s.valid()) continue;
    if (!(b.pdf(wo, s.wi) > 0.0f)) impossible = true;
    const Vec3 w = bin.to_local(s.wi);
    double phi = std::atan2(double(w.y), double(w.x));
    if (phi < 0) phi += 2 * kPiD;
    const int iz = std::clamp(int((double(w.z) + 1) / 2 * kZ), 0, kZ - 1);
    const int ip = std::clamp(int(phi / (2 * kPiD) * kPhi), 0, kPhi - 1);
    observed[size_t(iz * kPhi + ip)] += 1;
  }
  const double dz = 2.0 / kZ, dphi = 2 * kPiD / kPhi;
  for (int iz = 0; iz < kZ; ++iz)
    for (int ip = 0; ip < kPhi; ++ip) {
      double sum = 0;
      for (int a = 0; a < kSub; ++a)
        for (int c = 0; c < kSub; ++c)
          sum += b.pdf(wo, bin.to_world(direction(-1 + dz * (iz + (a + 0.5) / kSub), dphi * (ip + (c + 0.5) / kSub))));
      expected[size_t(iz * kPhi + ip)] = samples * sum * dz * dphi / (kSub * kSub);
      // A lobe's support ends inside some cells (where a microfacet turns
      // away); when its sliver there misses every quadrature point, the cell
      // expects a small count, not none: each sample in it was checked above.
      if (expected[size_t(iz * kPhi + ip)] == 0.0 && observed[size_t(iz * kPhi + ip)] > 0.0)
        expected[size_t(iz * kPhi + ip)] = 1e-3;
    }
  chi_square::Chi2Result r = chi_square::chi2_test(observed, expected);
  if (impossible) r.impossible_sample = true, r.p_value = 0.0;
  return r;
}

// Every sample agrees with eval() and pdf(), and its weight is f |cos| / pdf.
// Returns the mean weight (the directional albedo estimate) and its standard error.
template <class B>
void check_samples(const B& b, const Vec3& wo, uint64_t seed, int samples, double& mean, double& stderr_out,
                   int channel = 1) {
  Rng rng(seed);
  double sum = 0, sum2 = 0;
  int mismatches = 0;
  for (int i = 0; i < samples; ++i) {
    const float u_lobe = rng.next();
    const BSDFSample s = b.sample(wo, u_lobe, rng.next_2d());
    double w = 0;
    if (s.valid()) {
      w = s.weight[channel];
      const Vec3 f = b.eval(wo, s.wi);
      const float pdf = b.pdf(wo, s.wi);
      const double expect_w = s.f[channel] * std::abs(s.wi.z) / s.pdf;
      const auto near = [](double x, double y) { return std::abs(x - y) <= 2e-3 * std::max(std::abs(x), std::abs(y)) + 1e-6; };
      if (is_specular(s.flags)) {
        if (!(f == Vec3(0.0f) && pdf == 0.0f && near(w, expect_w))) ++mismatches;
      } else if (!(near(f[channel], s.f[channel]) && near(pdf, s.pdf) && near(w, expect_w))) {
        if (mismatches++ == 0)
          UNSCOPED_INFO("first mismatch: f " << f[channel] << " vs " << s.f[channel] << ", pdf " << pdf << " vs "
                                             << s.pdf << ", weight " << w << " vs " << expect_w);
      }
      if (std::abs(length(s.wi) - 1.0f) > 1e-4f) ++mismatches;
    }
    sum += w, sum2 += w * w;
  }
  CHECK(mismatches == 0);
  mean = sum / samples;
  stderr_out = std::sqrt(std::max(0.0, sum2 / samples - mean * mean) / samples);
}

}  // namespace tessera::bxdf_check
