#pragma once
// Texture: a value that varies over a surface's (u, v), as one plain value
// type with a kind (no virtual call): a constant, an image (bilinear, with a
// wrap mode) or a checkerboard. TextureSet holds a scene's textures and the
// images they read, each image loaded once and shared (texture_io.h loads them).
//
// Conventions: (u, v) = (0, 0) is the image's bottom-left corner and (1, 1) its
// top-right (OBJ's and pbrt's, v up); a texture first maps uv to
// uv * uv_scale + uv_offset. Texel centres sit at half-integer positions, so a
// lookup at a texel's centre returns that texel exactly.

#include "core/math/vec3.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace tessera {

constexpr uint32_t kNoTexture = ~0u;

enum class TextureKind : uint8_t { Constant, Image, Checkerboard };

// What an image lookup does past [0, 1].
enum class TextureWrap : uint8_t {
  Repeat,  // tile: u and u + 1 read the same texel
  Clamp,   // the edge texels extend forever
  Mirror,  // tile, every other copy reflected (period 2)
};

// A decoded image: linear RGB floats, row-major from the top-left texel.
struct TextureImage {
  int width = 0, height = 0;
  std::vector<float> rgb;  // width * height * 3

  Vec3 texel(int x, int y) const {
    const float* p = &rgb[(size_t(y) * size_t(width) + size_t(x)) * 3];
    return {p[0], p[1], p[2]};
  }
};

struct Texture {
  TextureKind kind = TextureKind::Constant;
  TextureWrap wrap = TextureWrap::Repeat;  // Image only (along u, and along v unless wrap_v says otherwise)
  std::optional<TextureWrap> wrap_v;       // Image: along v when it differs (glTF's wrapT)
  Vec3 value{0.0f};       // Constant: the value; Checkerboard: color0
  Vec3 value1{0.0f};      // Checkerboard: color1
  float checks = 1.0f;    // Checkerboard: squares per unit of u (and of v), > 0
  uint32_t image = 0;     // Image: index into TextureSet::images
  Vec3 factor{1.0f};      // Image: multiplies each lookup (glTF's colour and metallic/roughness factors)
  Vec2 uv_scale{1.0f, 1.0f};
  Vec2 uv_offset{0.0f, 0.0f};
  // Any kind: the value is multiplied by the hit's interpolated vertex colour
  // (glTF's COLOR_0 times base colour; a scene's "vertex_color"), or by
  // `vertex_color_fallback` where the mesh has no colours.
  bool vertex_color = false;
  Vec3 vertex_color_fallback{1.0f};
};

// Bilinear lookup of `image` at (u, v) (not scaled or offset) under `wrap`.
// The image must have at least one texel. Pure; thread-safe.
Vec3 lookup_bilinear(const TextureImage& image, Vec2 uv, TextureWrap wrap);
// The same with one wrap mode along u and another along v.
Vec3 lookup_bilinear(const TextureImage& image, Vec2 uv, TextureWrap wrap_u, TextureWrap wrap_v);

// pbrt's checkerboard: color0 where floor(u * checks) + floor(v * checks) is even.
Vec3 checkerboard(const Vec3& color0, const Vec3& color1, float checks, Vec2 uv);

struct TextureSet {
  std::vector<TextureImage> images;  // each file (with its colour space) once
  std::vector<Texture> textures;     // what materials bind to, by index

  // The value of texture `id` at `uv`. `id` must be < textures.size(). Thread-safe.
  // `vertex_color`: the hit's interpolated vertex colour, or null when its mesh
  // has none (what textures marked vertex_color multiply by).
  Vec3 eval(uint32_t id, Vec2 uv, const Vec3* vertex_color = nullptr) const;
  // The mean value of texture `id` over the unit square of its (u, v) as
  // stored (an image's texels averaged, times its factor; a checkerboard's two
  // colours halved), with vertex colours taken as their fallback. For power
  // estimates, not for shading.
  Vec3 average(uint32_t id) const;
};

}  // namespace tessera
