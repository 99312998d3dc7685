#pragma once
// MaterialParams: the parameters a material's BxDF is made from. A new
// material adds the fields it needs here (with their defaults and units).

#include "core/math/vec3.h"

namespace tessera {

struct MaterialParams {
  Vec3 albedo{0.8f};  // diffuse reflectance, each channel in [0, 1]
};

}  // namespace tessera
