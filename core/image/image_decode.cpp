// Image readers (core/image/image_io.h: read_image, decode_image). Every reader works
// on the file's bytes in memory and checks each size a header claims against
// the bytes that follow before it allocates or reads: a truncated or hostile
// file fails at once with a message naming it, never hangs or reads past its
// end. Radiance HDR is our own RGBE reader (stb's loops forever on some
// truncated files and fills missing data in silently); PNG and JPEG go
// through stb after a structural walk that finds truncation stb would hide.

#include "core/image/image_io.h"

#include "core/base/error.h"

#include <ImfChannelList.h>
#include <ImfFrameBuffer.h>
#include <ImfHeader.h>
#include <ImfIO.h>
#include <ImfInputFile.h>
#include <stb_image.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace tessera {
namespace {

[[noreturn]] void bad(const std::string& name, const std::string& why) {
  throw Error(name + ": cannot read image: " + why);
}

std::string dims(int64_t w, int64_t h) { return std::to_string(w) + "x" + std::to_string(h); }

// Refuses an image the file cannot hold before anything is allocated for it.
// `file_bytes_per_pixel`: what one pixel takes in the file's own layout.
void check_claimed_size(const std::string& name, int64_t w, int64_t h, int64_t file_bytes_per_pixel, size_t file_size) {
  if (w < 1 || h < 1) bad(name, "the header claims a " + dims(w, h) + " image");
  if (w > kMaxImagePixels || h > kMaxImagePixels || w * h > kMaxImagePixels)
    bad(name, "the header claims " + dims(w, h) + " pixels, more than the limit of " +
                  std::to_string(kMaxImagePixels) + " pixels");
  const int64_t decoded = w * h * std::max<int64_t>(12, file_bytes_per_pixel);
  const int64_t holdable = std::max(kMinDecodeBytes, int64_t(file_size) * kMaxCompressionRatio);
  if (decoded > holdable)
    bad(name, "the header claims " + dims(w, h) + " pixels, more than a " + std::to_string(file_size) +
                  "-byte file can hold (corrupt or truncated)");
}

uint32_t be32(const uint8_t* p) { return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]; }
int32_t le32(const uint8_t* p) {
  return int32_t(uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24);
}

// ---- Radiance HDR (RGBE) ----------------------------------------------------

// One header line without its '\n'; false at the end of the data.
bool next_line(const uint8_t* d, size_t n, size_t& pos, std::string& line) {
  const void* nl = std::memchr(d + pos, '\n', n - pos);
  if (!nl) return false;
  const size_t end = size_t(static_cast<const uint8_t*>(nl) - d);
  line.assign(reinterpret_cast<const char*>(d + pos), end - pos);
  pos = end + 1;
  return true;
}

