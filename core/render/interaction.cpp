#include "core/render/interaction.h"

#include <cmath>

namespace tessera {
namespace {

// Two unit tangents perpendicular to n (for dp/du and dp/dv when the UVs are degenerate).
void tangents_of(const Vec3& n, Vec3& s, Vec3& t) {
  const float sign = std::copysign(1.0f, n.z);
  const float a = -1.0f / (sign + n.z), b = n.x * n.y * a;
  s = {1.0f + sign * n.x * n.x * a, sign * b, -sign * n.x};
  t = {b, sign + n.y * n.y * a, -n.y};
}

// The interaction on `mesh`'s triangle hit.primitive, in the mesh's space.
// Inlined into both callers: plain meshes pay no call for instancing's sake.
// `vertex_normals`: interpolate the mesh's vertex normals into si.ns (else ns = n).
[[gnu::always_inline]] inline void triangle_interaction(const TriangleMesh& mesh, const RayHit& hit, SurfaceInteraction& si,
                                                        bool parameterization, bool vertex_normals = true) {
  const size_t tri = hit.primitive;
  const uint32_t i0 = mesh.index(tri, 0), i1 = mesh.index(tri, 1), i2 = mesh.index(tri, 2);
  const Vec3 p0 = mesh.vertex(i0), p1 = mesh.vertex(i1), p2 = mesh.vertex(i2);
  const float b0 = 1.0f - hit.b1 - hit.b2;
  // From the barycentrics, not ray.at(t): more accurate far from the ray's origin.
  si.p = p0 * b0 + p1 * hit.b1 + p2 * hit.b2;
  si.n = normalize(cross(p1 - p0, p2 - p0));
  si.material = mesh.material();
  si.ns = si.n;
  if (vertex_normals && mesh.has_normals()) {
    const Vec3 ns = mesh.normal(i0) * b0 + mesh.normal(i1) * hit.b1 + mesh.normal(i2) * hit.b2;
    const float len2 = dot(ns, ns);
    if (len2 > 0.0f && std::isfinite(len2)) {
      si.ns = ns / std::sqrt(len2);
      // Vertex normals may disagree with the winding: the geometric normal
      // decides the front, so the shading normal goes to its side.
      if (dot(si.ns, si.n) < 0.0f) si.ns = -si.ns;
    }
  }
  if (!parameterization) return;

  // UVs: the mesh's, or pbrt's default (0,0), (1,0), (1,1) per triangle.
  Vec2 uv0{0, 0}, uv1{1, 0}, uv2{1, 1};
  if (mesh.has_uvs()) uv0 = mesh.uv(i0), uv1 = mesh.uv(i1), uv2 = mesh.uv(i2);
  si.uv = {uv0.x * b0 + uv1.x * hit.b1 + uv2.x * hit.b2, uv0.y * b0 + uv1.y * hit.b1 + uv2.y * hit.b2};
  const float du02 = uv0.x - uv2.x, dv02 = uv0.y - uv2.y, du12 = uv1.x - uv2.x, dv12 = uv1.y - uv2.y;
  const Vec3 dp02 = p0 - p2, dp12 = p1 - p2;
  const float det = du02 * dv12 - dv02 * du12;
  bool degenerate = std::abs(det) < 1e-12f;
  if (!degenerate) {
    const float inv = 1.0f / det;
    si.dpdu = (dp02 * dv12 - dp12 * dv02) * inv;
    si.dpdv = (dp12 * du02 - dp02 * du12) * inv;
    const Vec3 c = cross(si.dpdu, si.dpdv);
    degenerate = !(dot(c, c) > 0.0f) || !is_finite(c);
  }
  if (degenerate) tangents_of(si.n, si.dpdu, si.dpdv);
  if (mesh.has_colors()) {
    si.color = mesh.color(i0) * b0 + mesh.color(i1) * hit.b1 + mesh.color(i2) * hit.b2;
    si.has_color = true;
  }
  if (mesh.has_tangents()) {
    const Tangent &t0 = mesh.tangent(i0), &t1 = mesh.tangent(i1), &t2 = mesh.tangent(i2);
    si.tangent = t0.direction * b0 + t1.direction * hit.b1 + t2.direction * hit.b2;
    // The handedness of the corner with the largest weight (a triangle's
    // corners agree unless its UVs are mirrored across it).
    si.tangent_sign = b0 >= hit.b1 && b0 >= hit.b2 ? t0.sign : hit.b1 >= hit.b2 ? t1.sign : t2.sign;
  }
}

void mesh_interaction(const SceneGeometry& g, GeometryRef ref, const Ray& /*ray*/, const RayHit& hit,
                      SurfaceInteraction& si, bool parameterization) {
  triangle_interaction(g.meshes[ref.index], hit, si, parameterization);
}

// A placed prototype: its object-space interaction, then into the world. The
// inverse transpose keeps normals perpendicular to the transformed surface and
// on the side a baked copy's geometric normal is (its winding is flipped under
// a mirroring transform: scene/shapes.h transformed()).
void instance_interaction(const SceneGeometry& g, GeometryRef ref, const Ray& /*ray*/, const RayHit& hit,
                          SurfaceInteraction& si, bool parameterization) {
  const MeshInstance& inst = g.instances[ref.index];
  const TriangleMesh& mesh = g.prototypes[inst.prototype];
  triangle_interaction(mesh, hit, si, parameterization, false);
  si.material = inst.material;
  si.p = inst.to_world.point(si.p);
  si.n = normalize(inst.normal_to_world.vector(si.n));
  si.ns = si.n;
  if (mesh.has_normals()) {
    // Each vertex normal placed and made unit length before interpolating, as
    // a baked copy's are (Transform::normal), so both shade alike.
    const auto placed = [&](uint32_t v) {
      const Vec3 r = inst.normal_to_world.vector(mesh.normal(v));
      const float len = length(r);
      return len > 0.0f ? r * (1.0f / len) : mesh.normal(v);
    };
    const float b0 = 1.0f - hit.b1 - hit.b2;
    const size_t tri = hit.primitive;
    const Vec3 ns = placed(mesh.index(tri, 0)) * b0 + placed(mesh.index(tri, 1)) * hit.b1 +
                    placed(mesh.index(tri, 2)) * hit.b2;
    const float len2 = dot(ns, ns);
    if (len2 > 0.0f && std::isfinite(len2)) {
      si.ns = ns / std::sqrt(len2);
      if (dot(si.ns, si.n) < 0.0f) si.ns = -si.ns;
    }
  }
  if (!parameterization) return;
  si.dpdu = inst.to_world.vector(si.dpdu);
  si.dpdv = inst.to_world.vector(si.dpdv);
  // A mirroring placement turns the bitangent's handedness, as a baked copy's
  // (scene/shapes.h transformed()).
  si.tangent = inst.to_world.vector(si.tangent);
  if (inst.to_world.flips_handedness()) si.tangent_sign = -si.tangent_sign;
}

void sphere_interaction(const SceneGeometry& g, GeometryRef /*ref*/, const Ray& ray, const RayHit& hit,
                        SurfaceInteraction& si, bool parameterization) {
  const Sphere& s = g.spheres[hit.primitive];
  si.n = normalize(ray.at(hit.t) - s.center);
  si.p = ray.at(hit.t);
  si.ns = si.n;
  si.material = g.sphere_materials[hit.primitive];
  if (!parameterization) return;
  // (u, v) = (phi / 2 pi, theta / pi) about +z; the tangents without sin / cos
  // (cos phi = x / sin theta, sin phi = y / sin theta).
  const Vec3 d = si.n;
  constexpr float kPiF = 3.14159265358979323846f;
  float phi = std::atan2(d.y, d.x);
  if (phi < 0.0f) phi += 2.0f * kPiF;
  const float cos_theta = std::fmax(-1.0f, std::fmin(1.0f, d.z));
  si.uv = {phi * (0.5f / kPiF), std::acos(cos_theta) * (1.0f / kPiF)};
  const float r = s.radius, sin_theta = std::sqrt(d.x * d.x + d.y * d.y);
  if (sin_theta > 0.0f) {
    si.dpdu = Vec3(-d.y, d.x, 0.0f) * (2.0f * kPiF * r);
    si.dpdv = Vec3(d.z * d.x / sin_theta, d.z * d.y / sin_theta, -sin_theta) * (kPiF * r);
  } else {
    tangents_of(si.n, si.dpdu, si.dpdv);  // at the poles
  }
}

// The per-shape-kind table, indexed by ShapeKind: one entry per kind.
// `parameterization`: also fill uv, dpdu and dpdv.
using InteractionFn = void (*)(const SceneGeometry&, GeometryRef, const Ray&, const RayHit&, SurfaceInteraction&,
                               bool parameterization);
constexpr InteractionFn kInteraction[] = {
    mesh_interaction,      // ShapeKind::Mesh
    sphere_interaction,    // ShapeKind::Sphere
    instance_interaction,  // ShapeKind::Instance
};
static_assert(sizeof(kInteraction) / sizeof(kInteraction[0]) == size_t(ShapeKind::Instance) + 1,
              "one interaction function per ShapeKind");

}  // namespace

SurfaceInteraction make_interaction(const SceneGeometry& geometry, const Ray& ray, const RayHit& hit,
                                    InteractionParts parts) {
  SurfaceInteraction si;
  const GeometryRef ref = geometry.ref(hit.geometry);
  kInteraction[size_t(ref.kind)](geometry, ref, ray, hit, si, parts == InteractionParts::All);
  si.front_face = dot(si.n, ray.direction) < 0.0f;
  return si;
}

void apply_normal_map(SurfaceInteraction& si, const Vec3& encoded) {
  const Vec3 m = encoded * 2.0f - Vec3(1.0f);
  const bool vertex_tangent = dot(si.tangent, si.tangent) > 0.0f && is_finite(si.tangent);
  const Vec3 along_u = vertex_tangent ? si.tangent : si.dpdu;
  Vec3 t = along_u - si.ns * dot(si.ns, along_u);
  if (!(dot(t, t) > 0.0f)) return;
  t = normalize(t);
  Vec3 b = cross(si.ns, t);
  if (vertex_tangent) {
    if (si.tangent_sign < 0.0f) b = -b;
  } else if (dot(b, si.dpdv) < 0.0f) {
    b = -b;  // mirrored UVs
  }
  const Vec3 n = t * m.x + b * m.y + si.ns * m.z;
  const float len2 = dot(n, n);
  if (!(len2 > 0.0f) || !std::isfinite(len2)) return;
  const Vec3 ns = n / std::sqrt(len2);
  if (dot(ns, si.n) > 0.0f) si.ns = ns;
}

}  // namespace tessera
