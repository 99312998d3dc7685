// Renders compared with analytic answers, pixel by pixel, with tolerances derived
// from the samples themselves.
//
// The path tracer's depth convention (core/render/path_tracer.cpp): `depth` counts the
// vertices of the path after the camera, starting at 0 for the camera ray's hit.
// At each hit, emission is added first (at depth 0 with full weight; later with
// its MIS weight against next-event estimation), then the loop stops if
// depth >= max_depth; otherwise it does next-event estimation and samples the
// next direction. So
//   max_depth 0: only what the camera sees directly (emitters, sky);
//   max_depth 1: direct lighting: at the first hit one light sample (NEE) and one
//                BSDF-sampled ray, whose hit may add the light's emission (MIS)
//                or the sky, after which the path stops;
//   max_depth D: D bounces, i.e. D scattering events at most.
// Russian roulette starts only after rr_depth (3) bounces, so none of the paths
// here (at most one scattering event that matters) is ever terminated randomly.
//
// Not tested here: a glass slab (Fresnel transmission) would need a dielectric
// material, which the renderer does not have yet.

#include "core/image/image_io.h"
#include "core/render/camera.h"
#include "core/render/path_tracer.h"
#include "core/render/render_pixel.h"
#include "core/sampling/sampler.h"
#include "core/sampling/sampling.h"
#include "tests/core/render/test_scene.h"
#include "tests/test_files.h"

#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

using namespace tessera;

namespace {

constexpr double kPiD = 3.14159265358979323846;
constexpr double kFloatEps = 0x1p-24;  // half an ulp of 1 in float: the unit roundoff

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}
std::string vec(double x, double y, double z) { return "[" + num(x) + ", " + num(y) + ", " + num(z) + "]"; }

struct D3 {
  double x = 0, y = 0, z = 0;
};
D3 operator+(D3 a, D3 b) { return {a.x + b.x, a.y + b.y, a.z + b.z}; }
D3 operator-(D3 a, D3 b) { return {a.x - b.x, a.y - b.y, a.z - b.z}; }
D3 operator*(D3 a, double s) { return {a.x * s, a.y * s, a.z * s}; }
double dot(D3 a, D3 b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
D3 cross(D3 a, D3 b) { return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x}; }
double length(D3 a) { return std::sqrt(dot(a, a)); }
D3 normalize(D3 a) { return a * (1.0 / length(a)); }

// ---- statistics ----------------------------------------------------------------

// Upper tail of the standard normal, P(Z > z).
double normal_upper_tail(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

// The two-sided z for which `tests` independent checks of a correct renderer all
// pass with probability 1 - family_alpha (Sidak: each check may fail with
// probability 1 - (1 - family_alpha)^(1 / tests)). Found by bisection.
double sidak_z(int tests, double family_alpha) {
  const double per_test = 1.0 - std::pow(1.0 - family_alpha, 1.0 / tests);
  double lo = 0.0, hi = 40.0;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (2.0 * normal_upper_tail(mid) > per_test ? lo : hi) = mid;
  }
  return hi;
}

// ---- the analytic side -----------------------------------------------------------

// A pinhole camera at `eye` looking straight down (-y) with up = -z, as the
// scene files below set it. Camera's convention (core/render/camera.h): film (0, 0) is
// the top-left corner; with forward -y and up -z, image right is +x and image
// up is -z. So film position (fx, fy) sees the point of the plane y = 0
//   x = eye.x + sx * eye.y,  z = eye.z - sy * eye.y,
// with sx = (2 fx / W - 1) tan(fov / 2) W / H and sy = (1 - 2 fy / H) tan(fov / 2).
// Derived here independently of Camera, so a mix-up there would show too.
struct DownCamera {
  D3 eye;
  double fov_degrees;
  int width, height;

  std::string json() const {
    return R"("camera": {"position": )" + vec(eye.x, eye.y, eye.z) + R"(, "look_at": )" + vec(eye.x, 0, eye.z) +
           R"(, "up": [0, 0, -1], "fov": )" + num(fov_degrees) + "}";
  }
  D3 plane_point(double fx, double fy) const {
    const double t = std::tan(0.5 * fov_degrees * kPiD / 180.0);
    const double sx = (2.0 * fx / width - 1.0) * t * width / height;
    const double sy = (1.0 - 2.0 * fy / height) * t;
    return {eye.x + sx * eye.y, 0.0, eye.z - sy * eye.y};
  }
};

// Irradiance per unit emitted radiance at point p (normal +y) from a Lambertian
// convex polygon fully above p's horizon and facing it: Lambert's formula
//   E / Le = 1/2 | sum_i theta_i (n . Gamma_i) |,
// theta_i the angle that edge (v_i, v_i+1) subtends at p and Gamma_i the unit
// normal of the plane through p, v_i, v_i+1. Exact: no small-light approximation.
double polygon_irradiance(const std::vector<D3>& vertices, D3 p) {
  const D3 n{0, 1, 0};
  double sum = 0;
  for (size_t i = 0; i < vertices.size(); ++i) {
    const D3 a = normalize(vertices[i] - p), b = normalize(vertices[(i + 1) % vertices.size()] - p);
    const double theta = std::acos(std::max(-1.0, std::min(1.0, dot(a, b))));
    sum += theta * dot(n, normalize(cross(a, b)));
  }
  return 0.5 * std::abs(sum);
}

struct QuadLight {
  D3 center;
  double side;  // a square in a plane y = center.y, facing down (-y)
  std::array<double, 3> radiance;

