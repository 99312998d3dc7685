#pragma once
// Image: a linear RGB float framebuffer, row-major from the top-left pixel.

#include "core/engine/bucket.h"
#include "core/math/vec3.h"

#include <vector>

namespace tessera {

class Image {
 public:
  Image() = default;
  Image(int width, int height) : width_(width), height_(height), rgb_(size_t(width) * height * 3, 0.0f) {}

  int width() const { return width_; }
  int height() const { return height_; }
  Vec3 pixel(int x, int y) const {
    const float* p = &rgb_[(size_t(y) * width_ + x) * 3];
    return {p[0], p[1], p[2]};
  }
  void set_pixel(int x, int y, const Vec3& c) {
    float* p = &rgb_[(size_t(y) * width_ + x) * 3];
    p[0] = c.x, p[1] = c.y, p[2] = c.z;
  }
  // Copy a bucket's pixels (rect.width * rect.height RGB triples, row-major) into
  // place. Thread-safe for disjoint rects, which buckets always are.
  void write_rect(const PixelRect& rect, const float* rgb);

  const std::vector<float>& data() const { return rgb_; }

 private:
  int width_ = 0, height_ = 0;
  std::vector<float> rgb_;
};

}  // namespace tessera
