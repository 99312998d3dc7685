#include "core/bucket.h"

#include <algorithm>

namespace tessera {

std::vector<Bucket> cut_into_buckets(int width, int height, BucketSize size) {
  std::vector<Bucket> buckets;
  if (width <= 0 || height <= 0 || size.width <= 0 || size.height <= 0) return buckets;
  const int cols = (width + size.width - 1) / size.width;
  const int rows = (height + size.height - 1) / size.height;
  buckets.reserve(size_t(cols) * rows);
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) {
      const int x = c * size.width, y = r * size.height;
      buckets.push_back({r * cols + c, {x, y, std::min(size.width, width - x), std::min(size.height, height - y)}});
    }
  }
  return buckets;
}

}  // namespace tessera
