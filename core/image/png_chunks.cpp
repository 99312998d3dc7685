#include "core/image/png_chunks.h"

#include "core/base/error.h"

#include <array>
#include <cstring>

namespace tessera {
namespace {

const uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

const std::array<uint32_t, 256>& crc_table() {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t n = 0; n < 256; ++n) {
      uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  return table;
}

uint32_t crc_update(uint32_t crc, const uint8_t* p, size_t n) {
  const auto& t = crc_table();
  for (size_t i = 0; i < n; ++i) crc = t[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
  return crc;
}

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(uint8_t(v >> shift));
}

uint32_t get_u32(const uint8_t* p) { return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]; }

void append_chunk(std::vector<uint8_t>& out, const PngChunk& chunk) {
  if (chunk.type.size() != 4) throw Error("PNG chunk type \"" + chunk.type + "\" is not four letters");
  put_u32(out, uint32_t(chunk.data.size()));
  out.insert(out.end(), chunk.type.begin(), chunk.type.end());
  out.insert(out.end(), chunk.data.begin(), chunk.data.end());
  put_u32(out, png_crc(chunk.type, chunk.data));
}

}  // namespace

uint32_t png_crc(const std::string& type, const std::vector<uint8_t>& data) {
  uint32_t c = crc_update(0xffffffffu, reinterpret_cast<const uint8_t*>(type.data()), type.size());
  return crc_update(c, data.data(), data.size()) ^ 0xffffffffu;
}

std::vector<PngChunk> png_srgb_chunks() {
  PngChunk srgb{"sRGB", {0}};  // rendering intent 0: perceptual
  PngChunk gama{"gAMA", {}};
  put_u32(gama.data, 45455);  // 1/2.2 x 100000, as the PNG specification pairs with sRGB
  PngChunk chrm{"cHRM", {}};
  // White point, then red, green, blue x and y, times 100000 (Rec.709, D65).
  for (uint32_t v : {31270u, 32900u, 64000u, 33000u, 30000u, 60000u, 15000u, 6000u}) put_u32(chrm.data, v);
  return {srgb, gama, chrm};
}

PngChunk png_text_chunk(const std::string& keyword, const std::string& text) {
  if (keyword.empty() || keyword.size() > 79 || keyword.find('\0') != std::string::npos)
    throw Error("PNG text keyword \"" + keyword + "\" must be 1 to 79 characters");
  PngChunk chunk{"tEXt", std::vector<uint8_t>(keyword.begin(), keyword.end())};
  chunk.data.push_back(0);
  for (char c : text)
    if (c != '\0') chunk.data.push_back(uint8_t(c));  // no zero byte may follow the separator
  return chunk;
}

std::vector<uint8_t> png_insert_chunks(const std::vector<uint8_t>& png, const std::vector<PngChunk>& chunks) {
  // Signature, then IHDR: length 13, type, 13 bytes, CRC = 33 bytes.
  const size_t ihdr_end = 8 + 4 + 4 + 13 + 4;
  if (png.size() < ihdr_end || std::memcmp(png.data(), kSignature, 8) != 0 || get_u32(&png[8]) != 13 ||
      std::memcmp(&png[12], "IHDR", 4) != 0)
    throw Error("not a PNG stream (no signature and IHDR chunk)");
  std::vector<uint8_t> out(png.begin(), png.begin() + ptrdiff_t(ihdr_end));
  for (const PngChunk& c : chunks) append_chunk(out, c);
  out.insert(out.end(), png.begin() + ptrdiff_t(ihdr_end), png.end());
  return out;
}

std::vector<PngChunk> parse_png_chunks(const uint8_t* data, size_t size) {
  if (size < 8 || std::memcmp(data, kSignature, 8) != 0) throw Error("PNG: bad signature at byte 0");
  std::vector<PngChunk> chunks;
  size_t at = 8;
  while (at < size) {
    if (size - at < 12) throw Error("PNG: truncated chunk at byte " + std::to_string(at));
    const uint32_t length = get_u32(data + at);
    if (length > size - at - 12) throw Error("PNG: chunk at byte " + std::to_string(at) + " runs past the end");
    PngChunk c{std::string(reinterpret_cast<const char*>(data + at + 4), 4),
               std::vector<uint8_t>(data + at + 8, data + at + 8 + length)};
    if (get_u32(data + at + 8 + length) != png_crc(c.type, c.data))
      throw Error("PNG: CRC mismatch in chunk " + c.type + " at byte " + std::to_string(at));
    at += 12 + size_t(length);
    const bool end = c.type == "IEND";
    chunks.push_back(std::move(c));
    if (end) break;
  }
  return chunks;
}

}  // namespace tessera
