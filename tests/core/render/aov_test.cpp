// AOVs against analytic scenes: a camera looking straight at a diffuse plane of
// known albedo at a known distance, the same plane behind a glass sphere
// (albedo, normal and position pass through the glass; depth does not), and
// AOVs bit-identical whatever the threads, bucket size and order.

#include "core/image/aov_image.h"
#include "core/render/aov.h"
#include "core/render/render_pixel.h"
#include "tests/core/render/test_scene.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>

using namespace tessera;

namespace {

constexpr float kDistance = 4.0f;  // camera to plane
constexpr int kSide = 16;          // pixels
constexpr float kFov = 20.0f;      // degrees, vertical (and horizontal: square image)

// A 100 x 100 diffuse quad at z = 0 facing +z, the camera on the z axis at kDistance.
std::string plane_scene(const std::string& extra_shapes = "", const std::string& extra_materials = "") {
  return R"({"camera": {"position": [0, 0, )" + std::to_string(kDistance) + R"(], "look_at": [0, 0, 0], "fov": )" +
         std::to_string(kFov) + R"(},
      "film": {"resolution": [)" + std::to_string(kSide) + ", " + std::to_string(kSide) +
         R"(], "spp": 8, "max_depth": 4, "seed": 1},
      "environment": {"radiance": [0.5, 0.5, 0.5]},
      "materials": {"paint": {"type": "diffuse", "albedo": [0.25, 0.5, 0.75]})" + extra_materials + R"(},
      "shapes": [{"type": "quad", "material": "paint", "corner": [-50, -50, 0], "edge1": [100, 0, 0],
                  "edge2": [0, 100, 0]})" + extra_shapes + "]}";
}

AovSet all_aovs() { return parse_aov_list("albedo,normal,depth,position,variance"); }

struct Layers {
  Vec3 albedo, normal, position, variance;
  float depth;
};
Layers layers_at(const AovImage& a, int x, int y) {
  const float* p = a.pixel(x, y);
  const AovSet s = a.set();
  const auto v = [&](Aov l) {
    const float* q = p + s.offset(l);
    return Vec3(q[0], q[1], q[2]);
  };
  return {v(Aov::Albedo), v(Aov::Normal), v(Aov::Position), v(Aov::Variance), p[s.offset(Aov::Depth)]};
}

bool same_bits(const AovImage& a, const AovImage& b) {
  return a.set() == b.set() && a.data().size() == b.data().size() &&
         std::memcmp(a.data().data(), b.data().data(), a.data().size() * sizeof(float)) == 0;
}

}  // namespace

TEST_CASE("AOV names, channel layout and parsing", "[aov]") {
  const AovSet all = all_aovs();
  CHECK(all.channels() == 13);
  CHECK(aov_channel_names(all) ==
        std::vector<std::string>{"albedo.R", "albedo.G", "albedo.B", "normal.X", "normal.Y", "normal.Z", "depth.Z",
                                 "position.X", "position.Y", "position.Z", "variance.R", "variance.G", "variance.B"});
  const AovSet two = parse_aov_list("position,depth,depth");
  CHECK(two.channels() == 4);
  CHECK(two.offset(Aov::Depth) == 0);
  CHECK(two.offset(Aov::Position) == 1);
  CHECK(aov_name_list(two) == std::vector<std::string>{"depth", "position"});
  CHECK_THROWS_WITH(parse_aov_list("albedo,shadow"),
                    "unknown AOV \"shadow\" (expected albedo, normal, depth, position or variance)");
  CHECK_THROWS_WITH(parse_aov_list(""), "unknown AOV \"\" (expected albedo, normal, depth, position or variance)");
}

