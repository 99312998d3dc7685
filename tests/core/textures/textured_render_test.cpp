// Renders with textures, normal maps and alpha cut-outs, checked pixel by pixel
// against what the scene must look like.
//
// Under a uniform sky of radiance E with max_depth 1, a diffuse plane facing the
// sky returns albedo * E (one scattering event; nothing below the plane). A
// shading normal tilted by theta from the geometric one loses the directions
// of its cosine lobe that lie below the plane (the integrator refuses them):
// what remains is albedo * E * (1 + cos theta) / 2.

#include "core/render/interaction.h"
#include "tests/core/render/test_scene.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace tessera;

namespace {

// Mean of one channel over a square of pixels around (cx, cy).
double mean_around(const Image& img, int cx, int cy, int half, int channel = 0) {
  double sum = 0;
  int n = 0;
  for (int y = cy - half; y <= cy + half; ++y)
    for (int x = cx - half; x <= cx + half; ++x, ++n) {
      const Vec3 p = img.pixel(x, y);
      sum += channel == 0 ? p.x : channel == 1 ? p.y : p.z;
    }
  return sum / n;
}

// A quad at z = 0 facing +z, seen from straight above, under a white sky.
std::string plane_under_sky(const std::string& material) {
  return R"({
    "camera": {"position": [0, 0, 5], "look_at": [0, 0, 0], "up": [0, 1, 0], "fov": 20},
    "environment": {"radiance": [1, 1, 1]},
    "materials": {"plane": )" + material + R"(},
    "shapes": [{"type": "quad", "material": "plane", "corner": [-1, -1, 0], "edge1": [2, 0, 0], "edge2": [0, 2, 0]}]
  })";
}

}  // namespace

TEST_CASE("a checkerboard-textured plane shows its squares", "[textures][render]") {
  // uv = ((x + 1) / 2, (y + 1) / 2); two squares along each axis: color0 where
  // x and y have the same sign. Image right is +x, image up is +y.
  auto ts = TestScene::from_text(plane_under_sky(
      R"({"type": "diffuse", "albedo": {"checkerboard": {"color0": [0.8, 0.1, 0.1], "color1": [0.1, 0.1, 0.8], "scale": 2}}})"));
  const RenderResult r = ts->render(small_settings(32, 16, 1));
  const Vec3 red{0.8f, 0.1f, 0.1f}, blue{0.1f, 0.1f, 0.8f};
  const struct {
    int x, y;
    Vec3 want;
  } quadrants[] = {{8, 8, blue}, {24, 8, red}, {8, 24, red}, {24, 24, blue}};  // top-left is x < 0, y > 0
  for (const auto& q : quadrants)
    for (int c = 0; c < 3; ++c) {
      INFO("pixel " << q.x << "," << q.y << " channel " << c);
      const float want = c == 0 ? q.want.x : c == 1 ? q.want.y : q.want.z;
      CHECK(mean_around(r.image, q.x, q.y, 3, c) == Approx(want).epsilon(0.05));
    }
}

TEST_CASE("a constant tilted normal map shades as the tilted normal predicts", "[textures][render]") {
  const double theta = 60.0 * 3.14159265358979 / 180.0;
  // Tangent-space normal (sin theta, 0, cos theta), encoded as (m + 1) / 2.
  const std::string tilt = "[" + std::to_string((std::sin(theta) + 1) / 2) + ", 0.5, " +
                           std::to_string((std::cos(theta) + 1) / 2) + "]";
  auto flat = TestScene::from_text(plane_under_sky(R"({"type": "diffuse", "albedo": [0.5, 0.5, 0.5]})"));
  auto tilted = TestScene::from_text(
      plane_under_sky(R"({"type": "diffuse", "albedo": [0.5, 0.5, 0.5], "normal_map": )" + tilt + "}"));
  const RenderResult a = flat->render(small_settings(16, 64, 1));
  const RenderResult b = tilted->render(small_settings(16, 64, 1));
  CHECK(mean_around(a.image, 8, 8, 6) == Approx(0.5).epsilon(0.02));
  CHECK(mean_around(b.image, 8, 8, 6) == Approx(0.5 * (1 + std::cos(theta)) / 2).epsilon(0.03));
}

