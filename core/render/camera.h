#pragma once
// Camera: a perspective thin-lens camera that turns film positions into rays.

#include "core/math/ray.h"
#include "core/math/vec3.h"

#include <array>

namespace tessera {

struct CameraParams {
  Vec3 position{0, 0, 5};       // world-space eye point
  Vec3 look_at{0, 0, 0};        // point the view is centred on
  Vec3 up{0, 1, 0};             // world up; need not be orthogonal to the view
  float vertical_fov = 40.0f;   // full vertical field of view, degrees, in (0, 180)
  float lens_radius = 0.0f;     // thin-lens aperture radius in world units; 0 = pinhole
  float focus_distance = 0.0f;  // distance to the plane in focus; 0 = distance to look_at
};

class Camera {
 public:
  Camera() = default;
  Camera(const CameraParams& params, int width, int height);

  // Ray through film position (fx, fy) in pixels ((0, 0) is the top-left corner of
  // the image, (width, height) the bottom-right), with lens sample `lens` in [0,1)^2.
  // Thread-safe: const and stateless.
  Ray generate_ray(float fx, float fy, Vec2 lens) const;
  // Whether generate_ray looks at `lens` (a thin lens); a pinhole does not.
  bool uses_lens_sample() const { return lens_radius_ > 0.0f; }

 private:
  Vec3 origin_, right_, up_, forward_;
  float half_width_ = 0, half_height_ = 0;  // image plane extent at distance 1
  float inv_width_ = 0, inv_height_ = 0;
  float lens_radius_ = 0, focus_distance_ = 1;
};

// The camera as OpenEXR's standard attributes describe it (ImfStandardAttributes.h),
// row-major 4x4 matrices for row vectors (p' = p * M), as Imath::M44f:
// world_to_camera maps to a left-handed camera space (+x right, +y up, +z the
// view direction, the eye at the origin); world_to_ndc maps a world point, after
// the divide by w, to (fx / width, fy / height) for the film position (fx, fy)
// whose generate_ray passes through it: (0, 0) top-left, (1, 1) bottom-right.
struct CameraMatrices {
  std::array<float, 16> world_to_camera, world_to_ndc;
};
CameraMatrices camera_matrices(const CameraParams& params, int width, int height);

}  // namespace tessera
