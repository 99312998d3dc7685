#include "core/image_io.h"

#include "core/error.h"

#include <ImfChannelList.h>
#include <ImfInputFile.h>
#include <ImfFrameBuffer.h>
#include <ImfHeader.h>
#include <ImfOutputFile.h>
#include <Imath/half.h>
#include <stb_image.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
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

void write_png(const Image& image, const std::string& path, const ImageWriteOptions& options) {
  std::vector<unsigned char> bytes(size_t(image.width()) * image.height() * 3);
  const std::vector<float>& rgb = image.data();
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = encode_srgb8(rgb[i], options);
  if (!stbi_write_png(path.c_str(), image.width(), image.height(), 3, bytes.data(), image.width() * 3))
    throw Error(path + ": cannot write PNG");
}

void write_hdr(const Image& image, const std::string& path) {
  if (!stbi_write_hdr(path.c_str(), image.width(), image.height(), 3, image.data().data()))
    throw Error(path + ": cannot write Radiance HDR");
}

void write_pfm(const Image& image, const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw Error(path + ": cannot open for writing: " + std::strerror(errno));
  // Negative scale = little-endian; PFM rows run bottom to top.
  out << "PF\n" << image.width() << ' ' << image.height() << "\n-1.0\n";
  const size_t row_floats = size_t(image.width()) * 3;
  for (int y = image.height() - 1; y >= 0; --y)
    out.write(reinterpret_cast<const char*>(image.data().data() + size_t(y) * row_floats), std::streamsize(row_floats * 4));
  if (!out.flush()) throw Error(path + ": write failed");
}

void write_exr(const Image& image, const std::string& path, bool half) {
  const int w = image.width(), h = image.height();
  const size_t n = size_t(w) * h;
  Imf::Header header(w, h);
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
  try {
    Imf::OutputFile file(path.c_str(), header);
    file.setFrameBuffer(fb);
    file.writePixels(h);
  } catch (const std::exception& e) {
    throw Error(path + ": cannot write EXR: " + e.what());
  }
}

Image read_stb(const std::string& path, bool hdr) {
  int w = 0, h = 0, channels = 0;
  Image image;
  if (hdr) {
    float* data = stbi_loadf(path.c_str(), &w, &h, &channels, 3);
    if (!data) throw Error(path + ": cannot read image: " + stbi_failure_reason());
    image = Image(w, h);
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        const float* p = data + (size_t(y) * w + x) * 3;
        image.set_pixel(x, y, {p[0], p[1], p[2]});
      }
    stbi_image_free(data);
  } else {
    unsigned char* data = stbi_load(path.c_str(), &w, &h, &channels, 3);
    if (!data) throw Error(path + ": cannot read image: " + stbi_failure_reason());
    float table[256];
    for (int i = 0; i < 256; ++i) table[i] = srgb_to_linear(float(i) / 255.0f);
    image = Image(w, h);
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        const unsigned char* p = data + (size_t(y) * w + x) * 3;
        image.set_pixel(x, y, {table[p[0]], table[p[1]], table[p[2]]});
      }
    stbi_image_free(data);
  }
  return image;
}

Image read_exr(const std::string& path) {
  try {
    Imf::InputFile file(path.c_str());
    const Imath::Box2i window = file.header().dataWindow();
    const int w = window.max.x - window.min.x + 1, h = window.max.y - window.min.y + 1;
    std::vector<float> rgb(size_t(w) * h * 3, 0.0f);
    Imf::FrameBuffer fb;
    const char* names[3] = {"R", "G", "B"};
    // Slices are addressed in data-window coordinates: offset the base pointer.
    char* base = reinterpret_cast<char*>(rgb.data()) -
                 (ptrdiff_t(window.min.x) + ptrdiff_t(window.min.y) * w) * ptrdiff_t(3 * sizeof(float));
    for (int c = 0; c < 3; ++c)
      fb.insert(names[c], Imf::Slice(Imf::FLOAT, base + c * sizeof(float), 3 * sizeof(float), 3 * sizeof(float) * size_t(w), 1, 1, 0.0));
    file.setFrameBuffer(fb);
    file.readPixels(window.min.y, window.max.y);
    Image image(w, h);
    image.write_rect({0, 0, w, h}, rgb.data());
    return image;
  } catch (const std::exception& e) {
    throw Error(path + ": cannot read image: " + e.what());
  }
}

