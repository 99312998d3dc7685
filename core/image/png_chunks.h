#pragma once
// PNG chunks: stb_image_write writes only IHDR, IDAT and IEND, so the colour
// space (sRGB, gAMA, cHRM) and text (tEXt) chunks are inserted into its byte
// stream here, each with its CRC. The parser reads them back (tests, tools).

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tessera {

struct PngChunk {
  std::string type;           // four ASCII letters: "sRGB", "tEXt"
  std::vector<uint8_t> data;  // the chunk's data, without length, type and CRC
};

// The CRC-32 PNG stores after each chunk (ISO 3309, over type and data).
uint32_t png_crc(const std::string& type, const std::vector<uint8_t>& data);

// The chunks that say a PNG holds sRGB values: sRGB (perceptual intent), and
// gAMA (1/2.2) and cHRM (Rec.709 primaries, D65) for decoders that ignore sRGB.
std::vector<PngChunk> png_srgb_chunks();
// A tEXt chunk: keyword (1-79 Latin-1 characters), a zero byte, the text.
PngChunk png_text_chunk(const std::string& keyword, const std::string& text);

// `png` (a whole PNG file) with `chunks` inserted right after IHDR, where the
// specification wants colour-space chunks (before PLTE and IDAT). Throws Error
// if `png` does not start with a signature and an IHDR chunk.
std::vector<uint8_t> png_insert_chunks(const std::vector<uint8_t>& png, const std::vector<PngChunk>& chunks);

// Every chunk of a PNG file in order (IHDR ... IEND). Throws Error naming the
// byte offset for a bad signature, a truncated chunk or a CRC mismatch.
std::vector<PngChunk> parse_png_chunks(const uint8_t* data, size_t size);

}  // namespace tessera
