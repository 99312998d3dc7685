// Pixel filters: sampled offsets follow each filter's profile, weights make
// the weighted offsets follow it exactly, and bad names and radii are errors.

#include "core/base/error.h"
#include "core/sampling/filter.h"
#include "core/sampling/independent_sampler.h"
#include "core/sampling/sampling.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

using namespace tessera;

namespace {

constexpr double kPiD = 3.14159265358979323846;

// The profiles written out again here, from their definitions (not from Filter).
double reference_profile(FilterKind kind, double r, double x) {
  if (std::abs(x) > r) return 0;
  switch (kind) {
    case FilterKind::Box: return 1;
    case FilterKind::Tent: return r - std::abs(x);
    case FilterKind::Gaussian: {
      const double sigma = r / 3;
      return std::exp(-x * x / (2 * sigma * sigma)) - std::exp(-r * r / (2 * sigma * sigma));
    }
    case FilterKind::BlackmanHarris: {
      const double t = x / (2 * r) + 0.5;  // the window over [0, 1]
      return 0.35875 - 0.48829 * std::cos(2 * kPiD * t) + 0.14128 * std::cos(4 * kPiD * t) -
             0.01168 * std::cos(6 * kPiD * t);
    }
  }
  return 0;
}

// Integral of the profile over [a, b], by the midpoint rule on 4000 steps.
double integral(FilterKind kind, double r, double a, double b) {
  const int n = 4000;
  double sum = 0;
  for (int i = 0; i < n; ++i) sum += reference_profile(kind, r, a + (i + 0.5) * (b - a) / n);
  return sum * (b - a) / n;
}

}  // namespace

TEST_CASE("filter offsets follow the filter's profile (chi-square per axis)", "[filter]") {
  // 200,000 samples into 32 bins over [-r, r] per axis. Chi-square against the
  // normalized profile's mass in each bin, 31 degrees of freedom: below 75
  // (p about 1e-6). The weighted histogram (sum of w per bin / n) must match
  // the same masses too: w = f / pdf makes the weighted density f itself.
  const std::vector<FilterSpec> specs = {{FilterKind::Box, 0.5f},      {FilterKind::Box, 1.5f},
                                         {FilterKind::Tent, 1.0f},     {FilterKind::Tent, 2.0f},
                                         {FilterKind::Gaussian, 1.5f}, {FilterKind::Gaussian, 0.75f},
                                         {FilterKind::BlackmanHarris, 1.5f}, {FilterKind::BlackmanHarris, 3.0f}};
  for (const FilterSpec& spec : specs) {
    INFO("filter " << to_string(spec));
    const Filter filter(spec);
    const double r = spec.radius;
    const int bins = 32, n = 200000;
    std::vector<double> mass(bins);
    const double total = integral(spec.kind, r, -r, r);
    for (int b = 0; b < bins; ++b) mass[size_t(b)] = integral(spec.kind, r, -r + 2 * r * b / bins, -r + 2 * r * (b + 1) / bins) / total;
    std::vector<double> count_x(bins, 0), count_y(bins, 0), weight_x(bins, 0);
    double weight_sum = 0;
    for (int i = 0; i < n; ++i) {
      IndependentSampler u(99, i, 0, 0);
      const FilterSample s = filter.sample(u.get_2d());
      REQUIRE(std::abs(s.offset.x) <= r);
      REQUIRE(std::abs(s.offset.y) <= r);
      REQUIRE(s.weight > 0.0f);
      const int bx = std::min(bins - 1, int((s.offset.x + r) / (2 * r) * bins));
      const int by = std::min(bins - 1, int((s.offset.y + r) / (2 * r) * bins));
      count_x[size_t(bx)] += 1, count_y[size_t(by)] += 1;
      weight_x[size_t(bx)] += s.weight;
      weight_sum += s.weight;
    }
    double chi_x = 0, chi_y = 0, worst_weighted = 0;
    for (int b = 0; b < bins; ++b) {
      const double e = mass[size_t(b)] * n;
      chi_x += (count_x[size_t(b)] - e) * (count_x[size_t(b)] - e) / e;
      chi_y += (count_y[size_t(b)] - e) * (count_y[size_t(b)] - e) / e;
      // Weighted: binomial-like noise, compared in standard errors of the count.
      worst_weighted = std::max(worst_weighted, std::abs(weight_x[size_t(b)] - e) / std::sqrt(e));
    }
    INFO("chi-square x " << chi_x << ", y " << chi_y << ", worst weighted bin " << worst_weighted << " sigma");
    CHECK(chi_x < 75);
    CHECK(chi_y < 75);
    CHECK(worst_weighted < 6);
    CHECK(std::abs(weight_sum / n - 1.0) < 0.01);
    // The profile Filter reports is the normalized reference.
    for (double x : {-0.9 * r, -0.3 * r, 0.0, 0.55 * r})
      CHECK(filter.profile(x) == Approx(reference_profile(spec.kind, r, x) / total).epsilon(1e-4));
  }
}

