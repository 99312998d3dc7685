#include "core/sampling/piecewise_constant.h"

#include <algorithm>
#include <cmath>

namespace tessera {

PiecewiseConstant1D::PiecewiseConstant1D(const std::vector<float>& weights) : func_(weights) {
  const size_t n = func_.size();
  double sum = 0;
  for (float w : func_) sum += double(w);
  integral_ = n > 0 ? sum / double(n) : 0.0;
  if (!(sum > 0)) std::fill(func_.begin(), func_.end(), 1.0f), sum = double(n);
  cdf_.assign(n + 1, 0.0);
  pdf_.assign(n, 0.0f);
  for (size_t i = 0; i < n; ++i) {
    cdf_[i + 1] = cdf_[i] + double(func_[i]) / sum;
    pdf_[i] = float(double(func_[i]) * double(n) / sum);
  }
  cdf_[n] = 1.0;
}

float PiecewiseConstant1D::sample(float u, float& pdf, size_t& cell) const {
  // The last cell whose cdf <= u, skipping cells of zero weight (equal cdf entries).
  const auto it = std::upper_bound(cdf_.begin(), cdf_.end(), double(u));
  size_t i = size_t(std::max<std::ptrdiff_t>(0, (it - cdf_.begin()) - 1));
  i = std::min(i, func_.size() - 1);
  while (func_[i] == 0.0f && i + 1 < func_.size()) ++i;  // u exactly on a boundary before empty cells
  const double width = cdf_[i + 1] - cdf_[i];
  double du = width > 0 ? (double(u) - cdf_[i]) / width : 0.5;
  du = std::min(std::max(du, 0.0), 1.0);
  cell = i;
  pdf = pdf_[i];
  const float x = float((double(i) + du) / double(func_.size()));
  // Stay in [0, 1) and in the cell chosen (float rounding of the last step).
  const float hi = std::nextafter(float(double(i + 1) / double(func_.size())), 0.0f);
  return std::min(std::max(x, float(double(i) / double(func_.size()))), hi);
}

PiecewiseConstant2D::PiecewiseConstant2D(const std::vector<float>& weights, size_t nu, size_t nv) : nu_(nu), nv_(nv) {
  std::vector<float> rows(nv);
  conditional_.reserve(nv);
  for (size_t v = 0; v < nv; ++v) {
    conditional_.emplace_back(std::vector<float>(weights.begin() + v * nu, weights.begin() + (v + 1) * nu));
    rows[v] = float(conditional_.back().integral());
  }
  marginal_ = PiecewiseConstant1D(rows);
}

Vec2 PiecewiseConstant2D::sample(Vec2 u, float& pdf) const {
  float pdf_v = 0, pdf_u = 0;
  size_t row = 0, column = 0;
  const float v = marginal_.sample(u.y, pdf_v, row);
  const float x = conditional_[row].sample(u.x, pdf_u, column);
  pdf = pdf_v * pdf_u;
  return {x, v};
}

float PiecewiseConstant2D::pdf(Vec2 p) const {
  const size_t iu = std::min(nu_ - 1, size_t(std::max(0.0f, p.x) * float(nu_)));
  const size_t iv = std::min(nv_ - 1, size_t(std::max(0.0f, p.y) * float(nv_)));
  return marginal_.pdf(iv) * conditional_[iv].pdf(iu);
}

}  // namespace tessera