Image decode_hdr(const uint8_t* d, size_t n, const std::string& name) {
  size_t pos = 0;
  std::string line;
  if (!next_line(d, n, pos, line) || (line != "#?RADIANCE" && line != "#?RGBE"))
    bad(name, "not a Radiance HDR file (no #?RADIANCE line)");
  for (;;) {
    if (!next_line(d, n, pos, line)) bad(name, "truncated Radiance HDR header (no blank line before the resolution)");
    if (line.empty()) break;
    if (line.compare(0, 7, "FORMAT=") == 0 && line != "FORMAT=32-bit_rle_rgbe")
      bad(name, "unsupported Radiance HDR " + line + " (expected FORMAT=32-bit_rle_rgbe)");
  }
  if (!next_line(d, n, pos, line)) bad(name, "truncated Radiance HDR header (no resolution line)");
  int w = 0, h = 0, used = 0;
  if (std::sscanf(line.c_str(), "-Y %d +X %d%n", &h, &w, &used) != 2 || size_t(used) != line.size())
    bad(name, "unsupported Radiance HDR resolution line \"" + line.substr(0, 40) + "\" (expected -Y H +X W)");
  check_claimed_size(name, w, h, 4, n);
  // The fewest bytes a scanline can take: new-style RLE, every run 127 long.
  const bool rle_width = w >= 8 && w <= 0x7fff;
  const int64_t min_scanline = rle_width ? 4 + 4 * 2 * ((int64_t(w) + 126) / 127) : 4 * int64_t(w);
  if (int64_t(n - pos) < min_scanline * h)
    bad(name, "truncated Radiance HDR data: " + dims(w, h) + " needs at least " + std::to_string(min_scanline * h) +
                  " bytes, the file has " + std::to_string(n - pos) + " after its header");

  Image image(w, h);
  std::vector<uint8_t> scan(size_t(w) * 4);
  const auto truncated = [&](int y) {
    bad(name, "truncated Radiance HDR data at scanline " + std::to_string(y) + " of " + std::to_string(h));
  };
  for (int y = 0; y < h; ++y) {
    if (rle_width && n - pos >= 4 && d[pos] == 2 && d[pos + 1] == 2 && !(d[pos + 2] & 0x80)) {
      const int length = int(d[pos + 2]) << 8 | d[pos + 3];
      if (length != w)
        bad(name, "corrupt Radiance HDR scanline " + std::to_string(y) + ": RLE length " + std::to_string(length) +
                      ", image width " + std::to_string(w));
      pos += 4;
      for (int c = 0; c < 4; ++c) {
        for (int x = 0; x < w;) {
          if (pos >= n) truncated(y);
          int count = d[pos++];
          const bool run = count > 128;
          if (run) count -= 128;
          if (count == 0 || x + count > w)
            bad(name, "corrupt Radiance HDR scanline " + std::to_string(y) + ": a run of " + std::to_string(count) +
                          " at x " + std::to_string(x) + " of " + std::to_string(w));
          if (n - pos < (run ? 1u : size_t(count))) truncated(y);
          for (int i = 0; i < count; ++i) scan[size_t(x + i) * 4 + size_t(c)] = run ? d[pos] : d[pos + size_t(i)];
          pos += run ? 1 : size_t(count);
          x += count;
        }
      }
    } else {
      if (n - pos < scan.size()) truncated(y);
      std::memcpy(scan.data(), d + pos, scan.size());
      pos += scan.size();
    }
    for (int x = 0; x < w; ++x) {
      const uint8_t* p = &scan[size_t(x) * 4];
      // stb_image's decoding (and stb_image_write's inverse): mantissa * 2^(e - 136).
      const float f = p[3] ? std::ldexp(1.0f, int(p[3]) - (128 + 8)) : 0.0f;
      image.set_pixel(x, y, {p[0] * f, p[1] * f, p[2] * f});
    }
  }
  return image;
}

// ---- PFM ----------------------------------------------------------------------

// The next whitespace-separated header token (at most 32 characters).
std::string pfm_token(const uint8_t* d, size_t n, size_t& pos) {
  while (pos < n && std::isspace(d[pos])) ++pos;
  std::string t;
  while (pos < n && !std::isspace(d[pos]) && t.size() < 32) t += char(d[pos++]);
  return t;
}

Image decode_pfm(const uint8_t* d, size_t n, const std::string& name) {
  size_t pos = 0;
  const std::string magic = pfm_token(d, n, pos), ws = pfm_token(d, n, pos), hs = pfm_token(d, n, pos),
                    ss = pfm_token(d, n, pos);
  const int channels = magic == "PF" ? 3 : (magic == "Pf" ? 1 : 0);
  char* end = nullptr;
  const long w = std::strtol(ws.c_str(), &end, 10);
  const bool w_ok = !ws.empty() && *end == 0;
  const long h = std::strtol(hs.c_str(), &end, 10);
  const bool h_ok = !hs.empty() && *end == 0;
  const double scale = std::strtod(ss.c_str(), &end);
  const bool s_ok = !ss.empty() && *end == 0 && std::isfinite(scale) && scale != 0;
  if (channels == 0 || !w_ok || !h_ok || !s_ok || pos >= n || !std::isspace(d[pos]))
    bad(name, "not a valid PFM header (expected PF or Pf, width, height, scale)");
  ++pos;  // the single whitespace before the data
  check_claimed_size(name, w, h, 4 * channels, n);
  const size_t need = size_t(w) * size_t(h) * size_t(channels) * 4;
  if (n - pos < need)
    bad(name, "truncated PFM data: " + dims(w, h) + " needs " + std::to_string(need) + " bytes, the file has " +
                  std::to_string(n - pos) + " after its header");
  Image image{int(w), int(h)};
  const bool big_endian = scale > 0;
  const auto value = [&](size_t i) {
    uint32_t u;
    std::memcpy(&u, d + pos + i * 4, 4);
    if (big_endian) u = __builtin_bswap32(u);
    float f;
    std::memcpy(&f, &u, 4);
    return f;
  };
  for (long y = 0; y < h; ++y)
    for (long x = 0; x < w; ++x) {
      const size_t i = (size_t(h - 1 - y) * size_t(w) + size_t(x)) * size_t(channels);  // rows run bottom to top
      image.set_pixel(int(x), int(y), channels == 3 ? Vec3(value(i), value(i + 1), value(i + 2)) : Vec3(value(i)));
    }
  return image;
}

