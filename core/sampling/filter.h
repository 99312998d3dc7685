#pragma once
// Filter: the pixel reconstruction filter, importance sampled (filter
// importance sampling): a sample belongs to one pixel, its film position is
// the pixel centre plus an offset drawn from the filter, and it carries the
// weight f / pdf. The pixel is sum(w L) / sum(w). Box and tent are sampled
// exactly (w = 1); gaussian and Blackman-Harris by inverting a tabulated CDF
// (w = f / pdf, within a few percent of 1). A filter with negative lobes would
// carry a signed weight through the same sum. Every filter here is separable:
// f(x, y) = f(x) f(y), each sampled on its own.

#include "core/math/vec3.h"
#include "core/sampling/sampling.h"

#include <string>
#include <vector>

namespace tessera {

enum class FilterKind { Box, Tent, Gaussian, BlackmanHarris };

struct FilterSpec {
  FilterKind kind = FilterKind::Tent;
  float radius = 1.0f;  // pixels, in (0, kMaxFilterRadius]; the filter is zero beyond it
};
constexpr float kMaxFilterRadius = 16.0f;

// The radius a filter gets when none is given: box 0.5 (the pixel), tent 1,
// gaussian 1.5 (sigma = radius / 3, as pbrt), blackman-harris 1.5.
float default_filter_radius(FilterKind kind);
// "box", "tent", "gaussian" or "blackman-harris", optionally ":RADIUS"
// ("gaussian:1.5"). Throws Error naming the problem (the caller names where
// the text came from).
FilterSpec parse_filter(const std::string& text);
// The canonical text: "name:radius" with the shortest radius that reads back.
std::string to_string(const FilterSpec& spec);
const char* to_string(FilterKind kind);

struct FilterSample {
  Vec2 offset;         // from the pixel centre, in pixels; each |coordinate| <= radius
  float weight = 1.0f; // f(offset) / pdf(offset), for f normalized to integrate to one
};

class Filter {
 public:
  explicit Filter(const FilterSpec& spec = {});

  // An offset for the uniform pair `u`. Thread-safe; allocates nothing.
  // Box and tent (the default) are sampled in closed form, inline: this runs
  // once per camera sample. Tent: radius * the unit tent's inverse CDF, so at
  // radius 1 exactly the offsets of the renderer before filters were chosen.
  FilterSample sample(Vec2 u) const {
    const float r = spec_.radius;
    if (spec_.kind == FilterKind::Tent) return {{r * sample_tent(u.x), r * sample_tent(u.y)}, 1.0f};
    if (spec_.kind == FilterKind::Box) return {{(2.0f * u.x - 1.0f) * r, (2.0f * u.y - 1.0f) * r}, 1.0f};
    return sample_tabulated(u);
  }
  // The one-dimensional profile, normalized to integrate to one over [-r, r].
  double profile(double x) const;
  const FilterSpec& spec() const { return spec_; }

 private:
  struct Sample1D {
    float x, weight;
  };
  Sample1D sample_1d(float u) const;  // tabulated filters only
  FilterSample sample_tabulated(Vec2 u) const;
  double unnormalized(double x) const;

  FilterSpec spec_;
  double norm_ = 1;           // 1 / integral of unnormalized() over [-r, r]
  std::vector<double> cdf_;   // tabulated filters: CDF at kCells + 1 evenly spaced points over [-r, r]
};

}  // namespace tessera
