#pragma once
// Streaming OpenEXR output: sinks that write buckets to disk as they arrive, so
// that a render never holds the whole image in memory.
//
// Both write RGBA (A = 1, as write_image does), and the AOV layers of `aovs`
// as 32-bit float channels named as in core/render/aov.h (albedo.R ...), through an AtomicFileWriter
// (core/base/atomic_file.h): a temporary file beside the final path, every write
// checked, fsynced and renamed into place in finish(). A sink destroyed without
// finish() -- the render failed or was abandoned -- removes its temporary file
// and leaves whatever was at the final path untouched. Failures throw
// tessera::Error("<path>: ..."), a full disk as "<path>: cannot write image:
// No space left on device".
// The header (with the attributes of set_metadata, as write_image writes them)
// goes to the file in begin(), before any bucket: what is known only after
// the render (its time) cannot be in a streamed file.
// OpenEXR stays out of this header (it is a private dependency of core).

#include "core/engine/bucket.h"
#include "core/engine/bucket_sink.h"
#include "core/image/image_metadata.h"
#include "core/render/aov.h"

#include <cstddef>
#include <memory>
#include <string>

namespace tessera {

// The temporary name a streaming sink writes to before renaming into `path`
// (temp_path_for in core/base/atomic_file.h).
std::string exr_temp_path(const std::string& path);

// Scanline EXR (INCREASING_Y, ZIP compression). Needs Completion::Sequential: it
// keeps one bucket row of pixels (width x bucket height x 4 channels, in the
// file's pixel type) and writes its scanlines when the row's last bucket arrives.
class ExrScanlineSink final : public BucketSink {
 public:
  explicit ExrScanlineSink(std::string path, bool half = true, AovSet aovs = {});
  ~ExrScanlineSink() override;
  ExrScanlineSink(const ExrScanlineSink&) = delete;
  ExrScanlineSink& operator=(const ExrScanlineSink&) = delete;

  void begin(int width, int height) override;  // opens the temporary file
  void write_bucket(const BucketBuffer& bucket) override;
  void finish() override;  // closes and renames into place
  bool needs_sequential() const override { return true; }

  const std::string& path() const { return path_; }
  // Header attributes for the next begin() (exr_metadata.h: software, settings, camera).
  void set_metadata(ImageMetadata metadata) { metadata_ = std::move(metadata); }
  // Peak bytes of pixel memory the sink itself held (its row buffer). OpenEXR's
  // own line buffer (one ZIP block, 16 scanlines) comes on top.
  size_t buffer_bytes() const { return peak_bytes_; }

 private:
  struct State;
  std::string path_;
  bool half_;
  ImageMetadata metadata_;
  AovSet aovs_;
  size_t peak_bytes_ = 0;
  std::unique_ptr<State> state_;  // between begin() and finish()
};

// Tiled EXR, one tile per bucket (tile size = bucket size), RANDOM_Y line order
// so tiles go to disk in whatever order they arrive: works with any completion
// mode and bucket order, and holds one tile of pixels.
class ExrTiledSink final : public BucketSink {
 public:
  ExrTiledSink(std::string path, BucketSize tile, bool half = true, AovSet aovs = {});
  ~ExrTiledSink() override;
  ExrTiledSink(const ExrTiledSink&) = delete;
  ExrTiledSink& operator=(const ExrTiledSink&) = delete;

  void begin(int width, int height) override;
  void write_bucket(const BucketBuffer& bucket) override;
  void finish() override;
  bool needs_sequential() const override { return false; }

  const std::string& path() const { return path_; }
  void set_metadata(ImageMetadata metadata) { metadata_ = std::move(metadata); }  // for the next begin()
  size_t buffer_bytes() const { return peak_bytes_; }  // its one tile buffer

 private:
  struct State;
  std::string path_;
  BucketSize tile_;
  bool half_;
  ImageMetadata metadata_;
  AovSet aovs_;
  size_t peak_bytes_ = 0;
  std::unique_ptr<State> state_;
};

}  // namespace tessera
