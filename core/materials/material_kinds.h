#pragma once
// The material registry: one line per material kind. A new material is one
// file (its BxDF, with eval / sample / pdf / flags in the local frame and a
// static `from(const MaterialParams&)` factory, see lambertian.h), its include
// below, and one X(...) line in the list. The enum MaterialKind, the names the
// scene file accepts and BSDF's dispatch are all generated from this list.

#include "core/materials/coated.h"
#include "core/materials/conductor.h"
#include "core/materials/dielectric.h"
#include "core/materials/lambertian.h"
#include "core/materials/principled.h"

// X(Kind, "name in scene files", BxDF type)
#define TESSERA_MATERIAL_KINDS(X) \
  X(Diffuse, "diffuse", LambertianBxDF) \
  X(Conductor, "conductor", ConductorBxDF) \
  X(Dielectric, "dielectric", DielectricBxDF) \
  X(Coated, "coated", CoatedBxDF) \
  X(Principled, "principled", PrincipledBxDF)
