// make_interaction: what core builds from a RayHit, shape kind by shape kind.

#include "core/render/interaction.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <utility>

using namespace tessera;

namespace {

bool close(const Vec3& a, const Vec3& b, float eps = 1e-5f) { return length(a - b) <= eps; }

SceneGeometry one_triangle() {
  SceneGeometry g;
  TriangleMesh m(3);
  m.add_vertex({0, 0, 0});
  m.add_vertex({1, 0, 0});
  m.add_vertex({0, 1, 0});
  m.add_triangle(0, 1, 2);  // front +z
  g.meshes.push_back(m);
  g.add_sphere({{0, 0, -5}, 2.0f}, 7);
  return g;
}

}  // namespace

TEST_CASE("triangle interaction: position from barycentrics, front face by winding", "[render][interaction]") {
  SceneGeometry g = one_triangle();
  RayHit hit;
  hit.geometry = 0, hit.primitive = 0, hit.b1 = 0.25f, hit.b2 = 0.5f, hit.t = 3.0f;
  const SurfaceInteraction above = make_interaction(g, Ray{{0.25f, 0.5f, 3}, {0, 0, -1}}, hit);
  CHECK(close(above.p, {0.25f, 0.5f, 0}));
  CHECK(close(above.n, {0, 0, 1}));
  CHECK(above.ns == above.n);
  CHECK(above.front_face);
  CHECK(above.material == 3);
  CHECK(above.light == -1);
  // From below: the normal stays the front normal, only the bit changes.
  const SurfaceInteraction below = make_interaction(g, Ray{{0.25f, 0.5f, -3}, {0, 0, 1}}, hit);
  CHECK(close(below.n, {0, 0, 1}));
  CHECK_FALSE(below.front_face);

  // Vertex normals that contradict the winding go to the geometric normal's side.
  g.meshes[0].set_normals({{0, 0.2f, -1}, {0, 0.2f, -1}, {0, 0.2f, -1}});
  const SurfaceInteraction flipped = make_interaction(g, Ray{{0.25f, 0.5f, 3}, {0, 0, -1}}, hit);
  CHECK(close(flipped.ns, normalize(Vec3(0, -0.2f, 1))));
  CHECK(close(flipped.n, {0, 0, 1}));
}

TEST_CASE("sphere interaction: outward normal, uv and tangents", "[render][interaction]") {
  const SceneGeometry g = one_triangle();
  RayHit hit;
  hit.geometry = g.sphere_geometry(), hit.primitive = 0;
  const Vec3 dir = normalize(Vec3(1, 1, 0));  // from the centre: hits (sqrt2, sqrt2, -5) from inside
  hit.t = 2.0f;
  const SurfaceInteraction si = make_interaction(g, Ray{{0, 0, -5}, dir}, hit);
  CHECK(close(si.n, dir));
  CHECK_FALSE(si.front_face);
  CHECK(si.material == 7);
  CHECK(si.uv.x == Approx(0.125f));  // phi = 45 degrees
  CHECK(si.uv.y == Approx(0.5f));    // on the equator
  CHECK(std::abs(dot(si.dpdu, si.n)) < 1e-4f);
  CHECK(std::abs(dot(si.dpdv, si.n)) < 1e-4f);
  CHECK(dot(cross(si.dpdu, si.dpdv), si.n) < 0.0f);  // v runs from +z to -z
}

