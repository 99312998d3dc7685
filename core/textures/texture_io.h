#pragma once
// Loading texture images from files (PNG, JPEG, HDR, EXR, PFM) through
// core/image/'s readers, which check every file before they trust it.

#include "core/textures/texture.h"

#include <string>

namespace tessera {

// Which channel a texture reads: all three, or one of them in all three (a
// scalar parameter reads the first; glTF keeps roughness in G, metallic in B,
// and alpha in A).
enum class TextureChannel : uint8_t { Rgb, R, G, B, A };

// The image at `path` as linear RGB. `srgb`: 8-bit files (PNG, JPEG) hold
// sRGB-encoded colour and are decoded with the sRGB curve; otherwise their
// codes are data, read as code / 255. Float files (HDR, EXR, PFM) hold linear
// values either way, and alpha is always linear (1 where the file has none).
// Throws Error "<path>: cannot read image: <why>".
TextureImage load_texture_image(const std::string& path, bool srgb, TextureChannel channel = TextureChannel::Rgb);

// The same from an image file held in memory (a glTF data URI or buffer view),
// its format named by `name`'s extension ("helmet.glb#images/0.png"). Reads only
// [data, data + size). Throws Error "<name>: cannot read image: <why>".
TextureImage decode_texture_image(const unsigned char* data, size_t size, const std::string& name, bool srgb,
                                  TextureChannel channel = TextureChannel::Rgb);

}  // namespace tessera
