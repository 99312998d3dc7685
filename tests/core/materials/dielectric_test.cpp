// DielectricBxDF (dielectric.h): rough glass sampled against its pdf
// (chi-square) from outside and inside, eval / pdf / weight in agreement, the
// pdf's normalization, reciprocity with the 1 / eta^2 radiance scaling, and
// the smooth and thin interfaces' lobes. The rendered energy balance is in
// tests/core/render/glass_test.cpp.

#include "core/materials/dielectric.h"
#include "tests/core/materials/bxdf_check.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <iterator>

using namespace tessera;
using namespace tessera::bxdf_check;

namespace {

DielectricBxDF dielectric(float roughness, float anisotropy = 0.0f, float ior = 1.5f, bool thin = false) {
  MaterialParams p;
  p.roughness = roughness, p.anisotropy = anisotropy, p.ior = ior, p.thin = thin;
  return DielectricBxDF::from(p);
}

struct Config { float roughness, anisotropy; };
// Perceptual roughness 0.3 is alpha 0.09; narrower lobes need a finer grid
// than a fast test affords for its expected counts.
const Config kConfigs[] = {{0.3f, 0.0f}, {0.7f, 0.0f}, {0.5f, 0.8f}};
// From outside (z > 0) and from inside (z < 0), head-on to grazing; the last
// two lie beyond the critical angle seen from inside (total internal reflection
// of the mean surface).
const Vec3 kOutgoing[] = {normalize(Vec3(0.2f, 0.1f, 0.95f)), normalize(Vec3(0.6f, -0.5f, 0.5f)),
                          normalize(Vec3(-0.9f, 0.3f, 0.15f)), normalize(Vec3(0.3f, 0.2f, -0.9f)),
                          normalize(Vec3(0.7f, 0.5f, -0.45f))};
constexpr double kAlpha = 0.01 / 20;  // Bonferroni over the file's chi-square tests

float eta_of_side(const Vec3& w, float ior) { return w.z > 0 ? 1.0f : ior; }

}  // namespace

TEST_CASE("rough dielectric: samples follow the pdf (chi-square)", "[materials][dielectric][chi2]") {
  uint64_t seed = 11;
  for (const Config& c : kConfigs)
    for (const Vec3& wo : kOutgoing) {
      const DielectricBxDF b = dielectric(c.roughness, c.anisotropy);
      INFO("roughness " << c.roughness << " anisotropy " << c.anisotropy << " wo " << wo.x << " " << wo.y << " "
                        << wo.z);
      const chi_square::Chi2Result r = chi2_sample_vs_pdf(b, wo, seed++);
      INFO("chi2 " << r.statistic << " dof " << r.dof << " p " << r.p_value);
      CHECK_FALSE(r.impossible_sample);
      CHECK(r.dof > 10);
      CHECK(r.p_value > kAlpha);
    }
}

TEST_CASE("rough dielectric: eval, pdf and weight agree; the pdf integrates to the share of valid samples",
          "[materials][dielectric]") {
  uint64_t seed = 200;
  for (const Config& c : kConfigs)
    for (size_t i = 0; i < std::size(kOutgoing); ++i) {
      const Vec3 wo = kOutgoing[i];
      const DielectricBxDF b = dielectric(c.roughness, c.anisotropy);
      INFO("roughness " << c.roughness << " anisotropy " << c.anisotropy << " wo " << wo.x << " " << wo.y << " "
                        << wo.z);
      CHECK(b.flags() == (BSDFFlags::Glossy | BSDFFlags::Reflection | BSDFFlags::Transmission));
      double mean, se;
      check_samples(b, wo, seed++, 20000, mean, se);
      // A wrong reflection (1 / (4 |wo.wm|)) or refraction (|wi.wm| / (wi.wm + wo.wm / eta')^2)
      // Jacobian moves this integral away from the share of samples returned.
      if (i % 2 == 1) continue;  // the integral below is the slow part: every other wo
      Rng rng(seed++);
      const int n = 200000;
      int valid = 0;
      for (int i = 0; i < n; ++i) valid += b.sample(wo, rng.next(), rng.next_2d()).valid();
      const double share = double(valid) / n, se_share = std::sqrt(share * (1 - share) / n) + 1e-4;
      const double integral = integrate_sphere_binned([&](Vec3 wi) { return double(b.pdf(wo, wi)); }, 1500, 1500);
      INFO("integral " << integral << " share " << share);
      CHECK(std::abs(integral - share) < 5 * se_share + 3e-3);
    }
}

TEST_CASE("rough dielectric: reciprocity with radiance scaling", "[materials][dielectric]") {
  // Reflection is symmetric; transmission carries radiance, which is eta^2
  // denser inside, so f(wi, wo) eta(wo side)^2 = f(wo, wi) eta(wi side)^2.
  const float ior = 1.5f;
  const DielectricBxDF b = dielectric(0.5f, 0.3f, ior);
  Rng rng(3);
  int transmissions = 0;
  for (int i = 0; i < 2000; ++i) {
    const Vec3 wo = direction(2 * rng.next() - 1, 2 * kPiD * rng.next());
    const Vec3 wi = direction(2 * rng.next() - 1, 2 * kPiD * rng.next());
    const float a = b.eval(wo, wi).x * eta_of_side(wi, ior) * eta_of_side(wi, ior);
    const float r = b.eval(wi, wo).x * eta_of_side(wo, ior) * eta_of_side(wo, ior);
    CHECK(a == Approx(r).epsilon(2e-3).margin(1e-6));
    transmissions += wo.z * wi.z < 0 && a > 0;
  }
  CHECK(transmissions > 100);  // the transmission side was exercised
}

