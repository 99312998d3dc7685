#include "core/textures/texture.h"

#include <algorithm>
#include <cmath>

namespace tessera {
namespace {

// Texel index `i` (any integer) mapped into [0, n) under `wrap`.
int wrap_index(int i, int n, TextureWrap wrap) {
  switch (wrap) {
    case TextureWrap::Repeat: {
      const int r = i % n;
      return r < 0 ? r + n : r;
    }
    case TextureWrap::Clamp: return i < 0 ? 0 : (i >= n ? n - 1 : i);
    case TextureWrap::Mirror: {
      int r = i % (2 * n);
      if (r < 0) r += 2 * n;
      return r < n ? r : 2 * n - 1 - r;
    }
  }
  return 0;
}

// A float texel coordinate as an int, kept far from overflow (uv_scale may be
// large, uv may be anything a mesh holds; NaN reads texel 0).
int floor_to_int(float x, float* frac) {
  constexpr float kLimit = float(1 << 24);
  if (!(x > -kLimit)) x = -kLimit;
  if (x > kLimit) x = kLimit;
  const float f = std::floor(x);
  *frac = x - f;
  return int(f);
}

}  // namespace

Vec3 lookup_bilinear(const TextureImage& image, Vec2 uv, TextureWrap wrap) {
  return lookup_bilinear(image, uv, wrap, wrap);
}

Vec3 lookup_bilinear(const TextureImage& image, Vec2 uv, TextureWrap wrap_u, TextureWrap wrap_v) {
  // Texel centres at half-integers; v runs up, rows down.
  float fx = 0, fy = 0;
  const int x0 = floor_to_int(uv.x * float(image.width) - 0.5f, &fx);
  const int y0 = floor_to_int((1.0f - uv.y) * float(image.height) - 0.5f, &fy);
  const int xa = wrap_index(x0, image.width, wrap_u), xb = wrap_index(x0 + 1, image.width, wrap_u);
  const int ya = wrap_index(y0, image.height, wrap_v), yb = wrap_index(y0 + 1, image.height, wrap_v);
  return (image.texel(xa, ya) * (1.0f - fx) + image.texel(xb, ya) * fx) * (1.0f - fy) +
         (image.texel(xa, yb) * (1.0f - fx) + image.texel(xb, yb) * fx) * fy;
}

Vec3 checkerboard(const Vec3& color0, const Vec3& color1, float checks, Vec2 uv) {
  const double su = std::floor(double(uv.x) * checks), sv = std::floor(double(uv.y) * checks);
  return std::fmod(std::fabs(su + sv), 2.0) == 0.0 ? color0 : color1;
}

Vec3 TextureSet::eval(uint32_t id, Vec2 uv, const Vec3* vertex_color) const {
  const Texture& t = textures[id];
  Vec3 v;
  if (t.kind == TextureKind::Constant) {
    v = t.value;
  } else {
    const Vec2 st{uv.x * t.uv_scale.x + t.uv_offset.x, uv.y * t.uv_scale.y + t.uv_offset.y};
    v = t.kind == TextureKind::Checkerboard
            ? checkerboard(t.value, t.value1, t.checks, st)
            : lookup_bilinear(images[t.image], st, t.wrap, t.wrap_v.value_or(t.wrap)) * t.factor;
  }
  if (t.vertex_color) v = v * (vertex_color ? *vertex_color : t.vertex_color_fallback);
  return v;
}

Vec3 TextureSet::average(uint32_t id) const {
  const Texture& t = textures[id];
  Vec3 v = t.value;
  if (t.kind == TextureKind::Checkerboard) {
    v = (t.value + t.value1) * 0.5f;
  } else if (t.kind == TextureKind::Image) {
    const TextureImage& image = images[t.image];
    double sum[3] = {0, 0, 0};
    for (size_t i = 0; i + 2 < image.rgb.size(); i += 3)
      for (int c = 0; c < 3; ++c) sum[c] += image.rgb[i + size_t(c)];
    const double n = std::max<double>(1.0, double(image.rgb.size() / 3));
    v = Vec3(float(sum[0] / n), float(sum[1] / n), float(sum[2] / n)) * t.factor;
  }
  if (t.vertex_color) v = v * t.vertex_color_fallback;
  return v;
}

}  // namespace tessera