// ---- OpenEXR ------------------------------------------------------------------

// OpenEXR reading from our buffer; reading past its end throws (not an Error:
// decode_exr adds the file's name).
class MemoryIStream final : public Imf::IStream {
 public:
  MemoryIStream(const uint8_t* d, size_t n, const std::string& name) : Imf::IStream(name.c_str()), d_(d), n_(n) {}
  bool isMemoryMapped() const override { return true; }
  char* readMemoryMapped(int n) override {
    check(n);
    char* p = reinterpret_cast<char*>(const_cast<uint8_t*>(d_ + pos_));
    pos_ += size_t(n);
    return p;
  }
  bool read(char c[], int n) override {
    check(n);
    std::memcpy(c, d_ + pos_, size_t(n));
    pos_ += size_t(n);
    return pos_ < n_;
  }
  uint64_t tellg() override { return pos_; }
  void seekg(uint64_t pos) override { pos_ = pos; }

 private:
  void check(int n) const {
    if (n < 0 || pos_ > n_ || n_ - pos_ < size_t(n))
      throw std::runtime_error("truncated or corrupt EXR: " + std::to_string(n) + " bytes wanted at byte " +
                               std::to_string(pos_) + " of a " + std::to_string(n_) + "-byte file");
  }
  const uint8_t* d_;
  size_t n_;
  uint64_t pos_ = 0;
};

// What the first header of an EXR file claims, read by us before OpenEXR
// allocates anything for it.
struct ExrClaims {
  bool has_window = false;
  int64_t x0 = 0, y0 = 0, x1 = -1, y1 = -1;
  int64_t bytes_per_pixel = 0;  // sum over channels
  int64_t tile_w = 0, tile_h = 0;
  int compression = 3;  // Imf::Compression's value; ZIP, the default of a header that names none
};

// Scanlines per chunk for each EXR compression (OpenEXR allocates its
// compressor's buffers for a whole chunk, however few lines the image has).
int64_t exr_lines_per_chunk(int compression) {
  switch (compression) {
    case 3: case 5: return 16;                    // ZIP, PXR24
    case 4: case 6: case 7: case 8: return 32;    // PIZ, B44, B44A, DWAA
    case 9: return 256;                           // DWAB
    default: return 1;                            // NONE, RLE, ZIPS
  }
}

// The size OpenEXR reads for an attribute of `type` whose stated size is `size`
// (value bytes at `v`), or -1 for types read within the stated size.
int64_t exr_attribute_size(const std::string& type, const uint8_t* v, size_t size) {
  static const std::map<std::string, int64_t> fixed = {
      {"box2i", 16}, {"box2f", 16}, {"v2i", 8},  {"v2f", 8},   {"v2d", 16},  {"v3i", 12},
      {"v3f", 12},   {"v3d", 24},   {"int", 4},  {"float", 4}, {"double", 8}, {"compression", 1},
      {"lineOrder", 1}, {"envmap", 1}, {"deepImageState", 1}, {"tiledesc", 9}, {"m33f", 36}, {"m33d", 72},
      {"m44f", 64}, {"m44d", 128}, {"rational", 8}, {"timecode", 8}, {"keycode", 28}, {"chromaticities", 32}};
  const auto it = fixed.find(type);
  if (it != fixed.end()) return it->second;
  if (type == "preview") {  // width, height, then width x height RGBA bytes
    if (size < 8) return 8;
    return 8 + int64_t(uint32_t(le32(v))) * int64_t(uint32_t(le32(v + 4))) * 4;
  }
  return -1;
}

