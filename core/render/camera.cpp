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

CameraMatrices camera_matrices(const CameraParams& p, int width, int height) {
  // The same frame as the Camera constructor.
  const Vec3 forward = normalize(p.look_at - p.position);
  const Vec3 right = normalize(cross(forward, p.up));
  const Vec3 up = cross(right, forward);
  const float half_height = std::tan(0.5f * p.vertical_fov * kPi / 180.0f);
  const float half_width = half_height * float(width) / float(height);
  // Row i holds what input coordinate i contributes; the last row the translation.
  const Vec3 axes[3] = {right, up, forward};
  double cam[4][4] = {};
  for (int j = 0; j < 3; ++j) {
    cam[0][j] = axes[j].x, cam[1][j] = axes[j].y, cam[2][j] = axes[j].z;
    cam[3][j] = -(double(axes[j].x) * p.position.x + double(axes[j].y) * p.position.y + double(axes[j].z) * p.position.z);
  }
  cam[3][3] = 1;
  // Camera -> NDC: x_ndc = 0.5 + 0.5 x / (z half_width), y_ndc = 0.5 - 0.5 y / (z half_height), w = z.
  const double proj[4][4] = {{0.5 / half_width, 0, 0, 0}, {0, -0.5 / half_height, 0, 0}, {0.5, 0.5, 1, 1}, {0, 0, 0, 0}};
  CameraMatrices m;
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) {
      double ndc = 0;
      for (int k = 0; k < 4; ++k) ndc += cam[i][k] * proj[k][j];
      m.world_to_camera[size_t(i * 4 + j)] = float(cam[i][j]);
      m.world_to_ndc[size_t(i * 4 + j)] = float(ndc);
    }
  return m;
}

}  // namespace tessera
