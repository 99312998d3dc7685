#include "core/render/camera.h"

#include "core/sampling/sampling.h"

#include <cmath>

namespace tessera {

Camera::Camera(const CameraParams& p, int width, int height) {
  origin_ = p.position;
  forward_ = normalize(p.look_at - p.position);
  right_ = normalize(cross(forward_, p.up));
  up_ = cross(right_, forward_);
  half_height_ = std::tan(0.5f * p.vertical_fov * kPi / 180.0f);
  half_width_ = half_height_ * float(width) / float(height);
  inv_width_ = 1.0f / float(width);
  inv_height_ = 1.0f / float(height);
  lens_radius_ = p.lens_radius;
  focus_distance_ = p.focus_distance > 0 ? p.focus_distance : length(p.look_at - p.position);
}

Ray Camera::generate_ray(float fx, float fy, Vec2 lens) const {
  const float sx = (2.0f * fx * inv_width_ - 1.0f) * half_width_;
  const float sy = (1.0f - 2.0f * fy * inv_height_) * half_height_;
  const Vec3 dir = forward_ + right_ * sx + up_ * sy;
  if (lens_radius_ <= 0.0f) return Ray{origin_, normalize(dir)};
  // Thin lens: every ray through the lens meets the pinhole ray on the focus plane.
  const Vec3 focus_point = origin_ + dir * focus_distance_;
  const Vec2 disk = sample_concentric_disk(lens);
  const Vec3 lens_point = origin_ + (right_ * disk.x + up_ * disk.y) * lens_radius_;
  return Ray{lens_point, normalize(focus_point - lens_point)};
}

}  // namespace tessera
