#pragma once
// Image files: the formats Tessera writes and reads, chosen by file extension.
// Writers go through core/base/atomic_file.h (temporary file, fsync, rename);
// readers (also for environment maps and textures) check every size a header
// claims against the bytes the file holds before allocating or reading.

#include "core/engine/bucket.h"
#include "core/image/image.h"
#include "core/image/image_metadata.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace tessera {

enum class ImageFormat { Png, Hdr, Exr, Pfm, Jpeg };

// Format for a path's extension (case-insensitive): .png .hdr .exr .pfm .jpg .jpeg.
// Throws Error naming the path for anything else, so a bad -o fails before rendering.
ImageFormat image_format_for_path(const std::string& path);

// How linear radiance becomes 8-bit PNG values. Float formats ignore it.
enum class ToneMap {
  Clamp,     // exposure, clamp to [0, 1], sRGB transfer curve (the default: no curve)
  Reinhard,  // exposure, x / (1 + x) per channel, sRGB transfer curve
  Aces,      // exposure, Narkowicz's fit of the ACES filmic curve, sRGB transfer curve
};
ToneMap parse_tone_map(const std::string& name);  // "clamp" | "reinhard" | "aces"

struct ImageWriteOptions {
  ToneMap tone_map = ToneMap::Clamp;
  float exposure = 0.0f;  // stops; PNG only
  bool exr_half = true;   // EXR channels as 16-bit half (else 32-bit float)
  int jpeg_quality = 90;  // JPEG only, 1..100
  ImageMetadata metadata;  // EXR header attributes; PNG tEXt Software
  // A crop render: non-empty = only these pixels hold the image. EXR writes them
  // as its dataWindow (the displayWindow stays the whole image); the other
  // formats write the whole image with every pixel outside it black.
  PixelRect data_window;
};

// Format of an image to read, for a path's extension (case-insensitive): the
// written formats and .jpg/.jpeg. Throws Error naming the path for anything else.
ImageFormat image_read_format_for_path(const std::string& path);

// Readers refuse images of more pixels than this (16384 x 16384), and images
// whose decoded size (12 bytes a pixel) exceeds what their file can hold:
// kMaxCompressionRatio times its size, or kMinDecodeBytes, whichever is more.
constexpr int64_t kMaxImagePixels = int64_t(1) << 28;
constexpr int64_t kMaxCompressionRatio = 4096;  // above zlib's 1032:1, far above RLE's
// 64 MiB: a tiny file may claim no more. The decoders' own buffers take a few
// times the decoded size (OpenEXR's compressors and line buffers), and a fuzzed
// 471-byte EXR claiming 256 MiB made OpenEXR allocate 784 MiB at once.
constexpr int64_t kMinDecodeBytes = int64_t(64) << 20;

// Throws Error unless `options` are valid for writing `path` (the exposure must
// be finite). Returns a one-line warning, or "", when some of them have no
// effect there: exposure and tone curve apply to 8-bit output (PNG, JPEG) only,
// --exr-float (exr_half false) to EXR only. Throws for a JPEG quality outside 1..100.
std::string check_write_options(const ImageWriteOptions& options, const std::string& path);

// How read_image decodes (textures need more than the default):
struct ImageReadOptions {
  bool srgb = true;    // 8-bit files (PNG, JPEG) hold sRGB colour; false: data, read as code / 255
  bool alpha = false;  // the alpha channel instead, in all three channels (PNG, EXR "A"; 1 where
                       // the file has none, and for JPEG, HDR and PFM)
};

// The OpenEXR library's version ("3.1.5"), for tessera --version.
std::string openexr_version();

// Read an image as linear RGB: .png/.jpg (8-bit sRGB, decoded to linear), .hdr
// (Radiance RGBE, flat or RLE scanlines, -Y H +X W only), .exr (R, G, B channels
// of the first part; missing ones read as 0) or .pfm. Throws Error
// ("<path>: cannot read image: <why>") for a missing, unreadable, unknown,
// truncated or corrupt file; never hangs on a FIFO or device (regular files only).
Image read_image(const std::string& path, const ImageReadOptions& options = {});

// Decode an image file held in memory (what read_image does after reading the
// file). Reads only [data, data + size); `name` names it in errors. Thread-safe.
Image decode_image(const uint8_t* data, size_t size, ImageFormat format, const std::string& name,
                   const ImageReadOptions& options = {});

// The exact sRGB decoding curve (8-bit code / 255 -> linear).
float srgb_to_linear(float encoded);

// Linear value -> 8-bit sRGB under `options`.
unsigned char encode_srgb8(float linear, const ImageWriteOptions& options);

// Write `image` to `path` in the format its extension names. The file is
// written under a temporary name and renamed, so no reader sees half a file.
// Throws Error naming the path on failure.
void write_image(const Image& image, const std::string& path, const ImageWriteOptions& options = {});

class AovImage;
// An EXR of `image` (RGBA, as write_image) and the AOV layers of `aov` as float
// channels ("albedo.R", ...: core/render/aov.h), with the options' metadata and
// data window. `aov` must be the image's size. aov_io.h's write_image_with_aovs
// chooses between this and side files.
void write_exr_with_layers(const Image& image, const AovImage& aov, const std::string& path,
                           const ImageWriteOptions& options);

}  // namespace tessera
