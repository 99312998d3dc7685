#include "accel/embree_scene.h"

#include "core/render/interaction.h"
#include "scene/shapes.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>
#include <thread>
#include <vector>

using namespace tessera;
using Catch::WithinAbs;

namespace {

constexpr double kEps = 1e-4;

bool near(const Vec3& a, const Vec3& b, float eps = 1e-4f) { return length(a - b) <= eps; }

Ray make_ray(const Vec3& origin, const Vec3& direction, float t_min = 0.0f,
             float t_max = std::numeric_limits<float>::infinity()) {
  Ray r;
  r.origin = origin;
  r.direction = direction;
  r.t_min = t_min;
  r.t_max = t_max;
  return r;
}

// A 2x2 quad in the z = 0 plane, centred on the origin, front face +z
// (triangle 0 is below the diagonal y = x, triangle 1 above it), and a unit
// sphere centred at (0, 0, -5).
SceneGeometry quad_and_sphere() {
  SceneGeometry g;
  g.meshes.push_back(make_quad({-1, -1, 0}, {2, 0, 0}, {0, 2, 0}, Transform{}, 4));
  g.add_sphere({{0, 0, -5}, 1.0f}, 9);
  return g;
}

// The EmbreeScene with the hit turned into what these tests check: the kind,
// shape index, primitive, front normal and material of the interaction that
// core builds from Embree's RayHit (make_interaction).
struct SurfaceHit {
  float t = 0;
  ShapeKind kind = ShapeKind::Mesh;
  uint32_t shape = 0, primitive = 0, material = 0, instance = 0;  // shape: mesh, sphere or instance index
  Vec3 normal, p;  // p from Embree's barycentrics (triangles)
};
class Query {
 public:
  Query(EmbreeDevice& device, const SceneGeometry& g) : g_(g), scene_(device, g) {}
  bool intersect(const Ray& ray, SurfaceHit& out) const {
    RayHit hit;
    if (!scene_.intersect(ray, hit)) return false;
    const GeometryRef ref = g_.ref(hit.geometry);
    const SurfaceInteraction si = make_interaction(g_, ray, hit);
    out.t = hit.t;
    out.kind = ref.kind;
    out.shape = ref.kind == ShapeKind::Sphere ? hit.primitive : ref.index;
    out.primitive = ref.kind == ShapeKind::Sphere ? 0 : hit.primitive;
    out.material = si.material;
    out.normal = si.n;
    out.instance = hit.instance;
    out.p = si.p;
    return true;
  }
  bool occluded(const Ray& ray) const { return scene_.occluded(ray); }

 private:
  const SceneGeometry& g_;
  EmbreeScene scene_;
};

}  // namespace

TEST_CASE("a ray hits the quad in front at the analytic distance", "[embree]") {
  const SceneGeometry geometry = quad_and_sphere();
  EmbreeDevice device;
  const Query scene(device, geometry);

  SurfaceHit hit;
  REQUIRE(scene.intersect(make_ray({0.5f, -0.5f, 5}, {0, 0, -1}), hit));
  CHECK_THAT(hit.t, WithinAbs(5.0, kEps));
  CHECK(hit.kind == ShapeKind::Mesh);
  CHECK(hit.shape == 0);
  CHECK(hit.primitive == 0);
  CHECK(hit.instance == kNoInstance);
  CHECK(near(hit.p, {0.5f, -0.5f, 0}));  // Embree's u, v are our b1, b2
  CHECK(near(hit.normal, {0, 0, 1}));
  CHECK_THAT(length(hit.normal), WithinAbs(1.0, kEps));
  CHECK(hit.material == 4);

  // The other triangle of the quad.
  REQUIRE(scene.intersect(make_ray({-0.5f, 0.5f, 5}, {0, 0, -1}), hit));
  CHECK(hit.primitive == 1);
  CHECK(near(hit.p, {-0.5f, 0.5f, 0}));
  CHECK_THAT(hit.t, WithinAbs(5.0, kEps));

  // t is measured in units of the (non-unit) direction.
  REQUIRE(scene.intersect(make_ray({0.5f, -0.5f, 5}, {0, 0, -2}), hit));
  CHECK_THAT(hit.t, WithinAbs(2.5, kEps));

  // An oblique ray: from (0, 0, 3) towards (0.6, 0.3, 0).
  const Vec3 origin(0, 0, 3), target(0.6f, 0.3f, 0);
  REQUIRE(scene.intersect(make_ray(origin, normalize(target - origin)), hit));
  CHECK_THAT(hit.t, WithinAbs(length(target - origin), kEps));
}