Image read_pfm(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot read image: " + std::strerror(errno));
  std::string magic;
  int w = 0, h = 0;
  double scale = 0;
  in >> magic >> w >> h >> scale;
  in.get();  // the single whitespace before the data
  const int channels = magic == "PF" ? 3 : (magic == "Pf" ? 1 : 0);
  if (!in || channels == 0 || w < 1 || h < 1 || w > 65536 || h > 65536 || scale == 0)
    throw Error(path + ": cannot read image: not a valid PFM header");
  std::vector<float> data(size_t(w) * h * size_t(channels));
  if (!in.read(reinterpret_cast<char*>(data.data()), std::streamsize(data.size() * 4)))
    throw Error(path + ": cannot read image: truncated PFM data");
  if (scale > 0) {  // big-endian data
    for (float& f : data) {
      uint32_t u;
      std::memcpy(&u, &f, 4);
      u = __builtin_bswap32(u);
      std::memcpy(&f, &u, 4);
    }
  }
  Image image(w, h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const float* p = &data[(size_t(h - 1 - y) * w + x) * size_t(channels)];  // rows run bottom to top
      image.set_pixel(x, y, channels == 3 ? Vec3(p[0], p[1], p[2]) : Vec3(p[0]));
    }
  return image;
}

}  // namespace

float srgb_to_linear(float v) { return v <= 0.04045f ? v / 12.92f : std::pow((v + 0.055f) / 1.055f, 2.4f); }

Image read_image(const std::string& path) {
  std::ifstream probe(path);
  if (!probe) throw Error(path + ": cannot read image: " + std::strerror(errno));
  const std::string ext = lower_extension(path);
  if (ext == ".exr") return read_exr(path);
  if (ext == ".pfm") return read_pfm(path);
  if (ext == ".hdr") return read_stb(path, true);
  if (ext == ".png" || ext == ".jpg" || ext == ".jpeg") return read_stb(path, false);
  throw Error(path + ": cannot read image: unknown format \"" + ext + "\" (expected .png, .jpg, .exr, .hdr or .pfm)");
}

ImageFormat image_format_for_path(const std::string& path) {
  const std::string ext = lower_extension(path);
  if (ext == ".png") return ImageFormat::Png;
  if (ext == ".hdr") return ImageFormat::Hdr;
  if (ext == ".exr") return ImageFormat::Exr;
  if (ext == ".pfm") return ImageFormat::Pfm;
  throw Error(path + ": unknown image format \"" + ext + "\" (expected .png, .exr, .hdr or .pfm)");
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

void write_image(const Image& image, const std::string& path, const ImageWriteOptions& options) {
  const ImageFormat format = image_format_for_path(path);
  // Same directory, so the rename is atomic; the extension stays for stb and OpenEXR.
  const size_t slash = path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  const std::string tmp = dir + ".tessera-tmp-" + path.substr(dir.size());
  try {
    switch (format) {
      case ImageFormat::Png: write_png(image, tmp, options); break;
      case ImageFormat::Hdr: write_hdr(image, tmp); break;
      case ImageFormat::Exr: write_exr(image, tmp, options.exr_half); break;
      case ImageFormat::Pfm: write_pfm(image, tmp); break;
    }
  } catch (...) {
    std::remove(tmp.c_str());
    throw;
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    std::remove(tmp.c_str());
    throw Error(path + ": cannot rename finished image into place: " + reason);
  }
}

}  // namespace tessera
