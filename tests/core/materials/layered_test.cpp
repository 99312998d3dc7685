// The coated and principled materials (core/materials/coated.h,
// principled.h) against the BSDF contract and against numbers computed here
// independently:
//   - sample() follows pdf() (chi-square over the sphere, bsdf_check.h) at
//     several roughnesses, metallic values and incident angles, and each
//     sample's f, pdf and weight agree with eval() and pdf();
//   - white furnaces: a smooth coat over a white base reflects everything; over
//     a grey base, the closed form with the hemispherical Fresnel average
//     integrated here; principled with metallic = 1 and base_color = 1 reflects
//     exactly the GGX single-scattering albedo, integrated here by quadrature
//     with its own D and Smith G; nothing reflects more than it receives.
// Chi-square significance: 0.01 over the whole file, Sidak-corrected per test.

#include "core/materials/fresnel.h"
#include "core/materials/material.h"
#include "tests/core/materials/bsdf_check.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace tessera;
using namespace tessera::bsdf_check;

namespace {

constexpr int kCoatedChi2 = 3 * 3 + 2 * 3;  // (roughness, diffuse base) and (roughnesses, conductor base) x angle
constexpr int kPrincipledChi2 = 7 * 3;   // parameter sets x angle
constexpr int kChi2Tests = kCoatedChi2 + kPrincipledChi2;
const double kAlphaPerTest = 1.0 - std::pow(1.0 - 0.01, 1.0 / kChi2Tests);

Material coated(const Vec3& albedo, float ior, float roughness) {
  Material m;
  m.kind = MaterialKind::Coated;
  m.albedo = albedo;
  m.ior = ior;
  m.roughness = roughness;
  return m;
}

Material coated_conductor(const Vec3& reflectance, float ior, float roughness, float base_roughness) {
  Material m = coated(Vec3(0.8f), ior, roughness);
  m.coated_base = 1;  // kCoatedBases: "conductor"
  m.reflectance = reflectance;
  m.base_roughness = base_roughness;
  return m;
}

struct Principled {
  float metallic, roughness, transmission, clearcoat, clearcoat_roughness;
  Vec3 base_color{0.9f, 0.6f, 0.3f};
};
Material principled(const Principled& p) {
  Material m;
  m.kind = MaterialKind::Principled;
  m.albedo = p.base_color;
  m.metallic = p.metallic;
  m.roughness = p.roughness;
  m.ior = 1.5f;
  m.transmission = p.transmission;
  m.clearcoat = p.clearcoat;
  m.clearcoat_roughness = p.clearcoat_roughness;
  return m;
}

BSDF bsdf_of(const Material& m) { return make_bsdf(m, Frame(Vec3(0, 0, 1))); }

void require_fit(const Result& r) {
  INFO("X^2 " << r.chi2.statistic << " with " << r.chi2.dof << " dof, p " << r.chi2.p_value << ", alpha per test "
              << kAlphaPerTest << ", pdf integral " << r.pdf_integral << ", refused " << r.invalid_fraction);
  CHECK_FALSE(r.chi2.impossible_sample);
  CHECK(r.chi2.p_value > kAlphaPerTest);
  CHECK(r.disagreements == 0);
  CHECK(r.pdf_integral <= 1.0 + 2e-3);
}

// GGX single-scattering albedo of a mirror-coloured (F = 1) surface, by
// quadrature over wi with D and the height-correlated Smith G written out
// here in double: E(wo) = integral D(h) G2(wo, wi) / (4 cos o) d wi.
double ggx_albedo(double alpha, double theta_o) {
  const double a2 = alpha * alpha;
  const auto lambda = [&](double cos_t) {
    const double tan2 = (1 - cos_t * cos_t) / (cos_t * cos_t);
    return (std::sqrt(1 + a2 * tan2) - 1) / 2;
  };
  const double ox = std::sin(theta_o), oz = std::cos(theta_o);
  const int nt = 600, np = 600;
  double sum = 0;
  for (int i = 0; i < nt; ++i) {
    const double t = (i + 0.5) / nt * (kPiD / 2);
    for (int j = 0; j < np; ++j) {
      const double p = (j + 0.5) / np * 2 * kPiD;
      const double ix = std::sin(t) * std::cos(p), iy = std::sin(t) * std::sin(p), iz = std::cos(t);
      double hx = ox + ix, hy = iy, hz = oz + iz;
      const double len = std::sqrt(hx * hx + hy * hy + hz * hz);
      hx /= len, hy /= len, hz /= len;
      const double e = (hx * hx + hy * hy) / a2 + hz * hz;
      const double D = 1 / (kPiD * a2 * e * e);
      const double G = 1 / (1 + lambda(oz) + lambda(iz));
      sum += D * G / (4 * oz) * std::sin(t);
    }
  }
  return sum * (kPiD / 2 / nt) * (2 * kPiD / np);
}

}  // namespace