ExrClaims read_exr_claims(const uint8_t* d, size_t n, const std::string& name) {
  if (n < 8 || be32(d) != 0x762f3101u) bad(name, "not an OpenEXR file (bad magic number)");
  ExrClaims c;
  size_t pos = 8;
  const auto cstring = [&](const char* what) {
    const size_t limit = std::min(n, pos + 256);
    const void* z = std::memchr(d + pos, 0, limit - pos);
    if (!z) bad(name, std::string("truncated or corrupt EXR header (") + what + " at byte " + std::to_string(pos) + ")");
    std::string s(reinterpret_cast<const char*>(d + pos));
    pos += s.size() + 1;
    return s;
  };
  for (;;) {
    if (pos >= n) bad(name, "truncated EXR header");
    const std::string attr = cstring("attribute name");
    if (attr.empty()) break;
    const std::string type = cstring("attribute type");
    if (n - pos < 4) bad(name, "truncated EXR header (attribute " + attr + ")");
    const int32_t size = le32(d + pos);
    pos += 4;
    if (size < 0 || size_t(size) > n - pos)
      bad(name, "corrupt EXR header: attribute " + attr + " claims " + std::to_string(size) + " bytes");
    const uint8_t* v = d + pos;
    // OpenEXR reads a known type by its own size, not the size the file states:
    // a mismatch would desynchronize it from us, and it would then read garbage
    // as the next attribute and allocate whatever size that garbage claims.
    const int64_t expected = exr_attribute_size(type, v, size_t(size));
    if (expected >= 0 && expected != size)
      bad(name, "corrupt EXR header: attribute " + attr + " of type " + type + " has " + std::to_string(size) +
                    " bytes (expected " + std::to_string(expected) + ")");
    if (attr == "dataWindow" && type == "box2i" && size == 16) {
      c.has_window = true;
      c.x0 = le32(v), c.y0 = le32(v + 4), c.x1 = le32(v + 8), c.y1 = le32(v + 12);
    } else if (type == "chlist") {
      // Every chlist is checked, not only `channels`: OpenEXR parses any attribute
      // of this type the same way (a misnamed copy desynchronized it in fuzzing).
      int64_t bytes_per_pixel = 0;
      size_t q = 0;
      while (q < size_t(size) && v[q] != 0) {
        const void* z = std::memchr(v + q, 0, size_t(size) - q);
        if (!z) break;
        q = size_t(static_cast<const uint8_t*>(z) - v) + 1;
        if (size_t(size) - q < 16) break;
        const int32_t type_code = le32(v + q);
        bytes_per_pixel += type_code == 1 ? 2 : 4;  // HALF; UINT and FLOAT take 4
        q += 16;
      }
      // OpenEXR reads channels until an empty name, whatever the stated size:
      // the list must end exactly at the end of its attribute.
      if (q >= size_t(size) || v[q] != 0 || q + 1 != size_t(size))
        bad(name, "corrupt EXR header: the channel list " + attr + " does not end where its attribute does");
      if (attr == "channels") c.bytes_per_pixel = bytes_per_pixel;
    } else if (attr == "compression" && type == "compression" && size == 1) {
      c.compression = v[0];
    } else if (attr == "tiles" && type == "tiledesc" && size >= 8) {
      c.tile_w = int64_t(uint32_t(le32(v))), c.tile_h = int64_t(uint32_t(le32(v + 4)));
    }
    pos += size_t(size);
  }
  if (!c.has_window) bad(name, "corrupt EXR header: no dataWindow");
  return c;
}

