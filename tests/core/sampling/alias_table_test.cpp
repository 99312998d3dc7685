// AliasTable: indices come out with probability weight / sum (chi-square over
// the bins), the pmf it reports is that probability, and zero weights are
// never drawn.

#include "core/sampling/alias_table.h"
#include "core/sampling/sampler.h"
#include "tests/core/sampling/chi_square.h"

#include <catch2/catch.hpp>

#include <vector>

using namespace tessera;

namespace {

// Chi-square p-value of `n` draws from `table` against the weights.
chi_square::Chi2Result draw(const AliasTable& table, const std::vector<double>& weights, int n) {
  double total = 0;
  for (double w : weights) total += w;
  std::vector<double> observed(weights.size(), 0.0), expected(weights.size());
  for (size_t i = 0; i < weights.size(); ++i) expected[i] = n * weights[i] / total;
  for (int i = 0; i < n; ++i) {
    PixelSampler s(3, i, 0, 0);
    float pmf = 0;
    const uint32_t k = table.sample(s.get_1d(), pmf);
    REQUIRE(k < weights.size());
    REQUIRE(pmf == table.pmf(k));
    observed[k] += 1;
  }
  return chi_square::chi2_test(observed, expected);
}

}  // namespace

TEST_CASE("alias table: draws follow the weights (chi-square)", "[sampling][alias]") {
  const std::vector<double> weights = {1, 0, 7.5, 0.25, 3, 3, 0.001, 12, 0, 2, 40, 0.5};
  const AliasTable table(weights);
  REQUIRE(table.size() == weights.size());
  double total = 0;
  for (double w : weights) total += w;
  for (size_t i = 0; i < weights.size(); ++i) CHECK(table.pmf(uint32_t(i)) == Approx(weights[i] / total));

  const chi_square::Chi2Result r = draw(table, weights, 200000);
  INFO("X^2 " << r.statistic << " with " << r.dof << " dof, p " << r.p_value);
  CHECK_FALSE(r.impossible_sample);  // zero weights never drawn
  CHECK(r.p_value > 0.001);

  // Negative control: the same draws judged against other weights fail.
  std::vector<double> wrong = weights;
  wrong[2] = 9.0;
  CHECK(draw(table, wrong, 200000).p_value < 1e-6);
}

TEST_CASE("alias table: many equal and one heavy weight, one weight, none", "[sampling][alias]") {
  std::vector<double> weights(1000, 1.0);
  weights[17] = 1000.0;
  const AliasTable table(weights);
  const chi_square::Chi2Result r = draw(table, weights, 100000);
  INFO("X^2 " << r.statistic << " with " << r.dof << " dof, p " << r.p_value);
  CHECK(r.p_value > 0.001);

  const AliasTable one({2.0});
  float pmf = 0;
  CHECK(one.sample(0.0f, pmf) == 0u);
  CHECK(one.sample(0.99999994f, pmf) == 0u);
  CHECK(pmf == 1.0f);
  CHECK(AliasTable({0.0, 0.0}).empty());
  CHECK(AliasTable(std::vector<double>{}).empty());
}