  D3 corner() const { return {center.x - side / 2, center.y, center.z - side / 2}; }
  // edge1 = +x, edge2 = +z: front face cross(edge1, edge2) = -y, towards the plane.
  std::string json() const {
    const D3 c = corner();
    return R"({"type": "quad", "material": "light", "corner": )" + vec(c.x, c.y, c.z) + R"(, "edge1": )" +
           vec(side, 0, 0) + R"(, "edge2": )" + vec(0, 0, side) + "}";
  }
  double irradiance(D3 p) const {
    const D3 c = corner();
    return polygon_irradiance({c, c + D3{side, 0, 0}, c + D3{side, 0, side}, c + D3{0, 0, side}}, p);
  }
  // Brute force: midpoint rule for the integral of cos_p cos_l / d^2 over the area.
  double irradiance_by_quadrature(D3 p, int n) const {
    const D3 c = corner();
    double sum = 0;
    const double h = side / n;
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        const D3 q = c + D3{(i + 0.5) * h, 0, (j + 0.5) * h};
        const D3 d = q - p;
        const double d2 = dot(d, d), cos_p = d.y / std::sqrt(d2), cos_l = d.y / std::sqrt(d2);
        sum += cos_p * cos_l / d2 * h * h;
      }
    return sum;
  }
  // The point-light approximation: A cos_p cos_l / d^2 from the centre.
  double irradiance_point_approx(D3 p) const {
    const D3 d = center - p;
    const double d2 = dot(d, d);
    return side * side * (d.y * d.y / d2) / d2;
  }
};

struct SphereLight {
  D3 center;
  double radius;
  std::array<double, 3> radiance;

  std::string json() const {
    return R"({"type": "sphere", "material": "light", "center": )" + vec(center.x, center.y, center.z) +
           R"(, "radius": )" + num(radius) + "}";
  }
  // A Lambertian sphere wholly above p's horizon irradiates p exactly like a point
  // of intensity Le pi R^2 at its centre: E / Le = pi R^2 cos(theta) / D^2.
  double irradiance(D3 p) const {
    const D3 d = center - p;
    const double d2 = dot(d, d);
    return kPiD * radius * radius * (d.y / std::sqrt(d2)) / d2;
  }
  // Brute force over the sphere's surface in (cos polar, azimuth), midpoint rule,
  // of max(cos_p, 0) max(cos_l, 0) / d^2.
  double irradiance_by_quadrature(D3 p, int n) const {
    double sum = 0;
    const double dz = 2.0 / n, dphi = 2 * kPiD / (2 * n);
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < 2 * n; ++j) {
        const double z = -1.0 + (i + 0.5) * dz, r = std::sqrt(1 - z * z), phi = (j + 0.5) * dphi;
        const D3 normal{r * std::cos(phi), z, r * std::sin(phi)};
        const D3 d = center + normal * radius - p;
        const double d2 = dot(d, d), cos_p = d.y / std::sqrt(d2), cos_l = -dot(normal, d) / std::sqrt(d2);
        if (cos_p > 0 && cos_l > 0) sum += cos_p * cos_l / d2 * radius * radius * dz * dphi;
      }
    return sum;
  }
};

// Gauss-Legendre nodes and weights on [0, 1], by Newton's method on P_n.
void gauss_legendre_01(int n, std::vector<double>& nodes, std::vector<double>& weights) {
  nodes.assign(size_t(n), 0), weights.assign(size_t(n), 0);
  for (int i = 0; i < n; ++i) {
    double x = std::cos(kPiD * (i + 0.75) / (n + 0.5)), dp = 0;
    for (int it = 0; it < 100; ++it) {
      double p0 = 1, p1 = x;
      for (int k = 2; k <= n; ++k) {
        const double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1, p1 = p2;
      }
      dp = n * (x * p1 - p0) / (x * x - 1);
      const double dx = p1 / dp;
      x -= dx;
      if (std::abs(dx) < 1e-15) break;
    }
    nodes[size_t(i)] = 0.5 * (x + 1);
    weights[size_t(i)] = 1.0 / ((1 - x * x) * dp * dp);  // = 2 / ((1 - x^2) P'^2), halved for [0, 1]
  }
}

// Nodes and weights for integrals against the tent filter 1 - |t| on [-1, 1]:
// Gauss-Legendre on each half, where the integrand times the tent is smooth.
struct TentRule {
  std::vector<double> t, w;
  explicit TentRule(int n) {
    std::vector<double> x, wx;
    gauss_legendre_01(n, x, wx);
    for (int i = 0; i < n; ++i) {
      t.push_back(x[size_t(i)]), w.push_back(wx[size_t(i)] * (1 - x[size_t(i)]));
      t.push_back(-x[size_t(i)]), w.push_back(wx[size_t(i)] * (1 - x[size_t(i)]));
    }
  }
};

// What pixel (x, y) converges to: the film samples at (x + 0.5 + tx, y + 0.5 + ty)
// with tx, ty independent and tent-distributed (filter importance sampling), so
// the pixel is the tent-weighted average of the radiance over +-1 pixel, not the
// radiance at the pixel centre.
double pixel_expectation(const DownCamera& cam, int x, int y, const TentRule& rule,
                         const std::function<double(D3)>& radiance) {
  double sum = 0;
  for (size_t i = 0; i < rule.t.size(); ++i)
    for (size_t j = 0; j < rule.t.size(); ++j)
      sum += rule.w[i] * rule.w[j] * radiance(cam.plane_point(x + 0.5 + rule.t[i], y + 0.5 + rule.t[j]));
  return sum;
}

// ---- the rendered side --------------------------------------------------------------

// Per-pixel sample statistics of a render at `seed`, by render_pixel
// (core/render/render_pixel.h), the function the render loop calls: at the
// render's own seed `value` equals the rendered pixel bit for bit. `stderr_` is
// the standard error of the pixel mean, from the sample variance of its spp
// samples.
struct PixelSamples {
  Vec3 value;                       // float mean, as the renderer computes it
  std::array<double, 3> stderr_{};  // sqrt(sample variance / spp), per channel
};

