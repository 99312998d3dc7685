#include "core/image/exr_stream_sink.h"

#include "core/base/error.h"
#include "core/image/exr_metadata.h"
#include "core/image/exr_ostream.h"

#include <string>

#include <ImfChannelList.h>
#include <ImfCompression.h>
#include <ImfFrameBuffer.h>
#include <ImfHeader.h>
#include <ImfLineOrder.h>
#include <ImfOutputFile.h>
#include <ImfTileDescription.h>
#include <ImfTiledOutputFile.h>
#include <Imath/half.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

namespace tessera {
namespace {

const char* const kChannels[4] = {"R", "G", "B", "A"};

std::string rect_text(const Bucket& b) {
  const PixelRect& r = b.rect;
  return "bucket " + std::to_string(b.id) + " (" + std::to_string(r.width) + "x" + std::to_string(r.height) + " at " +
         std::to_string(r.x) + "," + std::to_string(r.y) + ")";
}

// The temporary file an EXR is written to, and its fate: renamed into place by
// commit(), removed if the target is destroyed before that. Writes go through
// an AtomicFileWriter, which records the failures OpenEXR swallows (its file
// destructors write the offset table and cannot throw) for commit() to throw.
class ExrTarget {
 public:
  explicit ExrTarget(const std::string& path) : writer_(path, "image"), stream_(writer_) {}

  Imf::OStream& stream() { return stream_; }

  // Call after the OpenEXR file object is destroyed (it has then written its
  // offset table). On failure the temporary file is removed.
  void commit() { writer_.commit(); }

  // Rethrows a failure of our own (a full disk) in preference to OpenEXR's
  // wrapping of it, so the message names the final file and the reason.
  [[noreturn]] void fail(const std::string& context, const std::exception& e) {
    writer_.throw_if_failed();
    throw Error(writer_.path() + ": " + context + ": " + e.what());
  }

 private:
  AtomicFileWriter writer_;
  ExrOStream stream_;
};

// RGBA pixels in the file's pixel type (half or float); alpha is one. And the
// AOV channels of `aovs` (core/render/aov.h), always float, in a buffer of their own.
class RgbaBuffer {
 public:
  RgbaBuffer(bool half, AovSet aovs)
      : half_(half), aov_channels_(size_t(aovs.channels())), aov_names_(aov_channel_names(aovs)) {}

  size_t elem() const { return half_ ? sizeof(Imath::half) : sizeof(float); }
  size_t bytes() const { return pixels_ * 4 * elem() + aov_.size() * sizeof(float); }
  Imf::PixelType type() const { return half_ ? Imf::HALF : Imf::FLOAT; }

  // Room for at least `pixels` pixels. Alpha is set once here: stores touch RGB only.
  void reserve(size_t pixels) {
    if (pixels <= pixels_) return;
    if (half_) {
      halves_.assign(pixels * 4, Imath::half(0.0f));
      for (size_t i = 0; i < pixels; ++i) halves_[i * 4 + 3] = Imath::half(1.0f);
    } else {
      floats_.assign(pixels * 4, 0.0f);
      for (size_t i = 0; i < pixels; ++i) floats_[i * 4 + 3] = 1.0f;
    }
    aov_.assign(pixels * aov_channels_, 0.0f);
    pixels_ = pixels;
  }

  // Store `count` RGB triples starting at pixel index `first`.
  void store(size_t first, const float* rgb, int count) {
    if (half_) store_as(halves_.data() + first * 4, rgb, count);
    else store_as(floats_.data() + first * 4, rgb, count);
  }
  // Store `count` pixels of AOV channels starting at pixel index `first`.
  void store_aov(size_t first, const float* aov, int count) {
    if (aov_channels_ == 0) return;
    std::memcpy(aov_.data() + first * aov_channels_, aov, size_t(count) * aov_channels_ * sizeof(float));
  }

