#pragma once
// Material: what a surface does to light. A kind from the registry
// (material_kinds.h) with its parameters, which make_bsdf() turns into the
// BSDF at a hit; any material may also emit (an area light). Any parameter may
// be bound to a texture (TextureBinding); a material may also carry a normal
// map and an alpha (cut-out) value or texture.

#include "core/materials/bsdf.h"
#include "core/materials/material_kinds.h"
#include "core/materials/material_params.h"
#include "core/math/frame.h"
#include "core/math/vec3.h"
#include "core/textures/texture.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace tessera {

#define TESSERA_MATERIAL_ENUM(Kind, name, Type) Kind,
enum class MaterialKind : uint8_t { None, TESSERA_MATERIAL_KINDS(TESSERA_MATERIAL_ENUM) };
#undef TESSERA_MATERIAL_ENUM

// The name scene files use for `kind` ("diffuse"); "" for None.
inline const char* material_kind_name(MaterialKind kind) {
#define TESSERA_MATERIAL_NAME(Kind, name, Type) \
  if (kind == MaterialKind::Kind) return name;
  TESSERA_MATERIAL_KINDS(TESSERA_MATERIAL_NAME)
#undef TESSERA_MATERIAL_NAME
  return "";
}
// The kind a scene file names, or false when no material has that name.
inline bool material_kind_from_name(const char* name, MaterialKind& kind) {
#define TESSERA_MATERIAL_LOOKUP(Kind, n, Type) \
  if (std::strcmp(name, n) == 0) return kind = MaterialKind::Kind, true;
  TESSERA_MATERIAL_KINDS(TESSERA_MATERIAL_LOOKUP)
#undef TESSERA_MATERIAL_LOOKUP
  return false;
}

// The parameters a scene file may give a material of `kind` (its BxDF's kParams).
struct MaterialParamList {
  const MaterialParam* first = nullptr;
  size_t count = 0;
  const MaterialParam* begin() const { return first; }
  const MaterialParam* end() const { return first + count; }
};
inline MaterialParamList material_params(MaterialKind kind) {
#define TESSERA_MATERIAL_PARAMS(Kind, name, Type) \
  if (kind == MaterialKind::Kind) return {Type::kParams, sizeof(Type::kParams) / sizeof(Type::kParams[0])};
  TESSERA_MATERIAL_KINDS(TESSERA_MATERIAL_PARAMS)
#undef TESSERA_MATERIAL_PARAMS
  return {};
}
// The names of every registered kind, for messages: "diffuse, ...".
inline std::string material_kind_names() {
  std::string names;
#define TESSERA_MATERIAL_LIST(Kind, name, Type) names += (names.empty() ? "" : ", ") + std::string(name);
  TESSERA_MATERIAL_KINDS(TESSERA_MATERIAL_LIST)
#undef TESSERA_MATERIAL_LIST
  return names;
}

// "This parameter comes from texture `texture`": make_bsdf() overwrites the
// field (`param.color` or `param.number`) with the texture's value at the hit,
// clamped to the parameter's range. A scalar parameter reads the red channel.
struct TextureBinding {
  MaterialParam param;
  uint32_t texture = kNoTexture;  // index into TextureSet::textures
};

struct Material : MaterialParams {
  MaterialKind kind = MaterialKind::Diffuse;
  Vec3 emission{0.0f};    // emitted radiance (W / sr / m^2), linear RGB; with emission_texture, its factor
  // Emission varying over the surface: radiance = emission * this texture at
  // the hit's uv (glTF emissiveTexture, OBJ map_Ke), or kNoTexture. Area lights
  // evaluate it at the points they sample (core/lights/light.h), so light
  // sampling and hitting the surface see the same radiance. Vertex colours are
  // not read here (a light sample has no hit): a vertex_color texture gives its fallback.
  uint32_t emission_texture = kNoTexture;
  bool two_sided = false; // emit from both faces; otherwise only along the front normal
  std::vector<TextureBinding> textures;  // parameters read from textures; empty: all constant
  // Tangent-space normal map (linear RGB in [0, 1] -> 2c - 1; x along dp/du, y
  // along dp/dv (OpenGL, +Y up), z along the normal), or kNoTexture.
  uint32_t normal_map = kNoTexture;
  // Cut-out (glTF MASK): the surface is absent where alpha < alpha_cutoff.
  // Alpha is `alpha`, or the red channel of texture `alpha_texture`.
  float alpha = 1.0f;
  uint32_t alpha_texture = kNoTexture;
  float alpha_cutoff = 0.5f;