TEST_CASE("AOVs of a diffuse plane seen head-on: albedo, normal, depth and position are analytic", "[aov][analytic]") {
  auto ts = TestScene::from_text(plane_scene());
  RenderSettings settings = ts->file.settings;
  settings.aovs = all_aovs();
  const RenderResult r = ts->render(settings, 2, {8, 8});
  REQUIRE(r.aov.width() == kSide);
  // The film at the plane: 2 d tan(fov / 2) wide, kSide pixels.
  const double extent = 2.0 * kDistance * std::tan(kFov * 0.5 * 3.14159265358979 / 180.0);
  const double pixel = extent / kSide;
  for (int y = 0; y < kSide; ++y)
    for (int x = 0; x < kSide; ++x) {
      INFO("pixel " << x << ", " << y);
      const Layers l = layers_at(r.aov, x, y);
      // Every sample hits the plane: the mean of a constant, within float rounding.
      CHECK(l.albedo.x == Approx(0.25f).epsilon(1e-6));
      CHECK(l.albedo.y == Approx(0.5f).epsilon(1e-6));
      CHECK(l.albedo.z == Approx(0.75f).epsilon(1e-6));
      CHECK(l.normal.x == 0.0f);
      CHECK(l.normal.y == 0.0f);
      CHECK(l.normal.z == Approx(1.0f).epsilon(1e-6));
      // Position: on the plane, at the pixel centre's projection (the tent's
      // offsets average out to within a fraction of a pixel at 8 spp).
      const double cx = (x + 0.5) / kSide * extent - extent / 2, cy = extent / 2 - (y + 0.5) / kSide * extent;
      CHECK(std::abs(l.position.z) < 1e-5);
      CHECK(std::abs(l.position.x - cx) < 0.5 * pixel);
      CHECK(std::abs(l.position.y - cy) < 0.5 * pixel);
      // Depth: the camera distance of those points, d / cos(angle off the axis).
      const double expected = std::sqrt(double(kDistance) * kDistance + cx * cx + cy * cy);
      CHECK(std::abs(l.depth - expected) < 0.5 * pixel);
      CHECK(l.depth >= kDistance);
      // Variance: the beauty's, a finite non-negative number (the sky light makes it non-zero).
      CHECK(l.variance.x >= 0.0f);
      CHECK(std::isfinite(l.variance.x));
    }
  // The centre pixels' depth is d to within the pixel's own spread.
  CHECK(layers_at(r.aov, kSide / 2, kSide / 2).depth == Approx(kDistance).epsilon(1e-3));
}

TEST_CASE("the variance AOV is exactly what --variance renders as the beauty", "[aov]") {
  // A sphere over the plane shades it (under a uniform sky alone the plane's estimate has no variance).
  auto ts = TestScene::from_text(plane_scene(R"(, {"type": "sphere", "material": "paint", "center": [0, 0, 0.6], "radius": 0.5})"));
  RenderSettings settings = ts->file.settings;
  settings.aovs = parse_aov_list("variance");
  const RenderResult with_aov = ts->render(settings, 1);
  RenderSettings variance_settings = ts->file.settings;
  variance_settings.variance = true;
  const RenderResult variance = ts->render(variance_settings, 1);
  const RenderResult plain = ts->render(ts->file.settings, 1);
  // The beauty is unchanged by asking for AOVs, and the layer is --variance's image, bit for bit.
  REQUIRE(std::memcmp(with_aov.image.data().data(), plain.image.data().data(), plain.image.data().size() * 4) == 0);
  REQUIRE(with_aov.aov.data().size() == variance.image.data().size());
  CHECK(std::memcmp(with_aov.aov.data().data(), variance.image.data().data(), variance.image.data().size() * 4) == 0);
  double total = 0;
  for (float v : with_aov.aov.data()) total += v;
  CHECK(total > 0);
}

