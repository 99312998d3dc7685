#pragma once
// render_pixel: the estimate of one pixel from its settings.spp samples, the
// one place that turns samples into pixels (the render loop and the analytic
// tests both call it). Per sample: start the sampler, draw the film offset
// from the filter (get_pixel_2d), the lens (get_2d), the camera ray, and the
// integrator's radiance.
//
// A sample whose radiance is NaN or infinite is dropped and counted: the pixel
// is the filter-weighted mean of the samples kept, sum(w L) / sum(w), so one
// bad path neither blackens nor brightens it; a pixel with no finite sample
// is black. Samples are summed in index order in float by the calling thread:
// the sum is the same bits whichever thread or bucket renders the pixel.

#include "core/math/ray.h"
#include "core/math/vec3.h"
#include "core/render/camera.h"
#include "core/render/path_tracer.h"
#include "core/render/render_scene.h"
#include "core/sampling/filter.h"
#include "core/sampling/sampler.h"

#include <algorithm>
#include <cstdint>

namespace tessera {

struct PixelEstimate {
  Vec3 mean;               // sum(w L) / sum(w) over the finite samples
  Vec3 variance;           // per-sample variance of the estimate (settings.variance only; else 0)
  uint32_t kept = 0;       // finite samples
  uint32_t nonfinite = 0;  // samples dropped for a NaN or infinite radiance
};

// `Integrator` has Vec3 radiance(Ray, Sampler&, RayCounter&) const (PathTracer,
// or a test's own). `sampler` is any Sampler; its kind and seed are the
// caller's (settings.sampler, settings.seed). Thread-safe for distinct samplers.
template <class Integrator>
PixelEstimate render_pixel(const Integrator& integrator, const Camera& camera, const Filter& filter,
                           const RenderSettings& settings, Sampler& sampler, int x, int y, RayCounter& counter) {
  Vec3 sum(0.0f);
  float sum_w = 0.0f;
  // Variance accumulators, in double: sums of w^2, w^2 L and w^2 L^2.
  double w2 = 0, w2L[3] = {0, 0, 0}, w2L2[3] = {0, 0, 0};
  PixelEstimate e;
  for (int s = 0; s < settings.spp; ++s) {
    sampler.start_pixel_sample(x, y, uint32_t(s));
    const FilterSample fs = filter.sample(sampler.get_pixel_2d());
    const float fx = float(x) + 0.5f + fs.offset.x;
    const float fy = float(y) + 0.5f + fs.offset.y;
    // The lens pair is part of the layout; a pinhole passes over it.
    Vec2 u_lens{0.5f, 0.5f};
    if (camera.uses_lens_sample())
      u_lens = sampler.get_2d();
    else
      sampler.skip(2);
    const Ray ray = camera.generate_ray(fx, fy, u_lens);
    const Vec3 L = integrator.radiance(ray, sampler, counter);
    if (!is_finite(L)) {
      ++e.nonfinite;
      continue;
    }
    sum += L * fs.weight;  // box and tent: w = 1 exactly, so the sum is of L itself
    sum_w += fs.weight;
    ++e.kept;
    if (settings.variance) {
      const double w = fs.weight, ww = w * w, l[3] = {L.x, L.y, L.z};
      w2 += ww;
      for (int c = 0; c < 3; ++c) w2L[c] += ww * l[c], w2L2[c] += ww * l[c] * l[c];
    }
  }
  if (e.kept == 0 || sum_w == 0.0f) return e;
  e.mean = sum * (1.0f / sum_w);
  if (settings.variance && e.kept > 1) {
    // Variance of one sample of the ratio estimator, scaled so that var / n is
    // the variance of the mean: n^2 / W^2 * sum w^2 (L - m)^2 / (n - 1).
    // With w = 1 it is the usual unbiased sample variance.
    const double n = e.kept, W = sum_w, m[3] = {e.mean.x, e.mean.y, e.mean.z};
    double v[3];
    for (int c = 0; c < 3; ++c)
      v[c] = std::max(0.0, (w2L2[c] - 2.0 * m[c] * w2L[c] + m[c] * m[c] * w2) / (n - 1.0) * (n * n) / (W * W));
    e.variance = Vec3(float(v[0]), float(v[1]), float(v[2]));
  }
  return e;
}

}  // namespace tessera
