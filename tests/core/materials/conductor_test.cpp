// ConductorBxDF (conductor.h): sampling against the pdf (chi-square), eval,
// pdf and weight in agreement, the pdf's normalization (a wrong Jacobian would
// break it), reciprocity, the smooth mirror, and the white furnace: its
// albedo against an independent quadrature of eval * cos.

#include "core/materials/conductor.h"
#include "tests/core/materials/bxdf_check.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <iterator>

using namespace tessera;
using namespace tessera::bxdf_check;

namespace {

ConductorBxDF conductor(float roughness, float anisotropy, Vec3 reflectance = Vec3(0.9f, 0.6f, 0.3f)) {
  MaterialParams p;
  p.roughness = roughness, p.anisotropy = anisotropy, p.reflectance = reflectance;
  return ConductorBxDF::from(p);
}

struct Config { float roughness, anisotropy; };
// Perceptual roughness 0.3 is alpha 0.09; narrower lobes need a finer grid
// than a fast test affords for its expected counts.
const Config kConfigs[] = {{0.3f, 0.0f}, {0.7f, 0.0f}, {0.5f, 0.8f}};
const Vec3 kOutgoing[] = {normalize(Vec3(0.2f, 0.1f, 0.95f)), normalize(Vec3(0.6f, -0.5f, 0.5f)),
                          normalize(Vec3(-0.9f, 0.3f, 0.15f)), normalize(Vec3(0.4f, 0.2f, -0.7f))};
// Bonferroni: every chi-square test in this file shares alpha = 0.01.
constexpr double kAlpha = 0.01 / 16;

}  // namespace

TEST_CASE("rough conductor: samples follow the pdf (chi-square)", "[materials][conductor][chi2]") {
  uint64_t seed = 1;
  for (const Config& c : kConfigs)
    for (const Vec3& wo : kOutgoing) {
      const ConductorBxDF b = conductor(c.roughness, c.anisotropy);
      INFO("roughness " << c.roughness << " anisotropy " << c.anisotropy << " wo " << wo.x << " " << wo.y << " "
                        << wo.z);
      const chi_square::Chi2Result r = chi2_sample_vs_pdf(b, wo, seed++);
      INFO("chi2 " << r.statistic << " dof " << r.dof << " p " << r.p_value);
      CHECK_FALSE(r.impossible_sample);
      CHECK(r.dof > 10);
      CHECK(r.p_value > kAlpha);
    }
}

TEST_CASE("rough conductor: eval, pdf and weight agree; the pdf integrates to the share of valid samples",
          "[materials][conductor]") {
  uint64_t seed = 100;
  for (const Config& c : kConfigs)
    for (size_t i = 0; i < std::size(kOutgoing); ++i) {
      const Vec3 wo = kOutgoing[i];
      const ConductorBxDF b = conductor(c.roughness, c.anisotropy);
      INFO("roughness " << c.roughness << " anisotropy " << c.anisotropy << " wo " << wo.x << " " << wo.y << " "
                        << wo.z);
      CHECK(b.flags() == BSDFFlags::GlossyReflection);
      double mean, se;
      check_samples(b, wo, seed++, 20000, mean, se);
      // The share of samples sample() returns (rays reflected below the
      // horizon are dropped) against the pdf integrated over the sphere: a
      // missing or wrong 1 / (4 |wo . wm|) changes the integral several-fold.
      if (i % 2 == 1) continue;  // the integral below is the slow part: every other wo
      Rng rng(seed++);
      const int n = 200000;
      int valid = 0;
      for (int i = 0; i < n; ++i) valid += b.sample(wo, rng.next(), rng.next_2d()).valid();
      const double share = double(valid) / n, se_share = std::sqrt(share * (1 - share) / n) + 1e-4;
      const double integral = integrate_sphere_binned([&](Vec3 wi) { return double(b.pdf(wo, wi)); }, 1500, 1500);
      INFO("integral " << integral << " share " << share);
      CHECK(std::abs(integral - share) < 5 * se_share + 3e-3);
      CHECK(integral <= 1.0 + 3e-3);
    }
}

TEST_CASE("rough conductor: reciprocal, and nothing passes through", "[materials][conductor]") {
  const ConductorBxDF b = conductor(0.5f, 0.3f);
  Rng rng(7);
  for (int i = 0; i < 1000; ++i) {
    Vec3 wo = direction(rng.next(), 2 * kPiD * rng.next()), wi = direction(rng.next(), 2 * kPiD * rng.next());
    const Vec3 a = b.eval(wo, wi), r = b.eval(wi, wo);
    for (int ch = 0; ch < 3; ++ch) CHECK(a[ch] == Approx(r[ch]).epsilon(1e-4).margin(1e-7));
    CHECK(b.pdf(wo, wi) > 0.0f);
    CHECK(b.eval(wo, -wi) == Vec3(0.0f));
    CHECK(b.pdf(wo, -wi) == 0.0f);
  }
}