TEST_CASE("the quad's normal is its front side by winding, whichever side is hit", "[embree]") {
  const SceneGeometry geometry = quad_and_sphere();
  EmbreeDevice device;
  const Query scene(device, geometry);

  SurfaceHit hit;
  REQUIRE(scene.intersect(make_ray({0.25f, 0.5f, -1}, {0, 0, 1}), hit));  // from behind
  CHECK(hit.kind == ShapeKind::Mesh);
  CHECK_THAT(hit.t, WithinAbs(1.0, kEps));
  CHECK(near(hit.normal, {0, 0, 1}));

  // A quad wound the other way faces -z.
  SceneGeometry flipped;
  flipped.meshes.push_back(make_quad({-1, -1, 0}, {0, 2, 0}, {2, 0, 0}, Transform{}, 0));
  const Query back(device, flipped);
  REQUIRE(back.intersect(make_ray({0.25f, 0.5f, 2}, {0, 0, -1}), hit));
  CHECK(near(hit.normal, {0, 0, -1}));
}

TEST_CASE("a ray hits the sphere at the analytic distance with an outward normal", "[embree]") {
  const SceneGeometry geometry = quad_and_sphere();
  EmbreeDevice device;
  const Query scene(device, geometry);

  SurfaceHit hit;
  REQUIRE(scene.intersect(make_ray({0, 0, -2}, {0, 0, -1}), hit));
  CHECK_THAT(hit.t, WithinAbs(2.0, kEps));
  CHECK(hit.kind == ShapeKind::Sphere);
  CHECK(hit.shape == 0);
  CHECK(hit.primitive == 0);
  CHECK(near(hit.normal, {0, 0, 1}));
  CHECK(hit.material == 9);

  // Off-centre: the surface is at z = -5 + sqrt(1 - 0.5^2).
  const float z = -5.0f + std::sqrt(0.75f);
  REQUIRE(scene.intersect(make_ray({0, 0.5f, -2}, {0, 0, -1}), hit));
  CHECK_THAT(hit.t, WithinAbs(-2.0 - z, kEps));
  CHECK(near(hit.normal, {0, 0.5f, std::sqrt(0.75f)}));
  CHECK_THAT(length(hit.normal), WithinAbs(1.0, kEps));

  // From the side.
  REQUIRE(scene.intersect(make_ray({-4, 0, -5}, {1, 0, 0}), hit));
  CHECK_THAT(hit.t, WithinAbs(3.0, kEps));
  CHECK(near(hit.normal, {-1, 0, 0}));
}

TEST_CASE("the closest hit wins and t_min skips what is nearer", "[embree]") {
  const SceneGeometry geometry = quad_and_sphere();
  EmbreeDevice device;
  const Query scene(device, geometry);

  SurfaceHit hit;
  // Straight down the z axis the quad (t = 5) is in front of the sphere (t = 9).
  REQUIRE(scene.intersect(make_ray({0.5f, -0.5f, 5}, {0, 0, -1}), hit));
  CHECK(hit.kind == ShapeKind::Mesh);
  REQUIRE(scene.intersect(make_ray({0, 0, 5}, {0, 0, -1}, 6.0f), hit));
  CHECK(hit.kind == ShapeKind::Sphere);
  CHECK_THAT(hit.t, WithinAbs(9.0, kEps));
}

TEST_CASE("rays that miss report no hit", "[embree]") {
  const SceneGeometry geometry = quad_and_sphere();
  EmbreeDevice device;
  const Query scene(device, geometry);

  SurfaceHit hit;
  CHECK_FALSE(scene.intersect(make_ray({0, 0, 5}, {0, 0, 1}), hit));       // pointing away
  CHECK_FALSE(scene.intersect(make_ray({1.5f, 0, 5}, {0, 0, -1}), hit));   // beside the quad and the sphere
  CHECK_FALSE(scene.intersect(make_ray({0, 3, 0}, {1, 0, 0}), hit));       // parallel, above
  CHECK_FALSE(scene.intersect(make_ray({0, 0, -7}, {0, 0, -1}), hit));     // beyond the sphere

  // An empty scene hits nothing.
  const SceneGeometry empty;
  const Query nothing(device, empty);
  CHECK_FALSE(nothing.intersect(make_ray({0, 0, 5}, {0, 0, -1}), hit));
  CHECK_FALSE(nothing.occluded(make_ray({0, 0, 5}, {0, 0, -1})));
}

