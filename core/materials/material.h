#pragma once
// Material: what a surface does to light. For now every surface is Lambertian
// and may also emit (an area light).

#include "core/math/vec3.h"

namespace tessera {

struct Material {
  Vec3 albedo{0.8f};      // diffuse reflectance, each channel in [0, 1]
  Vec3 emission{0.0f};    // emitted radiance (W / sr / m^2), linear RGB
  bool two_sided = false; // emit from both faces; otherwise only along the front normal

  bool is_emissive() const { return !is_black(emission); }
  // Radiance leaving the surface towards a direction whose cosine with the
  // front normal is `cos_out`.
  Vec3 emitted(float cos_out) const { return (cos_out > 0.0f || two_sided) ? emission : Vec3(0.0f); }
};

}  // namespace tessera
