#include "core/sampling/filter.h"

#include "core/base/error.h"
#include "core/sampling/sampling.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace tessera {
namespace {

constexpr double kPiD = 3.14159265358979323846;
// Cells of the tabulated CDF. The CDF at each cell boundary is the filter's
// exact integral (Simpson's rule on 16 steps per cell, far below float), so
// the sampled mass of any interval made of whole cells is exact, and inside a
// cell the pdf is constant: w = f / pdf stays within a few percent of one.
constexpr int kCells = 256;

}  // namespace

float default_filter_radius(FilterKind kind) {
  switch (kind) {
    case FilterKind::Box: return 0.5f;
    case FilterKind::Tent: return 1.0f;
    case FilterKind::Gaussian: return 1.5f;
    case FilterKind::BlackmanHarris: return 1.5f;
  }
  return 1.0f;
}

const char* to_string(FilterKind kind) {
  switch (kind) {
    case FilterKind::Box: return "box";
    case FilterKind::Tent: return "tent";
    case FilterKind::Gaussian: return "gaussian";
    case FilterKind::BlackmanHarris: return "blackman-harris";
  }
  return "?";
}

FilterSpec parse_filter(const std::string& text) {
  const size_t colon = text.find(':');
  const std::string name = text.substr(0, colon);
  FilterSpec spec;
  if (name == "box") spec.kind = FilterKind::Box;
  else if (name == "tent") spec.kind = FilterKind::Tent;
  else if (name == "gaussian") spec.kind = FilterKind::Gaussian;
  else if (name == "blackman-harris") spec.kind = FilterKind::BlackmanHarris;
  else throw Error("unknown filter \"" + name + "\" (expected box, tent, gaussian or blackman-harris, optionally :RADIUS)");
  spec.radius = default_filter_radius(spec.kind);
  if (colon != std::string::npos) {
    const std::string r = text.substr(colon + 1);
    char* end = nullptr;
    const double v = r.empty() ? 0.0 : std::strtod(r.c_str(), &end);
    if (r.empty() || *end != '\0' || !std::isfinite(v))
      throw Error("filter radius \"" + r + "\" is not a number");
    if (!(v > 0.0 && v <= kMaxFilterRadius))
      throw Error("filter radius " + r + " is out of range (0, 16] pixels");
    spec.radius = float(v);
  }
  return spec;
}

std::string to_string(const FilterSpec& spec) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", double(spec.radius));
  if (double(std::strtof(buf, nullptr)) != double(spec.radius)) std::snprintf(buf, sizeof buf, "%.9g", double(spec.radius));
  return std::string(to_string(spec.kind)) + ":" + buf;
}

double Filter::unnormalized(double x) const {
  const double r = spec_.radius;
  if (std::abs(x) > r) return 0.0;
  switch (spec_.kind) {
    case FilterKind::Box: return 1.0;
    case FilterKind::Tent: return r - std::abs(x);
    case FilterKind::Gaussian: {
      // pbrt's gaussian: sigma = r / 3, shifted down to reach zero at the radius.
      const double s2 = 2.0 * (r / 3.0) * (r / 3.0);
      return std::max(0.0, std::exp(-x * x / s2) - std::exp(-r * r / s2));
    }
    case FilterKind::BlackmanHarris: {
      // The four-term Blackman-Harris window over [-r, r]: 1 at the centre, 6e-5 at the ends.
      const double t = kPiD * x / r;
      return 0.35875 + 0.48829 * std::cos(t) + 0.14128 * std::cos(2 * t) + 0.01168 * std::cos(3 * t);
    }
  }
  return 0.0;
}

Filter::Filter(const FilterSpec& spec) : spec_(spec) {
  if (!(spec.radius > 0.0f && spec.radius <= kMaxFilterRadius)) throw Error("filter radius out of range (0, 16]");
  const double r = spec.radius;
  if (spec.kind == FilterKind::Box) {
    norm_ = 1.0 / (2 * r);
  } else if (spec.kind == FilterKind::Tent) {
    norm_ = 1.0 / (r * r);
  } else {
    cdf_.assign(size_t(kCells) + 1, 0.0);
    const double h = 2 * r / kCells;
    const int steps = 16;  // Simpson's rule within each cell
    for (int i = 0; i < kCells; ++i) {
      const double a = -r + i * h, dh = h / steps;
      double sum = unnormalized(a) + unnormalized(a + h);
      for (int k = 1; k < steps; ++k) sum += (k % 2 ? 4.0 : 2.0) * unnormalized(a + k * dh);
      cdf_[size_t(i) + 1] = cdf_[size_t(i)] + sum * dh / 3.0;
    }
    const double total = cdf_.back();
    norm_ = 1.0 / total;
    for (double& c : cdf_) c /= total;
    cdf_.back() = 1.0;
  }
}

double Filter::profile(double x) const { return unnormalized(x) * norm_; }

// Filters without a closed form (gaussian, blackman-harris; sample() in the
// header takes box and tent): invert the tabulated CDF, the cell holding u,
// then linearly within it.
Filter::Sample1D Filter::sample_1d(float u) const {
  const float r = spec_.radius;
  const double ud = u;
  const size_t i = size_t(std::upper_bound(cdf_.begin() + 1, cdf_.end() - 1, ud) - cdf_.begin()) - 1;
  const double c0 = cdf_[i], c1 = cdf_[i + 1];
  const double h = 2.0 * r / kCells;
  const double mass = c1 - c0;
  const double t = mass > 0 ? (ud - c0) / mass : 0.5;
  const double x = std::min(double(r), -double(r) + (double(i) + t) * h);
  const double pdf = mass / h;
  return {float(x), float(profile(x) / pdf)};
}

FilterSample Filter::sample_tabulated(Vec2 u) const {
  const Sample1D sx = sample_1d(u.x), sy = sample_1d(u.y);
  return {{sx.x, sy.x}, sx.weight * sy.weight};
}

}  // namespace tessera