TEST_CASE("t_max limits a hit", "[embree]") {
  const SceneGeometry geometry = quad_and_sphere();
  EmbreeDevice device;
  const Query scene(device, geometry);

  SurfaceHit hit;
  CHECK_FALSE(scene.intersect(make_ray({0.5f, -0.5f, 5}, {0, 0, -1}, 0.0f, 4.9f), hit));
  REQUIRE(scene.intersect(make_ray({0.5f, -0.5f, 5}, {0, 0, -1}, 0.0f, 5.1f), hit));
  CHECK_THAT(hit.t, WithinAbs(5.0, kEps));
  // Between the quad and the sphere: the sphere at t = 8.9 (through x = 0.5)
  // is beyond t_max = 8, so nothing once the quad is skipped.
  CHECK_FALSE(scene.intersect(make_ray({0, 0, 5}, {0, 0, -1}, 6.0f, 8.0f), hit));
}

TEST_CASE("occluded reports blockers within [t_min, t_max]", "[embree]") {
  const SceneGeometry geometry = quad_and_sphere();
  EmbreeDevice device;
  const Query scene(device, geometry);

  CHECK(scene.occluded(make_ray({0.5f, -0.5f, 5}, {0, 0, -1})));              // the quad
  CHECK(scene.occluded(make_ray({0, 0, -2}, {0, 0, -1})));                   // the sphere
  CHECK(scene.occluded(make_ray({0.5f, -0.5f, 5}, {0, 0, -1}, 0.0f, 5.1f)));
  CHECK_FALSE(scene.occluded(make_ray({0.5f, -0.5f, 5}, {0, 0, -1}, 0.0f, 4.9f)));  // stops short
  CHECK_FALSE(scene.occluded(make_ray({0, 0, 5}, {0, 0, 1})));               // pointing away
  CHECK_FALSE(scene.occluded(make_ray({0, 0, 5}, {0, 0, -1}, 6.0f, 8.0f)));  // between the two
  CHECK_FALSE(scene.occluded(make_ray({1.5f, 0, 5}, {0, 0, -1})));           // misses everything
  CHECK(scene.occluded(make_ray({0, 0, 5}, {0, 0, -1}, 6.0f)));              // the sphere behind the quad
}

TEST_CASE("a ray starting inside a sphere gets the far hit", "[embree]") {
  const SceneGeometry geometry = quad_and_sphere();
  EmbreeDevice device;
  const Query scene(device, geometry);

  SurfaceHit hit;
  REQUIRE(scene.intersect(make_ray({0, 0, -5}, {1, 0, 0}), hit));  // from the centre
  CHECK(hit.kind == ShapeKind::Sphere);
  CHECK_THAT(hit.t, WithinAbs(1.0, kEps));
  CHECK(near(hit.normal, {1, 0, 0}));  // outward, not towards the ray

  REQUIRE(scene.intersect(make_ray({0, 0, -5.5f}, {0, 0, -1}), hit));  // off centre
  CHECK_THAT(hit.t, WithinAbs(0.5, kEps));
  CHECK(near(hit.normal, {0, 0, -1}));

  REQUIRE(scene.intersect(make_ray({0, 0, -5.5f}, {0, 0, 1}), hit));  // the long way out
  CHECK_THAT(hit.t, WithinAbs(1.5, kEps));
  CHECK(near(hit.normal, {0, 0, 1}));

  CHECK(scene.occluded(make_ray({0, 0, -5}, {0, 1, 0})));
  CHECK_FALSE(scene.occluded(make_ray({0, 0, -5}, {0, 1, 0}, 0.0f, 0.9f)));
}

