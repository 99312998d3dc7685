#include "core/engine/bucket_order.h"

#include "core/base/error.h"
#include "core/base/hash.h"

#include <algorithm>
#include <numeric>

namespace tessera {
namespace {

// Distance of (x, y) along the Hilbert curve filling an n x n square (n a power of two).
uint64_t hilbert_index(uint32_t n, uint32_t x, uint32_t y) {
  uint64_t d = 0;
  for (uint32_t s = n / 2; s > 0; s /= 2) {
    const uint32_t rx = (x & s) > 0, ry = (y & s) > 0;
    d += uint64_t(s) * s * ((3 * rx) ^ ry);
    if (ry == 0) {  // rotate the quadrant
      if (rx == 1) x = s - 1 - x, y = s - 1 - y;
      std::swap(x, y);
    }
  }
  return d;
}

std::vector<int> spiral(const BucketGrid& grid) {
  // Walk a square spiral from the centre cell (right, down, left, up with run
  // lengths 1, 1, 2, 2, 3, 3, ...), keeping the cells that lie in the grid.
  std::vector<int> order;
  order.reserve(size_t(grid.count()));
  int x = (grid.cols() - 1) / 2, y = (grid.rows() - 1) / 2;
  const int dx[4] = {1, 0, -1, 0}, dy[4] = {0, 1, 0, -1};
  const auto visit = [&] {
    if (x >= 0 && y >= 0 && x < grid.cols() && y < grid.rows()) order.push_back(y * grid.cols() + x);
  };
  visit();
  for (int run = 1, dir = 0; int(order.size()) < grid.count(); ++run) {
    for (int twice = 0; twice < 2; ++twice, dir = (dir + 1) % 4) {
      for (int step = 0; step < run; ++step) {
        x += dx[dir], y += dy[dir];
        visit();
      }
    }
  }
  return order;
}

}  // namespace

BucketOrder parse_bucket_order(const std::string& name) {
  if (name == "scanline") return BucketOrder::Scanline;
  if (name == "spiral") return BucketOrder::Spiral;
  if (name == "hilbert") return BucketOrder::Hilbert;
  if (name == "random") return BucketOrder::Random;
  throw Error("unknown bucket order \"" + name + "\" (expected scanline, spiral, hilbert or random)");
}

const char* to_string(BucketOrder order) {
  switch (order) {
    case BucketOrder::Scanline: return "scanline";
    case BucketOrder::Spiral: return "spiral";
    case BucketOrder::Hilbert: return "hilbert";
    case BucketOrder::Random: return "random";
  }
  return "?";
}

std::vector<int> make_bucket_order(const BucketGrid& grid, BucketOrder order, uint64_t seed) {
  std::vector<int> ids(size_t(grid.count()));
  std::iota(ids.begin(), ids.end(), 0);
  switch (order) {
    case BucketOrder::Scanline: return ids;
    case BucketOrder::Spiral: return spiral(grid);
    case BucketOrder::Hilbert: {
      uint32_t n = 1;
      while (n < uint32_t(std::max(grid.cols(), grid.rows()))) n *= 2;
      std::vector<uint64_t> key(ids.size());
      for (int id : ids) key[size_t(id)] = hilbert_index(n, uint32_t(id % grid.cols()), uint32_t(id / grid.cols()));
      std::sort(ids.begin(), ids.end(), [&](int a, int b) { return key[size_t(a)] < key[size_t(b)]; });
      return ids;
    }
    case BucketOrder::Random: {
      // Fisher-Yates with hashed indices: the same seed gives the same order everywhere.
      for (size_t i = ids.size(); i > 1; --i) {
        const size_t j = size_t(hash_combine(mix64(seed), i) % i);
        std::swap(ids[i - 1], ids[j]);
      }
      return ids;
    }
  }
  return ids;
}

}  // namespace tessera
