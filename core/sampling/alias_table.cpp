#include "core/sampling/alias_table.h"

namespace tessera {

AliasTable::AliasTable(const std::vector<double>& weights) {
  double total = 0;
  for (double w : weights) total += w;
  if (weights.empty() || !(total > 0)) return;
  const size_t n = weights.size();
  bins_.resize(n);
  // Each bin holds scaled probability n * p; Vose: pair an under-full bin with
  // an over-full one, which lends it the rest of its unit.
  std::vector<double> scaled(n);
  std::vector<uint32_t> small, large;
  for (size_t i = 0; i < n; ++i) {
    bins_[i].pmf = float(weights[i] / total);
    scaled[i] = weights[i] / total * double(n);
    (scaled[i] < 1.0 ? small : large).push_back(uint32_t(i));
  }
  while (!small.empty() && !large.empty()) {
    const uint32_t s = small.back(), l = large.back();
    small.pop_back();
    bins_[s].threshold = float(scaled[s]);
    bins_[s].alias = l;
    scaled[l] -= 1.0 - scaled[s];
    if (scaled[l] < 1.0) {
      large.pop_back();
      small.push_back(l);
    }
  }
  // What is left is full up to rounding: keep itself.
  for (uint32_t i : small) bins_[i].threshold = 1, bins_[i].alias = i;
  for (uint32_t i : large) bins_[i].threshold = 1, bins_[i].alias = i;
}

}  // namespace tessera