TEST_CASE("the shading parts alone agree with the full interaction and skip the parameterization",
          "[render][interaction]") {
  SceneGeometry g = one_triangle();
  g.meshes[0].set_normals({{0, 0.2f, 1}, {0, 0.2f, 1}, {0, 0.2f, 1}});
  g.meshes[0].set_uvs({{0.5f, 0.5f}, {1, 0.5f}, {0.5f, 1}});
  RayHit tri;
  tri.geometry = 0, tri.primitive = 0, tri.b1 = 0.25f, tri.b2 = 0.5f, tri.t = 3.0f;
  RayHit sph;
  sph.geometry = g.sphere_geometry(), sph.primitive = 0, sph.t = 2.0f;
  const Ray to_tri{{0.25f, 0.5f, 3}, {0, 0, -1}}, to_sph{{0, 0, -5}, normalize(Vec3(1, 1, 0))};
  for (const auto& [ray, hit] : {std::pair<Ray, RayHit>{to_tri, tri}, std::pair<Ray, RayHit>{to_sph, sph}}) {
    const SurfaceInteraction all = make_interaction(g, ray, hit, InteractionParts::All);
    const SurfaceInteraction shading = make_interaction(g, ray, hit, InteractionParts::Shading);
    CHECK(shading.p == all.p);
    CHECK(shading.n == all.n);
    CHECK(shading.ns == all.ns);
    CHECK(shading.front_face == all.front_face);
    CHECK(shading.material == all.material);
    CHECK(length(all.dpdu) > 0.0f);
    CHECK(length(shading.dpdu) == 0.0f);  // not computed
    CHECK(length(shading.dpdv) == 0.0f);
  }
}

TEST_CASE("triangle interaction with UVs: interpolated uv and dp/du, dp/dv from them", "[render][interaction][textures]") {
  SceneGeometry g = one_triangle();
  RayHit hit;
  hit.geometry = 0, hit.primitive = 0, hit.b1 = 0.25f, hit.b2 = 0.5f, hit.t = 3.0f;
  const Ray ray{{0.25f, 0.5f, 3}, {0, 0, -1}};
  // u = x / 2, v = y / 4: p moves 2 along x per unit of u, 4 along y per unit of v.
  g.meshes[0].set_uvs({{0, 0}, {0.5f, 0}, {0, 0.25f}});
  SurfaceInteraction si = make_interaction(g, ray, hit);
  CHECK(si.uv.x == Approx(0.125f));
  CHECK(si.uv.y == Approx(0.125f));
  CHECK(close(si.dpdu, {2, 0, 0}));
  CHECK(close(si.dpdv, {0, 4, 0}));
  // Mirrored UVs (u along y, v along x): the tangents follow, cross(dpdu, dpdv) turns to -n.
  g.meshes[0].set_uvs({{0, 0}, {0, 1}, {1, 0}});
  si = make_interaction(g, ray, hit);
  CHECK(si.uv.x == Approx(0.5f));
  CHECK(si.uv.y == Approx(0.25f));
  CHECK(close(si.dpdu, {0, 1, 0}));
  CHECK(close(si.dpdv, {1, 0, 0}));
  // A normal map tilting towards +u follows dp/du, towards +v follows dp/dv, mirrored or not.
  SurfaceInteraction tilted = si;
  apply_normal_map(tilted, {0.5f, 1.0f, 1.0f});
  CHECK(close(tilted.ns, normalize(Vec3(1, 0, 1))));
  tilted = si;
  apply_normal_map(tilted, {1.0f, 0.5f, 1.0f});
  CHECK(close(tilted.ns, normalize(Vec3(0, 1, 1))));
}

namespace {

// One prototype triangle (0,0,0), (1,0,0), (0,1,0), front +z, UVs (0,0), (1,0),
// (0,1) (so dp/du = +x, dp/dv = +y in object space), every vertex normal
// (1, 0, 1), placed once by `to_world` with material 8 (the prototype's is 3).
SceneGeometry one_instance(const Transform& to_world) {
  SceneGeometry g;
  TriangleMesh m(3);
  m.add_vertex({0, 0, 0});
  m.add_vertex({1, 0, 0});
  m.add_vertex({0, 1, 0});
  m.add_triangle(0, 1, 2);
  m.set_normals({{1, 0, 1}, {1, 0, 1}, {1, 0, 1}});
  m.set_uvs({{0, 0}, {1, 0}, {0, 1}});
  g.prototypes.push_back(m);
  g.instances.emplace_back(0, 8, to_world);
  return g;
}

}  // namespace

