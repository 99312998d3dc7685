// The BSDF contract, checked on the Lambertian BxDF through the BSDF wrapper:
// eval, pdf and sample agree with each other and with the closed forms, the
// surface reflects on the side wo is on, and a black or unknown material
// scatters nothing.

#include "core/materials/material.h"
#include "core/sampling/sampler.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace tessera;

TEST_CASE("Lambertian BSDF: eval, pdf and sample agree", "[materials][bsdf]") {
  Material m;
  m.albedo = {0.2f, 0.5f, 0.8f};
  const Vec3 n = normalize(Vec3(0.3f, -0.4f, 0.866f));
  const BSDF bsdf = make_bsdf(m, Frame(n));
  CHECK(bsdf.flags() == BSDFFlags::DiffuseReflection);

  for (float side : {1.0f, -1.0f}) {  // wo above and below the surface: both faces reflect
    const Vec3 wo = normalize(n * side + Vec3(0.2f, 0.1f, 0.0f));
    INFO("side " << side);
    for (int i = 0; i < 1000; ++i) {
      PixelSampler s(1, i, 0, 0);
      const BSDFSample bs = bsdf.sample(wo, s.get_1d(), s.get_2d());
      REQUIRE(bs.valid());
      CHECK(bs.flags == BSDFFlags::DiffuseReflection);
      CHECK(length(bs.wi) == Approx(1.0f).margin(1e-5));
      const float cos_i = dot(bs.wi, n) * side;
      CHECK(cos_i >= 0.0f);  // on the side of wo
      CHECK(bs.pdf == Approx(cos_i / kPi).margin(1e-5));
      CHECK(bsdf.pdf(wo, bs.wi) == Approx(bs.pdf).margin(1e-5));
      CHECK(bs.f == m.albedo * kInvPi);
      CHECK(bsdf.eval(wo, bs.wi) == m.albedo * kInvPi);
      CHECK(bs.weight == m.albedo);  // f cos / pdf, exactly
    }
    // The other side: nothing is reflected through the surface.
    const Vec3 through = -n * side;
    CHECK(bsdf.eval(wo, through) == Vec3(0.0f));
    CHECK(bsdf.pdf(wo, through) == 0.0f);
  }
}

TEST_CASE("Lambertian BSDF: the pdf integrates to one over the sphere", "[materials][bsdf]") {
  Material m;
  const BSDF bsdf = make_bsdf(m, Frame(Vec3(0, 0, 1)));
  const Vec3 wo = normalize(Vec3(0.5f, 0.0f, 1.0f));
  // Midpoint rule in (cos theta, phi): d omega = d cos d phi.
  const int nc = 200, np = 64;
  double integral = 0;
  for (int i = 0; i < nc; ++i)
    for (int j = 0; j < np; ++j) {
      const double c = -1.0 + (i + 0.5) * 2.0 / nc, phi = (j + 0.5) * 2.0 * 3.14159265358979 / np;
      const double r = std::sqrt(1 - c * c);
      const Vec3 wi(float(r * std::cos(phi)), float(r * std::sin(phi)), float(c));
      integral += bsdf.pdf(wo, wi) * (2.0 / nc) * (2.0 * 3.14159265358979 / np);
    }
  CHECK(integral == Approx(1.0).epsilon(1e-3));
}

TEST_CASE("a black material and MaterialKind::None scatter nothing", "[materials][bsdf]") {
  Material black;
  black.albedo = Vec3(0.0f);
  const Vec3 wo(0, 0, 1);
  const BSDF b = make_bsdf(black, Frame(Vec3(0, 0, 1)));
  CHECK(b.flags() == BSDFFlags::None);
  CHECK_FALSE(b.sample(wo, 0.5f, {0.5f, 0.5f}).valid());

  Material none;
  none.kind = MaterialKind::None;
  const BSDF nb = make_bsdf(none, Frame(Vec3(0, 0, 1)));
  CHECK(nb.flags() == BSDFFlags::None);
  CHECK(nb.eval(wo, wo) == Vec3(0.0f));
  CHECK(nb.pdf(wo, wo) == 0.0f);
  CHECK_FALSE(nb.sample(wo, 0.5f, {0.5f, 0.5f}).valid());
}

TEST_CASE("material kinds come from the registry by name", "[materials]") {
  MaterialKind k = MaterialKind::None;
  REQUIRE(material_kind_from_name("diffuse", k));
  CHECK(k == MaterialKind::Diffuse);
  CHECK(std::string(material_kind_name(k)) == "diffuse");
  CHECK_FALSE(material_kind_from_name("glass-that-does-not-exist", k));
}

TEST_CASE("a single lobe is one kind on one side", "[bsdf]") {
  CHECK(is_single_lobe(BSDFFlags::DiffuseReflection));
  CHECK(is_single_lobe(BSDFFlags::SpecularTransmission));
  CHECK_FALSE(is_single_lobe(BSDFFlags::None));
  CHECK_FALSE(is_single_lobe(BSDFFlags::Diffuse));  // no side
  CHECK_FALSE(is_single_lobe(BSDFFlags::DiffuseReflection | BSDFFlags::GlossyReflection));
  CHECK_FALSE(is_single_lobe(BSDFFlags::SpecularReflection | BSDFFlags::SpecularTransmission));
}