std::vector<PixelSamples> retrace(const TestScene& ts, RenderSettings settings, uint64_t seed, int* non_finite) {
  settings.seed = seed;
  settings.variance = true;
  const Camera camera(ts.file.scene.camera, settings.width, settings.height);
  const PathTracer tracer(ts.file.scene, *ts.accel, settings);
  const Filter filter(settings.filter);
  Sampler sampler(settings.sampler, seed);
  RayCounter counter;
  std::vector<PixelSamples> out(size_t(settings.width) * settings.height);
  for (int y = 0; y < settings.height; ++y)
    for (int x = 0; x < settings.width; ++x) {
      const PixelEstimate e = render_pixel(tracer, camera, filter, settings, sampler, x, y, counter);
      *non_finite += int(e.nonfinite);
      PixelSamples& p = out[size_t(y) * settings.width + x];
      p.value = e.mean;
      const double v[3] = {e.variance.x, e.variance.y, e.variance.z};
      for (int c = 0; c < 3; ++c) p.stderr_[size_t(c)] = std::sqrt(v[c] / std::max(1u, e.kept));
    }
  return out;
}

double channel(const Vec3& v, int c) { return c == 0 ? v.x : c == 1 ? v.y : v.z; }

// Renders the scene and compares every pixel and channel c with
// scale[c] * g(p) averaged over the pixel's tent footprint (g: the geometric
// part of the radiance, the same for all channels).
//
// Tolerance for one pixel and channel:
//   z * c_s * stderr  +  quadrature error  +  float error, where
// - stderr is the pixel's standard error, estimated from a second, independent
//   set of its spp samples (the same pixel rendered with another seed). Not from
//   the rendered samples themselves: with skewed samples (rare large MIS-weighted
//   BSDF hits of the light) a pixel that drew few of them has both a low mean and
//   a low sample variance, so (mean - expected) / own stderr has a heavy lower
//   tail; an independent estimate removes that correlation. Pixels are
//   independent (disjoint samples), and means of 256 bounded samples are close
//   to normal.
// - z = sidak_z(pixels, 1e-3): all pixels of a correct render pass together with
//   probability 0.999 (about 4.9 for 576 pixels). The three channels of a pixel
//   are not separate tests: every sample is one path, scaled per channel.
// - c_s = 1 + 3 / sqrt(2 (spp - 1)): a sample standard deviation from spp
//   normal samples has relative spread 1 / sqrt(2 (spp - 1)); c_s covers it being
//   three of those too small (1.13 for 256 spp).
// - the quadrature error of the expectation: the difference between 6- and
//   12-node-per-half tent rules (the analytic radiance is smooth on a footprint).
// - float error: the renderer sums spp floats, at most spp unit roundoffs of the
//   value (plus the analytic inputs, given to 9 digits).
// Then two checks over the whole image, far more sensitive to a small bias than
// any single pixel:
// - Z = sum_i r_i / sqrt(sum_i s_i^2) with r_i = (value_i - expected_i) / expected_i
//   and s_i = stderr_i / expected_i: a sum of independent zero-mean terms divided
//   by its standard deviation, so about standard normal: |Z| < 5. (Weights from
//   the analytic side only, so no bias from weighting by estimated errors.) It
//   detects a uniform relative bias of about 5 * (typical s_i) / sqrt(pixels).
// - z_i = (value_i - expected_i) / stderr_i: sum z_i^2 is about chi-square with
//   P dof (mean P, variance 2P), so the mean of z_i^2 is 1 within 5 sqrt(2 / P).
//   This confirms the standard errors are right (an overestimated stderr would
//   make the per-pixel test lax) and that the image has the right shape.
// Each scene is rendered with both samplers. The statistics above are those of
// independent samples. Scrambled Sobol is unbiased too, but its error is
// smaller than the sample variance says (that is the point of it), so with it
// the per-pixel and image-wide checks are conservative and the mean of z_i^2
// is checked from above only: at most 1 within the same margin.
void compare_with_analytic(const TestScene& ts, const DownCamera& cam, const std::function<double(D3)>& g,
                           const std::array<double, 3>& scale, SamplerKind kind) {
  RenderSettings settings = ts.file.settings;
  settings.sampler = kind;
  INFO("sampler " << to_string(kind));
  const RenderResult r = ts.render(settings, 2, {8, 8});
  int non_finite = 0;
  const std::vector<PixelSamples> same = retrace(ts, settings, settings.seed, &non_finite);
  const std::vector<PixelSamples> other = retrace(ts, settings, settings.seed + 0x9e3779b9ULL, &non_finite);
  REQUIRE(non_finite == 0);

  const TentRule coarse(6), fine(12);
  const int pixels = settings.width * settings.height;
  const double z = sidak_z(pixels, 1e-3);
  const double c_s = 1.0 + 3.0 / std::sqrt(2.0 * (settings.spp - 1));
  int mismatched_bits = 0, failures = 0;
  double max_abs_z = 0, sum_z2 = 0, sum_r = 0, sum_s2 = 0, max_quadrature_rel = 0;
  for (int y = 0; y < settings.height; ++y)
    for (int x = 0; x < settings.width; ++x) {
      const size_t i = size_t(y) * settings.width + x;
      if (!(same[i].value == r.image.pixel(x, y))) ++mismatched_bits;
      const double g_pixel = pixel_expectation(cam, x, y, fine, g);
      const double quadrature_rel = std::abs(g_pixel - pixel_expectation(cam, x, y, coarse, g)) / g_pixel;
      max_quadrature_rel = std::max(max_quadrature_rel, quadrature_rel);
      for (int c = 0; c < 3; ++c) {
        const double expected = scale[size_t(c)] * g_pixel;
        const double value = channel(r.image.pixel(x, y), c);
        const double se = other[i].stderr_[size_t(c)];
        const double float_error = ((settings.spp + 2) * kFloatEps + 1e-8) * expected;
        const double tolerance = z * c_s * se + quadrature_rel * expected + float_error;
        if (std::abs(value - expected) > tolerance && ++failures <= 10)
          FAIL_CHECK("pixel (" << x << ", " << y << ") channel " << c << ": rendered " << value << ", expected "
                               << expected << " +- " << tolerance << " (stderr " << se << ", z "
                               << (value - expected) / se << ")");
        if (c == 1) {
          const double zi = (value - expected) / se;
          max_abs_z = std::max(max_abs_z, std::abs(zi));
          sum_z2 += zi * zi;
          sum_r += (value - expected) / expected;
          sum_s2 += (se / expected) * (se / expected);
        }
      }
    }
  const double Z = sum_r / std::sqrt(sum_s2);
  INFO("per-pixel z limit " << z * c_s << ", max |z| " << max_abs_z << ", aggregate Z " << Z << ", mean z^2 "
                            << sum_z2 / pixels << ", typical relative stderr " << std::sqrt(sum_s2 / pixels)
                            << ", max quadrature error (relative) " << max_quadrature_rel);
  CHECK(mismatched_bits == 0);  // the re-traced samples are the rendered ones
  CHECK(failures == 0);
  CHECK(std::abs(Z) < 5.0);
  if (kind == SamplerKind::Independent)
    CHECK(std::abs(sum_z2 / pixels - 1.0) < 5.0 * std::sqrt(2.0 / pixels));
  else
    CHECK(sum_z2 / pixels - 1.0 < 5.0 * std::sqrt(2.0 / pixels));
  CHECK(max_quadrature_rel < 1e-6);  // the reference is exact far below the noise
}
void compare_with_analytic(const TestScene& ts, const DownCamera& cam, const std::function<double(D3)>& g,
                           const std::array<double, 3>& scale) {
  for (SamplerKind kind : {SamplerKind::Independent, SamplerKind::Sobol}) compare_with_analytic(ts, cam, g, scale, kind);
}

