#pragma once
// Piecewise-constant distributions on [0, 1) and [0, 1)^2 by inverting their
// CDFs (pbrt-v4 util/sampling.h PiecewiseConstant1D / 2D): what an environment
// map is importance sampled with. Inversion, not an alias table, because it
// maps u monotonically to the point, so stratified u stay stratified.

#include "core/math/vec3.h"

#include <cstddef>
#include <vector>

namespace tessera {

class PiecewiseConstant1D {
 public:
  PiecewiseConstant1D() = default;
  // `weights` finite and >= 0, at least one. All zero: uniform (every cell may
  // be drawn, so a caller never meets a point of density 0 it could not draw).
  explicit PiecewiseConstant1D(const std::vector<float>& weights);

  size_t size() const { return func_.size(); }
  // Sum of the weights / size (their integral over [0, 1)); as given, before the uniform fallback.
  double integral() const { return integral_; }
  // x in [0, 1) with density pdf(x) = func[cell] / normalized integral; `cell` is x's cell.
  float sample(float u, float& pdf, size_t& cell) const;
  float pdf(size_t cell) const { return pdf_[cell]; }

 private:
  std::vector<float> func_;  // the weights (uniform when all were zero)
  std::vector<float> pdf_;   // func / integral, per cell
  std::vector<double> cdf_;  // size + 1 entries, cdf_[0] = 0, cdf_[size] = 1
  double integral_ = 0;
};

// Over [0, 1)^2, from a row-major nu x nv grid of weights (u across, v down):
// the marginal over v of each row's sum, then a conditional over u per row.
class PiecewiseConstant2D {
 public:
  PiecewiseConstant2D() = default;
  PiecewiseConstant2D(const std::vector<float>& weights, size_t nu, size_t nv);

  // (u, v) with density pdf(u, v); u.y picks the row (v), u.x the column (u).
  Vec2 sample(Vec2 u, float& pdf) const;
  // The density at (u, v) in [0, 1)^2 (outside: clamped to the nearest cell).
  float pdf(Vec2 p) const;
  double integral() const { return marginal_.integral(); }

 private:
  std::vector<PiecewiseConstant1D> conditional_;  // one per row
  PiecewiseConstant1D marginal_;
  size_t nu_ = 0, nv_ = 0;
};

}  // namespace tessera
