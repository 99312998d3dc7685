// render_pixel: non-finite samples are dropped and counted, never averaged in;
// and through the bucket engine the count reaches RenderStats per bucket.

#include "core/render/render_pixel.h"
#include "tests/core/render/test_scene.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

using namespace tessera;

namespace {

// An integrator that returns NaN (u < 0.2), +infinity (u in [0.2, 0.3)) or a
// finite radiance of 10 u (u >= 0.3), u being the first number it draws: the
// integrator's first dimension, after the film and lens pairs.
struct SometimesNaN {
  Vec3 radiance(const Ray&, Sampler& sampler, RayCounter& counter) const {
    ++counter.rays;
    const float u = sampler.get_1d();
    if (u < 0.2f) return Vec3(std::numeric_limits<float>::quiet_NaN());
    if (u < 0.3f) return Vec3(0.0f, std::numeric_limits<float>::infinity(), 0.0f);
    return Vec3(10.0f * u, 1.0f, 2.0f * u);
  }
};

// The draws render_pixel makes for sample s, replayed: the integrator's u.
float integrator_u(SamplerKind kind, uint64_t seed, int x, int y, int s) {
  Sampler sampler(kind, seed);
  sampler.start_pixel_sample(x, y, uint32_t(s));
  sampler.get_pixel_2d();
  sampler.get_2d();
  return sampler.get_1d();
}

}  // namespace

TEST_CASE("a pixel with non-finite samples is the mean of its finite samples, and they are counted",
          "[render][nonfinite]") {
  const Camera camera(CameraParams{}, 8, 8);
  for (SamplerKind kind : {SamplerKind::Sobol, SamplerKind::Independent}) {
    INFO("sampler " << to_string(kind));
    RenderSettings settings;
    settings.width = settings.height = 8;
    settings.spp = 200;
    settings.seed = 4;
    settings.sampler = kind;
    settings.variance = true;
    const Filter filter(settings.filter);
    Sampler sampler(kind, settings.seed);
    RayCounter counter;
    const int x = 3, y = 5;
    const PixelEstimate e = render_pixel(SometimesNaN{}, camera, filter, settings, sampler, x, y, counter);
    // The expected estimate, from the same draws: finite samples only.
    double sum = 0, sum2 = 0;
    uint32_t finite = 0, dropped = 0;
    for (int s = 0; s < settings.spp; ++s) {
      const float u = integrator_u(kind, settings.seed, x, y, s);
      if (u < 0.3f) {
        ++dropped;
        continue;
      }
      ++finite;
      sum += 10.0 * double(u), sum2 += 100.0 * double(u) * double(u);
    }
    REQUIRE(dropped > 20);  // both kinds of bad sample happen
    REQUIRE(finite > 100);
    CHECK(e.nonfinite == dropped);
    CHECK(e.kept == finite);
    CHECK(counter.rays == uint64_t(settings.spp));
    const double mean = sum / finite;
    // Neither blackened (sum / spp, 0.3 to 0.4 lower) nor brightened: the mean of the finite samples.
    CHECK(e.mean.x == Approx(mean).epsilon(1e-5));
    CHECK(e.mean.y == Approx(1.0f).epsilon(1e-6));
    CHECK(e.mean.z == Approx(mean / 5).epsilon(1e-5));
    // The variance is over the kept samples too (unbiased, n - 1).
    const double variance = (sum2 - sum * sum / finite) / (finite - 1);
    CHECK(e.variance.x == Approx(variance).epsilon(1e-4));
    CHECK(e.variance.y == Approx(0.0f).margin(1e-6));
  }
}

TEST_CASE("a pixel whose every sample is NaN is black, not NaN", "[render][nonfinite]") {
  struct AlwaysNaN {
    Vec3 radiance(const Ray&, Sampler&, RayCounter&) const { return Vec3(std::nanf("")); }
  };
  RenderSettings settings;
  settings.spp = 16;
  const Filter filter(settings.filter);
  Sampler sampler(settings.sampler, 0);
  RayCounter counter;
  const PixelEstimate e = render_pixel(AlwaysNaN{}, Camera(CameraParams{}, 4, 4), filter, settings, sampler, 1, 1, counter);
  CHECK(e.nonfinite == 16);
  CHECK(e.kept == 0);
  CHECK(e.mean == Vec3(0.0f));
}

