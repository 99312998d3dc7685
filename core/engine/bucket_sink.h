#pragma once
// BucketSink: where the completer delivers finished buckets. Called from the
// completer thread only, one bucket at a time, so sinks need no locking.

#include "core/base/error.h"
#include "core/engine/bucket_buffer.h"
#include "core/image/aov_image.h"
#include "core/image/image.h"

namespace tessera {

class BucketSink {
 public:
  virtual ~BucketSink() = default;
  // Called once before the first bucket.
  virtual void begin(int width, int height) {}
  virtual void write_bucket(const BucketBuffer& bucket) = 0;
  // Called once after the last bucket of a complete render.
  virtual void finish() {}
  // Whether this sink needs buckets in scanline (id) order.
  virtual bool needs_sequential() const { return false; }
};

// Merges buckets into a full framebuffer, and their AOV layers (`aovs`) into a
// second one. A bucket must carry exactly those layers.
class ImageSink final : public BucketSink {
 public:
  explicit ImageSink(AovSet aovs = {}) : aovs_(aovs) {}
  void begin(int width, int height) override {
    image_ = Image(width, height);
    aov_ = AovImage(width, height, aovs_);
  }
  void write_bucket(const BucketBuffer& b) override {
    if (b.aovs != aovs_) throw Error("bucket " + std::to_string(b.bucket.id) + " carries other AOV layers than the image");
    image_.write_rect(b.bucket.rect, b.rgb.data());
    if (!aovs_.empty()) aov_.write_rect(b.bucket.rect, b.aov.data());
  }
  const Image& image() const { return image_; }
  Image& image() { return image_; }
  const AovImage& aov() const { return aov_; }  // empty set: no layers

 private:
  AovSet aovs_;
  Image image_;
  AovImage aov_;
};

}  // namespace tessera