  // Slices that map image pixel (x, y) to buffer pixel
  // (y - origin_y) * row_pixels + (x - origin_x): the base pointer is moved back
  // by the origin's offset, so OpenEXR's base + x * xStride + y * yStride lands
  // in the buffer for the pixels of this window. Integer arithmetic, as
  // Imf::Slice::Make does, since the shifted base lies outside the buffer.
  Imf::FrameBuffer frame_buffer(int origin_x, int origin_y, int row_pixels) {
    const size_t e = elem();
    const size_t x_stride = 4 * e, y_stride = x_stride * size_t(row_pixels);
    const intptr_t shift = intptr_t(origin_x) * intptr_t(x_stride) + intptr_t(origin_y) * intptr_t(y_stride);
    const intptr_t data = half_ ? reinterpret_cast<intptr_t>(halves_.data()) : reinterpret_cast<intptr_t>(floats_.data());
    Imf::FrameBuffer fb;
    for (int c = 0; c < 4; ++c)
      fb.insert(kChannels[c], Imf::Slice(type(), reinterpret_cast<char*>(data + intptr_t(c * e) - shift), x_stride, y_stride));
    if (aov_channels_ > 0) {
      const size_t ax = aov_channels_ * sizeof(float), ay = ax * size_t(row_pixels);
      const intptr_t ashift = intptr_t(origin_x) * intptr_t(ax) + intptr_t(origin_y) * intptr_t(ay);
      const intptr_t adata = reinterpret_cast<intptr_t>(aov_.data());
      for (size_t c = 0; c < aov_channels_; ++c)
        fb.insert(aov_names_[c], Imf::Slice(Imf::FLOAT, reinterpret_cast<char*>(adata + intptr_t(c * sizeof(float)) - ashift),
                                            ax, ay));
    }
    return fb;
  }

 private:
  template <class T>
  static void store_as(T* rgba, const float* rgb, int count) {
    for (int i = 0; i < count; ++i)
      for (int c = 0; c < 3; ++c) rgba[size_t(i) * 4 + c] = T(rgb[size_t(i) * 3 + c]);
  }

