// Lights: sample_li's pdf agrees with pdf_li and integrates the light's solid
// angle (E[1 / pdf] = solid angle, in closed form for a triangle and a
// sphere), the sampler picks lights by power, the environment is an infinite
// light, and a point light gives the irradiance I cos / d^2.

#include "accel/embree_device.h"
#include "accel/embree_scene.h"
#include "core/lights/scene_lights.h"
#include "core/render/interaction.h"
#include "core/render/path_tracer.h"
#include "core/sampling/sampler.h"
#include "core/sampling/sampling.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace tessera;

namespace {

constexpr double kPiD = 3.14159265358979323846;

// Solid angle of triangle abc seen from the origin (Van Oosterom and Strackee 1983).
double triangle_solid_angle(Vec3 a, Vec3 b, Vec3 c) {
  const double la = length(a), lb = length(b), lc = length(c);
  const double num = std::abs(dot(a, cross(b, c)));
  const double den = la * lb * lc + dot(a, b) * lc + dot(a, c) * lb + dot(b, c) * la;
  return 2.0 * std::atan2(num, den);
}

}  // namespace

TEST_CASE("triangle light: E[1/pdf] is its solid angle and pdf_li matches sample_li", "[lights]") {
  const Vec3 p0(-1, 2, -1), p1(2, 2.5f, -0.5f), p2(0, 3, 1.5f);
  const Light light = Light::triangle(p0, p1, p2, Vec3(2.0f), false);
  const Vec3 p(0.3f, -0.2f, 0.1f);
  const Vec3 front = normalize(cross(p1 - p0, p2 - p0));
  const int n = 200000;
  double sum = 0;
  for (int i = 0; i < n; ++i) {
    PixelSampler s(5, i, 0, 0);
    const LightLiSample ls = light.sample_li(p, s.get_2d());
    REQUIRE(ls.valid());
    REQUIRE_FALSE(ls.is_delta);
    REQUIRE(length(p + ls.wi * ls.distance - ls.point) < 1e-4f);
    // (At grazing angles the two compute the cosine with different rounding.)
    if (std::abs(dot(ls.normal, ls.wi)) > 0.05f)
      REQUIRE(ls.pdf == Approx(light.pdf_li(p, LightHit{ls.point, ls.normal})).epsilon(1e-4));
    // Emits only from the front: p must be in front for L to be non-zero.
    REQUIRE(ls.L == (dot(front, p - ls.point) > 0 ? Vec3(2.0f) : Vec3(0.0f)));
    sum += 1.0 / ls.pdf;
  }
  const double expected = triangle_solid_angle(p0 - p, p1 - p, p2 - p);
  CHECK(sum / n == Approx(expected).epsilon(0.01));
  CHECK(light.power() == Approx(kPiD * 2.0 * light.area()));
}

TEST_CASE("sphere light: sampled uniformly in the cone it subtends, on its near side", "[lights]") {
  // From outside, every sample is a point of the near side (the first hit of
  // its direction), its pdf is 1 / (the cone's solid angle), and the
  // directions are uniform in the cone: cos(theta) to the axis is uniform on
  // [cos theta_max, 1]. (Uniform area sampling wasted the far half and more.)
  const Vec3 c(0, 0, -4);
  const float r = 1.5f;
  const Light light = Light::sphere(c, r, Vec3(1.0f), false);
  const Vec3 p(0.5f, 0.2f, 1.0f);
  const double d = length(c - p);
  const double cos_max = std::sqrt(1.0 - r * r / (d * d));
  const double solid_angle = 2.0 * kPiD * (1.0 - cos_max);
  const Vec3 axis = normalize(c - p);
  const int n = 200000;
  double mean_cos = 0;
  for (int i = 0; i < n; ++i) {
    PixelSampler s(6, i, 0, 0);
    const LightLiSample ls = light.sample_li(p, s.get_2d());
    REQUIRE(ls.valid());
    REQUIRE(ls.L == Vec3(1.0f));
    REQUIRE(ls.pdf == Approx(1.0 / solid_angle).epsilon(1e-4));
    REQUIRE(ls.pdf == Approx(light.pdf_li(p, LightHit{ls.point, ls.normal})).epsilon(1e-6));
    REQUIRE(std::abs(length(ls.point - c) - r) < 1e-4f);
    REQUIRE(dot(ls.normal, p - ls.point) > -1e-3f);  // the near side (to rounding at the silhouette)
    // The first intersection of p + t wi with the sphere is the sample's point.
    const double b = dot(ls.wi, p - c), disc = b * b - (dot(p - c, p - c) - double(r) * r);
    REQUIRE(disc > -1e-4);
    REQUIRE(std::abs(-b - std::sqrt(std::max(0.0, disc)) - ls.distance) < 2e-3);
    mean_cos += dot(ls.wi, axis) / double(n);
  }
  CHECK(mean_cos == Approx(0.5 * (1.0 + cos_max)).epsilon(1e-4));
  // Inside the sphere (a two-sided emitter seen from within): uniform by area.
  const Light inside = Light::sphere(c, r, Vec3(1.0f), true);
  const LightLiSample ls = inside.sample_li(c + Vec3(0.2f, 0, 0), {0.3f, 0.6f});
  REQUIRE(ls.valid());
  CHECK(ls.pdf == Approx(inside.pdf_li(c + Vec3(0.2f, 0, 0), LightHit{ls.point, ls.normal})));
  CHECK(ls.pdf == Approx(ls.distance * ls.distance / (std::abs(dot(ls.normal, ls.wi)) * 4 * kPiD * r * r)).epsilon(1e-4));
}

