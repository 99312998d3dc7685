#include "core/engine/bucket.h"

#include "core/engine/bucket_grid.h"

namespace tessera {

std::vector<Bucket> cut_into_buckets(int width, int height, BucketSize size) {
  std::vector<Bucket> buckets;
  if (width <= 0 || height <= 0 || size.width <= 0 || size.height <= 0) return buckets;
  const BucketGrid grid(width, height, size);
  buckets.reserve(size_t(grid.count()));
  for (int id = 0; id < grid.count(); ++id) buckets.push_back(grid.bucket(id));
  return buckets;
}

}  // namespace tessera
