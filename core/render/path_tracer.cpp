#include "core/render/path_tracer.h"

#include "core/materials/albedo.h"
#include "core/materials/material.h"
#include "core/math/frame.h"
#include "core/render/interaction.h"
#include "core/render/offset_point.h"
#include "core/sampling/sampling.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tessera {
namespace {

// The AOV record of a hit, unless its BSDF is specular only (then the path
// shows what lies beyond, and the next hit is recorded). Out of line: the
// plain render never calls it.
__attribute__((noinline)) void record_surface(SurfaceAov& aov, const Material& mat, const SurfaceInteraction& si,
                                              const TextureSet& textures) {
  const BSDFFlags flags = make_bsdf(mat, Frame(si.ns), si.uv, textures).flags();
  if (flags != BSDFFlags::None && !has_any(flags, BSDFFlags::Diffuse | BSDFFlags::Glossy)) return;
  aov.found = true;
  aov.albedo = flags == BSDFFlags::None ? Vec3(0.0f) : material_albedo(mat, si.uv, textures);
  aov.normal = si.ns;
  aov.position = si.p;
}

}  // namespace

Vec3 PathTracer::radiance(Ray ray, Sampler& sampler, RayCounter& counter, SurfaceAov* aov) const {
  const auto now = [this](const Ray& shadow, const Vec3& contribution, Vec3& L, int) {
    if (!query_.occluded(shadow)) L += contribution;
  };
  return trace_path(ray, sampler, counter, aov, now, nullptr);
}

Vec3 PathTracer::radiance(Ray ray, Sampler& sampler, RayCounter& counter, SurfaceAov* aov, ShadowBatch& shadows,
                          Vec3* nee, const FirstHit* first) const {
  const auto later = [&shadows, nee](const Ray& shadow, const Vec3& contribution, Vec3&, int depth) {
    shadows.add(shadow, contribution, nee, depth);
  };
  return trace_path(ray, sampler, counter, aov, later, first);
}

