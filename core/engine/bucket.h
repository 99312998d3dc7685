#pragma once
// Buckets: the image cut into disjoint rectangles, the unit of scheduling,
// memory, progress and output. Every pixel belongs to exactly one bucket.

#include <cstdint>
#include <vector>

namespace tessera {

struct PixelRect {
  int x = 0, y = 0;           // top-left pixel
  int width = 0, height = 0;  // in pixels
  int64_t area() const { return int64_t(width) * height; }
  bool contains(int px, int py) const { return px >= x && py >= y && px < x + width && py < y + height; }
};

constexpr int kMaxBucketSide = 4096;
struct BucketSize {
  int width = 32, height = 32;  // pixels; each in [1, kMaxBucketSide]
};

struct Bucket {
  int id = 0;      // row-major index in the bucket grid; stable for an image and size
  PixelRect rect;  // clipped to the image at the right and bottom edges
};

// Cut a width x height image into buckets of `size`, in scanline order (ids 0..n-1).
// Edge buckets are clipped, so images need not be a multiple of the bucket size.
std::vector<Bucket> cut_into_buckets(int width, int height, BucketSize size);

}  // namespace tessera