TEST_CASE("non-finite samples through the bucket engine: counted per bucket and in total, pixels from the finite ones",
          "[render][nonfinite]") {
  // An emissive quad fills the left part of the view; the sky is NaN, so every
  // sample that escapes is NaN: sky pixels lose all their samples, pixels on the
  // quad's edge some (the tent footprint straddles it), pixels on the quad none.
  auto ts = TestScene::from_text(
      R"({"camera": {"position": [0, 0, 5], "look_at": [0, 0, 0], "fov": 40},
          "film": {"resolution": [24, 16], "spp": 16, "max_depth": 2, "seed": 3},
          "materials": {"light": {"type": "emissive", "radiance": [1, 2, 3]}},
          "shapes": [{"type": "quad", "material": "light", "corner": [-5, -5, 0], "edge1": [5.3, 0, 0], "edge2": [0, 10, 0]}]})");
  const RenderScene& parsed = ts->file.scene;
  const RenderScene scene(parsed.geometry, parsed.materials, parsed.camera, Vec3(std::nanf("")));  // a NaN sky
  const RenderSettings& settings = ts->file.settings;
  ScheduleOptions schedule;
  schedule.threads = 2;
  schedule.bucket_size = {8, 8};
  const RenderResult r = render_image(scene, *ts->accel, settings, schedule);

  // Replayed pixel by pixel with render_pixel: same values, same counts.
  const Camera camera(scene.camera, settings.width, settings.height);
  const PathTracer tracer(scene, *ts->accel, settings);
  const Filter filter(settings.filter);
  Sampler sampler(settings.sampler, settings.seed);
  RayCounter counter;
  uint64_t total = 0;
  int all_dropped = 0, some_dropped = 0, mismatched = 0;
  for (int y = 0; y < settings.height; ++y)
    for (int x = 0; x < settings.width; ++x) {
      const PixelEstimate e = render_pixel(tracer, camera, filter, settings, sampler, x, y, counter);
      total += e.nonfinite;
      all_dropped += e.nonfinite == uint32_t(settings.spp);
      some_dropped += e.nonfinite > 0 && e.nonfinite < uint32_t(settings.spp);
      if (!(r.image.pixel(x, y) == e.mean)) ++mismatched;
      const Vec3 p = r.image.pixel(x, y);
      REQUIRE(is_finite(p));
      // The quad's radiance is (1, 2, 3): a pixel is that or black, never dimmer or brighter.
      if (e.kept > 0) {
        CHECK(p.x == Approx(1.0f).epsilon(1e-6));
        CHECK(p.z == Approx(3.0f).epsilon(1e-6));
      } else {
        CHECK(p == Vec3(0.0f));
      }
    }
  CHECK(mismatched == 0);
  CHECK(all_dropped > 0);
  CHECK(some_dropped > 0);
  CHECK(r.nonfinite_samples == total);
  uint64_t per_bucket = 0;
  for (const BucketRecord& b : r.records) per_bucket += b.nonfinite_samples;
  CHECK(per_bucket == total);
}

TEST_CASE("a pixel's samples in groups, with camera and shadow rays traced together, estimate what one at a time does",
          "[render][shadow_batch]") {
  // The same path tracer, seen through an integrator that cannot defer: it
  // traces each camera and shadow ray alone, sample after sample.
  struct OneAtATime {
    const PathTracer& tracer;
    Vec3 radiance(const Ray& ray, Sampler& sampler, RayCounter& counter, SurfaceAov* aov) const {
      return tracer.radiance(ray, sampler, counter, aov);
    }
  };
  static_assert(DefersShadowRays<PathTracer>::value, "the path tracer defers its shadow rays");
  static_assert(!DefersShadowRays<OneAtATime>::value, "the wrapper does not");

  auto ts = TestScene::from_repo("scenes/cornell-glass-gold.json");  // diffuse, glass, rough gold, an area light
  const RenderScene& scene = ts->file.scene;
  for (SamplerKind kind : {SamplerKind::Sobol, SamplerKind::Independent}) {
    INFO("sampler " << to_string(kind));
    RenderSettings settings = ts->file.settings;
    settings.width = settings.height = 24;
    settings.spp = 2 * SampleGroup::kSize + 13;  // two whole groups and a part
    settings.sampler = kind;
    settings.aovs = parse_aov_list("albedo,normal,depth");
    const Camera camera(scene.camera, settings.width, settings.height);
    const PathTracer tracer(scene, *ts->accel, settings);
    const Filter filter(settings.filter);
    const OneAtATime single{tracer};
    SampleGroup group(*ts->accel);
    const int channels = settings.aovs.channels();
    int lit = 0;
    for (int y = 2; y < settings.height; y += 5)
      for (int x = 1; x < settings.width; x += 4) {
        INFO("pixel " << x << "," << y);
        Sampler s1(kind, settings.seed), s2(kind, settings.seed);
        RayCounter c1, c2;
        std::vector<float> a1(static_cast<size_t>(channels)), a2(static_cast<size_t>(channels));
        const PixelEstimate grouped = render_pixel(tracer, camera, filter, settings, s1, x, y, c1, a1.data(), &group);
        const PixelEstimate alone = render_pixel(single, camera, filter, settings, s2, x, y, c2, a2.data());
        CHECK(c1.rays == c2.rays);  // the same paths, ray for ray
        CHECK(grouped.kept == alone.kept);
        // The same sums in another order: equal to float rounding.
        CHECK(grouped.mean.x == Approx(alone.mean.x).epsilon(1e-5).margin(1e-7));
        CHECK(grouped.mean.y == Approx(alone.mean.y).epsilon(1e-5).margin(1e-7));
        CHECK(grouped.mean.z == Approx(alone.mean.z).epsilon(1e-5).margin(1e-7));
        for (int c = 0; c < channels; ++c) CHECK(a1[size_t(c)] == Approx(a2[size_t(c)]).epsilon(1e-5).margin(1e-6));
        lit += max_component(alone.mean) > 0.01f;
      }
    CHECK(lit > 10);
  }
}
