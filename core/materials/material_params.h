#pragma once
// MaterialParams: the parameters a material's BxDF is made from. A new
// material adds the fields it needs here (with their defaults and units).

#include "core/math/vec3.h"

namespace tessera {

struct MaterialParams {
  Vec3 albedo{0.8f};  // diffuse reflectance, each channel in [0, 1] (principled: base_color)
  float roughness = 0.0f;  // perceptual roughness in [0, 1]: alpha = roughness^2, 0 = smooth
  float ior = 1.5f;        // index of refraction relative to the outside, > 0
  // principled (glTF 2.0 metallic-roughness and its extensions), each in [0, 1]:
  float metallic = 0.0f;             // 0 dielectric .. 1 metal
  float transmission = 0.0f;         // KHR_materials_transmission: share of the dielectric base transmitted
  float clearcoat = 0.0f;            // KHR_materials_clearcoat: the coat's weight
  float clearcoat_roughness = 0.0f;  // the coat's perceptual roughness
};

// One parameter as a scene file names it: a material's BxDF lists its own
// (`static constexpr MaterialParam kParams[]`), and the scene parser reads
// them without knowing the material, so a new material needs no parser code.
struct MaterialParam {
  enum class Type {
    Reflectance,  // RGB, each channel in [0, 1]
    Color,        // RGB, each channel >= 0
    Unit,         // a number in [0, 1]
    Positive,     // a number > 0
  };
  const char* name;
  Type type;
  Vec3 MaterialParams::*color = nullptr;   // Reflectance and Color
  float MaterialParams::*number = nullptr; // Unit and Positive
};

}  // namespace tessera