TEST_CASE("shape ids follow SceneGeometry's indices, empty meshes included", "[embree]") {
  SceneGeometry g;
  g.meshes.emplace_back(1);  // no triangles: Embree gets no geometry for it
  g.meshes.push_back(make_quad({-1, -1, 0}, {2, 0, 0}, {0, 2, 0}, Transform{}, 2));
  g.meshes.push_back(make_box({4, -1, -1}, {6, 1, 1}, Transform{}, 3));
  g.add_sphere({{0, 10, 0}, 1.0f}, 5);
  g.add_sphere({{0, 20, 0}, 2.0f}, 6);
  EmbreeDevice device;
  const Query scene(device, g);

  SurfaceHit hit;
  REQUIRE(scene.intersect(make_ray({0.5f, 0.5f, 5}, {0, 0, -1}), hit));
  CHECK(hit.kind == ShapeKind::Mesh);
  CHECK(hit.shape == 1);
  CHECK_THAT(hit.t, WithinAbs(5.0, kEps));

  // The box's -x face, seen from -x: outward normal.
  REQUIRE(scene.intersect(make_ray({2, 0.3f, 0.2f}, {1, 0, 0}), hit));
  CHECK(hit.kind == ShapeKind::Mesh);
  CHECK(hit.shape == 2);
  CHECK(hit.primitive < 12);
  CHECK_THAT(hit.t, WithinAbs(2.0, kEps));
  CHECK(near(hit.normal, {-1, 0, 0}));
  CHECK(hit.material == 3);

  REQUIRE(scene.intersect(make_ray({0, 20, 5}, {0, 0, -1}), hit));
  CHECK(hit.kind == ShapeKind::Sphere);
  CHECK(hit.shape == 1);
  CHECK(hit.primitive == 0);
  CHECK_THAT(hit.t, WithinAbs(3.0, kEps));
  CHECK(hit.material == 6);

  REQUIRE(scene.intersect(make_ray({0, 10, 5}, {0, 0, -1}), hit));
  CHECK(hit.shape == 0);
  CHECK_THAT(hit.t, WithinAbs(4.0, kEps));
}

TEST_CASE("the scene uses the meshes where the geometry puts them", "[embree]") {
  // Meshes placed by a transform, and a mesh large enough to need a real BVH:
  // the hit distances come from the geometry's own (shared) vertex arrays.
  SceneGeometry g;
  const Transform place = Transform::translate({3, 2, -7}) * Transform::rotate(90, {1, 0, 0});
  g.meshes.push_back(make_quad({-1, -1, 0}, {2, 0, 0}, {0, 2, 0}, place, 0));  // now in the y = 2 plane
  TriangleMesh grid(0);
  const int n = 64;
  for (int j = 0; j <= n; ++j)
    for (int i = 0; i <= n; ++i) grid.add_vertex({float(i) / n * 10 - 5, float(j) / n * 10 - 5, 20.0f + 0.1f * i});
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      const uint32_t a = uint32_t(j * (n + 1) + i), b = a + 1, c = a + uint32_t(n + 1) + 1, d = a + uint32_t(n + 1);
      grid.add_triangle(a, b, c);
      grid.add_triangle(a, c, d);
    }
  g.meshes.push_back(std::move(grid));
  EmbreeDevice device;
  const Query scene(device, g);

  SurfaceHit hit;
  // Rotating +90 degrees about x takes the quad's +z front to -y; then it sits at y = 2.
  REQUIRE(scene.intersect(make_ray({3.2f, 10, -7.3f}, {0, -1, 0}), hit));
  CHECK(hit.shape == 0);
  CHECK_THAT(hit.t, WithinAbs(8.0, kEps));
  CHECK(near(hit.normal, {0, -1, 0}));

  // The grid is the plane z = 20 + 0.1 * (x + 5) * 6.4 over x, y in [-5, 5].
  for (float x : {-4.9f, -2.2f, 0.0f, 1.37f, 4.8f}) {
    const float expected = 20.0f + 0.1f * (x + 5.0f) * float(n) / 10.0f;
    REQUIRE(scene.intersect(make_ray({x, 0.3f, 0}, {0, 0, 1}), hit));
    CHECK(hit.shape == 1);
    CHECK_THAT(hit.t, WithinAbs(expected, 1e-3));
  }
}