TEST_CASE("smooth dielectric: Fresnel chooses the lobe, and no energy is made or lost", "[materials][dielectric]") {
  const float ior = 1.5f;
  const DielectricBxDF b = dielectric(0.0f, 0.0f, ior);
  CHECK(b.flags() == (BSDFFlags::Specular | BSDFFlags::Reflection | BSDFFlags::Transmission));
  for (float cos_o : {1.0f, 0.7f, 0.2f, -1.0f, -0.9f, -0.5f}) {
    const Vec3 wo = direction(cos_o, 0.4);
    INFO("cos_o " << cos_o);
    const float F = fr_dielectric(cos_o, ior);
    // The lobes' probabilities over u_lobe: reflection below F, transmission above.
    const BSDFSample r = b.sample(wo, 0.999f * F, {0.5f, 0.5f});
    REQUIRE(r.valid());
    CHECK(r.flags == BSDFFlags::SpecularReflection);
    CHECK(r.wi == Vec3(-wo.x, -wo.y, wo.z));
    CHECK(r.pdf == Approx(F));
    CHECK(r.weight == Vec3(1.0f));
    CHECK(b.eval(wo, r.wi) == Vec3(0.0f));
    CHECK(b.pdf(wo, r.wi) == 0.0f);
    if (F >= 1.0f) {  // total internal reflection: every u_lobe reflects
      CHECK(b.sample(wo, 0.9999f, {0.5f, 0.5f}).flags == BSDFFlags::SpecularReflection);
      continue;
    }
    const BSDFSample t = b.sample(wo, F + 0.001f * (1 - F), {0.5f, 0.5f});
    REQUIRE(t.valid());
    CHECK(t.flags == BSDFFlags::SpecularTransmission);
    CHECK(t.pdf == Approx(1 - F));
    CHECK(t.wi.z * wo.z < 0.0f);
    // Snell: eta_o sin_o = eta_i sin_i.
    const float sin_o = std::sqrt(1 - wo.z * wo.z), sin_i = std::sqrt(1 - t.wi.z * t.wi.z);
    CHECK(eta_of_side(wo, ior) * sin_o == Approx(eta_of_side(t.wi, ior) * sin_i).margin(1e-5));
    // The power that crosses: flux is radiance * cos * solid angle, and the
    // solid angle scales by eta^2 across the interface, so the throughput times
    // (eta_i / eta_o)^2 is the share of power, and the shares add up to one.
    const float scale = eta_of_side(t.wi, ior) / eta_of_side(wo, ior);
    CHECK(t.weight.x * scale * scale == Approx(1.0f).epsilon(1e-5));
    CHECK(r.pdf * r.weight.x + t.pdf * t.weight.x * scale * scale == Approx(1.0f).epsilon(1e-5));
  }
}

TEST_CASE("thin dielectric: straight through or mirrored, with the slab's interreflections", "[materials][dielectric]") {
  const DielectricBxDF b = dielectric(0.0f, 0.0f, 1.5f, true);
  const float R0 = 0.04f;  // ((1.5 - 1) / (1.5 + 1))^2
  const float R = R0 + (1 - R0) * (1 - R0) * R0 / (1 - R0 * R0);  // = 2 R0 / (1 + R0)
  CHECK(R == Approx(2 * R0 / (1 + R0)));
  for (float side : {1.0f, -1.0f}) {
    const Vec3 wo(0, 0, side);
    const BSDFSample r = b.sample(wo, 0.999f * R, {0.5f, 0.5f});
    REQUIRE(r.valid());
    CHECK(r.flags == BSDFFlags::SpecularReflection);
    CHECK(r.pdf == Approx(R).epsilon(1e-5));
    const BSDFSample t = b.sample(wo, R + 1e-3f, {0.5f, 0.5f});
    REQUIRE(t.valid());
    CHECK(t.flags == BSDFFlags::SpecularTransmission);
    CHECK(t.wi == -wo);  // no bend
    CHECK(t.pdf == Approx(1 - R).epsilon(1e-5));
    CHECK(t.weight == Vec3(1.0f));  // no radiance scaling: the light leaves into the same medium
  }
}

TEST_CASE("dielectric absorption follows Beer's law from transmittance and distance", "[materials][dielectric]") {
  MaterialParams p;
  CHECK(DielectricBxDF::sigma_a(p) == Vec3(0.0f));  // clear by default
  p.transmittance = Vec3(0.5f, 0.25f, 1.0f);
  p.distance = 2.0f;
  const Vec3 s = DielectricBxDF::sigma_a(p);
  CHECK(std::exp(-s.x * 2.0f) == Approx(0.5f));
  CHECK(std::exp(-s.y * 4.0f) == Approx(0.0625f));
  CHECK(s.z == 0.0f);
  p.thin = true;
  CHECK(DielectricBxDF::sigma_a(p) == Vec3(0.0f));  // a pane has no inside
}
