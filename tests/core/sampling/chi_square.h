#pragma once
// Pearson's chi-square goodness-of-fit test over cells, with its p-value from
// the regularized upper incomplete gamma function, shared by the sampling
// tests (bsdf_sampling_test.cpp tests the distribution functions themselves):
// cells expecting fewer than 5 samples are pooled; a sample where the pdf is
// zero fails at once.

#include <cmath>
#include <limits>
#include <vector>

namespace tessera::chi_square {

// Regularized lower incomplete gamma P(a, x) by its power series; converges
// quickly for x < a + 1.
inline double gamma_p_series(double a, double x) {
  double term = 1.0 / a, sum = term;
  for (int n = 1; n < 10000; ++n) {
    term *= x / (a + n);
    sum += term;
    if (std::abs(term) < std::abs(sum) * 1e-16) break;
  }
  return sum * std::exp(-x + a * std::log(x) - std::lgamma(a));
}

// Regularized upper incomplete gamma Q(a, x) by its continued fraction (modified
// Lentz); converges quickly for x >= a + 1.
inline double gamma_q_fraction(double a, double x) {
  const double tiny = 1e-300;
  double b = x + 1.0 - a, c = 1.0 / tiny, d = 1.0 / b, h = d;
  for (int i = 1; i < 10000; ++i) {
    const double an = -i * (i - a);
    b += 2.0;
    d = an * d + b;
    if (std::abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (std::abs(c) < tiny) c = tiny;
    d = 1.0 / d;
    const double delta = d * c;
    h *= delta;
    if (std::abs(delta - 1.0) < 1e-16) break;
  }
  return std::exp(-x + a * std::log(x) - std::lgamma(a)) * h;
}

// Q(a, x) = 1 - P(a, x), each branch where it is accurate (no cancellation).
inline double gamma_q(double a, double x) {
  if (x <= 0.0) return 1.0;
  return x < a + 1.0 ? 1.0 - gamma_p_series(a, x) : gamma_q_fraction(a, x);
}

// P(X^2 >= x) for a chi-square variable with `dof` degrees of freedom.
inline double chi2_survival(double x, int dof) { return gamma_q(0.5 * dof, 0.5 * x); }

// The x with P(X^2 >= x) = p, by bisection (the survival function decreases in x).
inline double chi2_quantile_upper(double p, int dof) {
  double lo = 0.0, hi = dof + 100.0 * std::sqrt(2.0 * dof) + 100.0;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (chi2_survival(mid, dof) > p ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

// ---- Pearson's test over cells -----------------------------------------------

struct Chi2Result {
  double statistic = 0;
  int dof = 0;
  double p_value = 0;
  bool impossible_sample = false;  // a sample fell where the pdf is zero
};

inline Chi2Result chi2_test(const std::vector<double>& observed, const std::vector<double>& expected) {
  constexpr double kMinExpected = 5.0;
  Chi2Result r;
  double pool_obs = 0, pool_exp = 0;
  int cells = 0;
  double smallest_regular_exp = std::numeric_limits<double>::infinity();
  size_t smallest_regular = 0;
  for (size_t i = 0; i < observed.size(); ++i) {
    if (expected[i] <= 0.0) {
      if (observed[i] > 0) r.impossible_sample = true;
      continue;
    }
    if (expected[i] < kMinExpected) {
      pool_obs += observed[i], pool_exp += expected[i];
      continue;
    }
    r.statistic += (observed[i] - expected[i]) * (observed[i] - expected[i]) / expected[i];
    ++cells;
    if (expected[i] < smallest_regular_exp) smallest_regular_exp = expected[i], smallest_regular = i;
  }
  if (pool_exp >= kMinExpected) {
    r.statistic += (pool_obs - pool_exp) * (pool_obs - pool_exp) / pool_exp;
    ++cells;
  } else if (pool_exp > 0.0 && cells > 0) {
    // Too small a pool to stand alone: merge it into the smallest regular cell.
    const double o = observed[smallest_regular], e = expected[smallest_regular];
    r.statistic -= (o - e) * (o - e) / e;
    const double mo = o + pool_obs, me = e + pool_exp;
    r.statistic += (mo - me) * (mo - me) / me;
  }
  r.dof = cells - 1;
  r.p_value = r.impossible_sample ? 0.0 : chi2_survival(r.statistic, r.dof);
  return r;
}

}  // namespace tessera::chi_square
