#pragma once
// Image files: the formats Tessera writes, chosen by file extension.

#include "core/image.h"

#include <string>

namespace tessera {

enum class ImageFormat { Png, Hdr, Exr, Pfm };

// Format for a path's extension (case-insensitive): .png .hdr .exr .pfm.
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
};

// Read an image as linear RGB: .png/.jpg (8-bit sRGB, decoded to linear), .hdr,
// .exr (R, G, B channels; missing ones read as 0) or .pfm. Throws Error
// ("<path>: cannot read image: <why>") for a missing, unreadable or unknown file.
Image read_image(const std::string& path);

// The exact sRGB decoding curve (8-bit code / 255 -> linear).
float srgb_to_linear(float encoded);

// Linear value -> 8-bit sRGB under `options`.
unsigned char encode_srgb8(float linear, const ImageWriteOptions& options);

// Write `image` to `path` in the format its extension names. The file is
// written under a temporary name and renamed, so no reader sees half a file.
// Throws Error naming the path on failure.
void write_image(const Image& image, const std::string& path, const ImageWriteOptions& options = {});

}  // namespace tessera