TEST_CASE("apply_normal_map builds the tangent frame from dp/du and dp/dv", "[textures]") {
  SurfaceInteraction si;
  si.n = si.ns = {0, 0, 1};
  si.dpdu = {0, 2, 0};   // u runs along +y
  si.dpdv = {-3, 0, 0};  // v along -x
  SurfaceInteraction flat = si;
  apply_normal_map(flat, {0.5f, 0.5f, 1.0f});
  CHECK(flat.ns.z == Approx(1.0f));
  SurfaceInteraction along_u = si;
  apply_normal_map(along_u, {1.0f, 0.5f, 0.5f});  // m = (1, 0, 0): the tangent itself, then refused (on the plane)
  CHECK(along_u.ns.z == Approx(1.0f));
  SurfaceInteraction u45 = si;
  apply_normal_map(u45, {1.0f, 0.5f, 1.0f});  // m = (1, 0, 1): 45 degrees towards +u = +y
  CHECK(u45.ns.x == Approx(0.0f).margin(1e-6));
  CHECK(u45.ns.y == Approx(std::sqrt(0.5f)));
  CHECK(u45.ns.z == Approx(std::sqrt(0.5f)));
  SurfaceInteraction v45 = si;
  apply_normal_map(v45, {0.5f, 1.0f, 1.0f});  // green: towards +v = -x (OpenGL, +Y up)
  CHECK(v45.ns.x == Approx(-std::sqrt(0.5f)));
  CHECK(v45.ns.y == Approx(0.0f).margin(1e-6));
}

TEST_CASE("alpha cut-outs let camera, bounce and shadow rays through", "[textures][render]") {
  // A ground quad at z = 0 lit by a small emitter at z = 3, and an occluder at
  // z = 1 covering [-2, 2]^2 whose alpha is a checkerboard: opaque where x and
  // y have the same sign, cut out elsewhere.
  const auto scene = [](const std::string& occluder_material, const std::string& camera, bool with_occluder) {
    return R"({
      "camera": )" + camera + R"(,
      "materials": {
        "ground": {"type": "diffuse", "albedo": [0.5, 0.5, 0.5]},
        "occluder": )" + occluder_material + R"(,
        "light": {"type": "emissive", "radiance": [200, 200, 200]}
      },
      "shapes": [
        {"type": "quad", "material": "ground", "corner": [-4, -4, 0], "edge1": [8, 0, 0], "edge2": [0, 8, 0]},
        {"type": "quad", "material": "light", "corner": [-0.1, -0.1, 3], "edge1": [0, 0.2, 0], "edge2": [0.2, 0, 0]})" +
           (with_occluder ? R"(,
        {"type": "quad", "material": "occluder", "corner": [-2, -2, 1], "edge1": [4, 0, 0], "edge2": [0, 4, 0]})"
                          : "") +
           R"(
      ]
    })";
  };
  const std::string cutout =
      R"({"type": "diffuse", "albedo": [0, 0, 0], "alpha": {"checkerboard": {"color0": 1, "color1": 0, "scale": 2}}})";
  const std::string below = R"({"position": [0, 0, 0.9], "look_at": [0, 0, 0], "up": [0, 1, 0], "fov": 90})";
  const std::string above = R"({"position": [0, 0, 6], "look_at": [0, 0, 0], "up": [0, 1, 0], "fov": 30})";
  const RenderSettings settings = small_settings(32, 16, 1);

  SECTION("the cut-out parts cast no shadow; the uncut parts do") {
    // Seen from below the occluder: the ground only. The shadow of an
    // occluder quadrant falls on the ground quadrant of the same signs.
    const RenderResult lit = TestScene::from_text(scene(cutout, below, false))->render(settings);
    const RenderResult r = TestScene::from_text(scene(cutout, below, true))->render(settings);
    // Top-left (x < 0, y > 0) and bottom-right are under cut-out squares: as bright as with no occluder.
    for (auto [x, y] : {std::pair{8, 8}, std::pair{24, 24}}) {
      INFO("pixel " << x << "," << y);
      CHECK(mean_around(r.image, x, y, 3) == Approx(mean_around(lit.image, x, y, 3)).epsilon(0.02));
      CHECK(mean_around(r.image, x, y, 3) > 0.05);
    }
    // Top-right and bottom-left are under opaque squares: in shadow.
    for (auto [x, y] : {std::pair{24, 8}, std::pair{8, 24}}) {
      INFO("pixel " << x << "," << y);
      CHECK(mean_around(r.image, x, y, 3) < 0.01 * mean_around(lit.image, x, y, 3));
    }
  }
  SECTION("the camera sees the ground through the cut-out parts") {
    // Two threads: the filter runs inside Embree on every worker (the ThreadSanitizer run includes this test).
    const RenderResult r = TestScene::from_text(scene(cutout, above, true))->render(settings, 2, {8, 8});
    CHECK(mean_around(r.image, 8, 8, 2) > 0.05);    // x < 0, y > 0: cut out, the lit ground
    CHECK(mean_around(r.image, 24, 24, 2) > 0.05);
    CHECK(mean_around(r.image, 24, 8, 2) == 0.0);   // opaque, black
    CHECK(mean_around(r.image, 8, 24, 2) == 0.0);
  }
  SECTION("a fully cut-out surface changes no pixel at all") {
    const std::string gone = R"({"type": "diffuse", "albedo": [0.9, 0.9, 0.9], "alpha": 0})";
    for (const std::string& camera : {below, above}) {
      const RenderResult without = TestScene::from_text(scene(gone, camera, false))->render(settings);
      const RenderResult with = TestScene::from_text(scene(gone, camera, true))->render(settings);
      CHECK(with.image.data() == without.image.data());
    }
  }
  SECTION("alpha at or above the cutoff is opaque, below it cut out") {
    const std::string half = R"({"type": "diffuse", "albedo": [0, 0, 0], "alpha": 0.5})";
    const std::string under = R"({"type": "diffuse", "albedo": [0, 0, 0], "alpha": 0.5, "alpha_cutoff": 0.6})";
    CHECK(mean_around(TestScene::from_text(scene(half, above, true))->render(settings).image, 16, 16, 4) == 0.0);
    CHECK(mean_around(TestScene::from_text(scene(under, above, true))->render(settings).image, 16, 16, 4) > 0.05);
  }
}