  bool is_emissive() const { return !is_black(emission); }
  // Whether shading reads the hit's uv and tangents (textures, a normal map);
  // the integrator computes them only then (make_interaction's InteractionParts).
  bool reads_uv() const {
    return !textures.empty() || normal_map != kNoTexture || emission_texture != kNoTexture;
  }
  // Whether any part of the surface may be cut out (accel/ tests only those).
  bool has_alpha() const { return alpha_texture != kNoTexture || alpha < alpha_cutoff; }
  // Whether the surface is present at `uv`.
  bool opaque_at(Vec2 uv, const TextureSet& set) const {
    const float a = alpha_texture == kNoTexture ? alpha : set.eval(alpha_texture, uv).x;
    return !(a < alpha_cutoff);
  }
  // Radiance leaving the surface towards a direction whose cosine with the
  // front normal is `cos_out`.
  // Without an emission texture: the constant; with one, only the factor.
  Vec3 emitted(float cos_out) const { return (cos_out > 0.0f || two_sided) ? emission : Vec3(0.0f); }
  // The same at surface coordinates `uv`, the emission texture read from `set`.
  Vec3 emitted(float cos_out, Vec2 uv, const TextureSet& set) const {
    const Vec3 e = emitted(cos_out);
    return emission_texture == kNoTexture || is_black(e) ? e : e * set.eval(emission_texture, uv);
  }
};

// The BSDF of a material of `kind` with parameters `p`, in the shading frame
// `shading` (normal = +z). By value: no allocation.
inline BSDF make_bsdf(MaterialKind kind, const MaterialParams& p, const Frame& shading) {
  switch (kind) {
#define TESSERA_MATERIAL_CASE(Kind, name, Type) \
  case MaterialKind::Kind:                     \
    return BSDF(shading, AnyBxDF(std::in_place_index<size_t(MaterialKind::Kind)>, Type::from(p)));
    TESSERA_MATERIAL_KINDS(TESSERA_MATERIAL_CASE)
#undef TESSERA_MATERIAL_CASE
    case MaterialKind::None: break;
  }
  return BSDF(shading, AnyBxDF());
}
// The BSDF of `m` with its constant parameters (its texture bindings ignored).
inline BSDF make_bsdf(const Material& m, const Frame& shading) { return make_bsdf(m.kind, m, shading); }

// The parameters of `m` at `uv`: its own, with every bound field replaced by
// its texture's value (clamped to the parameter's range). `vertex_color`: the
// hit's vertex colour, or null when its mesh has none (TextureSet::eval).
inline MaterialParams textured_params(const Material& m, Vec2 uv, const TextureSet& set,
                                      const Vec3* vertex_color = nullptr) {
  MaterialParams p = m;
  for (const TextureBinding& b : m.textures) {
    const Vec3 v = set.eval(b.texture, uv, vertex_color);
    switch (b.param.type) {
      case MaterialParam::Type::Reflectance: p.*b.param.color = min(max(v, Vec3(0.0f)), Vec3(1.0f)); break;
      case MaterialParam::Type::Color: p.*b.param.color = max(v, Vec3(0.0f)); break;
      case MaterialParam::Type::Unit: p.*b.param.number = std::min(std::max(v.x, 0.0f), 1.0f); break;
      case MaterialParam::Type::Positive: p.*b.param.number = std::max(v.x, 1e-6f); break;
      default:  // a type without a range check here: the value as it is
        if (b.param.color) p.*b.param.color = v;
        else p.*b.param.number = v.x;
    }
  }
  return p;
}

// The BSDF of `m` at a hit with surface coordinates `uv`, its textures read
// from `set`. A material without textures costs one test more than above.
inline BSDF make_bsdf(const Material& m, const Frame& shading, Vec2 uv, const TextureSet& set,
                      const Vec3* vertex_color = nullptr) {
  if (m.textures.empty()) return make_bsdf(m.kind, m, shading);
  return make_bsdf(m.kind, textured_params(m, uv, set, vertex_color), shading);
}

}  // namespace tessera