TEST_CASE("intersect and occluded are safe to call from many threads", "[embree]") {
  const SceneGeometry geometry = quad_and_sphere();
  EmbreeDevice device;
  const Query scene(device, geometry);

  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int k = 0; k < 4; ++k) {
    threads.emplace_back([&, k] {
      for (int i = 0; i < 2000; ++i) {
        const float x = -0.9f + 1.8f * float((i * 7 + k) % 100) / 100.0f;
        SurfaceHit hit;
        if (!scene.intersect(make_ray({x, 0.1f, 5}, {0, 0, -1}), hit) || std::fabs(hit.t - 5.0f) > 1e-4f ||
            hit.kind != ShapeKind::Mesh)
          ++wrong;
        if (!scene.occluded(make_ray({x, 0.1f, -2}, {0, 0, -1}))) ++wrong;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(wrong == 0);
}

TEST_CASE("Embree errors raised during rendering are reported after it", "[embree]") {
  // Embree reports errors through a callback that any rendering thread may call;
  // they are recorded under a lock (ThreadSanitizer checks this test) and thrown
  // by the next check().
  EmbreeDevice device;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) rtcSetDeviceProperty(device.get(), RTCDeviceProperty(-1), 0);  // invalid
    });
  for (auto& t : threads) t.join();
  CHECK_THROWS_WITH(device.check("rendering"), Catch::Contains("Embree: rendering: invalid argument"));
  CHECK_NOTHROW(device.check("rendering"));  // reported once
}

TEST_CASE("a mesh whose object-to-world transform is not the identity is refused until instancing", "[embree]") {
  SceneGeometry g = quad_and_sphere();
  g.meshes.push_back(make_quad({0, 0, 0}, {1, 0, 0}, {0, 1, 0}, Transform{}, 0));
  g.meshes[1].set_to_world(Transform::translate({0, 0, 1}));
  EmbreeDevice device;
  CHECK_THROWS_WITH(EmbreeScene(device, g),
                    Catch::Equals("mesh 1: object-to-world transforms other than the identity are not supported yet"));
  g.meshes[1].set_to_world(Transform{});
  CHECK_NOTHROW(EmbreeScene(device, g));
}

TEST_CASE("instances place one prototype BVH many times, beside plain meshes and spheres", "[embree][instancing]") {
  SceneGeometry g = quad_and_sphere();  // mesh 0, sphere geometry 1
  g.prototypes.push_back(make_quad({-1, -1, 0}, {2, 0, 0}, {0, 2, 0}, Transform{}, 1));
  g.prototypes.emplace_back(1);  // placed by nobody: no BVH
  // Instance 0: moved to x = 10 and tilted to face +x; instance 1: at x = 20, halved, material 7.
  g.instances.emplace_back(0, 1, Transform::translate({10, 0, 0}) * Transform::rotate(90, {0, 1, 0}));
  g.instances.emplace_back(0, 7, Transform::translate({20, 0, 0}) * Transform::scale(Vec3(0.5f)));
  EmbreeDevice device;
  const Query scene(device, g);

  SurfaceHit hit;
  REQUIRE(scene.intersect(make_ray({15, 0.5f, 0.25f}, {-1, 0, 0}), hit));
  CHECK(hit.kind == ShapeKind::Instance);
  CHECK(hit.shape == 0);
  CHECK(hit.instance == g.instance_geometry(0));
  CHECK_THAT(hit.t, WithinAbs(5.0, kEps));  // the world ray's parameter
  CHECK(near(hit.p, {10, 0.5f, 0.25f}));
  CHECK(near(hit.normal, {1, 0, 0}));
  CHECK(hit.material == 1);

  REQUIRE(scene.intersect(make_ray({20.25f, 0.25f, 4}, {0, 0, -1}), hit));
  CHECK(hit.kind == ShapeKind::Instance);
  CHECK(hit.shape == 1);
  CHECK_THAT(hit.t, WithinAbs(4.0, kEps));
  CHECK(near(hit.p, {20.25f, 0.25f, 0}));
  CHECK(hit.material == 7);
  // Halved: the quad spans [19.5, 20.5].
  CHECK_FALSE(scene.intersect(make_ray({20.75f, 0.25f, 4}, {0, 0, -1}), hit));
  CHECK(scene.occluded(make_ray({20.25f, 0.25f, 4}, {0, 0, -1})));
  CHECK_FALSE(scene.occluded(make_ray({20.75f, 0.25f, 4}, {0, 0, -1})));

  // The plain mesh and the sphere keep their ids.
  REQUIRE(scene.intersect(make_ray({0.5f, -0.5f, 5}, {0, 0, -1}), hit));
  CHECK(hit.kind == ShapeKind::Mesh);
  CHECK(hit.instance == kNoInstance);
  REQUIRE(scene.intersect(make_ray({0, 0, -1}, {0, 0, -1}), hit));
  CHECK(hit.kind == ShapeKind::Sphere);
}

