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
//
// AOVs (settings.aovs, written to `aov_out` when it is not null) are estimated
// from the same samples with the same filter weights: albedo, normal and
// position as sum(w v) / sum(w) over the finite samples (a normal is not
// renormalized: at a silhouette the mean is shorter than 1); depth the same
// over the samples whose camera ray hit a surface, infinity when none did;
// variance is PixelEstimate::variance.
//
// An integrator that can hold its shadow rays back (PathTracer: radiance with
// a ShadowBatch) gets the samples, when there are at least SampleGroup::kMinSpp
// of them, in groups of SampleGroup::kSize: the group's
// camera rays are made and traced together (as packets: one pixel's camera
// rays are the most coherent rays there are), then the group's paths run from
// those hits (each sample's sampler restarted past its camera dimensions),
// then their shadow rays are traced together, then the group's samples are
// summed in index order as above. A pixel's
// result still depends only on the pixel: the batch is flushed at the end of
// each group, and a group never spans two pixels.

#include "core/math/ray.h"
#include "core/math/vec3.h"
#include "core/render/camera.h"
#include "core/render/path_tracer.h"
#include "core/render/render_scene.h"
#include "core/sampling/filter.h"
#include "core/sampling/sampler.h"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <limits>
#include <optional>
#include <type_traits>
#include <utility>

