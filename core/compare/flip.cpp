#include "core/compare/flip.h"

#include "core/base/error.h"
#include "core/engine/parallel.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace tessera {
namespace {

// ---- Constants -------------------------------------------------------------
// The paper's parameters, with the values (and float precision) of NVIDIA's
// reference implementation, so that our maps match its maps.

constexpr float kPi = 3.14159265358979f;
constexpr float kPiSquared = kPi * kPi;

// Colour pipeline: the HyAB distance is raised to qc, then remapped so that
// distances below pc * cmax fill [0, pt] and the rest (pt, 1]; cmax is the
// distance between pure green and pure blue, the largest in the sRGB gamut.
constexpr float kQc = 0.7f;
constexpr float kPc = 0.4f;
constexpr float kPt = 0.95f;

// Feature pipeline: w is the width (peak to trough, two standard deviations)
// in degrees of the human edge detector that the Gaussian derivatives model;
// the feature difference is raised to qf.
constexpr float kEdgeWidthDegrees = 0.082f;
constexpr float kQf = 0.5f;

// Contrast sensitivity functions of the three opponent channels, each a sum
// of two Gaussians a * sqrt(pi / b) * exp(-pi^2 r^2 / b) in degrees (the
// paper's Table 1). The achromatic and red-green CSFs have a single Gaussian
// (a2 = 0; b2 is only kept non-zero to avoid dividing by it).
struct Csf {
  float a1, b1, a2, b2;
};
constexpr Csf kCsfY{1.0f, 0.0047f, 0.0f, 1.0e-5f};     // achromatic
constexpr Csf kCsfCx{1.0f, 0.0053f, 0.0f, 1.0e-5f};    // red-green
constexpr Csf kCsfCz{34.1f, 0.04f, 13.5f, 0.025f};     // blue-yellow

// D65 reference white in XYZ, and its reciprocal.
constexpr Vec3 kWhite{0.950428545f, 1.000000000f, 1.088900371f};
constexpr Vec3 kInverseWhite{1.052156925f, 1.000000000f, 0.918357670f};

// ---- Colour spaces -----------------------------------------------------------

Vec3 linear_rgb_to_xyz(const Vec3& c) {
  // sRGB primaries, D65 (the exact rationals behind the usual matrix).
  return {10135552.0f / 24577794.0f * c.x + 8788810.0f / 24577794.0f * c.y + 4435075.0f / 24577794.0f * c.z,
          2613072.0f / 12288897.0f * c.x + 8788810.0f / 12288897.0f * c.y + 887015.0f / 12288897.0f * c.z,
          1425312.0f / 73733382.0f * c.x + 8788810.0f / 73733382.0f * c.y + 70074185.0f / 73733382.0f * c.z};
}

Vec3 xyz_to_linear_rgb(const Vec3& c) {
  return {3.241003275f * c.x - 1.537398934f * c.y - 0.498615861f * c.z,
          -0.969224334f * c.x + 1.875930071f * c.y + 0.041554224f * c.z,
          0.055639423f * c.x - 0.204011202f * c.y + 1.057148933f * c.z};
}

// YCxCz is CIELab without the cube root: linear in XYZ, so filtering in it is
// filtering of light, while its axes are the opponent channels the CSFs are
// measured for.
Vec3 xyz_to_ycxcz(const Vec3& xyz) {
  const Vec3 c = xyz * kInverseWhite;
  return {116.0f * c.y - 16.0f, 500.0f * (c.x - c.y), 200.0f * (c.y - c.z)};
}

Vec3 ycxcz_to_xyz(const Vec3& ycc) {
  const float y = (ycc.x + 16.0f) / 116.0f;
  const float cx = ycc.y / 500.0f;
  const float cz = ycc.z / 200.0f;
  return Vec3(y + cx, y, y - cz) * kWhite;
}

Vec3 xyz_to_lab(const Vec3& xyz) {
  constexpr float delta = 6.0f / 29.0f;
  constexpr float delta_cubed = delta * delta * delta;
  constexpr float factor = 1.0f / (3.0f * delta * delta);
  constexpr float term = 4.0f / 29.0f;
  const Vec3 c = xyz * kInverseWhite;
  auto f = [&](float t) { return t > delta_cubed ? std::pow(t, 1.0f / 3.0f) : factor * t + term; };
  const float fx = f(c.x), fy = f(c.y), fz = f(c.z);
  return {116.0f * fy - 16.0f, 500.0f * (fx - fy), 200.0f * (fy - fz)};
}

// The Hunt effect: colourfulness falls with luminance, so chroma is scaled by
// L / 100 before distances are taken (dark colours differ less).
Vec3 hunt_adjust(const Vec3& lab) {
  return {lab.x, 0.01f * lab.x * lab.y, 0.01f * lab.x * lab.z};
}

// HyAB: city-block in lightness plus Euclidean in chroma, which tracks large
// colour differences better than Euclidean Delta E.
float hyab(const Vec3& a, const Vec3& b) {
  const float da = a.y - b.y, db = a.z - b.z;
  return std::fabs(a.x - b.x) + std::sqrt(da * da + db * db);
}

// Clamp to [0, 1] as the reference's Min(Max(v, 0), 1) does: NaN becomes 0.
float clamp01(float v) {
  return v > 0.0f ? (v < 1.0f ? v : 1.0f) : 0.0f;
}
Vec3 clamp01(const Vec3& c) { return {clamp01(c.x), clamp01(c.y), clamp01(c.z)}; }

// ---- Filters -------------------------------------------------------------------

// Clamp-to-edge sampling, as the reference: the border pixel repeats.
int clamp_index(int i, int n) { return i < 0 ? 0 : (i >= n ? n - 1 : i); }

// 1-D taps of the CSF filters. Each CSF is a sum of (at most two) 2-D
// Gaussians, and a 2-D Gaussian is the product of two 1-D ones, so the Y and Cx
// filters separate directly. The Cz filter is a sum of two Gaussians: each is
// separated on its own (its 1-D taps carrying sqrt of its amplitude) and the
// two results added after the second pass. Normalising every tap by
// sqrt(sum1^2 + sum2^2) makes the combined 2-D kernel sum to one.
struct SpatialFilters {
  int radius = 0;
  std::vector<float> y, cx, cz1, cz2;
};

SpatialFilters make_spatial_filters(float ppd) {
  // One radius for all channels, from the widest Gaussian: 3 standard
  // deviations (b / (2 pi^2) is the variance in degrees^2).
  const float widest = std::max({kCsfY.b1, kCsfY.b2, kCsfCx.b1, kCsfCx.b2, kCsfCz.b1, kCsfCz.b2});
  SpatialFilters f;
  f.radius = int(std::ceil(3.0f * std::sqrt(widest / (2.0f * kPiSquared)) * ppd));
  const int width = 2 * f.radius + 1;
  f.y.resize(width), f.cx.resize(width), f.cz1.resize(width), f.cz2.resize(width);
  auto gaussian = [](float x2, float a, float b) { return a * std::sqrt(kPi / b) * std::exp(-kPiSquared * x2 / b); };
  auto gaussian_sqrt = [](float x2, float a, float b) {
    return std::sqrt(a * std::sqrt(kPi / b)) * std::exp(-kPiSquared * x2 / b);
  };
  const float degrees_per_pixel = 1.0f / ppd;
  float sum_y = 0, sum_cx = 0, sum_cz1 = 0, sum_cz2 = 0;
  for (int i = 0; i < width; ++i) {
    const float x = float(i - f.radius) * degrees_per_pixel;
    const float x2 = x * x;
    sum_y += f.y[i] = gaussian(x2, kCsfY.a1, kCsfY.b1);
    sum_cx += f.cx[i] = gaussian(x2, kCsfCx.a1, kCsfCx.b1);
    sum_cz1 += f.cz1[i] = gaussian_sqrt(x2, kCsfCz.a1, kCsfCz.b1);
    sum_cz2 += f.cz2[i] = gaussian_sqrt(x2, kCsfCz.a2, kCsfCz.b2);
  }
  const float cz_norm = 1.0f / std::sqrt(sum_cz1 * sum_cz1 + sum_cz2 * sum_cz2);
  for (int i = 0; i < width; ++i) {
    f.y[i] *= 1.0f / sum_y;
    f.cx[i] *= 1.0f / sum_cx;
    f.cz1[i] *= cz_norm;
    f.cz2[i] *= cz_norm;
  }
  return f;
}

// 1-D taps of the feature detectors: a Gaussian g (standard deviation w / 2
// degrees) and its first and second derivatives. The 2-D edge detector is
// dg(x) g(y) and g(x) dg(y), the point detector ddg(x) g(y) and g(x) ddg(y).
// g sums to one; the positive and the negative lobes of each derivative sum to
// +1 and -1, so a unit step or a unit spike reads about 1 whatever the ppd.
struct FeatureFilter {
  int radius = 0;
  std::vector<float> g, dg, ddg;
};

FeatureFilter make_feature_filter(float ppd) {
  const float sigma = 0.5f * kEdgeWidthDegrees * ppd;  // in pixels
  FeatureFilter f;
  f.radius = int(std::ceil(3.0f * sigma));
  const int width = 2 * f.radius + 1;
  f.g.resize(width), f.dg.resize(width), f.ddg.resize(width);
  float g_sum = 0, dg_positive = 0, dg_negative = 0, ddg_positive = 0, ddg_negative = 0;
  for (int i = 0; i < width; ++i) {
    const float x = float(i - f.radius);
    const float g = std::exp(-(x * x) / (2.0f * sigma * sigma));
    const float dg = -x * g;
    const float ddg = (x * x / (sigma * sigma) - 1.0f) * g;
    g_sum += g;
    (dg > 0.0f ? dg_positive : dg_negative) += std::fabs(dg);
    (ddg > 0.0f ? ddg_positive : ddg_negative) += std::fabs(ddg);
    f.g[i] = g, f.dg[i] = dg, f.ddg[i] = ddg;
  }
  for (int i = 0; i < width; ++i) {
    f.g[i] /= g_sum;
    f.dg[i] /= f.dg[i] > 0.0f ? dg_positive : dg_negative;
    f.ddg[i] /= f.ddg[i] > 0.0f ? ddg_positive : ddg_negative;
  }
  return f;
}

// Run `row(y)` for every row, in parallel: every output pixel depends only on
// the inputs, so the result does not depend on the split.
template <class F>
void for_each_row(int height, const F& row) {
  tbb::parallel_for(tbb::blocked_range<int>(0, height), [&](const tbb::blocked_range<int>& rows) {
    for (int y = rows.begin(); y != rows.end(); ++y) row(y);
  });
}

// ---- The two pipelines -------------------------------------------------------------

// Colour difference in [0, 1] per pixel: CSF-filter both images in YCxCz
// (removing what the eye cannot resolve at this ppd), clamp to the RGB cube
// (the filter can leave it), then Hunt-adjusted CIELab, HyAB, and the remap.
std::vector<float> colour_difference(const std::vector<Vec3>& reference, const std::vector<Vec3>& test, int w, int h,
                                     const SpatialFilters& filters) {
  struct Partial {
    float y, cx, cz1, cz2;
  };
  const int r = filters.radius;
  auto horizontal = [&](const std::vector<Vec3>& in, std::vector<Partial>& out) {
    for_each_row(h, [&](int y) {
      for (int x = 0; x < w; ++x) {
        Partial p{0, 0, 0, 0};
        for (int i = -r; i <= r; ++i) {
          const Vec3& c = in[size_t(y) * w + clamp_index(x + i, w)];
          const int k = i + r;
          p.y += filters.y[k] * c.x;
          p.cx += filters.cx[k] * c.y;
          p.cz1 += filters.cz1[k] * c.z;
          p.cz2 += filters.cz2[k] * c.z;
        }
        out[size_t(y) * w + x] = p;
      }
    });
  };
  std::vector<Partial> partial_reference(size_t(w) * h), partial_test(size_t(w) * h);
  horizontal(reference, partial_reference);
  horizontal(test, partial_test);

  // cmax: the remap's top, the (qc-powered) distance between green and blue.
  const float cmax = std::pow(hyab(hunt_adjust(xyz_to_lab(linear_rgb_to_xyz({0, 1, 0}))),
                                   hunt_adjust(xyz_to_lab(linear_rgb_to_xyz({0, 0, 1})))),
                              kQc);
  const float pccmax = kPc * cmax;

  std::vector<float> difference(size_t(w) * h);
  for_each_row(h, [&](int y) {
    for (int x = 0; x < w; ++x) {
      Partial a{0, 0, 0, 0}, b{0, 0, 0, 0};
      for (int i = -r; i <= r; ++i) {
        const size_t j = size_t(clamp_index(y + i, h)) * w + x;
        const int k = i + r;
        a.y += filters.y[k] * partial_reference[j].y;
        a.cx += filters.cx[k] * partial_reference[j].cx;
        a.cz1 += filters.cz1[k] * partial_reference[j].cz1;
        a.cz2 += filters.cz2[k] * partial_reference[j].cz2;
        b.y += filters.y[k] * partial_test[j].y;
        b.cx += filters.cx[k] * partial_test[j].cx;
        b.cz1 += filters.cz1[k] * partial_test[j].cz1;
        b.cz2 += filters.cz2[k] * partial_test[j].cz2;
      }
      auto perceptual = [](const Partial& p) {
        const Vec3 rgb = clamp01(xyz_to_linear_rgb(ycxcz_to_xyz({p.y, p.cx, p.cz1 + p.cz2})));
        return hunt_adjust(xyz_to_lab(linear_rgb_to_xyz(rgb)));
      };
      float d = std::pow(hyab(perceptual(a), perceptual(b)), kQc);
      // Small differences spread over most of the range, so that they stay
      // visible in the map; only the largest are compressed into (pt, 1].
      d = d < pccmax ? d * (kPt / pccmax) : kPt + ((d - pccmax) / (cmax - pccmax)) * (1.0f - kPt);
      difference[size_t(y) * w + x] = d;
    }
  });
  return difference;
}

// Feature difference in [0, 1] per pixel: the larger change in edge or point
// strength of the luminance (Y of YCxCz brought to [0, 1]), on the unfiltered
// images, since the CSF would blur away exactly the edges and fireflies that
// make differences stand out.
std::vector<float> feature_difference(const std::vector<Vec3>& reference, const std::vector<Vec3>& test, int w,
                                      int h, const FeatureFilter& filter) {
  struct Partial {
    float d, dd, g;  // along x: first derivative, second derivative, Gaussian
  };
  const int r = filter.radius;
  auto horizontal = [&](const std::vector<Vec3>& in, std::vector<Partial>& out) {
    for_each_row(h, [&](int y) {
      for (int x = 0; x < w; ++x) {
        Partial p{0, 0, 0};
        for (int i = -r; i <= r; ++i) {
          const float v = in[size_t(y) * w + clamp_index(x + i, w)].x * (1.0f / 116.0f) + 16.0f / 116.0f;
          const int k = i + r;
          p.d += filter.dg[k] * v;
          p.dd += filter.ddg[k] * v;
          p.g += filter.g[k] * v;
        }
        out[size_t(y) * w + x] = p;
      }
    });
  };
  std::vector<Partial> partial_reference(size_t(w) * h), partial_test(size_t(w) * h);
  horizontal(reference, partial_reference);
  horizontal(test, partial_test);

  std::vector<float> difference(size_t(w) * h);
  for_each_row(h, [&](int y) {
    for (int x = 0; x < w; ++x) {
      float dx[2] = {0, 0}, ddx[2] = {0, 0}, dy[2] = {0, 0}, ddy[2] = {0, 0};
      for (int i = -r; i <= r; ++i) {
        const size_t j = size_t(clamp_index(y + i, h)) * w + x;
        const int k = i + r;
        const Partial* p[2] = {&partial_reference[j], &partial_test[j]};
        for (int s = 0; s < 2; ++s) {
          dx[s] += filter.g[k] * p[s]->d;
          ddx[s] += filter.g[k] * p[s]->dd;
          dy[s] += filter.dg[k] * p[s]->g;
          ddy[s] += filter.ddg[k] * p[s]->g;
        }
      }
      const float edge_difference =
          std::fabs(std::sqrt(dx[0] * dx[0] + dy[0] * dy[0]) - std::sqrt(dx[1] * dx[1] + dy[1] * dy[1]));
      const float point_difference =
          std::fabs(std::sqrt(ddx[0] * ddx[0] + ddy[0] * ddy[0]) - std::sqrt(ddx[1] * ddx[1] + ddy[1] * ddy[1]));
      // 1 / sqrt(2) brings the gradient magnitude of a unit step back to [0, 1].
      difference[size_t(y) * w + x] =
          std::pow((1.0f / std::sqrt(2.0f)) * std::max(edge_difference, point_difference), kQf);
    }
  });
  return difference;
}

std::vector<Vec3> to_ycxcz(const Image& image) {
  std::vector<Vec3> out(size_t(image.width()) * image.height());
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x)
      out[size_t(y) * image.width() + x] = xyz_to_ycxcz(linear_rgb_to_xyz(clamp01(image.pixel(x, y))));
  return out;
}