TEST_CASE("uniform environment: an infinite light, declined under incomplete pdfs", "[lights]") {
  Light env = Light::uniform_infinite({0.5f, 1.0f, 2.0f});
  env.set_scene_bounds(Vec3(0.0f), 3.0f);
  CHECK(env.is_infinite());
  CHECK(env.Le(Ray{{0, 0, 0}, {0, 1, 0}}) == Vec3(0.5f, 1.0f, 2.0f));
  CHECK(env.power() == Approx(4 * kPiD * kPiD * 9 * luminance({0.5f, 1.0f, 2.0f})));
  // Complete: uniform directions, pdf 1 / 4 pi, integrating to one.
  double mean_z = 0;
  for (int i = 0; i < 10000; ++i) {
    PixelSampler s(7, i, 0, 0);
    const LightLiSample ls = env.sample_li({1, 2, 3}, s.get_2d());
    REQUIRE(ls.valid());
    REQUIRE(ls.pdf == Approx(1.0 / (4 * kPiD)));
    REQUIRE(std::isinf(ls.distance));
    REQUIRE(ls.L == Vec3(0.5f, 1.0f, 2.0f));
    mean_z += ls.wi.z / 10000.0;
  }
  CHECK(std::abs(mean_z) < 0.03);
  CHECK(env.pdf_li_infinite({0, 0, 1}) * 4 * kPiD == Approx(1.0));
  // Incomplete: left to BSDF sampling.
  CHECK_FALSE(env.sample_li({1, 2, 3}, {0.5f, 0.5f}, true).valid());
  CHECK(env.pdf_li_infinite({0, 0, 1}, true) == 0.0f);

  // In a scene: the environment is an infinite light with the scene's bounds,
  // and the light sampler leaves it to BSDF sampling.
  SceneGeometry g;
  g.add_sphere({{1, 0, 0}, 1.0f}, 0);
  const std::vector<Material> mats(1);
  const SceneLights lights(g, mats, {0.5f, 1.0f, 2.0f});
  REQUIRE(lights.size() == 1);
  REQUIRE(lights.infinite().size() == 1);
  CHECK(lights.light(lights.infinite()[0]).power() == Approx(4 * kPiD * kPiD * 3 * luminance({0.5f, 1.0f, 2.0f})));
  CHECK(lights.sampler().empty());
}

TEST_CASE("lights are chosen by power; surfaces map to their lights", "[lights]") {
  SceneGeometry g;
  std::vector<Material> mats(3);
  mats[0].emission = Vec3(0.0f);  // not a light
  mats[1].emission = Vec3(1.0f);  // dim
  mats[2].emission = Vec3(3.0f);  // three times brighter
  TriangleMesh dark(0), dim(1);
  for (TriangleMesh* m : {&dark, &dim}) {
    m->add_vertex({0, 0, 0});
    m->add_vertex({2, 0, 0});
    m->add_vertex({0, 2, 0});
    m->add_triangle(0, 1, 2);  // area 2, normal +z
  }
  g.meshes = {dark, dim};
  g.add_sphere({{0, 5, 0}, 0.5f}, 2);  // area pi
  const SceneLights lights(g, mats, Vec3(0.0f), {Light::point({0, 0, 9}, Vec3(1.0f))});
  REQUIRE(lights.size() == 3);
  CHECK(lights.light_of(0, 0) == -1);
  const int tri = lights.light_of(1, 0), sph = lights.light_of(g.sphere_geometry(), 0);
  REQUIRE(tri >= 0);
  REQUIRE(sph >= 0);
  CHECK(lights.light(uint32_t(tri)).kind() == LightKind::Triangle);
  CHECK(lights.light(uint32_t(sph)).kind() == LightKind::Sphere);
  // Power: triangle pi * 2 * 1, sphere pi * pi * 3, point 4 pi * 1.
  const double total = kPiD * 2 + kPiD * kPiD * 3 + 4 * kPiD;
  const PowerLightSampler& sampler = lights.sampler();
  CHECK(sampler.pmf(uint32_t(tri)) == Approx(kPiD * 2 / total));
  CHECK(sampler.pmf(uint32_t(sph)) == Approx(kPiD * kPiD * 3 / total));
  int tri_count = 0;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    PixelSampler s(0, i, 0, 0);
    const SampledLight chosen = sampler.sample(s.get_1d());
    REQUIRE(chosen.pmf == sampler.pmf(chosen.light));
    tri_count += int(chosen.light) == tri;
  }
  const double expected = n * kPiD * 2 / total;
  CHECK(std::abs(tri_count - expected) < 5 * std::sqrt(expected));
}

