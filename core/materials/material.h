#pragma once
// Material: what a surface does to light. A kind from the registry
// (material_kinds.h) with its parameters, which make_bsdf() turns into the
// BSDF at a hit; any material may also emit (an area light).

#include "core/materials/bsdf.h"
#include "core/materials/material_kinds.h"
#include "core/materials/material_params.h"
#include "core/math/frame.h"
#include "core/math/vec3.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <utility>

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

struct Material : MaterialParams {
  MaterialKind kind = MaterialKind::Diffuse;
  Vec3 emission{0.0f};    // emitted radiance (W / sr / m^2), linear RGB
  bool two_sided = false; // emit from both faces; otherwise only along the front normal

  bool is_emissive() const { return !is_black(emission); }
  // Radiance leaving the surface towards a direction whose cosine with the
  // front normal is `cos_out`.
  Vec3 emitted(float cos_out) const { return (cos_out > 0.0f || two_sided) ? emission : Vec3(0.0f); }
};

// The BSDF of `m` in the shading frame `shading` (normal = +z). By value: no allocation.
inline BSDF make_bsdf(const Material& m, const Frame& shading) {
  switch (m.kind) {
#define TESSERA_MATERIAL_CASE(Kind, name, Type) \
  case MaterialKind::Kind:                     \
    return BSDF(shading, AnyBxDF(std::in_place_index<size_t(MaterialKind::Kind)>, Type::from(m)));
    TESSERA_MATERIAL_KINDS(TESSERA_MATERIAL_CASE)
#undef TESSERA_MATERIAL_CASE
    case MaterialKind::None: break;
  }
  return BSDF(shading, AnyBxDF());
}

}  // namespace tessera
