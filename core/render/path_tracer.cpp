#include "core/render/path_tracer.h"

#include "core/materials/material.h"
#include "core/math/frame.h"
#include "core/render/interaction.h"
#include "core/sampling/sampling.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tessera {
namespace {

// Move a point off its surface along the normal so a new ray does not hit the
// surface it starts on. The offset must exceed the rounding error of the hit
// point, which grows with its coordinates (a float has 24 bits: one unit in the
// last place of x is about |x| * 2^-23), and stay small against the scene, or
// rays start beyond nearby walls (a fixed 1e-4 |p| put them 10 units off the
// surface 10^5 units from the origin, and rendered a third of the pixels black).
// 2^-22 |p| is two to four units in the last place; 1e-4 is the floor for
// scenes near the origin.
Vec3 offset_point(const Vec3& p, const Vec3& n) {
  const float scale = 1e-4f + 0x1p-22f * max_component(max(p, -p));
  return p + n * scale;
}

}  // namespace

// The rest of a bounce after the hit is shaded and its emission counted: a
// light sample (next-event estimation with MIS), then the BSDF sample that
// continues the path. Returns false where the path ends. `bsdf` is a BSDF or a
// TypedBSDF: the same code for the variant and for one known BxDF.
template <class AnyOrTypedBSDF>
[[gnu::always_inline]] inline bool PathTracer::continue_path(const AnyOrTypedBSDF& bsdf, const Bounce& b, const BounceSamples& u,
                                      PathState& path, RayCounter& counter) const {
  constexpr bool kIncomplete = SceneLights::kAllowIncompletePdf;
  const SceneLights& lights = scene_.lights;
  const PowerLightSampler& light_sampler = lights.sampler();
  const SurfaceInteraction& si = b.si;
  const Vec3& wo = b.wo;
  const float cos_out = b.cos_out;
  const BSDFFlags flags = bsdf.flags();
  if (flags == BSDFFlags::None) return false;

  // A BSDF of delta lobes only gives a light sample nothing (eval is zero).
  if (!light_sampler.empty() && has_any(flags, BSDFFlags::Diffuse | BSDFFlags::Glossy)) {
    const SampledLight chosen = light_sampler.sample(u.light);
    const Light& light = lights.light(chosen.light);
    const LightLiSample ls = light.sample_li(si.p, u.light_pos, kIncomplete);
    if (ls.valid() && !is_black(ls.L)) {
      const Vec3 wi = ls.wi;
      const float cos_geometric = dot(si.n, wi);
      // The geometric normal decides reflection or transmission (a shading
      // normal must not let light through a surface that only reflects).
      const bool reflect = cos_geometric * cos_out > 0.0f;
      const BSDFEvalPdf fp = has_any(flags, reflect ? BSDFFlags::Reflection : BSDFFlags::Transmission)
                                 ? bsdf.eval_pdf(wo, wi)
                                 : BSDFEvalPdf{};
      const Vec3& f = fp.f;
      if (!is_black(f)) {
        const Vec3 origin = offset_point(si.p, cos_geometric > 0.0f ? si.n : -si.n);
        Ray shadow{origin, wi, 0.0f, std::numeric_limits<float>::infinity()};
        if (std::isfinite(ls.distance)) {
          // To a point just off the light's surface, on the side that faces us.
          const bool area = !is_black(ls.normal);
          const Vec3 target =
              area ? offset_point(ls.point, dot(ls.normal, wi) < 0.0f ? ls.normal : -ls.normal) : ls.point;
          shadow = Ray{origin, target - origin, 0.0f, 1.0f};
        }
        ++counter.rays;
        if (!query_.occluded(shadow)) {
          const float pdf_light = chosen.pmf * ls.pdf;
          const float weight = ls.is_delta ? 1.0f : power_heuristic(pdf_light, fp.pdf);
          path.L += path.beta * f * ls.L * (std::abs(dot(si.ns, wi)) * weight / pdf_light);
        }
      }
    }
  }

  // Continue the path in the direction the BSDF samples.
  const BSDFSample bs = bsdf.sample(wo, u.lobe, u.bsdf);
  if (!bs.valid()) return false;
  const float cos_in = dot(bs.wi, si.n);
  if ((cos_in * cos_out > 0.0f) != has_any(bs.flags, BSDFFlags::Reflection)) return false;  // wrong side of the geometry
  path.prev_bsdf_pdf = bs.pdf;
  path.specular_bounce = is_specular(bs.flags);
  path.prev_p = si.p;
  path.beta *= bs.weight;

  if (b.depth + 1 >= rr_depth_) {
    const float q = std::min(1.0f, max_component(path.beta));
    if (u.rr >= q) return false;
    path.beta /= q;
  }
  path.ray = Ray{offset_point(si.p, cos_in > 0.0f ? si.n : -si.n), bs.wi};
  return true;
}

bool PathTracer::continue_path_any(const Material& mat, const Bounce& b, const BounceSamples& u, PathState& path,
                                   RayCounter& counter) const {
  const BSDF bsdf = make_bsdf(mat, Frame(b.si.ns), b.si.uv, scene_.textures);
  return continue_path(bsdf, b, u, path, counter);
}

