#include "core/render/path_tracer.h"

#include "core/materials/material.h"
#include "core/math/frame.h"
#include "core/render/interaction.h"
#include "core/sampling/sampling.h"

#include <algorithm>
#include <cmath>

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

Vec3 PathTracer::radiance(Ray ray, Sampler& sampler, RayCounter& counter) const {
  const AreaLights& lights = scene_.lights;
  Vec3 L(0.0f), beta(1.0f);
  float prev_bsdf_pdf = 0.0f;    // solid-angle pdf of the BSDF sample that led here
  bool specular_bounce = false;  // that sample came from a delta lobe: no light sample could have found this hit

  for (int depth = 0;; ++depth) {
    RayHit hit;
    ++counter.rays;
    if (!query_.intersect(ray, hit)) {
      // The sky is not sampled by next-event estimation, so its weight is one.
      L += beta * scene_.environment;
      break;
    }
    SurfaceInteraction si = make_interaction(scene_.geometry, ray, hit);
    const Vec3 wo = -ray.direction;  // directions are unit length
    const Material& mat = scene_.materials[si.material];
    const float cos_out = dot(si.n, wo);  // > 0 on the front face (si.front_face)

    if (mat.is_emissive()) {
      const Vec3 Le = mat.emitted(cos_out);
      if (depth == 0 || specular_bounce) {
        L += beta * Le;
      } else if (!is_black(Le)) {
        // This light could also have been reached by next-event estimation: weigh by MIS.
        si.light = lights.light_of(hit.geometry, hit.primitive);
        const float pdf_light = lights.pdf_area(si.light) * hit.t * hit.t / std::abs(cos_out);
        L += beta * Le * power_heuristic(prev_bsdf_pdf, pdf_light);
      }
    }
    if (depth >= max_depth_) break;

    // The BSDF's frame is the shading normal as it is (not turned towards wo):
    // each BxDF handles wo on either side, and the front-face bit stays in si.
    const BSDF bsdf = make_bsdf(mat, Frame(si.ns));
    const BSDFFlags flags = bsdf.flags();
    if (flags == BSDFFlags::None) break;

    if (!lights.empty()) {
      const float u_light = sampler.get_1d();
      const LightSample ls = lights.sample(u_light, sampler.get_2d());
      const Vec3 to_light = ls.point - si.p;
      const float dist2 = dot(to_light, to_light);
      const Vec3 wi = to_light / std::sqrt(dist2);
      const float cos_geometric = dot(si.n, wi);
      // The geometric normal decides reflection or transmission (a shading
      // normal must not let light through a surface that only reflects).
      const bool reflect = cos_geometric * cos_out > 0.0f;
      const float cos_light = dot(ls.normal, -wi);
      const Vec3 Le = scene_.materials[ls.material].emitted(cos_light);
      if (has_any(flags, reflect ? BSDFFlags::Reflection : BSDFFlags::Transmission) && cos_light != 0.0f &&
          !is_black(Le)) {
        const Vec3 f = bsdf.eval(wo, wi);
        if (!is_black(f)) {
          const Vec3 origin = offset_point(si.p, cos_geometric > 0.0f ? si.n : -si.n);
          const Vec3 target = offset_point(ls.point, cos_light > 0 ? ls.normal : -ls.normal);
          ++counter.rays;
          if (!query_.occluded(Ray{origin, target - origin, 0.0f, 1.0f})) {
            const float pdf_light = ls.pdf_area * dist2 / std::abs(cos_light);
            const float pdf_bsdf = bsdf.pdf(wo, wi);
            L += beta * f * Le * (std::abs(dot(si.ns, wi)) * power_heuristic(pdf_light, pdf_bsdf) / pdf_light);
          }
        }
      }
    }

    // Continue the path in the direction the BSDF samples.
    const BSDFSample bs = bsdf.sample(wo, 0.0f, sampler.get_2d());
    if (!bs.valid()) break;
    const float cos_in = dot(bs.wi, si.n);
    if ((cos_in * cos_out > 0.0f) != has_any(bs.flags, BSDFFlags::Reflection)) break;  // wrong side of the geometry
    prev_bsdf_pdf = bs.pdf;
    specular_bounce = is_specular(bs.flags);
    beta *= bs.weight;

    if (depth + 1 >= rr_depth_) {
      const float q = std::min(1.0f, max_component(beta));
      if (sampler.get_1d() >= q) break;
      beta /= q;
    }
    ray = Ray{offset_point(si.p, cos_in > 0.0f ? si.n : -si.n), bs.wi};
  }
  return L;
}

}  // namespace tessera
