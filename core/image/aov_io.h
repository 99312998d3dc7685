#pragma once
// Writing and reading AOV layers (core/image/aov.h) beside a beauty image.
//
//   EXR        one file: the beauty's R, G, B, A (half, or float with
//              --exr-float) and every layer's channels (albedo.R/G/B,
//              normal.X/Y/Z, depth.Z, position.X/Y/Z, variance.R/G/B), the
//              layers always as 32-bit float (depth and position need it).
//   PNG, HDR, PFM  the beauty at `path` and one file per layer beside it,
//              `out.albedo.png` ... (aov_side_path), each written atomically
//              like the beauty. Depth is written in all three channels. In
//              8-bit PNG the beauty's exposure and tone curve are not applied
//              to layers: albedo is sRGB-encoded like a colour; normals are
//              remapped from [-1, 1] to [0, 1] and, like depth, position and
//              variance, stored as linear codes (value * 255, clamped), so
//              depth and position belong in a float format. Float formats
//              hold the values as they are (Radiance HDR cannot hold negative
//              values: a normal's or a position's negative components read 0).

#include "core/image/aov_image.h"
#include "core/image/image.h"
#include "core/image/image_io.h"

#include <string>
#include <vector>

namespace tessera {

// "dir/out.png" + "albedo" -> "dir/out.albedo.png" (the extension kept).
std::string aov_side_path(const std::string& path, const std::string& layer);
// The extra files a non-EXR output writes for `aovs` (none for EXR).
std::vector<std::string> aov_side_paths(const std::string& path, AovSet aovs);

// Write `beauty` and `aov`'s layers to `path` as above. An empty AOV set is
// exactly write_image. Throws Error naming the file on failure.
void write_image_with_aovs(const Image& beauty, const AovImage& aov, const std::string& path,
                           const ImageWriteOptions& options = {});

// One layer as an RGB image (depth in all three channels).
Image aov_layer_image(const AovImage& aov, Aov layer);

// The names of the channels of the EXR file at `path` (the first part), sorted.
// Throws Error("<path>: cannot read image: ...").
std::vector<std::string> exr_channel_names(const std::string& path);

// The variance image `tessera compare --ztest` uses: the variance.R/G/B
// channels of an EXR that has them (a render with --aov variance), else the
// file's RGB (a render with --variance). Throws Error naming the file.
Image read_variance_image(const std::string& path);

}  // namespace tessera
