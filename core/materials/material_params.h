#pragma once
// MaterialParams: the parameters a material's BxDF is made from. A new
// material adds the fields it needs here (with their defaults and units).

#include "core/math/vec3.h"

namespace tessera {

struct MaterialParams {
  Vec3 albedo{0.8f};  // diffuse reflectance, each channel in [0, 1] (principled: base_color)

  // Microfacet lobes (conductor, dielectric).
  float roughness = 0.0f;   // perceptual, in [0, 1]: alpha = roughness^2; 0 = smooth (a delta lobe)
  float anisotropy = 0.0f;  // in [0, 1], Burley: alpha_x = alpha / sqrt(1 - 0.9 a), alpha_y = alpha * sqrt(1 - 0.9 a)
  // Conductor Fresnel, the first given of: reflectance (F0), metal, eta + k.
  Vec3 reflectance{-1.0f};  // F0 per channel in [0, 1]; negative: not given
  int metal = -1;           // index into kMetals (fresnel.h); -1: not given
  Vec3 conductor_eta{0.2004376970f, 0.9240334304f, 1.1022119527f};  // real part of the complex index (copper)
  Vec3 conductor_k{3.9129485033f, 2.4528477015f, 2.1421879552f};    // imaginary part (copper)
  // Dielectric.
  float ior = 1.5f;            // index of refraction inside over outside
  bool thin = false;           // a thin pane: no bend, interreflections in the slab summed
  Vec3 transmittance{1.0f};    // share of light left after `distance` inside (Beer's law); 1 = clear
  float distance = 1.0f;       // scene units at which `transmittance` holds, > 0
  // coated: what lies under the coat (an index into kCoatedBases, coated.h:
  // 0 diffuse with `albedo`, 1 conductor with the conductor's Fresnel keys) and,
  // for a conductor base, its own perceptual roughness (`roughness` is the coat's).
  int coated_base = 0;
  float base_roughness = 0.0f;
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
    Boolean,      // true or false
    Choice,       // one of the strings in `choices`, stored as its index
  };
  const char* name;
  Type type;
  Vec3 MaterialParams::*color = nullptr;   // Reflectance and Color
  float MaterialParams::*number = nullptr; // Unit and Positive
  bool MaterialParams::*flag = nullptr;    // Boolean
  int MaterialParams::*choice = nullptr;   // Choice
  const char* const* choices = nullptr;    // Choice: the names, null-terminated
  const char* excludes = nullptr;          // keys that may not be given with this one: "a,b"

  static constexpr MaterialParam color_param(const char* name, Type type, Vec3 MaterialParams::*field,
                                             const char* excludes = nullptr) {
    return {name, type, field, nullptr, nullptr, nullptr, nullptr, excludes};
  }
  static constexpr MaterialParam number_param(const char* name, Type type, float MaterialParams::*field) {
    return {name, type, nullptr, field};
  }
  static constexpr MaterialParam boolean_param(const char* name, bool MaterialParams::*field) {
    return {name, Type::Boolean, nullptr, nullptr, field};
  }
  static constexpr MaterialParam choice_param(const char* name, int MaterialParams::*field,
                                              const char* const* names, const char* excludes = nullptr) {
    return {name, Type::Choice, nullptr, nullptr, nullptr, field, names, excludes};
  }
};

}  // namespace tessera
