#pragma once
// BSDF: how a surface scatters light, as the integrator sees it. Every BxDF
// (lambertian.h, ...) works in a local shading frame where the shading normal
// is +z; BSDF holds one of them by value (no allocation, no virtual call),
// chosen by the material's kind, with the frame that takes world directions
// there and back.
//
// Contract (after pbrt-v4 bxdfs.h and Mitsuba 3 bsdf.h). Directions point away
// from the surface and are unit length; wo is where the light goes, wi where it
// comes from. The same holds for a BxDF in local coordinates.
//   eval(wo, wi)  the BSDF value f(wo, wi), without the cosine; zero for a
//                 delta lobe (reached only through sample()).
//   sample(wo, u_lobe, u)  picks a lobe with u_lobe and a direction with u;
//                 an invalid sample (pdf == 0) means the path is absorbed.
//                 A BxDF whose flags() name a single lobe (is_single_lobe)
//                 must not depend on u_lobe: the integrator does not draw
//                 that number then (it passes 0.5).
//   pdf(wo, wi)   the solid-angle density with which sample() returns wi;
//                 zero for delta lobes.
//   flags()       the union of the lobes; None when nothing is scattered.
//   eval_pdf(wo, wi)  eval and pdf at once, for the price of one change of frame.
// All are const, allocate nothing and are safe to call from any thread.

#include "core/materials/bxdf.h"
#include "core/materials/material_kinds.h"
#include "core/math/frame.h"

#include <cstddef>
#include <type_traits>
#include <utility>
#include <variant>

namespace tessera {

// One alternative per registered material kind, in registry order (so the
// variant's index is the MaterialKind).
#define TESSERA_BXDF_ALTERNATIVE(Kind, name, Type) , Type
using AnyBxDF = std::variant<std::monostate TESSERA_MATERIAL_KINDS(TESSERA_BXDF_ALTERNATIVE)>;
#undef TESSERA_BXDF_ALTERNATIVE

class BSDF {
 public:
  // `bxdf` holds a registered BxDF (index 0, monostate, scatters nothing).
  BSDF(const Frame& shading, AnyBxDF bxdf) : frame_(shading), bxdf_(std::move(bxdf)) {}

  BSDFFlags flags() const {
    return visit([](const auto& b) { return b.flags(); }, BSDFFlags::None);
  }
  Vec3 eval(const Vec3& wo, const Vec3& wi) const {
    const Vec3 lo = frame_.to_local(wo), li = frame_.to_local(wi);
    return visit([&](const auto& b) { return b.eval(lo, li); }, Vec3(0.0f));
  }
  // The sample's wi is in world space.
  BSDFSample sample(const Vec3& wo, float u_lobe, Vec2 u) const {
    const Vec3 lo = frame_.to_local(wo);
    BSDFSample s = visit([&](const auto& b) { return b.sample(lo, u_lobe, u); }, BSDFSample{});
    s.wi = frame_.to_world(s.wi);
    return s;
  }
  float pdf(const Vec3& wo, const Vec3& wi) const {
    const Vec3 lo = frame_.to_local(wo), li = frame_.to_local(wi);
    return visit([&](const auto& b) { return b.pdf(lo, li); }, 0.0f);
  }
  // eval and pdf together (Mitsuba's eval_pdf), what next-event estimation
  // needs for MIS: one change of frame and one dispatch instead of two.
  struct EvalPdf {
    Vec3 f;
    float pdf = 0;
  };
  EvalPdf eval_pdf(const Vec3& wo, const Vec3& wi) const {
    const Vec3 lo = frame_.to_local(wo), li = frame_.to_local(wi);
    return visit([&](const auto& b) { return EvalPdf{b.eval(lo, li), b.pdf(lo, li)}; }, EvalPdf{});
  }
  const Frame& frame() const { return frame_; }

 private:
  // f(bxdf) for the BxDF held, `none` for monostate. A chain of tests in
  // registry order rather than std::visit: GCC calls std::visit's table out of
  // line once there are several kinds, while each test here leads to a direct
  // call it can inline (measured: with five kinds the diffuse Cornell box spent
  // 4% of its instructions in std::visit's calls; the first kind costs one test).
  template <class F, class R>
  R visit(F&& f, R none) const {
#define TESSERA_BXDF_CASE(Kind, name, Type) \
  if (const Type* b = std::get_if<Type>(&bxdf_)) return f(*b);
    TESSERA_MATERIAL_KINDS(TESSERA_BXDF_CASE)
#undef TESSERA_BXDF_CASE
    return none;
  }

  Frame frame_;
  AnyBxDF bxdf_;
};

}  // namespace tessera
