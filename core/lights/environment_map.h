#pragma once
// EnvironmentMap: an equirectangular radiance map around the scene and its
// importance sampling (a 2D piecewise-constant distribution over the map's
// pixels, luminance weighted by sin(theta); sampling/piecewise_constant.h).
//
// Mapping (after any rotation): +y is up; the top row is +y, the bottom row -y;
// the map's centre (u, v) = (0.5, 0.5) faces -z, u = 0.75 faces +x, u = 0.25
// -x, and the left and right edges meet at +z. So a viewer at the origin looking
// down -z sees the middle of the image the right way round (right is +x). For
// a direction d: theta = acos(d.y), phi = atan2(d.x, -d.z), u = 0.5 + phi / 2 pi,
// v = theta / pi. `rotation` turns the map about +y, right-handed, in degrees:
// at 90 the map's centre faces -x.
//
// Lookup is nearest-pixel, so Le is constant over each pixel exactly as the
// density is: every direction with light has density > 0 and Le / pdf varies
// only by sin(theta) within a pixel. Immutable and thread-safe once built.

#include "core/math/vec3.h"
#include "core/sampling/piecewise_constant.h"

#include <vector>

namespace tessera {

class EnvironmentMap {
 public:
  // `rgb`: width x height linear RGB triples, row-major from the top row;
  // finite and >= 0 (the caller checks: scene/ names the file). `scale`
  // multiplies every pixel.
  EnvironmentMap(int width, int height, std::vector<float> rgb, float scale, float rotation_degrees);

  int width() const { return width_; }
  int height() const { return height_; }
  // Radiance arriving from direction `wi` (unit, world space, pointing away from the scene).
  Vec3 Le(const Vec3& wi) const;
  // A direction drawn with density pdf (solid angle) proportional to
  // luminance * (solid angle of its pixel); L is Le of it. pdf 0: no sample.
  Vec3 sample(Vec2 u, float& pdf, Vec3& L) const;
  float pdf(const Vec3& wi) const;
  // The integral of luminance(Le) over the sphere (W / m^2 / sr times sr), exact
  // for the nearest-pixel lookup: sum of luminance * pixel solid angle.
  double luminance_integral() const { return luminance_integral_; }
  // The map's direction for (u, v) in [0, 1)^2 and back (no rotation).
  static Vec3 direction(Vec2 uv);
  static Vec2 uv(const Vec3& local);

 private:
  Vec3 to_local(const Vec3& w) const { return {w.x * cos_ - w.z * sin_, w.y, w.x * sin_ + w.z * cos_}; }
  Vec3 to_world(const Vec3& l) const { return {l.x * cos_ + l.z * sin_, l.y, -l.x * sin_ + l.z * cos_}; }
  Vec3 texel(Vec2 uv) const;

  int width_ = 0, height_ = 0;
  std::vector<float> rgb_;
  float cos_ = 1, sin_ = 0;  // the rotation about +y
  PiecewiseConstant2D distribution_;
  double luminance_integral_ = 0;
};

}  // namespace tessera
