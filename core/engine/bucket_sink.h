#pragma once
// BucketSink: where the completer delivers finished buckets. Called from the
// completer thread only, one bucket at a time, so sinks need no locking.

#include "core/engine/bucket_buffer.h"
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

// Merges buckets into a full framebuffer.
class ImageSink final : public BucketSink {
 public:
  void begin(int width, int height) override { image_ = Image(width, height); }
  void write_bucket(const BucketBuffer& b) override { image_.write_rect(b.bucket.rect, b.rgb.data()); }
  const Image& image() const { return image_; }
  Image& image() { return image_; }

 private:
  Image image_;
};

}  // namespace tessera