TEST_CASE("a prototype with a transform of its own is refused", "[embree][instancing]") {
  SceneGeometry g = quad_and_sphere();
  g.prototypes.push_back(make_quad({-1, -1, 0}, {2, 0, 0}, {0, 2, 0}, Transform{}, 1));
  g.prototypes[0].set_to_world(Transform::translate({0, 0, 1}));
  g.instances.emplace_back(0, 1, Transform{});
  EmbreeDevice device;
  CHECK_THROWS_WITH(EmbreeScene(device, g), Catch::Contains("prototype 0: a prototype is placed by its instances"));
}

TEST_CASE("batches of rays get the answers single rays get: 16-ray packets, the last one partly filled",
          "[embree][packets]") {
  SceneGeometry g = quad_and_sphere();
  g.prototypes.push_back(make_quad({-1, -1, 0}, {2, 0, 0}, {0, 2, 0}, Transform{}, 1));
  g.instances.emplace_back(0, 1, Transform::translate({3, 0, 0}) * Transform::rotate(90, {0, 1, 0}));
  g.instances.emplace_back(0, 7, Transform::translate({0, 3, -2}) * Transform::scale(Vec3(0.5f)));
  EmbreeDevice device;
  const EmbreeScene scene(device, g);

  // 37 rays (two full packets and five lanes) from a box around the shapes,
  // towards points near them: hits on every kind of shape, misses, and some
  // rays cut short by t_max.
  uint32_t state = 12345;
  const auto uniform = [&state](float lo, float hi) {
    state = state * 1664525u + 1013904223u;
    return lo + (hi - lo) * float(state >> 8) * 0x1p-24f;
  };
  // Aimed near the quad, the sphere and the two placements in turn; every
  // seventh ray points away from everything.
  const Vec3 centres[4] = {{0, 0, 0}, {0, 0, -5}, {3, 0, 0}, {0, 3, -2}};
  std::vector<Ray> rays;
  for (int i = 0; i < 37; ++i) {
    const Vec3 origin(uniform(-6, 6), uniform(-6, 6), uniform(3, 8));
    const Vec3 target = centres[i % 4] + Vec3(uniform(-0.9f, 0.9f), uniform(-0.9f, 0.9f), uniform(-0.2f, 0.2f));
    const Vec3 direction = i % 7 == 6 ? Vec3(uniform(-1, 1), uniform(-1, 1), 1.0f) : target - origin;
    rays.push_back(make_ray(origin, direction, 0.0f, i % 5 == 4 ? 0.5f : std::numeric_limits<float>::infinity()));
  }
  std::vector<RayHit> hits(rays.size());
  bool found[37], blocked[37];
  scene.intersect_batch(rays.data(), int(rays.size()), hits.data(), found);
  scene.occluded_batch(rays.data(), int(rays.size()), blocked);
  int n_found = 0, n_instance = 0, n_sphere = 0;
  for (size_t i = 0; i < rays.size(); ++i) {
    INFO("ray " << i);
    RayHit single;
    const bool single_found = scene.intersect(rays[i], single);
    REQUIRE(found[i] == single_found);
    CHECK(blocked[i] == scene.occluded(rays[i]));
    CHECK(blocked[i] == single_found);
    if (!single_found) continue;
    ++n_found;
    n_instance += single.instance != kNoInstance;
    n_sphere += single.geometry == 1;
    CHECK(hits[i].geometry == single.geometry);
    CHECK(hits[i].primitive == single.primitive);
    CHECK(hits[i].instance == single.instance);
    CHECK_THAT(hits[i].t, WithinAbs(single.t, 1e-5));
    CHECK_THAT(hits[i].b1, WithinAbs(single.b1, 1e-5));
    CHECK_THAT(hits[i].b2, WithinAbs(single.b2, 1e-5));
  }
  // The set exercises what it should: hits and misses, instances and the sphere.
  CHECK(n_found >= 8);
  CHECK(n_found <= 30);
  CHECK(n_instance >= 1);
  CHECK(n_sphere >= 1);

  // An empty batch is no work and no error.
  scene.intersect_batch(rays.data(), 0, hits.data(), found);
  scene.occluded_batch(rays.data(), 0, blocked);
}
