#include "core/lights/environment_map.h"

#include "core/sampling/sampling.h"

#include <algorithm>
#include <cmath>

namespace tessera {

EnvironmentMap::EnvironmentMap(int width, int height, std::vector<float> rgb, float scale, float rotation_degrees)
    : width_(width), height_(height), rgb_(std::move(rgb)) {
  for (float& c : rgb_) c *= scale;
  const double angle = double(rotation_degrees) * 3.14159265358979323846 / 180.0;
  cos_ = float(std::cos(angle)), sin_ = float(std::sin(angle));
  std::vector<float> weights(size_t(width) * size_t(height));
  const double dphi = 2.0 * 3.14159265358979323846 / width;
  for (int y = 0; y < height; ++y) {
    const double theta0 = 3.14159265358979323846 * y / height, theta1 = 3.14159265358979323846 * (y + 1) / height;
    const double sin_center = std::sin(0.5 * (theta0 + theta1));
    const double pixel_solid_angle = dphi * (std::cos(theta0) - std::cos(theta1));
    for (int x = 0; x < width; ++x) {
      const size_t i = size_t(y) * size_t(width) + size_t(x);
      const float lum = luminance({rgb_[3 * i], rgb_[3 * i + 1], rgb_[3 * i + 2]});
      weights[i] = float(double(lum) * sin_center);
      luminance_integral_ += double(lum) * pixel_solid_angle;
    }
  }
  distribution_ = PiecewiseConstant2D(weights, size_t(width), size_t(height));
}

Vec3 EnvironmentMap::direction(Vec2 uv) {
  const float phi = (uv.x - 0.5f) * 2.0f * kPi, theta = uv.y * kPi;
  const float sin_theta = std::sin(theta);
  return {sin_theta * std::sin(phi), std::cos(theta), -sin_theta * std::cos(phi)};
}

Vec2 EnvironmentMap::uv(const Vec3& d) {
  const float theta = std::acos(std::min(1.0f, std::max(-1.0f, d.y)));
  const float phi = std::atan2(d.x, -d.z);
  float u = 0.5f + phi * (0.5f * kInvPi);
  if (!(u < 1.0f)) u = 0.0f;  // phi = pi: the seam
  return {std::max(0.0f, u), theta * kInvPi};
}

Vec3 EnvironmentMap::texel(Vec2 uv) const {
  const int x = std::min(width_ - 1, std::max(0, int(uv.x * float(width_))));
  const int y = std::min(height_ - 1, std::max(0, int(uv.y * float(height_))));
  const float* p = &rgb_[(size_t(y) * size_t(width_) + size_t(x)) * 3];
  return {p[0], p[1], p[2]};
}

Vec3 EnvironmentMap::Le(const Vec3& wi) const { return texel(uv(to_local(wi))); }

Vec3 EnvironmentMap::sample(Vec2 u, float& pdf, Vec3& L) const {
  float map_pdf = 0;
  const Vec2 p = distribution_.sample(u, map_pdf);
  const float sin_theta = std::sin(p.y * kPi);
  pdf = 0;
  if (!(map_pdf > 0.0f) || !(sin_theta > 0.0f)) return Vec3(0.0f);
  // (u, v) -> (phi, theta) has Jacobian 2 pi^2, and d omega = sin(theta) d theta d phi.
  pdf = map_pdf / (2.0f * kPi * kPi * sin_theta);
  L = texel(p);
  return to_world(direction(p));
}

float EnvironmentMap::pdf(const Vec3& wi) const {
  const Vec3 local = to_local(wi);
  const float sin_theta = std::sqrt(std::max(0.0f, local.x * local.x + local.z * local.z));
  if (!(sin_theta > 0.0f)) return 0.0f;
  return distribution_.pdf(uv(local)) / (2.0f * kPi * kPi * sin_theta);
}

}  // namespace tessera