TEST_CASE("instance interaction: position, normals and tangents through a rotated, scaled placement",
          "[render][interaction][instancing]") {
  // Scale x by 2, turn 90 degrees about +z ((x, y, z) -> (-y, x, z)), move by +5 x.
  const Transform t = Transform::translate({5, 0, 0}) * Transform::rotate(90, {0, 0, 1}) * Transform::scale({2, 1, 1});
  const SceneGeometry g = one_instance(t);
  RayHit hit;
  hit.geometry = g.instance_geometry(0), hit.primitive = 0, hit.b1 = 0.25f, hit.b2 = 0.5f, hit.t = 3.0f;
  REQUIRE(g.ref(hit.geometry).kind == ShapeKind::Instance);
  REQUIRE(g.material_of(hit.geometry, 0) == 8);
  const SurfaceInteraction si = make_interaction(g, Ray{{4.5f, 0.5f, 3}, {0, 0, -1}}, hit);
  CHECK(close(si.p, {4.5f, 0.5f, 0}));  // object (0.25, 0.5, 0) -> (0.5, 0.5, 0) -> (-0.5, 0.5, 0) -> +5 x
  CHECK(close(si.n, {0, 0, 1}));
  CHECK(si.front_face);
  CHECK(si.material == 8);
  // The vertex normal (1, 0, 1) by the inverse transpose: scale (1/2, 1, 1), then the turn.
  CHECK(close(si.ns, normalize(Vec3(0, 0.5f, 1))));
  CHECK(si.uv.x == 0.25f);  // UVs are the prototype's
  CHECK(si.uv.y == 0.5f);
  CHECK(close(si.dpdu, {0, 2, 0}));   // +x scaled by 2, turned to +y
  CHECK(close(si.dpdv, {-1, 0, 0}));  // +y turned to -x
  // The shading parts alone agree.
  const SurfaceInteraction shading = make_interaction(g, Ray{{4.5f, 0.5f, 3}, {0, 0, -1}}, hit, InteractionParts::Shading);
  CHECK(shading.p == si.p);
  CHECK(shading.ns == si.ns);
}

TEST_CASE("instance interaction: a mirroring placement keeps the front face a baked copy would have",
          "[render][interaction][instancing]") {
  // x -> -x: a baked copy flips its winding (scene/shapes.h transformed()), so
  // its front stays +z; the instance's normal goes by the inverse transpose.
  const SceneGeometry g = one_instance(Transform::scale({-1, 1, 1}));
  RayHit hit;
  hit.geometry = g.instance_geometry(0), hit.primitive = 0, hit.b1 = 0.25f, hit.b2 = 0.25f;
  const SurfaceInteraction si = make_interaction(g, Ray{{-0.25f, 0.25f, 3}, {0, 0, -1}}, hit);
  CHECK(close(si.p, {-0.25f, 0.25f, 0}));
  CHECK(close(si.n, {0, 0, 1}));
  CHECK(si.front_face);
  CHECK(close(si.ns, normalize(Vec3(-1, 0, 1))));
  CHECK(close(si.dpdu, {-1, 0, 0}));
}

namespace {

// A triangle at z = 0 facing +z with normals +z and UVs u along +x, v along +y,
// and a tangent (1, 0, 0) of handedness `sign` at every vertex (none: 0).
SceneGeometry tangent_triangle(float sign) {
  SceneGeometry g;
  TriangleMesh m(0);
  m.add_vertex({0, 0, 0});
  m.add_vertex({1, 0, 0});
  m.add_vertex({0, 1, 0});
  m.add_triangle(0, 1, 2);
  m.set_normals({{0, 0, 1}, {0, 0, 1}, {0, 0, 1}});
  m.set_uvs({{0, 0}, {1, 0}, {0, 1}});
  if (sign != 0) m.set_tangents({{{1, 0, 0}, sign}, {{1, 0, 0}, sign}, {{1, 0, 0}, sign}});
  g.meshes.push_back(m);
  return g;
}

// The shading normal after a normal-map texel that points along +green (the bitangent).
Vec3 green_tilted_normal(const SceneGeometry& g, uint32_t geometry) {
  RayHit hit;
  hit.geometry = geometry, hit.primitive = 0, hit.b1 = 0.25f, hit.b2 = 0.25f, hit.t = 3.0f;
  SurfaceInteraction si = make_interaction(g, Ray{{0.25f, 0.25f, 3}, {0, 0, -1}}, hit);
  apply_normal_map(si, {0.5f, 0.5f + 0.5f * 0.6f, 0.5f + 0.5f * 0.8f});  // m = (0, 0.6, 0.8)
  return si.ns;
}

}  // namespace