  bool half_;
  size_t aov_channels_;
  std::vector<std::string> aov_names_;
  size_t pixels_ = 0;
  std::vector<Imath::half> halves_;
  std::vector<float> floats_;
  std::vector<float> aov_;
};

Imf::Header make_header(int width, int height, Imf::PixelType type, const ImageMetadata& metadata, AovSet aovs) {
  Imf::Header header(width, height);
  add_exr_metadata(header, metadata);
  // ZIP (16 scanlines a block) rather than ZIPS (one): better ratio, the same
  // choice as write_image (OpenEXR's default), and OpenEXR buffers at most one
  // block, which is independent of the bucket size. Lossless, so the file holds
  // exactly the values written.
  header.compression() = Imf::ZIP_COMPRESSION;
  for (const char* name : kChannels) header.channels().insert(name, Imf::Channel(type));
  for (const std::string& name : aov_channel_names(aovs)) header.channels().insert(name, Imf::Channel(Imf::FLOAT));
  return header;
}

void check_size(const std::string& path, int width, int height) {
  if (width < 1 || height < 1)
    throw Error(path + ": cannot write a " + std::to_string(width) + "x" + std::to_string(height) + " image");
}

}  // namespace

std::string exr_temp_path(const std::string& path) { return temp_path_for(path); }

// ---- ExrScanlineSink --------------------------------------------------------

// A bucket must carry the sink's AOV layers, no more and no fewer.
void check_aovs(const std::string& path, const BucketBuffer& b, AovSet aovs) {
  if (b.aovs != aovs)
    throw Error(path + ": " + rect_text(b.bucket) + " carries other AOV layers than the image");
}

struct ExrScanlineSink::State {
  State(const std::string& path, bool half, AovSet aovs) : target(path), row(half, aovs) {}
  ExrTarget target;                       // destroyed last: removes the file unless committed
  std::unique_ptr<Imf::OutputFile> file;  // destroyed before the target's stream
  RgbaBuffer row;                         // one bucket row: width x row height pixels
  int width = 0, height = 0;
  int row_y = 0;     // first scanline of the bucket row being filled (= scanlines written)
  int row_rows = 0;  // its height, set by its first bucket
  int next_x = 0;    // where the row's next bucket must start
};

ExrScanlineSink::ExrScanlineSink(std::string path, bool half, AovSet aovs)
    : path_(std::move(path)), half_(half), aovs_(aovs) {}
ExrScanlineSink::~ExrScanlineSink() = default;  // an unfinished State removes its temporary file

void ExrScanlineSink::begin(int width, int height) {
  state_.reset();
  check_size(path_, width, height);
  auto s = std::make_unique<State>(path_, half_, aovs_);
  s->width = width, s->height = height;
  Imf::Header header = make_header(width, height, s->row.type(), metadata_, aovs_);
  header.lineOrder() = Imf::INCREASING_Y;
  try {
    s->file = std::make_unique<Imf::OutputFile>(s->target.stream(), header);
  } catch (const std::exception& e) {
    s->target.fail("cannot write EXR", e);
  }
  state_ = std::move(s);
}

void ExrScanlineSink::write_bucket(const BucketBuffer& b) {
  if (!state_) throw Error(path_ + ": bucket written before begin() or after finish()");
  State& s = *state_;
  const PixelRect& r = b.bucket.rect;
  check_aovs(path_, b, aovs_);
  // Buckets must tile the image row by row, left to right (scanline id order).
  const bool in_order = r.y == s.row_y && r.x == s.next_x && r.width >= 1 && r.height >= 1 &&
                        r.x + r.width <= s.width && r.y + r.height <= s.height &&
                        (s.next_x == 0 || r.height == s.row_rows);
  if (!in_order)
    throw Error(path_ + ": " + rect_text(b.bucket) + " arrived out of scanline order (expected one at " +
                std::to_string(s.next_x) + "," + std::to_string(s.row_y) + ")");
  if (s.next_x == 0) {
    s.row_rows = r.height;
    s.row.reserve(size_t(s.width) * size_t(r.height));
    peak_bytes_ = std::max(peak_bytes_, s.row.bytes());
  }
  const size_t aov_channels = size_t(aovs_.channels());
  for (int y = 0; y < r.height; ++y) {
    s.row.store(size_t(y) * size_t(s.width) + size_t(r.x), b.rgb.data() + size_t(y) * size_t(r.width) * 3, r.width);
    if (aov_channels)
      s.row.store_aov(size_t(y) * size_t(s.width) + size_t(r.x), b.aov.data() + size_t(y) * size_t(r.width) * aov_channels,
                      r.width);
  }
  s.next_x += r.width;
  if (s.next_x < s.width) return;

  // The row is complete: its scanlines go to the file, and the buffer is reused.
  try {
    s.file->setFrameBuffer(s.row.frame_buffer(0, s.row_y, s.width));
    s.file->writePixels(s.row_rows);
  } catch (const std::exception& e) {
    s.target.fail("cannot write EXR scanlines " + std::to_string(s.row_y) + "-" +
                  std::to_string(s.row_y + s.row_rows - 1), e);
  }
  s.row_y += s.row_rows;
  s.next_x = 0;
}

void ExrScanlineSink::finish() {
  if (!state_) throw Error(path_ + ": finish() without begin()");
  State& s = *state_;
  if (s.row_y != s.height)
    throw Error(path_ + ": image incomplete: " + std::to_string(s.row_y) + " of " + std::to_string(s.height) +
                " scanlines written");
  s.file.reset();  // writes the offset table
  s.target.commit();
  state_.reset();
}

// ---- ExrTiledSink -----------------------------------------------------------

struct ExrTiledSink::State {
  State(const std::string& path, bool half, AovSet aovs) : target(path), tile(half, aovs) {}
  ExrTarget target;
  std::unique_ptr<Imf::TiledOutputFile> file;
  RgbaBuffer tile;  // one tile, tile width x tile height pixels
  int width = 0, height = 0, cols = 0, rows = 0;
  std::vector<bool> written;  // per tile
  int64_t count = 0;          // tiles written
};

ExrTiledSink::ExrTiledSink(std::string path, BucketSize tile, bool half, AovSet aovs)
    : path_(std::move(path)), tile_(tile), half_(half), aovs_(aovs) {
  if (tile_.width < 1 || tile_.height < 1)
    throw Error(path_ + ": bad tile size " + std::to_string(tile_.width) + "x" + std::to_string(tile_.height));
}
ExrTiledSink::~ExrTiledSink() = default;

void ExrTiledSink::begin(int width, int height) {
  state_.reset();
  check_size(path_, width, height);
  auto s = std::make_unique<State>(path_, half_, aovs_);
  s->width = width, s->height = height;
  s->cols = (width + tile_.width - 1) / tile_.width;
  s->rows = (height + tile_.height - 1) / tile_.height;
  s->written.assign(size_t(s->cols) * size_t(s->rows), false);
  s->tile.reserve(size_t(tile_.width) * size_t(tile_.height));
  peak_bytes_ = std::max(peak_bytes_, s->tile.bytes());
  Imf::Header header = make_header(width, height, s->tile.type(), metadata_, aovs_);
  header.setTileDescription(Imf::TileDescription(unsigned(tile_.width), unsigned(tile_.height), Imf::ONE_LEVEL));
  // RANDOM_Y: tiles are stored in the order written, so none waits in memory.
  header.lineOrder() = Imf::RANDOM_Y;
  try {
    s->file = std::make_unique<Imf::TiledOutputFile>(s->target.stream(), header);
  } catch (const std::exception& e) {
    s->target.fail("cannot write EXR", e);
  }
  state_ = std::move(s);
}

void ExrTiledSink::write_bucket(const BucketBuffer& b) {
  if (!state_) throw Error(path_ + ": bucket written before begin() or after finish()");
  State& s = *state_;
  const PixelRect& r = b.bucket.rect;
  check_aovs(path_, b, aovs_);
  const int tx = r.x / tile_.width, ty = r.y / tile_.height;
  const bool on_grid = r.x >= 0 && r.y >= 0 && r.x % tile_.width == 0 && r.y % tile_.height == 0 && tx < s.cols &&
                       ty < s.rows && r.width == std::min(tile_.width, s.width - r.x) &&
                       r.height == std::min(tile_.height, s.height - r.y);
  if (!on_grid)
    throw Error(path_ + ": " + rect_text(b.bucket) + " is not a tile of the " + std::to_string(tile_.width) + "x" +
                std::to_string(tile_.height) + " tile grid");
  const size_t index = size_t(ty) * size_t(s.cols) + size_t(tx);
  if (s.written[index]) throw Error(path_ + ": " + rect_text(b.bucket) + " written twice");
  const size_t aov_channels = size_t(aovs_.channels());
  for (int y = 0; y < r.height; ++y) {
    s.tile.store(size_t(y) * size_t(tile_.width), b.rgb.data() + size_t(y) * size_t(r.width) * 3, r.width);
    if (aov_channels)
      s.tile.store_aov(size_t(y) * size_t(tile_.width), b.aov.data() + size_t(y) * size_t(r.width) * aov_channels, r.width);
  }
  try {
    s.file->setFrameBuffer(s.tile.frame_buffer(r.x, r.y, tile_.width));
    s.file->writeTile(tx, ty);
  } catch (const std::exception& e) {
    s.target.fail("cannot write EXR tile " + std::to_string(tx) + "," + std::to_string(ty), e);
  }
  s.written[index] = true;
  ++s.count;
}

void ExrTiledSink::finish() {
  if (!state_) throw Error(path_ + ": finish() without begin()");
  State& s = *state_;
  const int64_t total = int64_t(s.cols) * s.rows;
  if (s.count != total)
    throw Error(path_ + ": image incomplete: " + std::to_string(s.count) + " of " + std::to_string(total) +
                " tiles written");
  s.file.reset();
  s.target.commit();
  state_.reset();
}

}  // namespace tessera