Image decode_exr(const uint8_t* d, size_t n, const std::string& name, bool alpha) {
  const ExrClaims claims = read_exr_claims(d, n, name);
  const int64_t w = claims.x1 - claims.x0 + 1, h = claims.y1 - claims.y0 + 1;
  check_claimed_size(name, w, h, claims.bytes_per_pixel, n);
  if (claims.tile_w <= 0 && claims.tile_h <= 0) {
    // A one-line image 4.7 million pixels wide made ZIP's compressor allocate
    // 16 such lines (600 MB) from a 467-byte file: count whole chunks.
    const int64_t lines = exr_lines_per_chunk(claims.compression);
    check_claimed_size(name, w, (h + lines - 1) / lines * lines, claims.bytes_per_pixel, n);
  }
  // Every chunk (at most 256 scanlines, or one tile) has an 8-byte entry in
  // the offset table OpenEXR allocates and reads first: the file must hold it.
  int64_t chunks = (h + 255) / 256;
  if (claims.tile_w > 0 || claims.tile_h > 0) {
    // OpenEXR allocates a tile's buffer from the tile size alone.
    // (Each side bounded first, so the product cannot overflow: tile sizes are 32-bit.)
    if (claims.tile_w < 1 || claims.tile_h < 1 || claims.tile_w > kMaxImagePixels || claims.tile_h > kMaxImagePixels ||
        claims.tile_w * claims.tile_h > std::max<int64_t>(w * h, 1 << 16))
      bad(name, "corrupt EXR header: tile size " + dims(claims.tile_w, claims.tile_h) + " for a " + dims(w, h) + " image");
    chunks = ((w + claims.tile_w - 1) / claims.tile_w) * ((h + claims.tile_h - 1) / claims.tile_h);
  }
  if (chunks * 8 > int64_t(n))
    bad(name, "the header claims " + dims(w, h) + " pixels, whose offset table alone (" + std::to_string(chunks) +
                  " chunks) is more than the " + std::to_string(n) + "-byte file holds (corrupt or truncated)");
  try {
    MemoryIStream stream(d, n, name);
    Imf::InputFile file(stream);
    const Imath::Box2i window = file.header().dataWindow();
    if (window.min.x != claims.x0 || window.min.y != claims.y0 || window.max.x != claims.x1 || window.max.y != claims.y1)
      bad(name, "corrupt EXR header: inconsistent dataWindow");
    std::vector<float> rgb(size_t(w) * size_t(h) * 3, 0.0f);
    Imf::FrameBuffer fb;
    const char* names[3] = {"R", "G", "B"};
    // Slices are addressed in data-window coordinates: shift the base pointer
    // (integer arithmetic, as Imf::Slice::Make does: it lies outside the buffer).
    const intptr_t shift = (intptr_t(window.min.x) + intptr_t(window.min.y) * intptr_t(w)) * intptr_t(3 * sizeof(float));
    const intptr_t base = reinterpret_cast<intptr_t>(rgb.data()) - shift;
    for (int c = 0; c < (alpha ? 1 : 3); ++c)  // alpha: "A" into the first channel, 1 where missing
      fb.insert(alpha ? "A" : names[c], Imf::Slice(Imf::FLOAT, reinterpret_cast<char*>(base + intptr_t(c * sizeof(float))),
                                                   3 * sizeof(float), 3 * sizeof(float) * size_t(w), 1, 1, alpha ? 1.0 : 0.0));
    file.setFrameBuffer(fb);
    file.readPixels(window.min.y, window.max.y);
    if (alpha)
      for (size_t i = 0; i < rgb.size(); i += 3) rgb[i + 1] = rgb[i + 2] = rgb[i];
    Image image{int(w), int(h)};
    image.write_rect({0, 0, int(w), int(h)}, rgb.data());
    return image;
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    bad(name, e.what());
  }
}

// ---- PNG and JPEG (stb_image) ---------------------------------------------------

// A PNG's chunks, walked to its IEND: stb decodes a truncated IDAT stream as
// far as it goes without saying so.
void check_png_structure(const uint8_t* d, size_t n, const std::string& name) {
  static const uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  if (n < 8 || std::memcmp(d, kSignature, 8) != 0) bad(name, "not a PNG file (bad signature)");
  if (n < 24 || std::memcmp(d + 12, "IHDR", 4) != 0) bad(name, "corrupt PNG: no IHDR chunk");
  check_claimed_size(name, be32(d + 16), be32(d + 20), 4, n);
  size_t pos = 8;
  while (true) {
    if (n - pos < 12) bad(name, "truncated PNG: the file ends at byte " + std::to_string(n) + " before its IEND chunk");
    const uint32_t length = be32(d + pos);
    const std::string type(reinterpret_cast<const char*>(d + pos + 4), 4);
    if (length > 0x7fffffffu || n - pos - 12 < length)
      bad(name, "truncated PNG: chunk \"" + type + "\" at byte " + std::to_string(pos) + " claims " +
                    std::to_string(length) + " bytes, the file ends at byte " + std::to_string(n));
    pos += 12 + size_t(length);
    if (type == "IEND") return;
  }
}

// A JPEG's segments and entropy-coded data, walked to its EOI marker (stb
// pads a truncated scan with zeros and decodes it without an error).
void check_jpeg_structure(const uint8_t* d, size_t n, const std::string& name) {
  if (n < 2 || d[0] != 0xff || d[1] != 0xd8) bad(name, "not a JPEG file (no start-of-image marker)");
  size_t pos = 2;
  const auto truncated = [&]() { bad(name, "truncated JPEG: no end-of-image marker before the end of the file"); };
  while (true) {
    if (pos >= n) truncated();
    if (d[pos] != 0xff) bad(name, "corrupt JPEG: expected a marker at byte " + std::to_string(pos));
    while (pos < n && d[pos] == 0xff) ++pos;  // fill bytes
    if (pos >= n) truncated();
    const uint8_t marker = d[pos++];
    if (marker == 0xd9) return;                                  // EOI
    if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue;  // no length
    if (n - pos < 2) truncated();
    const size_t length = size_t(d[pos]) << 8 | d[pos + 1];
    if (length < 2) bad(name, "corrupt JPEG: segment length " + std::to_string(length) + " at byte " + std::to_string(pos));
    if (n - pos < length) truncated();
    const bool frame = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
    if (frame && length >= 7) check_claimed_size(name, int64_t(d[pos + 5]) << 8 | d[pos + 6], int64_t(d[pos + 3]) << 8 | d[pos + 4], 3, n);
    pos += length;
    if (marker == 0xda) {  // SOS: entropy-coded data up to the next marker other than RSTn
      while (true) {
        if (n - pos < 2) truncated();
        if (d[pos] == 0xff && d[pos + 1] != 0 && d[pos + 1] != 0xff && !(d[pos + 1] >= 0xd0 && d[pos + 1] <= 0xd7)) break;
        ++pos;
      }
    }
  }
}