TEST_CASE("coated: sample() follows pdf() and agrees with eval() (chi-square)", "[materials][chi2]") {
  int seed = 100;
  for (float roughness : {0.3f, 0.6f, 1.0f})
    for (double theta : {10.0, 50.0, 80.0}) {
      INFO("roughness " << roughness << ", theta_o " << theta);
      // A mirrored wo (below the surface) for one angle: both faces alike.
      const Vec3 wo = theta == 50.0 ? -outgoing(theta) : outgoing(theta);
      require_fit(check(bsdf_of(coated({0.8f, 0.5f, 0.2f}, 1.5f, roughness)), wo, uint64_t(seed++)));
    }
}

TEST_CASE("coated over a conductor: sample() follows pdf() and agrees with eval() (chi-square)", "[materials][chi2]") {
  // Two glossy lobes under one flag: the lobe is chosen with u.x, not u_lobe.
  int seed = 150;
  for (const Vec2 r : {Vec2{0.3f, 0.5f}, Vec2{1.0f, 0.3f}})
    for (double theta : {10.0, 50.0, 80.0}) {
      INFO("coat roughness " << r.x << ", base roughness " << r.y << ", theta_o " << theta);
      const Vec3 wo = theta == 50.0 ? -outgoing(theta) : outgoing(theta);
      const BSDF b = bsdf_of(coated_conductor({0.95f, 0.64f, 0.54f}, 1.5f, r.x, r.y));
      CHECK(b.flags() == BSDFFlags::GlossyReflection);
      require_fit(check(b, wo, uint64_t(seed++)));
    }
}

TEST_CASE("principled: sample() follows pdf() and agrees with eval() (chi-square)", "[materials][chi2]") {
  const Principled sets[] = {
      {0.0f, 0.3f, 0.0f, 0.0f, 0.0f},  // plastic
      {0.0f, 1.0f, 0.0f, 0.0f, 0.0f},  // chalk
      {1.0f, 0.3f, 0.0f, 0.0f, 0.0f},  // metal
      {0.5f, 0.6f, 0.0f, 0.0f, 0.0f},  // half metal
      {0.0f, 0.4f, 1.0f, 0.0f, 0.0f},  // frosted thin glass
      {0.2f, 0.6f, 0.5f, 0.7f, 0.3f},  // everything at once
      {1.0f, 0.7f, 0.0f, 1.0f, 0.3f},  // coated metal: two glossy lobes, one flag (u_lobe unused)
  };
  static_assert(sizeof(sets) / sizeof(sets[0]) * 3 == kPrincipledChi2, "count the tests for Sidak");
  int seed = 200;
  for (const Principled& p : sets)
    for (double theta : {10.0, 50.0, 80.0}) {
      INFO("metallic " << p.metallic << ", roughness " << p.roughness << ", transmission " << p.transmission
                       << ", clearcoat " << p.clearcoat << ", theta_o " << theta);
      const Vec3 wo = theta == 50.0 ? -outgoing(theta) : outgoing(theta);
      require_fit(check(bsdf_of(principled(p)), wo, uint64_t(seed++)));
    }
}

TEST_CASE("the chi-square check rejects a pdf that is not the sampling density", "[materials][chi2]") {
  // Negative controls: samples of one material binned against the pdf of a
  // slightly different one must fail, or the tests above would prove nothing.
  const Vec3 wo = outgoing(30.0);
  const BSDF plastic = bsdf_of(principled({0.0f, 0.5f, 0.0f, 0.0f, 0.0f}));
  const Result wrong_metallic = check(plastic, bsdf_of(principled({0.2f, 0.5f, 0.0f, 0.0f, 0.0f})), wo, 7);
  INFO("X^2 " << wrong_metallic.chi2.statistic << ", p " << wrong_metallic.chi2.p_value);
  CHECK(wrong_metallic.chi2.p_value < 1e-6);
  const BSDF varnish = bsdf_of(coated({0.8f, 0.5f, 0.2f}, 1.5f, 0.5f));
  const Result wrong_roughness = check(varnish, bsdf_of(coated({0.8f, 0.5f, 0.2f}, 1.5f, 0.6f)), wo, 8);
  INFO("X^2 " << wrong_roughness.chi2.statistic << ", p " << wrong_roughness.chi2.p_value);
  CHECK(wrong_roughness.chi2.p_value < 1e-6);
}

