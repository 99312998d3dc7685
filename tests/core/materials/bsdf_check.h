#pragma once
// Checks any BSDF against its own contract (core/materials/bsdf.h), for the
// material tests: a chi-square test of sample() against pdf() over the whole
// sphere (after Mitsuba's), the agreement of each sample's f, pdf and weight
// with eval() and pdf(), and the directional albedo (a white furnace for one
// direction). Samples come from PixelSampler (a hash of the index), so every
// result is deterministic.

#include "core/materials/bsdf.h"
#include "core/sampling/sampler.h"
#include "tests/core/sampling/chi_square.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace tessera::bsdf_check {

constexpr double kPiD = 3.14159265358979323846;

inline Vec3 direction(double theta, double phi) {
  return Vec3(float(std::sin(theta) * std::cos(phi)), float(std::sin(theta) * std::sin(phi)), float(std::cos(theta)));
}
// wo in the x-z plane, theta degrees from the normal +z.
inline Vec3 outgoing(double theta_deg) { return direction(theta_deg * kPiD / 180.0, 0.0); }

struct Result {
  chi_square::Chi2Result chi2;
  double pdf_integral = 0;        // integral of pdf(wo, .) over the sphere (<= 1)
  double invalid_fraction = 0;    // share of samples sample() refused
  int disagreements = 0;          // samples whose f, pdf or weight disagree with eval() and pdf()
  double albedo = 0;              // mean luminance of the weights (refused samples count 0)
  double albedo_error = 0;        // its standard error
};

// Draws n samples for wo, bins them in kTheta x kPhi (theta, phi) cells of the
// sphere plus one cell for refused samples, and compares the counts with n
// times the integral of pdf() over each cell (midpoint rule on kSub x kSub
// sub-cells, in d omega = sin theta d theta d phi; the refused cell expects
// n (1 - integral)). Theta cells, not cos theta, resolve a lobe round the
// normal. `density` gives pdf() and eval() (the BSDF itself, except in
// negative controls).
inline Result check(const BSDF& bsdf, const BSDF& density, const Vec3& wo, uint64_t seed, int n = 100000) {
  constexpr int kTheta = 20, kPhi = 40, kSub = 12;
  const double dt = kPiD / kTheta, dp = 2 * kPiD / kPhi;
  Result r;
  std::vector<double> observed(kTheta * kPhi + 1, 0.0), expected(kTheta * kPhi + 1, 0.0);
  double sum = 0, sum2 = 0;
  for (int i = 0; i < n; ++i) {
    PixelSampler s(seed, uint32_t(i), 0, 0);
    const float u_lobe = s.get_1d();
    const Vec2 u = s.get_2d();
    const BSDFSample bs = bsdf.sample(wo, u_lobe, u);
    if (!bs.valid()) {
      observed[kTheta * kPhi] += 1;
      continue;
    }
    const double theta = std::acos(std::min(1.0, std::max(-1.0, double(bs.wi.z))));
    double phi = std::atan2(double(bs.wi.y), double(bs.wi.x));
    if (phi < 0) phi += 2 * kPiD;
    const int it = std::min(kTheta - 1, int(theta / dt)), ip = std::min(kPhi - 1, int(phi / dp));
    observed[size_t(it * kPhi + ip)] += 1;

    const float pdf = density.pdf(wo, bs.wi);
    const Vec3 f = density.eval(wo, bs.wi);
    const Vec3 weight = f * (std::abs(bs.wi.z) / bs.pdf);
    const auto near = [](float a, float b) { return std::abs(a - b) <= 1e-3f * std::max(std::abs(a), std::abs(b)) + 1e-6f; };
    if (!near(pdf, bs.pdf) || !near(f.x, bs.f.x) || !near(f.y, bs.f.y) || !near(f.z, bs.f.z) ||
        !near(weight.x, bs.weight.x) || !near(weight.y, bs.weight.y) || !near(weight.z, bs.weight.z))
      ++r.disagreements;
    const double w = luminance(bs.weight);
    sum += w, sum2 += w * w;
  }
  for (int it = 0; it < kTheta; ++it)
    for (int ip = 0; ip < kPhi; ++ip) {
      double cell = 0;
      for (int a = 0; a < kSub; ++a)
        for (int b = 0; b < kSub; ++b) {
          const double theta = (it + (a + 0.5) / kSub) * dt, phi = (ip + (b + 0.5) / kSub) * dp;
          cell += double(density.pdf(wo, direction(theta, phi))) * std::sin(theta);
        }
      cell *= dt * dp / (kSub * kSub);
      r.pdf_integral += cell;
      expected[size_t(it * kPhi + ip)] = n * cell;
    }
  expected[kTheta * kPhi] = n * std::max(0.0, 1.0 - r.pdf_integral);
  r.invalid_fraction = observed[kTheta * kPhi] / n;
  r.chi2 = chi_square::chi2_test(observed, expected);
  r.albedo = sum / n;
  r.albedo_error = std::sqrt(std::max(0.0, sum2 / n - r.albedo * r.albedo) / n);
  return r;
}

inline Result check(const BSDF& bsdf, const Vec3& wo, uint64_t seed, int n = 100000) {
  return check(bsdf, bsdf, wo, seed, n);
}

// The directional albedo alone (mean luminance of the weights), with its standard error.
inline Result albedo(const BSDF& bsdf, const Vec3& wo, uint64_t seed, int n = 200000) {
  Result r;
  double sum = 0, sum2 = 0;
  for (int i = 0; i < n; ++i) {
    PixelSampler s(seed, uint32_t(i), 0, 0);
    const float u_lobe = s.get_1d();
    const Vec2 u = s.get_2d();
    const BSDFSample bs = bsdf.sample(wo, u_lobe, u);
    if (!bs.valid()) continue;
    const double w = luminance(bs.weight);
    sum += w, sum2 += w * w;
  }
  r.albedo = sum / n;
  r.albedo_error = std::sqrt(std::max(0.0, sum2 / n - r.albedo * r.albedo) / n);
  return r;
}

}  // namespace tessera::bsdf_check