Image decode_stb(const uint8_t* d, size_t n, ImageFormat format, const std::string& name, const ImageReadOptions& options) {
  if (format == ImageFormat::Png) check_png_structure(d, n, name);
  else check_jpeg_structure(d, n, name);
  if (n > size_t(INT32_MAX)) bad(name, "file too large for the PNG/JPEG decoder");
  int w = 0, h = 0, channels = 0;
  const char* kind = format == ImageFormat::Png ? "corrupt PNG: " : "corrupt JPEG: ";
  if (!stbi_info_from_memory(d, int(n), &w, &h, &channels)) bad(name, kind + std::string(stbi_failure_reason()));
  check_claimed_size(name, w, h, 4, n);
  const int comps = options.alpha ? 4 : 3;  // stb fills a missing alpha with 255
  unsigned char* data = stbi_load_from_memory(d, int(n), &w, &h, &channels, comps);
  if (!data) bad(name, kind + std::string(stbi_failure_reason()));
  float table[256];
  for (int i = 0; i < 256; ++i)
    table[i] = options.srgb && !options.alpha ? srgb_to_linear(float(i) / 255.0f) : float(i) / 255.0f;
  Image image(w, h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const unsigned char* p = data + (size_t(y) * w + x) * comps;
      image.set_pixel(x, y, options.alpha ? Vec3(table[p[3]]) : Vec3(table[p[0]], table[p[1]], table[p[2]]));
    }
  stbi_image_free(data);
  return image;
}

// The whole of a regular file; refuses directories, FIFOs and devices, which
// could block or never end.
std::vector<uint8_t> read_file(const std::string& path) {
  int fd;
  do fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  while (fd < 0 && errno == EINTR);
  if (fd < 0) bad(path, std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    const bool dir = S_ISDIR(st.st_mode);
    ::close(fd);
    bad(path, dir ? "is a directory" : "not a regular file");
  }
  std::vector<uint8_t> bytes(size_t(st.st_size));
  size_t got = 0;
  while (got < bytes.size()) {
    const ssize_t r = ::read(fd, bytes.data() + got, bytes.size() - got);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      const int e = errno;
      ::close(fd);
      bad(path, std::strerror(e));
    }
    if (r == 0) break;  // the file shrank while we read it: decode what is there
    got += size_t(r);
  }
  ::close(fd);
  bytes.resize(got);
  return bytes;
}

// Every pixel 1: the alpha of an image without an alpha channel.
Image opaque_like(const Image& image) {
  Image out(image.width(), image.height());
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x) out.set_pixel(x, y, Vec3(1.0f));
  return out;
}

}  // namespace

Image decode_image(const uint8_t* data, size_t size, ImageFormat format, const std::string& name,
                   const ImageReadOptions& options) {
  if (size == 0) bad(name, "empty file");
  switch (format) {
    case ImageFormat::Hdr: return options.alpha ? opaque_like(decode_hdr(data, size, name)) : decode_hdr(data, size, name);
    case ImageFormat::Pfm: return options.alpha ? opaque_like(decode_pfm(data, size, name)) : decode_pfm(data, size, name);
    case ImageFormat::Exr: return decode_exr(data, size, name, options.alpha);
    case ImageFormat::Png:
    case ImageFormat::Jpeg: return decode_stb(data, size, format, name, options);
  }
  bad(name, "unknown image format");
}

Image read_image(const std::string& path, const ImageReadOptions& options) {
  std::vector<uint8_t> bytes = read_file(path);  // a missing file says so before its extension is judged
  return decode_image(bytes.data(), bytes.size(), image_read_format_for_path(path), path, options);
}

}  // namespace tessera