TEST_CASE("coated: a smooth coat over a white base reflects all light at every angle", "[materials][furnace]") {
  // The model's design point (coated.h): (1 - r_i) / (1 - r_i) = 1, up to the
  // fit of r_e (0.1%) and the 1e-3 alpha that stands for roughness 0.
  const BSDF b = bsdf_of(coated(Vec3(1.0f), 1.5f, 0.0f));
  for (double theta : {0.0, 30.0, 60.0, 80.0, 88.0}) {
    const Result r = albedo(b, outgoing(theta), 300 + uint64_t(theta));
    INFO("theta_o " << theta << ": albedo " << r.albedo << " +- " << r.albedo_error);
    CHECK(std::abs(r.albedo - 1.0) < 4 * r.albedo_error + 3e-3);
  }
}

TEST_CASE("coated: a smooth coat over a grey base matches the closed form", "[materials][furnace]") {
  // albedo(wo) = F(cos o) + (1 - F(cos o)) rho (1 - r_i) / (1 - rho r_i), with
  // r_e = 2 int F(mu) mu d mu integrated here (not the fit coated.h uses) and
  // r_i = 1 - (1 - r_e) / eta^2.
  const float eta = 1.5f, rho = 0.5f;
  double r_e = 0;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    const double mu = (i + 0.5) / n;
    r_e += 2 * fr_dielectric(float(mu), eta) * mu / n;
  }
  const double r_i = 1 - (1 - r_e) / (eta * eta);
  const BSDF b = bsdf_of(coated(Vec3(rho), eta, 0.0f));
  for (double theta : {0.0, 45.0, 75.0}) {
    const double F = fr_dielectric(float(std::cos(theta * kPiD / 180)), eta);
    const double expected = F + (1 - F) * rho * (1 - r_i) / (1 - rho * r_i);
    const Result r = albedo(b, outgoing(theta), 400 + uint64_t(theta));
    INFO("theta_o " << theta << ": albedo " << r.albedo << " +- " << r.albedo_error << ", expected " << expected);
    CHECK(std::abs(r.albedo - expected) < 4 * r.albedo_error + 2e-3);
  }
}

TEST_CASE("coated: a rough coat loses only what its own reflection loses", "[materials][furnace]") {
  // By construction (coated.h) a white base returns 1 - F(cos o) through the
  // coat at any roughness, so albedo(white) - albedo(black base, the coat
  // alone) = 1 - F(cos o), and the white albedo is at most 1: what a rough coat
  // loses is its GGX single-scattering loss (coated.h tabulates it).
  for (float roughness : {0.2f, 0.5f, 1.0f}) {
    const BSDF white = bsdf_of(coated(Vec3(1.0f), 1.5f, roughness));
    const BSDF black = bsdf_of(coated(Vec3(0.0f), 1.5f, roughness));
    for (double theta : {0.0, 45.0, 70.0, 85.0}) {
      const Vec3 wo = outgoing(theta);
      const Result w = albedo(white, wo, 500 + uint64_t(theta)), b = albedo(black, wo, 550 + uint64_t(theta));
      const double F = fr_dielectric(wo.z, 1.5f);
      INFO("roughness " << roughness << ", theta_o " << theta << ": albedo " << w.albedo << " +- " << w.albedo_error
                        << ", coat alone " << b.albedo << " +- " << b.albedo_error << ", 1 - F " << 1 - F);
      CHECK(w.albedo < 1.0 + 4 * w.albedo_error + 2e-3);
      CHECK(std::abs(w.albedo - b.albedo - (1 - F)) < 4 * (w.albedo_error + b.albedo_error) + 2e-3);
    }
  }
}

