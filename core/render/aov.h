#pragma once
// AOVs (arbitrary output variables): the layers a render can add to its beauty
// image, for denoisers (Open Image Denoise reads albedo and normal) and
// compositing (depth, position), and the beauty's own per-pixel variance.
//
// In this file:
//   Aov, AovSet       the layers and a set of them, in one fixed order
//   parse_aov_list    "albedo,normal" (--aov) -> AovSet
//   aov_channel_names the EXR channel names of a set ("albedo.R" ...)
// (core/image/aov_image.h holds a framebuffer of a set's channels.)
//
// A pixel's AOV channels are stored interleaved in the set's order (albedo RGB,
// normal XYZ, depth Z, position XYZ, variance RGB), whichever layers are chosen.

#include <cstdint>
#include <string>
#include <vector>

namespace tessera {

enum class Aov : uint32_t {
  Albedo = 1u << 0,    // reflectance at the first non-specular hit (glass and mirrors pass through), RGB
  Normal = 1u << 1,    // world-space shading normal at that hit, in [-1, 1], XYZ
  Depth = 1u << 2,     // distance from the camera to the first surface along the camera ray; infinity on a miss
  Position = 1u << 3,  // world position at the first non-specular hit, XYZ
  Variance = 1u << 4,  // per-sample variance of the beauty (what --variance writes), RGB
};
constexpr int kAovCount = 5;

// A set of layers. mask bits are Aov values; bits past kAovCount are never set.
struct AovSet {
  uint32_t mask = 0;
  bool empty() const { return mask == 0; }
  bool has(Aov a) const { return (mask & uint32_t(a)) != 0; }
  // Channels of this set per pixel (3 per layer, 1 for depth).
  int channels() const;
  // Offset of `a`'s first channel within a pixel's AOV channels (a must be in the set).
  int offset(Aov a) const;
  bool operator==(const AovSet& o) const { return mask == o.mask; }
  bool operator!=(const AovSet& o) const { return mask != o.mask; }
};

// Every layer, in the fixed order; name ("albedo") and channel count.
Aov aov_at(int index);  // index in [0, kAovCount)
const char* aov_name(Aov a);
int aov_channels(Aov a);
// The valid names, for messages: "albedo, normal, depth, position, variance".
std::string aov_names();

// "albedo,normal,..." (comma-separated, no spaces; a name given twice counts
// once). Throws Error("unknown AOV \"x\" (expected albedo, normal, depth,
// position or variance)") for anything else, and for an empty name.
AovSet parse_aov_list(const std::string& text);  // "none": the empty set
AovSet parse_aov_names(const std::vector<std::string>& names);  // the film block's "aov" array
// The names of a set in the fixed order (what the film block is written with).
std::vector<std::string> aov_name_list(AovSet set);

// EXR channel names of a set in storage order: albedo.R/G/B, normal.X/Y/Z,
// depth.Z, position.X/Y/Z, variance.R/G/B.
std::vector<std::string> aov_channel_names(AovSet set);

}  // namespace tessera