Vec3 PathTracer::radiance(Ray ray, Sampler& sampler, RayCounter& counter) const {
  constexpr bool kIncomplete = SceneLights::kAllowIncompletePdf;
  const SceneLights& lights = scene_.lights;
  const PowerLightSampler& light_sampler = lights.sampler();
  PathState path;
  path.ray = ray;

  for (int depth = 0;; ++depth) {
    // The fixed layout of a bounce's sample dimensions: every bounce that may
    // scatter (depth < max_depth) owns exactly these, in this order: light
    // selection (1), point on the light (2), BSDF lobe (1), BSDF direction (2),
    // Russian roulette (1). So bounce k always uses the same dimensions (what a
    // low-discrepancy sampler needs to stay stratified), whether or not the
    // scene has lights or roulette applies; numbers nothing can use are
    // skipped, not computed. They are drawn before the ray is traced: a
    // scrambled Sobol draw is a long chain of dependent multiplies, which the
    // processor then works through while Embree traverses, instead of after it.
    float u_light = 0.5f, u_lobe = 0.5f, u_rr = 0.0f;
    Vec2 u_light_pos{0.5f, 0.5f}, u_bsdf{0.5f, 0.5f};
    if (depth < max_depth_) {
      if (light_sampler.size() > 1)
        u_light = sampler.get_1d();
      else
        sampler.skip(1);  // one light (or none): the choice needs no number
      if (!light_sampler.empty())
        u_light_pos = sampler.get_2d();
      else
        sampler.skip(2);
      u_lobe = sampler.get_1d();
      u_bsdf = sampler.get_2d();
      if (depth + 1 >= rr_depth_)
        u_rr = sampler.get_1d();
      else
        sampler.skip(1);
    }

    RayHit hit;
    ++counter.rays;
    if (!query_.intersect(path.ray, hit)) {
      // Infinite lights: weighed by MIS against their own light samples.
      for (uint32_t i : lights.infinite()) {
        const Light& light = lights.light(i);
        const Vec3 Le = light.Le(path.ray);
        if (is_black(Le)) continue;
        if (depth == 0 || path.specular_bounce) {
          path.L += path.beta * Le;
        } else {
          const float pdf_light = light_sampler.pmf(i) * light.pdf_li_infinite(path.ray.direction, kIncomplete);
          path.L += path.beta * Le * power_heuristic(path.prev_bsdf_pdf, pdf_light);
        }
      }
      break;
    }
    // The parameterization (uv, tangents) only for materials that read it.
    const Material& mat = scene_.materials[scene_.geometry.material_of(hit.geometry, hit.primitive)];
    SurfaceInteraction si = make_interaction(scene_.geometry, path.ray, hit,
                                             mat.reads_uv() ? InteractionParts::All : InteractionParts::Shading);
    const Vec3 wo = -path.ray.direction;  // directions are unit length
    if (mat.normal_map != kNoTexture) apply_normal_map(si, scene_.textures.eval(mat.normal_map, si.uv));
    const float cos_out = dot(si.n, wo);  // > 0 on the front face (si.front_face)
    if (!si.front_face && mat.kind == MaterialKind::Dielectric) {
      // The segment just travelled was inside this medium (closed, non-nested
      // meshes): Beer's law along it.
      const Vec3 sigma_a = DielectricBxDF::sigma_a(mat);
      if (!is_black(sigma_a)) {
        const Vec3 tau = sigma_a * hit.t;
        path.beta *= Vec3(std::exp(-tau.x), std::exp(-tau.y), std::exp(-tau.z));
      }
    }

    if (mat.is_emissive()) {
      const Vec3 Le = mat.emitted(cos_out);
      if (depth == 0 || path.specular_bounce) {
        path.L += path.beta * Le;
      } else if (!is_black(Le)) {
        // This light could also have been reached by next-event estimation: weigh by MIS.
        si.light = lights.light_of(hit.geometry, hit.primitive);
        float pdf_light = 0.0f;
        if (si.light >= 0)
          pdf_light = light_sampler.pmf(uint32_t(si.light)) *
                      lights.light(uint32_t(si.light)).pdf_li(path.prev_p, LightHit{si.p, si.n}, kIncomplete);
        path.L += path.beta * Le * power_heuristic(path.prev_bsdf_pdf, pdf_light);
      }
    }
    if (depth >= max_depth_) break;

    // The BSDF's frame is the shading normal as it is (not turned towards wo):
    // each BxDF handles wo on either side, and the front-face bit stays in si.
    // A plain diffuse surface (the most common by far) takes a copy of the
    // rest of the bounce compiled for Lambert alone; any other BSDF takes one
    // out of line. With every kind's code inline here, the diffuse Cornell box
    // ran 5% more instructions than when Lambert was the only kind.
    // (Each branch makes its own copies of what it passes: the out-of-line
    // call takes their addresses, which would keep the inline branch's in memory.)
    bool continues;
    if (mat.kind == MaterialKind::Diffuse && mat.textures.empty()) {
      continues = continue_path(TypedBSDF<LambertianBxDF>(Frame(si.ns), LambertianBxDF(mat.albedo)),
                                Bounce{si, wo, cos_out, depth}, BounceSamples{u_light, u_lobe, u_rr, u_light_pos, u_bsdf},
                                path, counter);
    } else {
      const Bounce bounce{si, wo, cos_out, depth};
      const BounceSamples u{u_light, u_lobe, u_rr, u_light_pos, u_bsdf};
      PathState out = path;
      continues = continue_path_any(mat, bounce, u, out, counter);
      path = out;
    }
    if (!continues) break;
  }
  return path.L;
}

}  // namespace tessera