TEST_CASE("coated over a conductor: a smooth coat over a white mirror reflects all light", "[materials][furnace]") {
  // F + (1 - F)^2 R / (1 - F R) = 1 for R = 1 (reflectance 1 is read as 0.9999, conductor.h's mapping).
  const BSDF mirror = bsdf_of(coated_conductor(Vec3(1.0f), 1.5f, 0.0f, 0.0f));
  for (double theta : {0.0, 45.0, 80.0}) {
    const Result r = albedo(mirror, outgoing(theta), 800 + uint64_t(theta));
    INFO("theta_o " << theta << ": albedo " << r.albedo << " +- " << r.albedo_error);
    CHECK(std::abs(r.albedo - 1.0) < 4 * r.albedo_error + 3e-3);
  }
  // Rough coats and bases: never more than received.
  for (const Vec2 rough : {Vec2{0.0f, 0.5f}, Vec2{0.5f, 0.0f}, Vec2{0.5f, 0.5f}, Vec2{1.0f, 1.0f}}) {
    const BSDF b = bsdf_of(coated_conductor(Vec3(1.0f), 1.5f, rough.x, rough.y));
    for (double theta : {0.0, 45.0, 70.0, 85.0}) {
      const Result r = albedo(b, outgoing(theta), 850 + uint64_t(theta), 40000);  // complex Fresnel is slow
      INFO("coat " << rough.x << ", base " << rough.y << ", theta_o " << theta << ": albedo " << r.albedo << " +- "
                   << r.albedo_error);
      CHECK(r.albedo < 1.0 + 4 * r.albedo_error + 2e-3);
    }
  }
}

TEST_CASE("principled: a white metal reflects exactly the GGX single-scattering albedo", "[materials][furnace]") {
  for (float roughness : {0.3f, 0.6f, 1.0f})
    for (double theta : {0.0, 45.0, 75.0}) {
      const double alpha = double(roughness) * roughness;
      const double expected = ggx_albedo(alpha, theta * kPiD / 180);
      const BSDF b = bsdf_of(principled({1.0f, roughness, 0.0f, 0.0f, 0.0f, Vec3(1.0f)}));
      const Result r = albedo(b, outgoing(theta), 600 + uint64_t(theta));
      INFO("roughness " << roughness << ", theta_o " << theta << ": albedo " << r.albedo << " +- " << r.albedo_error
                        << ", quadrature " << expected);
      CHECK(std::abs(r.albedo - expected) < 4 * r.albedo_error + 2e-3);
    }
}

TEST_CASE("principled: no parameter set reflects and transmits more than it receives", "[materials][furnace]") {
  const Principled sets[] = {
      {0.0f, 0.0f, 0.0f, 0.0f, 0.0f, Vec3(1.0f)}, {0.0f, 0.5f, 0.0f, 0.0f, 0.0f, Vec3(1.0f)},
      {0.0f, 1.0f, 0.0f, 0.0f, 0.0f, Vec3(1.0f)}, {0.0f, 0.3f, 1.0f, 0.0f, 0.0f, Vec3(1.0f)},
      {0.0f, 0.0f, 1.0f, 1.0f, 0.0f, Vec3(1.0f)}, {1.0f, 0.0f, 0.0f, 1.0f, 0.5f, Vec3(1.0f)},
      {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, Vec3(1.0f)},
  };
  for (const Principled& p : sets)
    for (double theta : {0.0, 45.0, 70.0, 85.0}) {
      const Result r = albedo(bsdf_of(principled(p)), outgoing(theta), 700 + uint64_t(theta));
      INFO("metallic " << p.metallic << ", roughness " << p.roughness << ", transmission " << p.transmission
                       << ", clearcoat " << p.clearcoat << ", theta_o " << theta << ": albedo " << r.albedo << " +- "
                       << r.albedo_error);
      CHECK(r.albedo < 1.0 + 4 * r.albedo_error + 2e-3);
    }
}

TEST_CASE("principled: smooth thin transmission passes light straight through", "[materials]") {
  // roughness 0, transmission 1, metallic 0: the transmitted direction is -wo
  // (to within the 1e-3 alpha), tinted by base_color and (1 - Fd).
  const BSDF b = bsdf_of(principled({0.0f, 0.0f, 1.0f, 0.0f, 0.0f, Vec3(0.2f, 0.6f, 1.0f)}));
  const Vec3 wo = outgoing(30.0);
  int through = 0;
  double mean_cos = 0;
  for (int i = 0; i < 1000; ++i) {
    PixelSampler s(9, uint32_t(i), 0, 0);
    const float ul = s.get_1d();
    const BSDFSample bs = b.sample(wo, ul, s.get_2d());
    if (!bs.valid() || bs.flags != BSDFFlags::GlossyTransmission) continue;
    ++through;
    CHECK(dot(bs.wi, -wo) > 0.99f);  // GGX's tails at alpha 1e-3: P(angle > 0.14) ~ 2e-4
    mean_cos += dot(bs.wi, -wo);
    CHECK(bs.weight.x / bs.weight.z == Approx(0.2).epsilon(1e-3));
    CHECK(bs.weight.y / bs.weight.z == Approx(0.6).epsilon(1e-3));
  }
  CHECK(through > 900);  // f0 = 0.04: about 96% of the samples go through
  CHECK(mean_cos / through > 0.9999);
}