// Reflected radiance per unit irradiance-per-unit-Le, per channel: rho / pi * Le.
std::array<double, 3> radiance_scale(const std::array<double, 3>& rho, const std::array<double, 3>& Le) {
  return {rho[0] / kPiD * Le[0], rho[1] / kPiD * Le[1], rho[2] / kPiD * Le[2]};
}

std::string film_json(int size, int spp, int max_depth, uint64_t seed) {
  return R"("film": {"resolution": [)" + std::to_string(size) + ", " + std::to_string(size) + R"(], "spp": )" +
         std::to_string(spp) + R"(, "max_depth": )" + std::to_string(max_depth) + R"(, "seed": )" +
         std::to_string(seed) + "}";
}

// A diffuse plane y = 0, 40 x 40 around the origin, front face up.
std::string plane_json(double half = 20.0) {
  return R"({"type": "quad", "material": "floor", "corner": )" + vec(-half, 0, -half) + R"(, "edge1": )" +
         vec(0, 0, 2 * half) + R"(, "edge2": )" + vec(2 * half, 0, 0) + "}";
}

}  // namespace

// ---- a. a diffuse plane under a uniform sky ----------------------------------------

TEST_CASE("diffuse plane under a uniform sky is albedo * sky in every pixel", "[render][analytic]") {
  // Camera above a plane, looking down obliquely; every pixel's footprint is on
  // the plane. A plane cannot see itself, so every path is camera -> plane -> sky
  // and each sample is exactly albedo * sky (cosine sampling: f cos / pdf =
  // albedo; there are no lights, so no NEE). Zero variance: the only error is
  // float rounding, one product per sample plus the spp-term float sum, at most
  // (spp + 2) unit roundoffs relative.
  struct Case {
    std::array<float, 3> albedo, sky;
  };
  const Case cases[] = {{{0.5f, 0.5f, 0.5f}, {1.0f, 1.0f, 1.0f}},
                        {{0.9f, 0.5f, 0.2f}, {1.5f, 1.0f, 0.25f}},   // coloured: each channel on its own
                        {{0.25f, 1.0f, 0.75f}, {0.0f, 2.0f, 3.0f}}};  // a black channel stays black
  const int spp = 16;
  for (const Case& k : cases) {
    for (int max_depth : {0, 1, 5}) {
      const auto ts = TestScene::from_text(
          R"({"camera": {"position": [0.3, 2, -0.2], "look_at": [1, 0, 0.5], "fov": 40},)" + film_json(24, spp, max_depth, 7) +
          R"(, "environment": {"radiance": )" + vec(k.sky[0], k.sky[1], k.sky[2]) +
          R"(}, "materials": {"floor": {"type": "diffuse", "albedo": )" + vec(k.albedo[0], k.albedo[1], k.albedo[2]) +
          R"(}}, "shapes": [)" + plane_json(100) + "]}");
      const RenderResult r = ts->render(ts->file.settings, 2);
      // max_depth 0: the camera ray's hit adds only its emission (none), then stops.
      // max_depth >= 1: one bounce, which escapes to the sky.
      double expected[3];
      for (int c = 0; c < 3; ++c) expected[c] = max_depth == 0 ? 0.0 : double(k.albedo[size_t(c)]) * k.sky[size_t(c)];
      int failures = 0;
      for (int y = 0; y < 24; ++y)
        for (int x = 0; x < 24; ++x)
          for (int c = 0; c < 3; ++c) {
            const double v = channel(r.image.pixel(x, y), c);
            if (std::abs(v - expected[c]) > (spp + 2) * kFloatEps * expected[c] && ++failures <= 5)
              FAIL_CHECK("albedo " << vec(k.albedo[0], k.albedo[1], k.albedo[2]) << ", max_depth " << max_depth
                                   << ", pixel (" << x << ", " << y << ") channel " << c << ": " << v << " != "
                                   << expected[c]);
          }
      CHECK(failures == 0);
    }
  }
}

