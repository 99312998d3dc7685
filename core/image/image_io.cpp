#include "core/image/image_io.h"

#include "core/base/atomic_file.h"
#include "core/base/error.h"
#include "core/image/aov_image.h"
#include "core/image/exr_metadata.h"
#include "core/image/exr_ostream.h"
#include "core/image/png_chunks.h"

#include <ImfChannelList.h>
#include <ImfFrameBuffer.h>
#include <ImfHeader.h>
#include <ImfOutputFile.h>
#include <OpenEXRConfig.h>
#include <Imath/half.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace tessera {
namespace {

std::string lower_extension(const std::string& path) {
  const size_t dot = path.find_last_of('.');
  const size_t slash = path.find_last_of('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  std::string ext = path.substr(dot);
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return ext;
}

float tone_map(float x, ToneMap curve) {
  switch (curve) {
    case ToneMap::Clamp: return x;
    case ToneMap::Reinhard: return x / (1.0f + x);
    case ToneMap::Aces: {
      const float a = 2.51f, b = 0.03f, c = 2.43f, d = 0.59f, e = 0.14f;
      return (x * (a * x + b)) / (x * (c * x + d) + e);
    }
  }
  return x;
}

// stb_image_write calls this from C: it must not throw. A failure is
// recorded in the writer and thrown by its commit().
void stb_write_callback(void* context, void* data, int size) {
  static_cast<AtomicFileWriter*>(context)->try_write(data, size_t(size));
}

// stb_image_write's output collected in memory (it cannot throw either).
void stb_collect_callback(void* context, void* data, int size) {
  auto* bytes = static_cast<std::vector<uint8_t>*>(context);
  bytes->insert(bytes->end(), static_cast<uint8_t*>(data), static_cast<uint8_t*>(data) + size);
}

std::vector<unsigned char> encode_srgb8_pixels(const Image& image, const ImageWriteOptions& options) {
  std::vector<unsigned char> bytes(size_t(image.width()) * image.height() * 3);
  const std::vector<float>& rgb = image.data();
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = encode_srgb8(rgb[i], options);
  return bytes;
}

// stb writes IHDR, IDAT and IEND only: the sRGB, gAMA, cHRM and tEXt Software
// chunks are inserted after IHDR before the file is written.
void write_png(const Image& image, AtomicFileWriter& out, const ImageWriteOptions& options) {
  const std::vector<unsigned char> bytes = encode_srgb8_pixels(image, options);
  std::vector<uint8_t> png;
  const int ok = stbi_write_png_to_func(stb_collect_callback, &png, image.width(), image.height(), 3, bytes.data(),
                                        image.width() * 3);
  if (!ok) throw Error(out.path() + ": cannot write image: the PNG encoder failed");
  std::vector<PngChunk> chunks = png_srgb_chunks();
  if (!options.metadata.software.empty()) chunks.push_back(png_text_chunk("Software", options.metadata.software));
  const std::vector<uint8_t> file = png_insert_chunks(png, chunks);
  out.write(file.data(), file.size());
}

// Baseline JPEG, 8-bit sRGB like PNG (stb_image_write, 4:2:0 below quality 90).
void write_jpeg(const Image& image, AtomicFileWriter& out, const ImageWriteOptions& options) {
  const std::vector<unsigned char> bytes = encode_srgb8_pixels(image, options);
  const int ok = stbi_write_jpg_to_func(stb_write_callback, &out, image.width(), image.height(), 3, bytes.data(),
                                        options.jpeg_quality);
  out.throw_if_failed();
  if (!ok) throw Error(out.path() + ": cannot write image: the JPEG encoder failed");
}

void write_hdr(const Image& image, AtomicFileWriter& out) {
  const int ok = stbi_write_hdr_to_func(stb_write_callback, &out, image.width(), image.height(), 3, image.data().data());
  out.throw_if_failed();
  if (!ok) throw Error(out.path() + ": cannot write image: the Radiance HDR encoder failed");
}

void write_pfm(const Image& image, AtomicFileWriter& out) {
  // Negative scale = little-endian; PFM rows run bottom to top.
  out.write("PF\n" + std::to_string(image.width()) + ' ' + std::to_string(image.height()) + "\n-1.0\n");
  const size_t row_floats = size_t(image.width()) * 3;
  for (int y = image.height() - 1; y >= 0; --y)
    out.write(image.data().data() + size_t(y) * row_floats, row_floats * sizeof(float));
}

// `aov`: null, or layers to add as float channels.
void write_exr(const Image& image, AtomicFileWriter& out, bool half, const ImageWriteOptions& options,
               const AovImage* aov = nullptr) {
  const int w = image.width(), h = image.height();
  const size_t n = size_t(w) * h;
  const PixelRect& r = options.data_window;
  const Imath::Box2i display(Imath::V2i(0, 0), Imath::V2i(w - 1, h - 1));
  // A crop's pixels only; the slices below address the whole image by absolute
  // pixel coordinates, so OpenEXR reads just the data window from them.
  const Imath::Box2i data = r.area() > 0 ? Imath::Box2i(Imath::V2i(r.x, r.y), Imath::V2i(r.x + r.width - 1, r.y + r.height - 1))
                                         : display;
  Imf::Header header(display, data);
  add_exr_metadata(header, options.metadata);
  Imf::FrameBuffer fb;
  // RGBA: alpha is one everywhere (every pixel is covered by the scene or the sky).
  std::vector<Imath::half> half_data;
  std::vector<float> float_data;
  const char* names[4] = {"R", "G", "B", "A"};
  const Imf::PixelType type = half ? Imf::HALF : Imf::FLOAT;
  if (half) half_data.resize(n * 4); else float_data.resize(n * 4);
  for (size_t i = 0; i < n; ++i) {
    for (int c = 0; c < 4; ++c) {
      const float v = c < 3 ? image.data()[i * 3 + c] : 1.0f;
      if (half) half_data[i * 4 + c] = Imath::half(v); else float_data[i * 4 + c] = v;
    }
  }
  char* base = half ? reinterpret_cast<char*>(half_data.data()) : reinterpret_cast<char*>(float_data.data());
  const size_t elem = half ? sizeof(Imath::half) : sizeof(float);
  for (int c = 0; c < 4; ++c) {
    header.channels().insert(names[c], Imf::Channel(type));
    fb.insert(names[c], Imf::Slice(type, base + c * elem, elem * 4, elem * 4 * size_t(w)));
  }
  std::vector<std::string> layers;
  if (aov) layers = aov_channel_names(aov->set());
  const size_t k = layers.size();
  for (size_t c = 0; c < k; ++c) {
    // const_cast: OpenEXR's Slice takes char*, and an output file only reads it.
    char* aov_base = reinterpret_cast<char*>(const_cast<float*>(aov->data().data()));
    header.channels().insert(layers[c], Imf::Channel(Imf::FLOAT));
    fb.insert(layers[c], Imf::Slice(Imf::FLOAT, aov_base + c * sizeof(float), sizeof(float) * k,
                                    sizeof(float) * k * size_t(w)));
  }
  ExrOStream stream(out);
  try {
    Imf::OutputFile file(stream, header);
    file.setFrameBuffer(fb);
    file.writePixels(data.max.y - data.min.y + 1);
  } catch (const std::exception& e) {
    out.throw_if_failed();  // our own failure (ENOSPC ...) names the file and the reason
    throw Error(out.path() + ": cannot write image: " + e.what());
  }
}

}  // namespace

float srgb_to_linear(float v) { return v <= 0.04045f ? v / 12.92f : std::pow((v + 0.055f) / 1.055f, 2.4f); }

ImageFormat image_format_for_path(const std::string& path) {
  const std::string ext = lower_extension(path);
  if (ext == ".png") return ImageFormat::Png;
  if (ext == ".hdr") return ImageFormat::Hdr;
  if (ext == ".exr") return ImageFormat::Exr;
  if (ext == ".pfm") return ImageFormat::Pfm;
  if (ext == ".jpg" || ext == ".jpeg") return ImageFormat::Jpeg;
  throw Error(path + ": unknown image format \"" + ext + "\" (expected .png, .jpg, .exr, .hdr or .pfm)");
}

std::string openexr_version() { return OPENEXR_VERSION_STRING; }

ImageFormat image_read_format_for_path(const std::string& path) {
  const std::string ext = lower_extension(path);
  if (ext == ".jpg" || ext == ".jpeg") return ImageFormat::Jpeg;
  if (ext == ".png" || ext == ".hdr" || ext == ".exr" || ext == ".pfm") return image_format_for_path(path);
  throw Error(path + ": cannot read image: unknown format \"" + ext + "\" (expected .png, .jpg, .exr, .hdr or .pfm)");
}

std::string check_write_options(const ImageWriteOptions& options, const std::string& path) {
  if (!std::isfinite(options.exposure))
    throw Error("--exposure " + std::to_string(options.exposure) + ": must be a finite number of stops");
  if (options.jpeg_quality < 1 || options.jpeg_quality > 100)
    throw Error("--jpeg-quality " + std::to_string(options.jpeg_quality) + ": must be 1..100");
  const ImageFormat format = image_format_for_path(path);
  if (!options.exr_half && format != ImageFormat::Exr) return path + ": --exr-float applies to EXR output only";
  if (format == ImageFormat::Png || format == ImageFormat::Jpeg) return "";
  if (options.exposure == 0.0f && options.tone_map == ToneMap::Clamp) return "";
  return path + ": --exposure and --tonemap apply to PNG and JPEG output only; this float image keeps linear radiance";
}

ToneMap parse_tone_map(const std::string& name) {
  if (name == "clamp") return ToneMap::Clamp;
  if (name == "reinhard") return ToneMap::Reinhard;
  if (name == "aces") return ToneMap::Aces;
  throw Error("unknown tone map \"" + name + "\" (expected clamp, reinhard or aces)");
}

unsigned char encode_srgb8(float linear, const ImageWriteOptions& options) {
  float x = linear * std::exp2(options.exposure);
  if (!(x > 0.0f)) return 0;  // negatives and NaN
  x = std::min(1.0f, tone_map(x, options.tone_map));
  const float s = x <= 0.0031308f ? 12.92f * x : 1.055f * std::pow(x, 1.0f / 2.4f) - 0.055f;
  return static_cast<unsigned char>(std::lround(s * 255.0f));
}

// `image` with every pixel outside `window` black (a crop render's full-size image).
namespace {
Image black_outside(const Image& image, const PixelRect& window) {
  Image out(image.width(), image.height());
  for (int y = std::max(0, window.y); y < std::min(image.height(), window.y + window.height); ++y)
    for (int x = std::max(0, window.x); x < std::min(image.width(), window.x + window.width); ++x)
      out.set_pixel(x, y, image.pixel(x, y));
  return out;
}
}  // namespace

void write_image(const Image& image, const std::string& path, const ImageWriteOptions& options) {
  const ImageFormat format = image_format_for_path(path);
  const PixelRect& window = options.data_window;
  if (window.area() > 0 && (window.x < 0 || window.y < 0 || window.x + window.width > image.width() ||
                            window.y + window.height > image.height()))
    throw Error(path + ": the data window lies outside the " + std::to_string(image.width()) + "x" +
                std::to_string(image.height()) + " image");
  if (window.area() > 0 && format != ImageFormat::Exr) {
    ImageWriteOptions whole = options;
    whole.data_window = {};
    write_image(black_outside(image, window), path, whole);
    return;
  }
  AtomicFileWriter out(path, "image");
  switch (format) {
    case ImageFormat::Png: write_png(image, out, options); break;
    case ImageFormat::Hdr: write_hdr(image, out); break;
    case ImageFormat::Exr: write_exr(image, out, options.exr_half, options); break;
    case ImageFormat::Pfm: write_pfm(image, out); break;
    case ImageFormat::Jpeg: write_jpeg(image, out, options); break;
  }
  out.commit();  // a writer left uncommitted by an exception removes its temporary file
}

void write_exr_with_layers(const Image& image, const AovImage& aov, const std::string& path,
                           const ImageWriteOptions& options) {
  if (aov.width() != image.width() || aov.height() != image.height())
    throw Error(path + ": the AOV layers are not the image's size");
  AtomicFileWriter out(path, "image");
  write_exr(image, out, options.exr_half, options, &aov);
  out.commit();
}

}  // namespace tessera