namespace tessera {

struct PixelEstimate {
  Vec3 mean;               // sum(w L) / sum(w) over the finite samples
  Vec3 variance;           // per-sample variance of the estimate (settings.variance or a variance AOV; else 0)
  uint32_t kept = 0;       // finite samples
  uint32_t nonfinite = 0;  // samples dropped for a NaN or infinite radiance
};

// Whether an integrator can fill a SurfaceAov (PathTracer can; a test's own may not).
template <class I, class = void>
struct FillsSurfaceAov : std::false_type {};
template <class I>
struct FillsSurfaceAov<I, std::void_t<decltype(std::declval<const I&>().radiance(
                              std::declval<Ray>(), std::declval<Sampler&>(), std::declval<RayCounter&>(),
                              std::declval<SurfaceAov*>()))>> : std::true_type {};

// Whether an integrator can hold its shadow rays in a ShadowBatch (PathTracer can).
template <class I, class = void>
struct DefersShadowRays : std::false_type {};
template <class I>
struct DefersShadowRays<I, std::void_t<decltype(std::declval<const I&>().radiance(
                               std::declval<Ray>(), std::declval<Sampler&>(), std::declval<RayCounter&>(),
                               std::declval<SurfaceAov*>(), std::declval<ShadowBatch&>(), std::declval<Vec3*>()))>>
    : std::true_type {};

// One group of a pixel's samples, between running their paths and summing
// them: per-thread scratch (render_bucket keeps one per bucket, so nothing is
// set up per pixel), about 15 KiB.
struct SampleGroup {
  static constexpr int kSize = 32;
  // Below this many samples per pixel the packets would be too empty to pay
  // for themselves (a packet costs what 7 to 11 single rays cost): such pixels
  // trace one ray at a time (1 spp at 512x512 was 20% slower grouped).
  static constexpr int kMinSpp = 8;
  explicit SampleGroup(const RayQuery& query) : shadows(query) {}
  ShadowBatch shadows;
  FilterSample filter[kSize];
  Ray camera[kSize];  // the camera rays, traced together first
  RayHit hit[kSize];
  bool found[kSize];
  Vec3 path[kSize];  // radiance without the light samples
  Vec3 nee[kSize];   // the light samples' unblocked contributions, once flushed
  SurfaceAov surface[kSize];
};

// `Integrator` has Vec3 radiance(Ray, Sampler&, RayCounter&) const (PathTracer,
// or a test's own). `sampler` is any Sampler; its kind and seed are the
// caller's (settings.sampler, settings.seed). `aov_out`: null, or room for
// settings.aovs.channels() floats (an integrator that cannot fill a SurfaceAov
// leaves albedo, normal and position 0 and depth infinite). `group`: scratch
// for an integrator that defers its shadow rays, over the integrator's
// query(); null makes one on the stack. Thread-safe for distinct samplers and
// groups; allocates nothing.
template <class Integrator>
PixelEstimate render_pixel(const Integrator& integrator, const Camera& camera, const Filter& filter,
                           const RenderSettings& settings, Sampler& sampler, int x, int y, RayCounter& counter,
                           float* aov_out = nullptr, SampleGroup* group = nullptr) {
  Vec3 sum(0.0f);
  float sum_w = 0.0f;
  // Variance accumulators, in double: sums of w^2, w^2 L and w^2 L^2.
  double w2 = 0, w2L[3] = {0, 0, 0}, w2L2[3] = {0, 0, 0};
  const bool want_variance = settings.variance || (aov_out && settings.aovs.has(Aov::Variance));
  // AOV accumulators, in float and sample order like the beauty's.
  Vec3 sum_albedo(0.0f), sum_normal(0.0f), sum_position(0.0f);
  float sum_depth = 0.0f, sum_w_depth = 0.0f;
  SurfaceAov surface;  // one sample's, reset per sample only when AOVs are asked for
  PixelEstimate e;
  // One sample's camera ray, with its filter sample.
  const auto camera_ray = [&](int s, FilterSample& fs) {
    sampler.start_pixel_sample(x, y, uint32_t(s));
    fs = filter.sample(sampler.get_pixel_2d());
    const float fx = float(x) + 0.5f + fs.offset.x;
    const float fy = float(y) + 0.5f + fs.offset.y;
    // The lens pair is part of the layout; a pinhole passes over it.
    Vec2 u_lens{0.5f, 0.5f};
    if (camera.uses_lens_sample())
      u_lens = sampler.get_2d();
    else
      sampler.skip(2);
    return camera.generate_ray(fx, fy, u_lens);
  };
  // Adds one sample's radiance to the sums, in sample order.
  const auto add_sample = [&](const Vec3& L, const FilterSample& fs, const SurfaceAov& surface) {
    if (!is_finite(L)) {
      ++e.nonfinite;
      return;
    }
    sum += L * fs.weight;  // box and tent: w = 1 exactly, so the sum is of L itself
    sum_w += fs.weight;
    ++e.kept;
    if (aov_out) {
      sum_albedo += surface.albedo * fs.weight;
      sum_normal += surface.normal * fs.weight;
      sum_position += surface.position * fs.weight;
      if (surface.depth < std::numeric_limits<float>::infinity())
        sum_depth += surface.depth * fs.weight, sum_w_depth += fs.weight;
    }
    if (want_variance) {
      const double w = fs.weight, ww = w * w, l[3] = {L.x, L.y, L.z};
      w2 += ww;
      for (int c = 0; c < 3; ++c) w2L[c] += ww * l[c], w2L2[c] += ww * l[c] * l[c];
    }
  };
  // Sample after sample, each ray traced alone.
  const auto one_at_a_time = [&] {
    for (int s = 0; s < settings.spp; ++s) {
      FilterSample fs;
      const Ray ray = camera_ray(s, fs);
      if (aov_out) surface = SurfaceAov{};
      Vec3 L;
      if constexpr (FillsSurfaceAov<Integrator>::value)
        L = integrator.radiance(ray, sampler, counter, aov_out ? &surface : nullptr);
      else
        L = integrator.radiance(ray, sampler, counter);
      add_sample(L, fs, surface);
    }
  };
  if constexpr (DefersShadowRays<Integrator>::value) {
    if (settings.spp < SampleGroup::kMinSpp) {
      one_at_a_time();
    } else {
      std::optional<SampleGroup> own;
      if (!group) group = &own.emplace(integrator.query());
      assert(&group->shadows.query() == &integrator.query() && "the group's shadow rays must trace the integrator's scene");
      SampleGroup& g = *group;
      for (int first = 0; first < settings.spp; first += SampleGroup::kSize) {
        const int n = std::min(SampleGroup::kSize, settings.spp - first);
        uint32_t camera_dimensions = 0;
        for (int i = 0; i < n; ++i) {
          g.camera[i] = camera_ray(first + i, g.filter[i]);
          camera_dimensions = sampler.dimension();
        }
        integrator.query().intersect_batch(g.camera, n, g.hit, g.found);
        for (int i = 0; i < n; ++i) {
          // Back to where this sample's camera draws ended: the path's draws follow.
          sampler.start_pixel_sample(x, y, uint32_t(first + i));
          sampler.skip(camera_dimensions);
          if (aov_out) g.surface[i] = SurfaceAov{};
          g.nee[i] = Vec3(0.0f);
          const FirstHit first_hit{g.hit[i], g.found[i]};
          g.path[i] = integrator.radiance(g.camera[i], sampler, counter, aov_out ? &g.surface[i] : nullptr,
                                          g.shadows, &g.nee[i], &first_hit);
        }
        g.shadows.flush();
        for (int i = 0; i < n; ++i) add_sample(g.path[i] + g.nee[i], g.filter[i], g.surface[i]);
      }
    }
  } else {
    one_at_a_time();
  }
  const auto write_aovs = [&] {
    if (!aov_out) return;
    const AovSet set = settings.aovs;
    const bool any = e.kept > 0 && sum_w != 0.0f;
    const float inv_w = any ? 1.0f / sum_w : 0.0f;
    float* out = aov_out;
    const auto put = [&](const Vec3& v) { out[0] = v.x, out[1] = v.y, out[2] = v.z, out += 3; };
    if (set.has(Aov::Albedo)) put(sum_albedo * inv_w);
    if (set.has(Aov::Normal)) put(sum_normal * inv_w);
    if (set.has(Aov::Depth))
      *out++ = any && sum_w_depth != 0.0f ? sum_depth / sum_w_depth : std::numeric_limits<float>::infinity();
    if (set.has(Aov::Position)) put(sum_position * inv_w);
    if (set.has(Aov::Variance)) put(e.variance);
  };
  if (e.kept == 0 || sum_w == 0.0f) {
    write_aovs();
    return e;
  }
  e.mean = sum * (1.0f / sum_w);
  if (want_variance && e.kept > 1) {
    // Variance of one sample of the ratio estimator, scaled so that var / n is
    // the variance of the mean: n^2 / W^2 * sum w^2 (L - m)^2 / (n - 1).
    // With w = 1 it is the usual unbiased sample variance.
    const double n = e.kept, W = sum_w, m[3] = {e.mean.x, e.mean.y, e.mean.z};
    double v[3];
    for (int c = 0; c < 3; ++c)
      v[c] = std::max(0.0, (w2L2[c] - 2.0 * m[c] * w2L[c] + m[c] * m[c] * w2) / (n - 1.0) * (n * n) / (W * W));
    e.variance = Vec3(float(v[0]), float(v[1]), float(v[2]));
  }
  write_aovs();
  return e;
}

}  // namespace tessera
