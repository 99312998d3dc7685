#pragma once
// SurfaceInteraction: everything shading needs about a ray's hit, built once
// per hit by make_interaction() from the RayHit and a per-shape-kind table
// (interaction.cpp): a new shape kind adds one entry there, nothing else in
// the integrator changes.

#include "core/math/ray.h"
#include "core/math/vec3.h"
#include "core/render/ray_query.h"
#include "core/render/scene_geometry.h"

#include <cstdint>

namespace tessera {

struct SurfaceInteraction {
  Vec3 p;             // hit position, world space
  Vec3 n;             // unit geometric normal on the front face (counter-clockwise winding; spheres outward)
  Vec3 ns;            // unit shading normal (interpolated vertex normal, else n), on n's side
  // The surface parameterization (InteractionParts::All only; zero otherwise):
  Vec2 uv;            // mesh UVs, or the triangle's default (0,0), (1,0), (1,1); spheres: (phi, theta) / (2 pi, pi)
  Vec3 dpdu, dpdv;    // partial derivatives of p along u and v (not normalized)
  Vec3 color{1.0f};   // interpolated vertex colour (linear RGB) when has_color
  bool has_color = false;  // the mesh has vertex colours (TriangleMesh::set_colors)
  // The interpolated vertex tangent (world space, not normalized) and its
  // bitangent sign, when the mesh has tangents; zero: the normal map's frame
  // comes from dpdu and dpdv.
  Vec3 tangent{0.0f};
  float tangent_sign = 1.0f;
  bool front_face = true;  // the ray arrived on the front side: dot(n, ray.direction) < 0
  uint32_t material = 0;
  int light = -1;     // light index (SceneLights::light_of) of this surface, or -1; set by the integrator
};

// What make_interaction fills in. The parameterization (uv, dpdu, dpdv) costs
// as much again as the rest (a division, a cross product and a check per hit)
// and only materials that read textures or bend the normal need it, so the
// integrator asks for it per material.
enum class InteractionParts : uint8_t {
  Shading,  // p, n, ns, material, front_face
  All,      // and uv, dpdu, dpdv, color, tangent
};

// The interaction at `hit` of `ray` with `geometry`. Pure; thread-safe.
SurfaceInteraction make_interaction(const SceneGeometry& geometry, const Ray& ray, const RayHit& hit,
                                    InteractionParts parts = InteractionParts::All);

// Tilt si.ns by a tangent-space normal-map value `encoded` (RGB in [0, 1],
// m = 2 * encoded - 1): ns' = normalize(m.x T + m.y B + m.z ns). With a vertex
// tangent (si.tangent non-zero), T is it made perpendicular to ns and
// B = tangent_sign * cross(ns, T) (glTF's bitangent); otherwise T is dp/du made
// perpendicular to ns and B = cross(ns, T) turned towards dp/dv (OpenGL's
// convention: green points along +v). A result not on the geometric normal's
// side, or not finite, leaves ns as it was.
void apply_normal_map(SurfaceInteraction& si, const Vec3& encoded);

}  // namespace tessera