TEST_CASE("emissive plane: max_depth 0 is the emission alone, max_depth 1 adds the sky's reflection",
          "[render][analytic]") {
  // The depth convention, from the other side: emission at the first hit counts
  // at max_depth 0; the bounce to the sky only from max_depth 1. The plane is
  // itself an area light, so NEE samples it, but every light point lies in the
  // plane of the shading point (cos = 0 at both ends): no contribution beyond
  // float noise (the rounding of the hit point off the plane, ~1e-7, in both
  // cosines), far below the float tolerance.
  const std::array<float, 3> albedo{0.8f, 0.4f, 0.6f}, emission{0.2f, 0.3f, 0.5f}, sky{1.0f, 0.5f, 2.0f};
  const int spp = 8;
  for (int max_depth : {0, 1}) {
    const auto ts = TestScene::from_text(
        R"({"camera": {"position": [0, 3, 0.5], "look_at": [0.4, 0, -0.3], "fov": 50},)" + film_json(16, spp, max_depth, 3) +
        R"(, "environment": {"radiance": )" + vec(sky[0], sky[1], sky[2]) +
        R"(}, "materials": {"floor": {"type": "diffuse", "albedo": )" + vec(albedo[0], albedo[1], albedo[2]) +
        R"(, "emission": )" + vec(emission[0], emission[1], emission[2]) + R"(}}, "shapes": [)" + plane_json(100) + "]}");
    const RenderResult r = ts->render(ts->file.settings, 2);
    for (int c = 0; c < 3; ++c) {
      const double expected = emission[size_t(c)] + (max_depth >= 1 ? double(albedo[size_t(c)]) * sky[size_t(c)] : 0.0);
      double worst = 0;
      for (int y = 0; y < 16; ++y)
        for (int x = 0; x < 16; ++x) worst = std::max(worst, std::abs(channel(r.image.pixel(x, y), c) - expected));
      INFO("max_depth " << max_depth << ", channel " << c << ", expected " << expected);
      CHECK(worst <= (spp + 4) * kFloatEps * expected);
    }
  }
}

// ---- b. inverse-square cosine law --------------------------------------------------

TEST_CASE("analytic references: Lambert's polygon formula and the sphere law agree with brute force",
          "[analytic]") {
  // The references the render tests compare against, checked against direct
  // integration of cos_p cos_l / d^2 over the emitter (midpoint rule, error
  // O(h^2): 1e-5 relative at n = 400 for these distances).
  const QuadLight small{{0.25, 1.0, -0.15}, 0.1, {}}, big{{0.35, 0.5, -0.1}, 0.8, {}};
  const D3 points[] = {{0, 0, 0}, {0.25, 0, -0.15}, {-0.7, 0, 0.6}, {0.8, 0, 0.8}};
  for (const D3& p : points) {
    INFO("p = " << vec(p.x, p.y, p.z));
    CHECK(small.irradiance(p) == Approx(small.irradiance_by_quadrature(p, 400)).epsilon(1e-5));
    CHECK(big.irradiance(p) == Approx(big.irradiance_by_quadrature(p, 400)).epsilon(1e-5));
    // The small-light approximation A cos_p cos_l / d^2 errs by O((s / d)^2)
    // relative, s = 0.1 the side and d >= 1 the distance: 0.1% to 0.35% here
    // (about (s / d)^2 / 3). That is comparable to the noise of one pixel (0.4%
    // relative standard error at 256 spp) and 20 times the bias the image-wide
    // check below can see (~0.1%), which is why the tests use the exact formula.
    const double d = length(small.center - p);
    const double rel = std::abs(small.irradiance_point_approx(p) / small.irradiance(p) - 1.0);
    INFO("point-light relative error " << rel << ", (s/d)^2 " << (0.1 / d) * (0.1 / d));
    CHECK(rel < (0.1 / d) * (0.1 / d));
  }
  const SphereLight sphere{{-0.2, 0.6, 0.15}, 0.15, {}};
  for (const D3& p : points) {
    INFO("p = " << vec(p.x, p.y, p.z));
    // The visibility cut (cos_l > 0) falls where the integrand goes to zero
    // linearly, so the midpoint rule still converges about as 1/n^2: 5e-6 or
    // better at n = 400.
    CHECK(sphere.irradiance(p) == Approx(sphere.irradiance_by_quadrature(p, 400)).epsilon(5e-5));
  }
}