TEST_CASE("a glass sphere in front of the plane: albedo, normal and position are the plane's, depth the sphere's",
          "[aov][analytic]") {
  auto ts = TestScene::from_text(plane_scene(
      R"(, {"type": "sphere", "material": "glass", "center": [0, 0, 2], "radius": 0.25})",
      R"(, "glass": {"type": "dielectric", "ior": 1.5})"));
  RenderSettings settings = ts->file.settings;
  settings.spp = 64;
  settings.aovs = all_aovs();
  const RenderResult r = ts->render(settings, 2, {8, 8});
  const Layers l = layers_at(r.aov, kSide / 2, kSide / 2);
  // Through the glass the camera sees the plane. A few samples reflect off the
  // sphere (Fresnel: 4% head-on) and escape to the sky, which has no albedo:
  // the mean is at most 4-10% short of the plane's.
  CHECK(l.albedo.x <= 0.25f * 1.0001f);
  CHECK(l.albedo.x >= 0.25f * 0.85f);
  CHECK(l.albedo.z / l.albedo.x == Approx(3.0f).epsilon(1e-5));  // the plane's colour, not white (the glass's own)
  CHECK(l.normal.z >= 0.85f);
  CHECK(std::abs(l.position.z) < 1e-4);  // on the plane
  // Depth is the first surface along the camera ray: the sphere's front, 1.75 from the camera.
  CHECK(l.depth == Approx(kDistance - 2.0f - 0.25f).epsilon(2e-3));
  // A corner pixel misses the sphere: the plane directly.
  const Layers corner = layers_at(r.aov, 0, 0);
  CHECK(corner.albedo.x == Approx(0.25f).epsilon(1e-6));
  CHECK(corner.depth > kDistance);
}

TEST_CASE("a pixel that sees only the sky: zero albedo, normal and position, infinite depth", "[aov]") {
  auto ts = TestScene::from_text(
      R"({"camera": {"position": [0, 0, 4], "look_at": [0, 0, 0], "fov": 20},
          "film": {"resolution": [8, 8], "spp": 4, "max_depth": 2},
          "materials": {"paint": {"type": "diffuse", "albedo": [0.5, 0.5, 0.5]}},
          "shapes": [{"type": "quad", "material": "paint", "corner": [-50, -50, 10], "edge1": [100, 0, 0],
                      "edge2": [0, 100, 0]}]})");
  RenderSettings settings = ts->file.settings;
  settings.aovs = all_aovs();
  const RenderResult r = ts->render(settings, 1);
  const Layers l = layers_at(r.aov, 3, 3);
  CHECK(l.albedo == Vec3(0.0f));
  CHECK(l.normal == Vec3(0.0f));
  CHECK(l.position == Vec3(0.0f));
  CHECK(l.depth == std::numeric_limits<float>::infinity());
}

TEST_CASE("AOVs are bit-identical across threads, bucket sizes, orders and schedulers", "[aov][determinism]") {
  auto ts = TestScene::from_text(plane_scene(
      R"(, {"type": "sphere", "material": "glass", "center": [0.3, 0.2, 2], "radius": 0.5},
          {"type": "sphere", "material": "paint", "center": [-0.4, -0.3, 1], "radius": 0.2})",
      R"(, "glass": {"type": "dielectric", "ior": 1.5})"));
  RenderSettings settings = ts->file.settings;
  settings.aovs = all_aovs();
  settings.filter = parse_filter("gaussian");  // weights other than 1
  const RenderResult reference = ts->render(settings, 1, {16, 16});
  struct Case {
    int threads;
    BucketSize bucket;
    BucketOrder order;
    Scheduler scheduler;
    Completion completion;
  };
  for (const Case& c : {Case{2, {8, 8}, BucketOrder::Spiral, Scheduler::Tbb, Completion::Unordered},
                        Case{2, {5, 3}, BucketOrder::Hilbert, Scheduler::Dynamic, Completion::Sequential},
                        Case{3, {7, 16}, BucketOrder::Random, Scheduler::Static, Completion::Unordered}}) {
    ScheduleOptions schedule;
    schedule.threads = c.threads;
    schedule.bucket_size = c.bucket;
    schedule.order = c.order;
    schedule.scheduler = c.scheduler;
    schedule.completion = c.completion;
    const RenderResult r = render_image(ts->file.scene, *ts->accel, settings, schedule);
    INFO(c.threads << " threads, " << c.bucket.width << "x" << c.bucket.height << " buckets");
    CHECK(same_bits(r.aov, reference.aov));
    CHECK(std::memcmp(r.image.data().data(), reference.image.data().data(), r.image.data().size() * 4) == 0);
  }
}