TEST_CASE("a point light gives radiance albedo / pi * I cos / d^2 on a plane", "[lights][render]") {
  // A Lambertian plane z = 0 alone under a point light at height h: every path
  // is camera -> plane -> (light sample) and then escapes to black, so the
  // estimate has no variance.
  TriangleMesh plane(0);
  plane.add_vertex({-50, -50, 0});
  plane.add_vertex({50, -50, 0});
  plane.add_vertex({50, 50, 0});
  plane.add_vertex({-50, 50, 0});
  plane.add_triangle(0, 1, 2);
  plane.add_triangle(0, 2, 3);
  SceneGeometry geometry;
  geometry.meshes.push_back(plane);
  std::vector<Material> materials(1);
  materials[0].albedo = Vec3(0.6f);
  const float h = 2.0f;
  const Vec3 I(10.0f, 5.0f, 1.0f);
  const RenderScene scene(std::move(geometry), std::move(materials), CameraParams{}, Vec3(0.0f), {},
                          {Light::point({0, 0, h}, I)});
  EmbreeDevice device;
  const EmbreeScene query(device, scene.geometry);
  RenderSettings settings;
  const PathTracer tracer(scene, query, settings);
  for (float x : {0.0f, 1.0f, 3.0f}) {
    const Vec3 target(x, 0.5f, 0);
    const Vec3 origin(x + 0.5f, -0.5f, 4);
    const Ray ray{origin, normalize(target - origin)};
    Sampler sampler(SamplerKind::Independent, 0);
    sampler.start_pixel_sample(1, 2, 3);
    RayCounter counter;
    const Vec3 L = tracer.radiance(ray, sampler, counter);
    const double d2 = double(x) * x + 0.25 + double(h) * h, cos = h / std::sqrt(d2);
    INFO("x " << x);
    CHECK(L.x == Approx(0.6 / kPiD * I.x * cos / d2).epsilon(1e-4));
    CHECK(L.y == Approx(0.6 / kPiD * I.y * cos / d2).epsilon(1e-4));
    CHECK(L.z == Approx(0.6 / kPiD * I.z * cos / d2).epsilon(1e-4));
  }
}

TEST_CASE("a textured area light returns the texture where a ray hitting that point reads it", "[lights][emission]") {
  // A checkerboard emission on a triangle and on a sphere: every light sample's
  // radiance must equal the factor times the texture at the uv make_interaction
  // gives a ray that hits the sampled point (else MIS would weigh different values).
  TextureSet set;
  Texture checks;
  checks.kind = TextureKind::Checkerboard;
  checks.value = Vec3(1, 2, 3), checks.value1 = Vec3(0.5f, 0.25f, 0.125f), checks.checks = 4;
  set.textures.push_back(checks);
  SceneGeometry g;
  TriangleMesh tri(0);
  tri.add_vertex({0, 0, 0}), tri.add_vertex({2, 0, 0}), tri.add_vertex({0, 2, 0});
  tri.add_triangle(0, 1, 2);
  tri.set_uvs({{0.1f, 0.2f}, {0.9f, 0.3f}, {0.4f, 0.8f}});
  g.meshes.push_back(tri);
  g.add_sphere({{0, 0, 5}, 1.0f}, 0);
  Material m;
  m.emission = Vec3(2.0f);
  m.emission_texture = 0;
  m.two_sided = true;
  const SceneLights lights(g, {m}, Vec3(0.0f), {}, &set);
  REQUIRE(lights.size() == 2);
  const Vec3 p(0.3f, 0.4f, 2.5f);  // sees the triangle's front and the sphere from outside
  int checked = 0;
  for (uint32_t l = 0; l < 2; ++l) {
    REQUIRE(lights.light(l).has_emission_texture());
    for (int i = 0; i < 64; ++i) {
      const Vec2 u{(i % 8 + 0.5f) / 8, (i / 8 + 0.5f) / 8};
      const LightLiSample s = lights.light(l).sample_li(p, u, false, &set);
      if (!s.valid()) continue;
      RayHit hit;
      hit.geometry = l == 0 ? 0 : g.sphere_geometry();
      hit.primitive = 0;
      hit.t = s.distance;
      if (l == 0) {  // barycentrics of the sampled point
        hit.b1 = s.point.x / 2, hit.b2 = s.point.y / 2;
      }
      const SurfaceInteraction si = make_interaction(g, Ray{p, s.wi}, hit);
      CHECK(length(s.L - m.emitted(1.0f, si.uv, set)) < 1e-4f);
      ++checked;
    }
  }
  CHECK(checked > 100);
  // Without the set, the light falls back to its estimated mean.
  CHECK(!is_black(lights.light(1).sample_li(p, {0.5f, 0.5f}).L));
}