TEST_CASE("box radius 0.5 covers the pixel uniformly with weight one, tent radius 1 is today's offsets", "[filter]") {
  const Filter box(parse_filter("box"));
  const int cells = 8, n = 64000;
  std::vector<int> count(cells * cells, 0);
  for (int i = 0; i < n; ++i) {
    IndependentSampler u(5, i, 1, 0);
    const FilterSample s = box.sample(u.get_2d());
    REQUIRE(s.weight == 1.0f);
    REQUIRE(s.offset.x >= -0.5f);
    REQUIRE(s.offset.x < 0.5f);
    REQUIRE(s.offset.y >= -0.5f);
    REQUIRE(s.offset.y < 0.5f);
    ++count[size_t(int((s.offset.y + 0.5f) * cells) * cells + int((s.offset.x + 0.5f) * cells))];
  }
  double chi2 = 0;
  const double e = double(n) / (cells * cells);
  for (int c : count) chi2 += (c - e) * (c - e) / e;
  CHECK(chi2 < 130);  // 63 degrees of freedom, p about 1e-6
  // The default filter is the tent of radius 1, sampled exactly as before this
  // filter interface (sample_tent), so pixels did not move.
  const Filter tent;
  CHECK(tent.spec().kind == FilterKind::Tent);
  CHECK(tent.spec().radius == 1.0f);
  for (float u : {0.0f, 0.1f, 0.4999f, 0.5f, 0.73f, 0.99999994f}) {
    const FilterSample s = tent.sample({u, 1.0f - u});
    CHECK(s.offset.x == sample_tent(u));
    CHECK(s.offset.y == sample_tent(1.0f - u));
    CHECK(s.weight == 1.0f);
  }
}

TEST_CASE("filter names and radii: parsed, printed back, and bad ones refused with one line", "[filter]") {
  CHECK(to_string(parse_filter("box")) == "box:0.5");
  CHECK(to_string(parse_filter("tent")) == "tent:1");
  CHECK(to_string(parse_filter("gaussian")) == "gaussian:1.5");
  CHECK(to_string(parse_filter("blackman-harris")) == "blackman-harris:1.5");
  CHECK(to_string(parse_filter("gaussian:0.8")) == "gaussian:0.8");
  CHECK(parse_filter("tent:2.5").radius == 2.5f);
  CHECK(parse_filter("box:16").radius == 16.0f);
  const auto message = [](const std::string& text) {
    try {
      parse_filter(text);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message("mitchell") ==
        "unknown filter \"mitchell\" (expected box, tent, gaussian or blackman-harris, optionally :RADIUS)");
  CHECK(message("") == "unknown filter \"\" (expected box, tent, gaussian or blackman-harris, optionally :RADIUS)");
  CHECK(message("Gaussian") .find("unknown filter \"Gaussian\"") == 0);
  CHECK(message("gaussian:") == "filter radius \"\" is not a number");
  CHECK(message("gaussian:wide") == "filter radius \"wide\" is not a number");
  CHECK(message("gaussian:1.5px") == "filter radius \"1.5px\" is not a number");
  CHECK(message("box:nan") == "filter radius \"nan\" is not a number");
  CHECK(message("box:inf") == "filter radius \"inf\" is not a number");
  CHECK(message("box:0") == "filter radius 0 is out of range (0, 16] pixels");
  CHECK(message("tent:-1") == "filter radius -1 is out of range (0, 16] pixels");
  CHECK(message("tent:16.5") == "filter radius 16.5 is out of range (0, 16] pixels");
}
