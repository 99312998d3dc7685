#pragma once
// BucketGrid: the image cut into a grid of buckets, with lookups by id and by
// pixel. Bucket ids are row-major; every pixel belongs to exactly one bucket.

#include "core/engine/bucket.h"

#include <algorithm>

namespace tessera {

class BucketGrid {
 public:
  BucketGrid(int width, int height, BucketSize size)
      : width_(width), height_(height), size_(size),
        cols_((width + size.width - 1) / size.width), rows_((height + size.height - 1) / size.height) {}

  int count() const { return cols_ * rows_; }
  int cols() const { return cols_; }
  int rows() const { return rows_; }
  int width() const { return width_; }
  int height() const { return height_; }
  BucketSize bucket_size() const { return size_; }

  Bucket bucket(int id) const {
    const int c = id % cols_, r = id / cols_;
    const int x = c * size_.width, y = r * size_.height;
    return {id, {x, y, std::min(size_.width, width_ - x), std::min(size_.height, height_ - y)}};
  }
  // The bucket holding pixel (x, y), which must lie in the image.
  int id_at(int x, int y) const { return (y / size_.height) * cols_ + x / size_.width; }

 private:
  int width_, height_;
  BucketSize size_;
  int cols_, rows_;
};

}  // namespace tessera
