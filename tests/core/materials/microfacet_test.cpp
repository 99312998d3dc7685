// The shared microfacet and Fresnel code (microfacet.h, fresnel.h) against
// closed forms and numerical integrals.

#include "core/materials/fresnel.h"
#include "core/materials/microfacet.h"
#include "core/sampling/sampler.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace tessera;

namespace {

constexpr double kPiD = 3.14159265358979323846;

// Midpoint rule over the sphere in (cos theta, phi): f(w) d omega.
template <class F>
double integrate_sphere(F f, int nc = 400, int np = 200, double z_min = -1.0) {
  double sum = 0;
  const double dz = (1.0 - z_min) / nc, dphi = 2 * kPiD / np;
  for (int i = 0; i < nc; ++i)
    for (int j = 0; j < np; ++j) {
      const double c = z_min + (i + 0.5) * dz, phi = (j + 0.5) * dphi;
      const double r = std::sqrt(std::max(0.0, 1 - c * c));
      sum += f(Vec3(float(r * std::cos(phi)), float(r * std::sin(phi)), float(c))) * dz * dphi;
    }
  return sum;
}

}  // namespace

TEST_CASE("dielectric Fresnel: normal incidence, symmetry and total internal reflection", "[materials][fresnel]") {
  for (float eta : {1.33f, 1.5f, 2.4f}) {
    const float f0 = ((eta - 1) / (eta + 1)) * ((eta - 1) / (eta + 1));
    CHECK(fr_dielectric(1.0f, eta) == Approx(f0).margin(1e-6));
    CHECK(fr_dielectric(-1.0f, eta) == Approx(f0).margin(1e-6));  // from inside, head-on: the same
    CHECK(fr_dielectric(0.0f, eta) == Approx(1.0f).margin(1e-6)); // grazing from outside
    // Beyond the critical angle from inside, everything is reflected.
    const float critical_cos = std::sqrt(1 - 1 / (eta * eta));
    CHECK(fr_dielectric(-(critical_cos - 0.01f), eta) == 1.0f);
    CHECK(fr_dielectric(-(critical_cos + 0.01f), eta) < 1.0f);
    // Crossing the same interface both ways reflects the same share (Stokes):
    // outside at theta_i and inside at the refracted theta_t.
    const float cos_i = 0.6f;
    const float sin_t = std::sqrt(1 - cos_i * cos_i) / eta, cos_t = std::sqrt(1 - sin_t * sin_t);
    CHECK(fr_dielectric(cos_i, eta) == Approx(fr_dielectric(-cos_t, eta)).margin(1e-5));
  }
  CHECK(fr_dielectric(0.7f, 1.0f) == 0.0f);  // no interface
}

TEST_CASE("conductor Fresnel: normal incidence and the reflectance mapping", "[materials][fresnel]") {
  // At normal incidence F = ((n-1)^2 + k^2) / ((n+1)^2 + k^2).
  for (const NamedMetal& m : kMetals) {
    INFO(m.name);
    for (int c = 0; c < 3; ++c) {
      const float n = m.eta[c], k = m.k[c];
      const float f0 = ((n - 1) * (n - 1) + k * k) / ((n + 1) * (n + 1) + k * k);
      CHECK(fr_complex(1.0f, n, k) == Approx(f0).epsilon(1e-4));
      CHECK(fr_complex(0.0f, n, k) == Approx(1.0f).margin(1e-4));
    }
  }
  // A dielectric is a conductor with k = 0.
  CHECK(fr_complex(0.4f, 1.5f, 0.0f) == Approx(fr_dielectric(0.4f, 1.5f)).epsilon(1e-4));
  // The artist reflectance is exactly F0.
  const Vec3 r(0.944f, 0.776f, 0.373f);
  Vec3 eta, k;
  conductor_from_reflectance(r, eta, k);
  const Vec3 f0 = fr_complex(1.0f, eta, k);
  for (int c = 0; c < 3; ++c) CHECK(f0[c] == Approx(r[c]).epsilon(1e-4));
  // Gold is yellow: red reflects more than blue.
  const Vec3 au = fr_complex(1.0f, kMetals[0].eta, kMetals[0].k);
  CHECK(au.x > au.z + 0.3f);
}