TEST_CASE("vertex tangents set the normal map's frame; w = -1 flips the bitangent", "[render][interaction]") {
  // glTF: bitangent = w * cross(normal, tangent). Tangent +x, normal +z: +y for w = 1, -y for w = -1.
  CHECK(close(green_tilted_normal(tangent_triangle(1.0f), 0), {0, 0.6f, 0.8f}));
  CHECK(close(green_tilted_normal(tangent_triangle(-1.0f), 0), {0, -0.6f, 0.8f}));
  // Without tangents the UVs decide: v runs along +y here, so green tilts towards +y.
  CHECK(close(green_tilted_normal(tangent_triangle(0.0f), 0), {0, 0.6f, 0.8f}));

  // A tangent along +y (not the UVs' dp/du): red now tilts towards +y.
  SceneGeometry g = tangent_triangle(1.0f);
  g.meshes[0].set_tangents({{{0, 1, 0}, 1}, {{0, 1, 0}, 1}, {{0, 1, 0}, 1}});
  RayHit hit;
  hit.geometry = 0, hit.primitive = 0, hit.b1 = 0.25f, hit.b2 = 0.25f, hit.t = 3.0f;
  SurfaceInteraction si = make_interaction(g, Ray{{0.25f, 0.25f, 3}, {0, 0, -1}}, hit);
  CHECK(close(si.tangent, {0, 1, 0}));
  apply_normal_map(si, {0.5f + 0.5f * 0.6f, 0.5f, 0.5f + 0.5f * 0.8f});  // m = (0.6, 0, 0.8)
  CHECK(close(si.ns, {0, 0.6f, 0.8f}));
}

TEST_CASE("instanced tangents: placed, and a mirror turns their handedness", "[render][interaction][instancing]") {
  for (const float sign : {1.0f, -1.0f}) {
    SceneGeometry g;
    g.prototypes.push_back(tangent_triangle(sign).meshes[0]);
    // Mirrored in x: the tangent becomes -x; the surface still faces +z.
    g.instances.emplace_back(0, 0, Transform::scale(Vec3(-1, 1, 1)));
    RayHit hit;
    hit.geometry = g.instance_geometry(0), hit.primitive = 0, hit.b1 = 0.25f, hit.b2 = 0.25f, hit.t = 3.0f;
    SurfaceInteraction si = make_interaction(g, Ray{{-0.25f, 0.25f, 3}, {0, 0, -1}}, hit);
    CHECK(close(si.tangent, {-1, 0, 0}));
    CHECK(si.tangent_sign == -sign);
    // A baked mirrored copy's bitangent points where the prototype's does: +y for w = 1.
    apply_normal_map(si, {0.5f, 0.5f + 0.5f * 0.6f, 0.5f + 0.5f * 0.8f});
    CHECK(close(si.ns, {0, 0.6f * sign, 0.8f}));
  }
}

TEST_CASE("vertex colours are interpolated at the hit, in meshes and instances", "[render][interaction]") {
  SceneGeometry g = tangent_triangle(0.0f);
  g.meshes[0].set_colors({{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
  g.prototypes.push_back(g.meshes[0]);
  g.instances.emplace_back(0, 0, Transform::translate(Vec3(0, 0, 1)));
  RayHit hit;
  hit.primitive = 0, hit.b1 = 0.25f, hit.b2 = 0.5f, hit.t = 1.0f;
  for (const uint32_t geometry : {0u, g.instance_geometry(0)}) {
    hit.geometry = geometry;
    const SurfaceInteraction si = make_interaction(g, Ray{{0.25f, 0.5f, 3}, {0, 0, -1}}, hit);
    CHECK(si.has_color);
    CHECK(close(si.color, {0.25f, 0.25f, 0.5f}));
  }
  // Without colours: none.
  hit.geometry = 0;
  const SurfaceInteraction plain = make_interaction(tangent_triangle(0.0f), Ray{{0.25f, 0.5f, 3}, {0, 0, -1}}, hit);
  CHECK_FALSE(plain.has_color);
}
