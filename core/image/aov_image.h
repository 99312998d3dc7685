#pragma once
// AovImage: a full-size framebuffer of the AOV layers of a render
// (core/render/aov.h), filled bucket by bucket beside the beauty's Image.

#include "core/engine/bucket.h"
#include "core/render/aov.h"

#include <vector>

namespace tessera {

// A full-size image of a set's channels, interleaved per pixel. Empty set: no memory.
class AovImage {
 public:
  AovImage() = default;
  AovImage(int width, int height, AovSet set)
      : width_(width), height_(height), set_(set), data_(size_t(width) * height * size_t(set.channels()), 0.0f) {}

  int width() const { return width_; }
  int height() const { return height_; }
  AovSet set() const { return set_; }
  int channels() const { return set_.channels(); }
  const float* pixel(int x, int y) const { return &data_[(size_t(y) * width_ + x) * size_t(channels())]; }
  // Copy a bucket's AOV channels (rect.area() pixels of channels() floats) into place.
  // Thread-safe for disjoint rects.
  void write_rect(const PixelRect& rect, const float* aov);
  const std::vector<float>& data() const { return data_; }

 private:
  int width_ = 0, height_ = 0;
  AovSet set_;
  std::vector<float> data_;
};

}  // namespace tessera