TEST_CASE("small area light over a diffuse plane: the inverse-square cosine law, pixel by pixel",
          "[render][analytic]") {
  // A 0.1 x 0.1 emitter (radiance Le, front face down) 1 unit above a large
  // diffuse plane (albedo rho), black sky, a pinhole camera 0.8 above the plane
  // looking straight down (below the light, so it never sees it), max_depth 1:
  // direct lighting only. A point p of the plane reflects
  //   L(p) = rho / pi * Le * integral over the light of cos_p cos_l / d^2 dA
  //        ~= rho / pi * Le * A * cos_p * cos_l / d^2   (small light),
  // computed exactly with Lambert's polygon formula. The light is off-centre so
  // the image is not symmetric (catches a flipped camera axis).
  // The light is an "emissive" material, black (albedo 0): with more bounces a
  // path plane -> light stops there and the plane cannot see itself, so
  // max_depth 3 must give the same image bit for bit.
  const DownCamera cam{{0, 0.8, 0}, 90, 24, 24};
  const QuadLight light{{0.25, 1.0, -0.15}, 0.1, {40, 60, 80}};
  const std::array<double, 3> rho{0.7, 0.5, 0.3};
  const auto scene_text = [&](int max_depth) {
    return "{" + cam.json() + ", " + film_json(24, 256, max_depth, 21) +
           R"(, "materials": {"floor": {"type": "diffuse", "albedo": )" + vec(rho[0], rho[1], rho[2]) +
           R"(}, "light": {"type": "emissive", "radiance": )" +
           vec(light.radiance[0], light.radiance[1], light.radiance[2]) + R"(}}, "shapes": [)" + plane_json() +
           ", " + light.json() + "]}";
  };
  const auto ts = TestScene::from_text(scene_text(1));
  SECTION("max_depth 1 matches the analytic radiance") {
    compare_with_analytic(*ts, cam, [&](D3 p) { return light.irradiance(p); }, radiance_scale(rho, light.radiance));
  }
  SECTION("max_depth 0 sees neither the light nor the sky: black") {
    const auto dark = TestScene::from_text(scene_text(0));
    const RenderResult r = dark->render(dark->file.settings, 2);
    for (int y = 0; y < 24; ++y)
      for (int x = 0; x < 24; ++x) REQUIRE(r.image.pixel(x, y) == Vec3(0.0f));
  }
  SECTION("max_depth 3 adds nothing: the plane sees only the black light and the black sky") {
    const auto deep = TestScene::from_text(scene_text(3));
    const RenderResult a = ts->render(ts->file.settings, 2), b = deep->render(deep->file.settings, 2);
    int differ = 0;
    for (int y = 0; y < 24; ++y)
      for (int x = 0; x < 24; ++x) differ += !(a.image.pixel(x, y) == b.image.pixel(x, y));
    CHECK(differ == 0);
  }
}

// ---- c. MIS: both strategies carry weight ---------------------------------------------

TEST_CASE("large area light close to the plane: NEE and BSDF sampling combine to the exact answer",
          "[render][analytic][mis]") {
  // A 0.8 x 0.8 light only 0.5 above the plane. Under it, the light's solid-angle
  // pdf (d^2 / (A cos_l) ~ 0.4) is close to the BSDF's (cos / pi ~ 0.3), so the
  // power heuristic gives both strategies a large share; away from it NEE
  // dominates. The sum is right only if the two MIS weights of every light path
  // add up to one and each strategy uses its own pdf consistently: a missing
  // weight, a pdf in the wrong measure or a double count shifts every pixel under
  // the light by a large fraction, while the image-wide check below sees a
  // bias of about 1% (5 x the 4% relative standard error of a pixel / sqrt(576)).
  const DownCamera cam{{0, 0.4, 0}, 100, 24, 24};
  const QuadLight light{{0.35, 0.5, -0.1}, 0.8, {2, 3, 4}};
  const std::array<double, 3> rho{0.6, 0.6, 0.6};
  const auto ts = TestScene::from_text(
      "{" + cam.json() + ", " + film_json(24, 256, 1, 5) + R"(, "materials": {"floor": {"type": "diffuse", "albedo": )" +
      vec(rho[0], rho[1], rho[2]) + R"(}, "light": {"type": "emissive", "radiance": )" +
      vec(light.radiance[0], light.radiance[1], light.radiance[2]) + R"(}}, "shapes": [)" + plane_json() + ", " +
      light.json() + "]}");
  compare_with_analytic(*ts, cam, [&](D3 p) { return light.irradiance(p); }, radiance_scale(rho, light.radiance));
}

TEST_CASE("spherical light over a diffuse plane: E = pi Le R^2 cos(theta) / D^2, pixel by pixel",
          "[render][analytic][mis]") {
  // An emissive sphere wholly above the plane acts exactly as a point light of
  // intensity Le pi R^2 at its centre. NEE picks points uniformly on the whole
  // sphere (pdf 1 / (4 pi R^2)); those facing away emit nothing, so this also
  // checks that the sphere's area pdf is used in both NEE and the MIS weight of
  // BSDF rays that hit it. The noisiest of these scenes (10% relative standard
  // error per pixel at 256 spp): the image-wide check sees a bias of about 2%.
  const DownCamera cam{{0, 0.4, 0}, 90, 24, 24};
  const SphereLight light{{-0.2, 0.6, 0.15}, 0.15, {3, 2, 1}};
  const std::array<double, 3> rho{0.5, 0.8, 0.9};
  const auto ts = TestScene::from_text(
      "{" + cam.json() + ", " + film_json(24, 256, 1, 9) + R"(, "materials": {"floor": {"type": "diffuse", "albedo": )" +
      vec(rho[0], rho[1], rho[2]) + R"(}, "light": {"type": "emissive", "radiance": )" +
      vec(light.radiance[0], light.radiance[1], light.radiance[2]) + R"(}}, "shapes": [)" + plane_json() + ", " +
      light.json() + "]}");
  compare_with_analytic(*ts, cam, [&](D3 p) { return light.irradiance(p); }, radiance_scale(rho, light.radiance));
}

// ---- d. lights of the "lights" array ------------------------------------------------
// The same comparison, pixel by pixel, for lights that are not shapes.

TEST_CASE("point light over a diffuse plane: L = rho / pi * I cos(theta) / d^2, pixel by pixel",
          "[render][analytic][lights]") {
  // A delta light: NEE only, and one sample per path finds it, so the noise is
  // the pixel filter's alone (the radiance varies across a pixel's footprint).
  const DownCamera cam{{0, 0.8, 0}, 90, 24, 24};
  const D3 light{0.25, 1.0, -0.15};
  const std::array<double, 3> I{4, 6, 8}, rho{0.7, 0.5, 0.3};
  const auto ts = TestScene::from_text(
      "{" + cam.json() + ", " + film_json(24, 64, 1, 31) + R"(, "materials": {"floor": {"type": "diffuse", "albedo": )" +
      vec(rho[0], rho[1], rho[2]) + R"(}}, "shapes": [)" + plane_json() +
      R"(], "lights": [{"type": "point", "position": )" + vec(light.x, light.y, light.z) + R"(, "intensity": )" +
      vec(I[0], I[1], I[2]) + "}]}");
  compare_with_analytic(*ts, cam, [&](D3 p) {
    const D3 d = light - p;
    return d.y / std::pow(dot(d, d), 1.5);  // cos / d^2
  }, radiance_scale(rho, I));
}