template <class ShadowTest>
Vec3 PathTracer::trace_path(Ray ray, Sampler& sampler, RayCounter& counter, SurfaceAov* aov,
                            ShadowTest& shadow, const FirstHit* first) const {
  constexpr bool kIncomplete = SceneLights::kAllowIncompletePdf;
  const SceneLights& lights = scene_.lights;
  const PowerLightSampler& light_sampler = lights.sampler();
  Vec3 L(0.0f), beta(1.0f);
  float prev_bsdf_pdf = 0.0f;    // solid-angle pdf of the BSDF sample that led here
  bool specular_bounce = false;  // that sample came from a delta lobe: no light sample could have found this hit
  Vec3 prev_p;                   // the point that BSDF sample left from

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
    bool found;
    if (depth == 0 && first)
      found = first->found, hit = first->hit;
    else
      found = query_.intersect(ray, hit);
    if (!found) {
      // Infinite lights: weighed by MIS against their own light samples.
      for (uint32_t i : lights.infinite()) {
        const Light& light = lights.light(i);
        const Vec3 Le = light.Le(ray);
        if (is_black(Le)) continue;
        if (depth == 0 || specular_bounce) {
          L += beta * Le;
        } else {
          const float pdf_light = light_sampler.pmf(i) * light.pdf_li_infinite(ray.direction, kIncomplete);
          L += beta * Le * power_heuristic(prev_bsdf_pdf, pdf_light);
        }
      }
      break;
    }
    // The parameterization (uv, tangents) only for materials that read it.
    const Material& mat = scene_.materials[scene_.geometry.material_of(hit.geometry, hit.primitive)];
    SurfaceInteraction si = make_interaction(scene_.geometry, ray, hit,
                                             mat.reads_uv() ? InteractionParts::All : InteractionParts::Shading);
    const Vec3 wo = -ray.direction;  // directions are unit length
    if (__builtin_expect(mat.normal_map != kNoTexture, 0)) apply_normal_map(si, scene_.textures.eval(mat.normal_map, si.uv));
    if (__builtin_expect(aov != nullptr, 0) && !aov->found) {
      if (depth == 0) aov->depth = hit.t;  // camera rays are unit length: t is the distance
      record_surface(*aov, mat, si, scene_.textures);
    }
    const float cos_out = dot(si.n, wo);  // > 0 on the front face (si.front_face)
    if (__builtin_expect(!si.front_face && mat.kind == MaterialKind::Dielectric, 0)) {
      // The segment just travelled was inside this medium (closed, non-nested
      // meshes): Beer's law along it.
      const Vec3 sigma_a = DielectricBxDF::sigma_a(mat);
      if (!is_black(sigma_a)) {
        const Vec3 tau = sigma_a * hit.t;
        beta *= Vec3(std::exp(-tau.x), std::exp(-tau.y), std::exp(-tau.z));
      }
    }

    if (__builtin_expect(mat.is_emissive(), 0)) {
      const Vec3 Le = mat.emitted(cos_out, si.uv, scene_.textures);
      if (depth == 0 || specular_bounce) {
        L += beta * Le;
      } else if (!is_black(Le)) {
        // This light could also have been reached by next-event estimation: weigh by MIS.
        si.light = lights.light_of(hit.geometry, hit.primitive);
        float pdf_light = 0.0f;
        if (si.light >= 0)
          pdf_light = light_sampler.pmf(uint32_t(si.light)) *
                      lights.light(uint32_t(si.light)).pdf_li(prev_p, LightHit{si.p, si.n}, kIncomplete);
        L += beta * Le * power_heuristic(prev_bsdf_pdf, pdf_light);
      }
    }
    if (depth >= max_depth_) break;

    // The BSDF's frame is the shading normal as it is (not turned towards wo):
    // each BxDF handles wo on either side, and the front-face bit stays in si.
    const BSDF bsdf = make_bsdf(mat, Frame(si.ns), si.uv, scene_.textures, si.has_color ? &si.color : nullptr);
    const BSDFFlags flags = bsdf.flags();
    if (flags == BSDFFlags::None) break;

    // A BSDF of delta lobes only gives a light sample nothing (eval is zero).
    if (!light_sampler.empty() && has_any(flags, BSDFFlags::Diffuse | BSDFFlags::Glossy)) {
      const SampledLight chosen = light_sampler.sample(u_light);
      const Light& light = lights.light(chosen.light);
      const LightLiSample ls = light.sample_li(si.p, u_light_pos, kIncomplete, &scene_.textures);
      if (ls.valid() && !is_black(ls.L)) {
        const Vec3 wi = ls.wi;
        const float cos_geometric = dot(si.n, wi);
        // The geometric normal decides reflection or transmission (a shading
        // normal must not let light through a surface that only reflects).
        const bool reflect = cos_geometric * cos_out > 0.0f;
        const BSDF::EvalPdf fp = has_any(flags, reflect ? BSDFFlags::Reflection : BSDFFlags::Transmission)
                                     ? bsdf.eval_pdf(wo, wi)
                                     : BSDF::EvalPdf{};
        const Vec3& f = fp.f;
        if (!is_black(f)) {
          const Vec3 origin = offset_point(si.p, cos_geometric > 0.0f ? si.n : -si.n);
          Ray shadow_ray{origin, wi, 0.0f, std::numeric_limits<float>::infinity()};
          if (std::isfinite(ls.distance)) {
            // To a point just off the light's surface, on the side that faces us.
            const bool area = !is_black(ls.normal);
            const Vec3 target =
                area ? offset_point(ls.point, dot(ls.normal, wi) < 0.0f ? ls.normal : -ls.normal) : ls.point;
            shadow_ray = Ray{origin, target - origin, 0.0f, 1.0f};
          }
          ++counter.rays;
          const float pdf_light = chosen.pmf * ls.pdf;
          const float weight = ls.is_delta ? 1.0f : power_heuristic(pdf_light, fp.pdf);
          shadow(shadow_ray, beta * f * ls.L * (std::abs(dot(si.ns, wi)) * weight / pdf_light), L, depth);
        }
      }
    }

    // Continue the path in the direction the BSDF samples.
    const BSDFSample bs = bsdf.sample(wo, u_lobe, u_bsdf);
    if (!bs.valid()) break;
    const float cos_in = dot(bs.wi, si.n);
    if ((cos_in * cos_out > 0.0f) != has_any(bs.flags, BSDFFlags::Reflection)) break;  // wrong side of the geometry
    prev_bsdf_pdf = bs.pdf;
    specular_bounce = is_specular(bs.flags);
    prev_p = si.p;
    beta *= bs.weight;

    if (depth + 1 >= rr_depth_) {
      const float q = std::min(1.0f, max_component(beta));
      if (u_rr >= q) break;
      beta /= q;
    }
    ray = Ray{offset_point(si.p, cos_in > 0.0f ? si.n : -si.n), bs.wi};
  }
  return L;
}

}  // namespace tessera
