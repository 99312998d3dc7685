#pragma once
// AliasTable: draws index i with probability weight[i] / sum in O(1) per
// sample (Walker's alias method, built by Vose's algorithm in O(n)), so
// choosing among 100,000 lights costs what choosing among 10 does.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tessera {

class AliasTable {
 public:
  AliasTable() = default;
  // Weights must be finite and >= 0. All zero (or none) leaves the table empty.
  explicit AliasTable(const std::vector<double>& weights);

  bool empty() const { return bins_.empty(); }
  size_t size() const { return bins_.size(); }
  // An index drawn with probability pmf(index), from one uniform u in [0, 1);
  // its pmf is returned in `pmf`. The table must not be empty. Thread-safe.
  uint32_t sample(float u, float& pmf) const {
    const float scaled = u * float(bins_.size());
    uint32_t i = uint32_t(scaled);
    if (i >= bins_.size()) i = uint32_t(bins_.size() - 1);  // u just below 1 rounds up
    const float remainder = scaled - float(i);               // in [0, 1): the second choice
    const Bin& b = bins_[i];
    const uint32_t chosen = remainder < b.threshold ? i : b.alias;
    pmf = bins_[chosen].pmf;
    return chosen;
  }
  float pmf(uint32_t index) const { return bins_[index].pmf; }

 private:
  struct Bin {
    float threshold = 1;  // keep this bin when the remainder is below it, else take the alias
    uint32_t alias = 0;
    float pmf = 0;  // probability of this index overall
  };
  std::vector<Bin> bins_;
};

}  // namespace tessera
