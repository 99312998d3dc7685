#pragma once
// Ray: an origin, a direction and the parametric interval searched for hits.

#include "core/math/vec3.h"

#include <limits>

namespace tessera {

struct Ray {
  Vec3 origin;
  Vec3 direction;  // need not be unit length; t is measured in its units
  float t_min = 0.0f;
  float t_max = std::numeric_limits<float>::infinity();

  Vec3 at(float t) const { return origin + direction * t; }
};

}  // namespace tessera