TEST_CASE("GGX: D integrates to one over projected area, G1 <= 1, and the visible-normal pdf integrates to one",
          "[materials][microfacet]") {
  struct Case { float ax, ay; };
  for (Case c : {Case{0.05f, 0.05f}, Case{0.2f, 0.2f}, Case{0.5f, 0.5f}, Case{1.0f, 1.0f}, Case{0.4f, 0.1f}}) {
    const TrowbridgeReitz d(c.ax, c.ay);
    INFO("alpha " << c.ax << " x " << c.ay);
    const int nc = c.ax < 0.1f ? 20000 : 800;  // a narrow lobe needs finer cells near the pole
    CHECK(integrate_sphere([&](Vec3 wm) { return d.D(wm) * wm.z; }, nc, 200, 0.0) == Approx(1.0).epsilon(3e-3));
    for (Vec3 w : {Vec3(0, 0, 1), normalize(Vec3(0.5f, 0.2f, 0.8f)), normalize(Vec3(0.9f, -0.3f, 0.1f)),
                   normalize(Vec3(0.3f, 0.1f, -0.6f))}) {
      INFO("w " << w.x << " " << w.y << " " << w.z);
      CHECK(d.G1(w) <= 1.0f);
      CHECK(d.G1(w) > 0.0f);
      CHECK(d.G(w, w) <= d.G1(w));
      // The visible normals, weighted by the projected area they show to w,
      // add up to the surface's own projected area: integral of D_w = 1.
      CHECK(integrate_sphere([&](Vec3 wm) { return dot(w, wm) * (w.z < 0 ? -1 : 1) > 0 ? d.pdf(w, wm) : 0.0; }, nc,
                             200, 0.0) == Approx(1.0).epsilon(5e-3));
    }
    CHECK(d.G1(Vec3(0, 0, 1)) == Approx(1.0f));  // head-on nothing is masked
  }
}

TEST_CASE("GGX visible-normal samples follow their pdf", "[materials][microfacet]") {
  // Mean of 1 / pdf over samples estimates the measure of the support, and a
  // histogram-free check: E[g(wm)] against the quadrature of g * pdf.
  const TrowbridgeReitz d = TrowbridgeReitz::from_roughness(0.6f, 0.5f);
  const Vec3 w = normalize(Vec3(0.6f, -0.3f, 0.5f));
  const auto g = [](Vec3 m) { return double(m.x * m.x + 0.5f * m.y + m.z * m.z * m.z); };
  const double expected = integrate_sphere([&](Vec3 m) { return dot(w, m) > 0 ? g(m) * d.pdf(w, m) : 0.0; }, 800,
                                           200, 0.0);
  double sum = 0, sum2 = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    PixelSampler s(7, i, 0, 0);
    const Vec3 m = d.sample_wm(w, s.get_2d());
    REQUIRE(m.z > 0.0f);
    REQUIRE(dot(w, m) >= -1e-4f);
    const double v = g(m);
    sum += v, sum2 += v * v;
  }
  const double mean = sum / n, sd = std::sqrt(sum2 / n - mean * mean);
  CHECK(std::abs(mean - expected) < 5 * sd / std::sqrt(double(n)) + 1e-3);
}

TEST_CASE("roughness to alpha: perceptual square and Burley's anisotropy", "[materials][microfacet]") {
  const TrowbridgeReitz iso = TrowbridgeReitz::from_roughness(0.5f, 0.0f);
  CHECK(iso.alpha_x() == Approx(0.25f));
  CHECK(iso.alpha_y() == Approx(0.25f));
  const TrowbridgeReitz an = TrowbridgeReitz::from_roughness(0.5f, 1.0f);
  CHECK(an.alpha_x() == Approx(0.25f / std::sqrt(0.1f)));
  CHECK(an.alpha_y() == Approx(0.25f * std::sqrt(0.1f)));
  CHECK(TrowbridgeReitz::from_roughness(0.0f, 0.0f).effectively_smooth());
  CHECK(TrowbridgeReitz::from_roughness(0.02f, 0.0f).effectively_smooth());
  CHECK_FALSE(TrowbridgeReitz::from_roughness(0.1f, 0.0f).effectively_smooth());
}

TEST_CASE("refract: Snell's law both ways and total internal reflection", "[materials][microfacet]") {
  const Vec3 n(0, 0, 1);
  const Vec3 wi = normalize(Vec3(0.5f, 0.1f, 0.7f));
  float etap = 0;
  Vec3 wt;
  REQUIRE(refract(wi, n, 1.5f, etap, wt));
  CHECK(etap == 1.5f);
  CHECK(wt.z < 0.0f);
  CHECK(length(wt) == Approx(1.0f).margin(1e-5));
  const float sin_i = std::sqrt(1 - wi.z * wi.z), sin_t = std::sqrt(1 - wt.z * wt.z);
  CHECK(sin_i == Approx(1.5f * sin_t).epsilon(1e-4));
  Vec3 back;
  REQUIRE(refract(wt, n, 1.5f, etap, back));  // from inside: the way back
  CHECK(etap == Approx(1 / 1.5f));
  CHECK(back.x == Approx(wi.x).margin(1e-5));
  CHECK(back.z == Approx(wi.z).margin(1e-5));
  CHECK_FALSE(refract(normalize(Vec3(0.9f, 0, -0.3f)), n, 1.5f, etap, wt));  // beyond the critical angle
}