TEST_CASE("spot light over a diffuse plane: the smoothstep falloff times the inverse-square cosine law",
          "[render][analytic][lights]") {
  // The spot stands off to the side, pointing down, so every pixel lies in its
  // falloff (between 10 and 85 degrees from the axis): the image checks the
  // smoothstep's shape, where it is smooth enough for the reference's quadrature.
  const DownCamera cam{{0, 0.8, 0}, 90, 24, 24};
  const D3 spot{-1.5, 1.0, 0.2};
  const double cutoff = 85, beam = 10;
  const std::array<double, 3> I{5, 4, 3}, rho{0.6, 0.7, 0.8};
  const auto ts = TestScene::from_text(
      "{" + cam.json() + ", " + film_json(24, 64, 1, 33) + R"(, "materials": {"floor": {"type": "diffuse", "albedo": )" +
      vec(rho[0], rho[1], rho[2]) + R"(}}, "shapes": [)" + plane_json() +
      R"(], "lights": [{"type": "spot", "position": )" + vec(spot.x, spot.y, spot.z) + R"(, "look_at": )" +
      vec(spot.x, 0, spot.z) + R"(, "intensity": )" + vec(I[0], I[1], I[2]) + R"(, "cutoff_angle": )" + num(cutoff) +
      R"(, "beam_width": )" + num(beam) + "}]}");
  const double cos_outer = std::cos(cutoff * kPiD / 180), cos_inner = std::cos(beam * kPiD / 180);
  compare_with_analytic(*ts, cam, [&](D3 p) {
    const D3 d = spot - p;
    const double dist = length(d), cos_axis = d.y / dist;  // the axis points straight down
    REQUIRE(cos_axis > cos_outer);
    REQUIRE(cos_axis < cos_inner);
    const double t = (cos_axis - cos_outer) / (cos_inner - cos_outer);
    return t * t * (3 - 2 * t) * cos_axis / (dist * dist);  // cos at the plane = cos to the axis
  }, radiance_scale(rho, I));
}

namespace {

// Every pixel of a render of `ts` against one constant per channel, with
// tolerances from an independent re-trace (as compare_with_analytic), for
// scenes whose radiance is the same everywhere; a zero-variance render must
// match to float precision.
void compare_with_constant(const TestScene& ts, const std::array<double, 3>& expected) {
  const RenderSettings& settings = ts.file.settings;
  const RenderResult r = ts.render(settings, 2, {8, 8});
  int non_finite = 0;
  const std::vector<PixelSamples> other = retrace(ts, settings, settings.seed + 0x9e3779b9ULL, &non_finite);
  REQUIRE(non_finite == 0);
  const int pixels = settings.width * settings.height;
  const double z = sidak_z(pixels, 1e-3), c_s = 1.0 + 3.0 / std::sqrt(2.0 * (settings.spp - 1));
  int failures = 0;
  double sum_r = 0, sum_s2 = 0;
  for (int y = 0; y < settings.height; ++y)
    for (int x = 0; x < settings.width; ++x)
      for (int c = 0; c < 3; ++c) {
        const double value = channel(r.image.pixel(x, y), c), e = expected[size_t(c)];
        const double se = other[size_t(y) * settings.width + x].stderr_[size_t(c)];
        const double tolerance = z * c_s * se + ((settings.spp + 4) * kFloatEps + 1e-6) * e;
        if (std::abs(value - e) > tolerance && ++failures <= 10)
          FAIL_CHECK("pixel (" << x << ", " << y << ") channel " << c << ": rendered " << value << ", expected " << e
                               << " +- " << tolerance);
        if (c == 1) sum_r += (value - e) / e, sum_s2 += (se / e) * (se / e);
      }
  CHECK(failures == 0);
  if (std::sqrt(sum_s2 / pixels) > 1e-5) {  // not a render whose only error is rounding
    INFO("aggregate Z " << sum_r / std::sqrt(sum_s2));
    CHECK(std::abs(sum_r / std::sqrt(sum_s2)) < 5.0);
  }
}

const char* kTiltedCamera = R"("camera": {"position": [0.3, 2, -0.2], "look_at": [1, 0, 0.5], "fov": 40})";

}  // namespace

TEST_CASE("directional light on a diffuse plane: rho / pi * E cos(theta), delta and with an angle",
          "[render][analytic][lights][mis]") {
  // Delta: every sample is exactly rho / pi E cos. With an angular diameter of
  // 40 degrees (its cone wholly above the horizon) the irradiance is still
  // E cos(theta) exactly, now from NEE in the cone and BSDF rays that hit it,
  // weighed by MIS; a wrong weight or pdf shifts every pixel.
  const std::array<double, 3> E{3, 2, 1}, rho{0.8, 0.6, 0.4};
  const double theta = 35 * kPiD / 180;
  const D3 travel{std::sin(theta), -std::cos(theta), 0};  // 35 degrees from the zenith
  for (const double angle : {0.0, 40.0}) {
    INFO("angle " << angle);
    const auto ts = TestScene::from_text(
        std::string("{") + kTiltedCamera + ", " + film_json(16, 64, 1, 35) +
        R"(, "materials": {"floor": {"type": "diffuse", "albedo": )" + vec(rho[0], rho[1], rho[2]) +
        R"(}}, "shapes": [)" + plane_json(100) + R"(], "lights": [{"type": "directional", "direction": )" +
        vec(travel.x, travel.y, travel.z) + R"(, "irradiance": )" + vec(E[0], E[1], E[2]) + R"(, "angle": )" +
        num(angle) + "}]}");
    std::array<double, 3> expected{};
    for (int c = 0; c < 3; ++c) expected[size_t(c)] = rho[size_t(c)] / kPiD * E[size_t(c)] * std::cos(theta);
    compare_with_constant(*ts, expected);
  }
}