float srgb_to_linear(float s) {
  return s <= 0.04045f ? s / 12.92f : std::pow((s + 0.055f) / 1.055f, 2.4f);
}

// matplotlib's 'magma' (Nathaniel J. Smith, Stefan van der Walt; CC0), the
// map FLIP's error images use: sRGB-encoded, black through purple and orange
// to pale yellow, perceptually uniform and legible in grey.
constexpr float kMagma[256][3] = {
    {0.001462f, 0.000466f, 0.013866f}, {0.002258f, 0.001295f, 0.018331f}, {0.003279f, 0.002305f, 0.023708f}, {0.004512f, 0.003490f, 0.029965f},
    {0.005950f, 0.004843f, 0.037130f}, {0.007588f, 0.006356f, 0.044973f}, {0.009426f, 0.008022f, 0.052844f}, {0.011465f, 0.009828f, 0.060750f},
    {0.013708f, 0.011771f, 0.068667f}, {0.016156f, 0.013840f, 0.076603f}, {0.018815f, 0.016026f, 0.084584f}, {0.021692f, 0.018320f, 0.092610f},
    {0.024792f, 0.020715f, 0.100676f}, {0.028123f, 0.023201f, 0.108787f}, {0.031696f, 0.025765f, 0.116965f}, {0.035520f, 0.028397f, 0.125209f},
    {0.039608f, 0.031090f, 0.133515f}, {0.043830f, 0.033830f, 0.141886f}, {0.048062f, 0.036607f, 0.150327f}, {0.052320f, 0.039407f, 0.158841f},
    {0.056615f, 0.042160f, 0.167446f}, {0.060949f, 0.044794f, 0.176129f}, {0.065330f, 0.047318f, 0.184892f}, {0.069764f, 0.049726f, 0.193735f},
    {0.074257f, 0.052017f, 0.202660f}, {0.078815f, 0.054184f, 0.211667f}, {0.083446f, 0.056225f, 0.220755f}, {0.088155f, 0.058133f, 0.229922f},
    {0.092949f, 0.059904f, 0.239164f}, {0.097833f, 0.061531f, 0.248477f}, {0.102815f, 0.063010f, 0.257854f}, {0.107899f, 0.064335f, 0.267289f},
    {0.113094f, 0.065492f, 0.276784f}, {0.118405f, 0.066479f, 0.286321f}, {0.123833f, 0.067295f, 0.295879f}, {0.129380f, 0.067935f, 0.305443f},
    {0.135053f, 0.068391f, 0.315000f}, {0.140858f, 0.068654f, 0.324538f}, {0.146785f, 0.068738f, 0.334011f}, {0.152839f, 0.068637f, 0.343404f},
    {0.159018f, 0.068354f, 0.352688f}, {0.165308f, 0.067911f, 0.361816f}, {0.171713f, 0.067305f, 0.370771f}, {0.178212f, 0.066576f, 0.379497f},
    {0.184801f, 0.065732f, 0.387973f}, {0.191460f, 0.064818f, 0.396152f}, {0.198177f, 0.063862f, 0.404009f}, {0.204935f, 0.062907f, 0.411514f},
    {0.211718f, 0.061992f, 0.418647f}, {0.218512f, 0.061158f, 0.425392f}, {0.225302f, 0.060445f, 0.431742f}, {0.232077f, 0.059889f, 0.437695f},
    {0.238826f, 0.059517f, 0.443256f}, {0.245543f, 0.059352f, 0.448436f}, {0.252220f, 0.059415f, 0.453248f}, {0.258857f, 0.059706f, 0.457710f},
    {0.265447f, 0.060237f, 0.461840f}, {0.271994f, 0.060994f, 0.465660f}, {0.278493f, 0.061978f, 0.469190f}, {0.284951f, 0.063168f, 0.472451f},
    {0.291366f, 0.064553f, 0.475462f}, {0.297740f, 0.066117f, 0.478243f}, {0.304081f, 0.067835f, 0.480812f}, {0.310382f, 0.069702f, 0.483186f},
    {0.316654f, 0.071690f, 0.485380f}, {0.322899f, 0.073782f, 0.487408f}, {0.329114f, 0.075972f, 0.489287f}, {0.335308f, 0.078236f, 0.491024f},
    {0.341482f, 0.080564f, 0.492631f}, {0.347636f, 0.082946f, 0.494121f}, {0.353773f, 0.085373f, 0.495501f}, {0.359898f, 0.087831f, 0.496778f},
    {0.366012f, 0.090314f, 0.497960f}, {0.372116f, 0.092816f, 0.499053f}, {0.378211f, 0.095332f, 0.500067f}, {0.384299f, 0.097855f, 0.501002f},
    {0.390384f, 0.100379f, 0.501864f}, {0.396467f, 0.102902f, 0.502658f}, {0.402548f, 0.105420f, 0.503386f}, {0.408629f, 0.107930f, 0.504052f},
    {0.414709f, 0.110431f, 0.504662f}, {0.420791f, 0.112920f, 0.505215f}, {0.426877f, 0.115395f, 0.505714f}, {0.432967f, 0.117855f, 0.506160f},
    {0.439062f, 0.120298f, 0.506555f}, {0.445163f, 0.122724f, 0.506901f}, {0.451271f, 0.125132f, 0.507198f}, {0.457386f, 0.127522f, 0.507448f},
    {0.463508f, 0.129893f, 0.507652f}, {0.469640f, 0.132245f, 0.507809f}, {0.475780f, 0.134577f, 0.507921f}, {0.481929f, 0.136891f, 0.507989f},
    {0.488088f, 0.139186f, 0.508011f}, {0.494258f, 0.141462f, 0.507988f}, {0.500438f, 0.143719f, 0.507920f}, {0.506629f, 0.145958f, 0.507806f},
    {0.512831f, 0.148179f, 0.507648f}, {0.519045f, 0.150383f, 0.507443f}, {0.525270f, 0.152569f, 0.507192f}, {0.531507f, 0.154739f, 0.506895f},
    {0.537755f, 0.156894f, 0.506551f}, {0.544015f, 0.159033f, 0.506159f}, {0.550287f, 0.161158f, 0.505719f}, {0.556571f, 0.163269f, 0.505230f},
    {0.562866f, 0.165368f, 0.504692f}, {0.569172f, 0.167454f, 0.504105f}, {0.575490f, 0.169530f, 0.503466f}, {0.581819f, 0.171596f, 0.502777f},
    {0.588158f, 0.173652f, 0.502035f}, {0.594508f, 0.175701f, 0.501241f}, {0.600868f, 0.177743f, 0.500394f}, {0.607238f, 0.179779f, 0.499492f},
    {0.613617f, 0.181811f, 0.498536f}, {0.620005f, 0.183840f, 0.497524f}, {0.626401f, 0.185867f, 0.496456f}, {0.632805f, 0.187893f, 0.495332f},
    {0.639216f, 0.189921f, 0.494150f}, {0.645633f, 0.191952f, 0.492910f}, {0.652056f, 0.193986f, 0.491611f}, {0.658483f, 0.196027f, 0.490253f},
    {0.664915f, 0.198075f, 0.488836f}, {0.671349f, 0.200133f, 0.487358f}, {0.677786f, 0.202203f, 0.485819f}, {0.684224f, 0.204286f, 0.484219f},
    {0.690661f, 0.206384f, 0.482558f}, {0.697098f, 0.208501f, 0.480835f}, {0.703532f, 0.210638f, 0.479049f}, {0.709962f, 0.212797f, 0.477201f},
    {0.716387f, 0.214982f, 0.475290f}, {0.722805f, 0.217194f, 0.473316f}, {0.729216f, 0.219437f, 0.471279f}, {0.735616f, 0.221713f, 0.469180f},
    {0.742004f, 0.224025f, 0.467018f}, {0.748378f, 0.226377f, 0.464794f}, {0.754737f, 0.228772f, 0.462509f}, {0.761077f, 0.231214f, 0.460162f},
    {0.767398f, 0.233705f, 0.457755f}, {0.773695f, 0.236249f, 0.455289f}, {0.779968f, 0.238851f, 0.452765f}, {0.786212f, 0.241514f, 0.450184f},
    {0.792427f, 0.244242f, 0.447543f}, {0.798608f, 0.247040f, 0.444848f}, {0.804752f, 0.249911f, 0.442102f}, {0.810855f, 0.252861f, 0.439305f},
    {0.816914f, 0.255895f, 0.436461f}, {0.822926f, 0.259016f, 0.433573f}, {0.828886f, 0.262229f, 0.430644f}, {0.834791f, 0.265540f, 0.427671f},
    {0.840636f, 0.268953f, 0.424666f}, {0.846416f, 0.272473f, 0.421631f}, {0.852126f, 0.276106f, 0.418573f}, {0.857763f, 0.279857f, 0.415496f},
    {0.863320f, 0.283729f, 0.412403f}, {0.868793f, 0.287728f, 0.409303f}, {0.874176f, 0.291859f, 0.406205f}, {0.879464f, 0.296125f, 0.403118f},
    {0.884651f, 0.300530f, 0.400047f}, {0.889731f, 0.305079f, 0.397002f}, {0.894700f, 0.309773f, 0.393995f}, {0.899552f, 0.314616f, 0.391037f},
    {0.904281f, 0.319610f, 0.388137f}, {0.908884f, 0.324755f, 0.385308f}, {0.913354f, 0.330052f, 0.382563f}, {0.917689f, 0.335500f, 0.379915f},
    {0.921884f, 0.341098f, 0.377376f}, {0.925937f, 0.346844f, 0.374959f}, {0.929845f, 0.352734f, 0.372677f}, {0.933606f, 0.358764f, 0.370541f},
    {0.937221f, 0.364929f, 0.368567f}, {0.940687f, 0.371224f, 0.366762f}, {0.944006f, 0.377643f, 0.365136f}, {0.947180f, 0.384178f, 0.363701f},
    {0.950210f, 0.390820f, 0.362468f}, {0.953099f, 0.397563f, 0.361438f}, {0.955849f, 0.404400f, 0.360619f}, {0.958464f, 0.411324f, 0.360014f},
    {0.960949f, 0.418323f, 0.359630f}, {0.963310f, 0.425390f, 0.359469f}, {0.965549f, 0.432519f, 0.359529f}, {0.967671f, 0.439703f, 0.359810f},
    {0.969680f, 0.446936f, 0.360311f}, {0.971582f, 0.454210f, 0.361030f}, {0.973381f, 0.461520f, 0.361965f}, {0.975082f, 0.468861f, 0.363111f},
    {0.976690f, 0.476226f, 0.364466f}, {0.978210f, 0.483612f, 0.366025f}, {0.979645f, 0.491014f, 0.367783f}, {0.981000f, 0.498428f, 0.369734f},
    {0.982279f, 0.505851f, 0.371874f}, {0.983485f, 0.513280f, 0.374198f}, {0.984622f, 0.520713f, 0.376698f}, {0.985693f, 0.528148f, 0.379371f},
    {0.986700f, 0.535582f, 0.382210f}, {0.987646f, 0.543015f, 0.385210f}, {0.988533f, 0.550446f, 0.388365f}, {0.989363f, 0.557873f, 0.391671f},
    {0.990138f, 0.565296f, 0.395122f}, {0.990871f, 0.572706f, 0.398714f}, {0.991558f, 0.580107f, 0.402441f}, {0.992196f, 0.587502f, 0.406299f},
    {0.992785f, 0.594891f, 0.410283f}, {0.993326f, 0.602275f, 0.414390f}, {0.993834f, 0.609644f, 0.418613f}, {0.994309f, 0.616999f, 0.422950f},
    {0.994738f, 0.624350f, 0.427397f}, {0.995122f, 0.631696f, 0.431951f}, {0.995480f, 0.639027f, 0.436607f}, {0.995810f, 0.646344f, 0.441361f},
    {0.996096f, 0.653659f, 0.446213f}, {0.996341f, 0.660969f, 0.451160f}, {0.996580f, 0.668256f, 0.456192f}, {0.996775f, 0.675541f, 0.461314f},
    {0.996925f, 0.682828f, 0.466526f}, {0.997077f, 0.690088f, 0.471811f}, {0.997186f, 0.697349f, 0.477182f}, {0.997254f, 0.704611f, 0.482635f},
    {0.997325f, 0.711848f, 0.488154f}, {0.997351f, 0.719089f, 0.493755f}, {0.997351f, 0.726324f, 0.499428f}, {0.997341f, 0.733545f, 0.505167f},
    {0.997285f, 0.740772f, 0.510983f}, {0.997228f, 0.747981f, 0.516859f}, {0.997138f, 0.755190f, 0.522806f}, {0.997019f, 0.762398f, 0.528821f},
    {0.996898f, 0.769591f, 0.534892f}, {0.996727f, 0.776795f, 0.541039f}, {0.996571f, 0.783977f, 0.547233f}, {0.996369f, 0.791167f, 0.553499f},
    {0.996162f, 0.798348f, 0.559820f}, {0.995932f, 0.805527f, 0.566202f}, {0.995680f, 0.812706f, 0.572645f}, {0.995424f, 0.819875f, 0.579140f},
    {0.995131f, 0.827052f, 0.585701f}, {0.994851f, 0.834213f, 0.592307f}, {0.994524f, 0.841387f, 0.598983f}, {0.994222f, 0.848540f, 0.605696f},
    {0.993866f, 0.855711f, 0.612482f}, {0.993545f, 0.862859f, 0.619299f}, {0.993170f, 0.870024f, 0.626189f}, {0.992831f, 0.877168f, 0.633109f},
    {0.992440f, 0.884330f, 0.640099f}, {0.992089f, 0.891470f, 0.647116f}, {0.991688f, 0.898627f, 0.654202f}, {0.991332f, 0.905763f, 0.661309f},
    {0.990930f, 0.912915f, 0.668481f}, {0.990570f, 0.920049f, 0.675675f}, {0.990175f, 0.927196f, 0.682926f}, {0.989815f, 0.934329f, 0.690198f},
    {0.989434f, 0.941470f, 0.697519f}, {0.989077f, 0.948604f, 0.704863f}, {0.988717f, 0.955742f, 0.712242f}, {0.988367f, 0.962878f, 0.719649f},
    {0.988033f, 0.970012f, 0.727077f}, {0.987691f, 0.977154f, 0.734536f}, {0.987387f, 0.984288f, 0.742002f}, {0.987053f, 0.991438f, 0.749504f},
};

}  // namespace