TEST_CASE("white furnace: a rough conductor of reflectance 1 loses only what single scattering loses",
          "[materials][conductor][furnace]") {
  // The directional albedo E(wo) = integral of f cos over the hemisphere,
  // estimated two independent ways: the mean sample weight (Monte Carlo, with
  // its standard error) and a quadrature of eval * cos (no sampling involved).
  // GGX with single scattering only is known to lose energy as roughness grows
  // (Heitz et al. 2016: about 10% at alpha 0.5 and 40% at alpha 1 near grazing);
  // what is lost must be that and nothing more.
  struct Case { float roughness, cos_o; };
  double normal_albedo_smooth = 0, grazing_albedo_rough = 0;
  uint64_t seed = 500;
  for (Case c : {Case{0.3f, 1.0f}, Case{0.3f, 0.3f}, Case{0.6f, 0.8f}, Case{0.6f, 0.2f}, Case{1.0f, 1.0f},
                 Case{1.0f, 0.2f}}) {
    const ConductorBxDF b = conductor(c.roughness, 0.0f, Vec3(1.0f));
    const Vec3 wo = direction(c.cos_o, 0.7);
    double mc, se;
    check_samples(b, wo, seed++, 200000, mc, se);
    const int nz = c.roughness < 0.5f ? 4000 : 1000;  // the narrow lobe needs finer cells
    const double quad = integrate_sphere(
        [&](Vec3 wi) { return wi.z > 0 ? double(b.eval(wo, wi).y) * wi.z : 0.0; }, nz, 400);
    INFO("roughness " << c.roughness << " cos_o " << c.cos_o << ": Monte Carlo " << mc << " +- " << se
                      << ", quadrature " << quad);
    CHECK(std::abs(mc - quad) < 5 * se + 2e-3);
    CHECK(quad < 1.0 + 1e-3);
    if (c.roughness == 0.3f && c.cos_o == 1.0f) normal_albedo_smooth = quad;
    if (c.roughness == 1.0f && c.cos_o == 0.2f) grazing_albedo_rough = quad;
  }
  CHECK(normal_albedo_smooth > 0.98);  // little masking at alpha 0.09
  CHECK(grazing_albedo_rough < 0.8);   // much at alpha 1 near grazing
  CHECK(grazing_albedo_rough > 0.4);
}

TEST_CASE("smooth conductor: a perfect mirror with the conductor's Fresnel", "[materials][conductor]") {
  MaterialParams p;
  p.metal = 0;  // Au
  const ConductorBxDF b = ConductorBxDF::from(p);
  CHECK(b.flags() == BSDFFlags::SpecularReflection);
  const Vec3 wo = normalize(Vec3(0.3f, -0.2f, 0.8f));
  const BSDFSample s = b.sample(wo, 0.5f, {0.3f, 0.9f});
  REQUIRE(s.valid());
  CHECK(s.flags == BSDFFlags::SpecularReflection);
  CHECK(s.wi == Vec3(-wo.x, -wo.y, wo.z));
  const Vec3 F = fr_complex(wo.z, kMetals[0].eta, kMetals[0].k);
  CHECK(s.weight == F);
  CHECK(s.pdf == 1.0f);
  CHECK(b.eval(wo, s.wi) == Vec3(0.0f));
  CHECK(b.pdf(wo, s.wi) == 0.0f);
  // From below the mirror reflects too (a two-sided surface, as Lambert's).
  const BSDFSample below = b.sample(-wo, 0.5f, {0.3f, 0.9f});
  REQUIRE(below.valid());
  CHECK(below.wi.z < 0.0f);
}

TEST_CASE("conductor Fresnel comes from reflectance, a named metal or eta and k", "[materials][conductor]") {
  const Vec3 wo(0, 0, 1);
  MaterialParams p;  // nothing given: eta and k (copper by default)
  CHECK(ConductorBxDF::from(p).sample(wo, 0.5f, {0.5f, 0.5f}).weight ==
        fr_complex(1.0f, p.conductor_eta, p.conductor_k));
  p.metal = 1;  // Ag overrides eta and k
  CHECK(ConductorBxDF::from(p).sample(wo, 0.5f, {0.5f, 0.5f}).weight == fr_complex(1.0f, kMetals[1].eta, kMetals[1].k));
  p.reflectance = Vec3(0.944f, 0.776f, 0.373f);  // F0 overrides both
  const Vec3 w = ConductorBxDF::from(p).sample(wo, 0.5f, {0.5f, 0.5f}).weight;
  for (int c = 0; c < 3; ++c) CHECK(w[c] == Approx(p.reflectance[c]).epsilon(1e-4));
}