TEST_CASE("alpha cut-outs hold for rays traced as packets as for single rays", "[textures][packets]") {
  // A cut-out checkerboard quad over an opaque ground: batches of rays (Embree
  // packets, the filter called for 16 lanes at a time) against single rays.
  const auto ts = TestScene::from_text(R"({
    "materials": {
      "ground": {"type": "diffuse"},
      "cutout": {"type": "diffuse", "alpha": {"checkerboard": {"color0": 1, "color1": 0, "scale": 4}}}
    },
    "shapes": [
      {"type": "quad", "material": "ground", "corner": [-4, -4, 0], "edge1": [8, 0, 0], "edge2": [0, 8, 0]},
      {"type": "quad", "material": "cutout", "corner": [-2, -2, 1], "edge1": [4, 0, 0], "edge2": [0, 4, 0]}
    ]})");
  const RayQuery& query = *ts->accel;
  std::vector<Ray> rays;
  for (int i = 0; i < 53; ++i) {
    const float x = -1.9f + 3.8f * float((i * 37) % 53) / 53.0f, y = -1.9f + 3.8f * float((i * 11) % 53) / 53.0f;
    rays.push_back(Ray{Vec3(x * 0.3f, y * 0.3f, 5), Vec3(x, y, 0.5f) - Vec3(x * 0.3f, y * 0.3f, 5)});
  }
  std::vector<RayHit> hits(rays.size());
  bool found[53], blocked[53];
  query.intersect_batch(rays.data(), 53, hits.data(), found);
  // Shadow rays from the ground up through the cut-out quad.
  std::vector<Ray> up;
  for (const Ray& r : rays) up.push_back(Ray{r.at(1.0f), -r.direction, 1e-4f, 1.0f});
  query.occluded_batch(up.data(), 53, blocked);
  int through = 0, stopped = 0;
  for (size_t i = 0; i < rays.size(); ++i) {
    INFO("ray " << i);
    RayHit single;
    REQUIRE(query.intersect(rays[i], single));
    REQUIRE(found[i]);
    CHECK(hits[i].geometry == single.geometry);
    CHECK(hits[i].t == Approx(single.t).epsilon(1e-6));
    CHECK(blocked[i] == query.occluded(up[i]));
    // Through a cut-out square the camera ray reaches the ground (t = 1); else it stops at the quad.
    (single.t > 0.99f ? through : stopped) += 1;
  }
  CHECK(through > 10);
  CHECK(stopped > 10);
}