double flip_pixels_per_degree(double distance_m, double width_m, double width_px) {
  // One degree spans distance * pi / 180 metres of screen at the centre.
  return distance_m * (width_px / width_m) * (3.14159265358979323846 / 180.0);
}

Vec3 flip_magma(float value) {
  const int index = int(clamp01(value) * 255.0f + 0.5f);
  const float* c = kMagma[index];
  return {srgb_to_linear(c[0]), srgb_to_linear(c[1]), srgb_to_linear(c[2])};
}

FlipResult compute_flip(const Image& reference, const Image& test, double pixels_per_degree) {
  const int w = reference.width(), h = reference.height();
  if (test.width() != w || test.height() != h)
    throw Error("FLIP: reference is " + std::to_string(w) + "x" + std::to_string(h) + " but test is " +
                std::to_string(test.width()) + "x" + std::to_string(test.height()));
  if (!(pixels_per_degree > 0.0) || !std::isfinite(pixels_per_degree))
    throw Error("FLIP: pixels per degree must be positive, got " + std::to_string(pixels_per_degree));

  FlipResult result;
  result.error_map = Image(w, h);
  if (w == 0 || h == 0) return result;

  const float ppd = float(pixels_per_degree);
  const std::vector<Vec3> reference_ycc = to_ycxcz(reference);
  const std::vector<Vec3> test_ycc = to_ycxcz(test);
  const std::vector<float> colour = colour_difference(reference_ycc, test_ycc, w, h, make_spatial_filters(ppd));
  const std::vector<float> feature = feature_difference(reference_ycc, test_ycc, w, h, make_feature_filter(ppd));

  double sum = 0;
  result.max = -1;
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const size_t i = size_t(y) * w + x;
      // Features sharpen the colour error: an exponent below one lifts it, so
      // a difference at an edge or a firefly shows more than in a flat area.
      const float e = std::pow(colour[i], 1.0f - feature[i]);
      result.error_map.set_pixel(x, y, Vec3(e));
      sum += e;
      if (e > result.max) result.max = e, result.max_x = x, result.max_y = y;
    }
  }
  result.mean = sum / (double(w) * h);
  return result;
}

}  // namespace tessera