namespace {

// An equirectangular map written as EXR for a scene to read: a sky gradient,
// a bright sun of 2 x 2 pixels and a dark ground (the bottom half).
struct TestSky {
  int w = 32, h = 16;
  std::vector<float> rgb;
  std::string path;

  explicit TestSky(bool constant) {
    rgb.assign(size_t(w) * h * 3, 0.0f);
    Image image(w, h);
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        Vec3 c(0.4f, 0.6f, 1.0f);
        if (!constant) {
          c = y < h / 2 ? Vec3(0.3f + 0.05f * float(y), 0.5f, 0.9f - 0.04f * float(y)) : Vec3(0.05f, 0.04f, 0.03f);
          if ((x == 20 || x == 21) && (y == 3 || y == 4)) c = Vec3(80.0f, 70.0f, 50.0f);
        }
        image.set_pixel(x, y, c);
        float* p = &rgb[(size_t(y) * w + x) * 3];
        p[0] = c.x, p[1] = c.y, p[2] = c.z;
      }
    const auto dir = fresh_test_dir("analytic", constant ? "constant" : "sky");
    path = (dir / "sky.exr").string();
    ImageWriteOptions as_float;
    as_float.exr_half = false;
    write_image(image, path, as_float);
  }
  // Irradiance on a plane facing +y: the upper half's pixels times the
  // projected solid angle of their rows, (2 pi / w) (sin^2 theta1 - sin^2 theta0) / 2.
  std::array<double, 3> upward_irradiance() const {
    std::array<double, 3> e{};
    for (int y = 0; y < h / 2; ++y) {
      const double s0 = std::sin(kPiD * y / h), s1 = std::sin(kPiD * (y + 1) / h);
      const double projected = 2 * kPiD / w * 0.5 * (s1 * s1 - s0 * s0);
      for (int x = 0; x < w; ++x)
        for (int c = 0; c < 3; ++c) e[size_t(c)] += rgb[(size_t(y) * w + x) * 3 + size_t(c)] * projected;
    }
    return e;
  }
};

}  // namespace

TEST_CASE("environment-lit diffuse plane: MIS of map sampling and BSDF sampling is unbiased",
          "[render][analytic][lights][mis]") {
  const std::array<double, 3> rho{0.8, 0.6, 0.5};
  const auto scene = [&](const std::string& sky, int spp) {
    return std::string("{") + kTiltedCamera + ", " + film_json(16, spp, 1, 37) +
           R"(, "materials": {"floor": {"type": "diffuse", "albedo": )" + vec(rho[0], rho[1], rho[2]) +
           R"(}}, "shapes": [)" + plane_json(100) + "]" + sky + "}";
  };
  SECTION("a constant map, sampled and MIS-weighted, equals the uniform sky, which BSDF sampling alone sees") {
    // Without light sampling: the uniform "environment" (left to BSDF sampling,
    // light.h) gives rho * L in every sample. With it: the map's NEE and BSDF
    // samples under MIS, which must average to the same.
    const TestSky sky(true);
    const auto uniform = TestScene::from_text(scene(R"(, "environment": {"radiance": [0.4, 0.6, 1.0]})", 16));
    const RenderResult u = uniform->render(uniform->file.settings, 2);
    const std::array<double, 3> expected{rho[0] * 0.4f, rho[1] * 0.6f, rho[2] * 1.0f};
    for (int c = 0; c < 3; ++c)
      CHECK(channel(u.image.pixel(3, 5), c) == Approx(expected[size_t(c)]).epsilon(1e-5));
    const auto mapped = TestScene::from_text(scene(R"(, "lights": [{"type": "environment", "file": ")" + sky.path + "\"}]", 64));
    compare_with_constant(*mapped, expected);
  }
  SECTION("a sky with a sun: the exact irradiance of the map's upper half") {
    const TestSky sky(false);
    const std::array<double, 3> e = sky.upward_irradiance();
    const auto mapped = TestScene::from_text(
        scene(R"(, "lights": [{"type": "environment", "file": ")" + sky.path + R"(", "rotation": 123}])", 64));
    compare_with_constant(*mapped, {rho[0] / kPiD * e[0], rho[1] / kPiD * e[1], rho[2] / kPiD * e[2]});
  }
}

TEST_CASE("point light with a radius: a sphere light, MIS-weighted, E = I cos(theta) / D^2",
          "[render][analytic][lights][mis]") {
  // A point light of radius R is an emissive sphere of radiance I / (pi R^2),
  // which irradiates a point that sees all of it exactly as the point light
  // would (the sphere law above). NEE samples its cone, BSDF rays hit it.
  const DownCamera cam{{0, 0.4, 0}, 90, 24, 24};
  const D3 c{-0.2, 0.6, 0.15};
  const std::array<double, 3> I{0.3, 0.2, 0.1}, rho{0.5, 0.8, 0.9};
  const auto ts = TestScene::from_text(
      "{" + cam.json() + ", " + film_json(24, 64, 1, 39) + R"(, "materials": {"floor": {"type": "diffuse", "albedo": )" +
      vec(rho[0], rho[1], rho[2]) + R"(}}, "shapes": [)" + plane_json() + R"(], "lights": [{"type": "point", "position": )" +
      vec(c.x, c.y, c.z) + R"(, "intensity": )" + vec(I[0], I[1], I[2]) + R"(, "radius": 0.15}]})");
  compare_with_analytic(*ts, cam, [&](D3 p) {
    const D3 d = c - p;
    return d.y / std::pow(dot(d, d), 1.5);
  }, radiance_scale(rho, I));
}
