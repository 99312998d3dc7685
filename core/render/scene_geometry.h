#pragma once
// SceneGeometry: the shapes of a scene as plain arrays, laid out so that the
// ray-query backend (accel/) can share them instead of copying.

#include "core/base/error.h"
#include "core/math/transform.h"
#include "core/math/vec3.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace tessera {

enum class ShapeKind : uint8_t { Mesh, Sphere, Instance };

// A vertex tangent as glTF's TANGENT gives it: the direction of increasing u
// and the bitangent's handedness, bitangent = sign * cross(normal, direction).
struct Tangent {
  Vec3 direction{0.0f};
  float sign = 1.0f;  // +1 or -1
};

// An indexed triangle mesh. Positions, normals, UVs, colours and tangents are in object space;
// to_world() places them. Winding is counter-clockwise seen from the front
// face. For now the loaders bake their transform into the positions and leave
// to_world() the identity: accel/ shares the position array with Embree as is
// and refuses any other transform. A mesh placed many times is a prototype
// (object space, stored once) placed by MeshInstances instead.
class TriangleMesh {
 public:
  explicit TriangleMesh(uint32_t material = 0) : material_(material) {}

  uint32_t add_vertex(const Vec3& p) {
    positions_.back() = p.x;  // overwrite the padding float
    positions_.push_back(p.y);
    positions_.push_back(p.z);
    positions_.push_back(0.0f);
    return uint32_t(vertex_count() - 1);
  }
  // `n` vertices at the origin, each then placed by set_vertex: a loader that
  // decodes vertices in parallel (distinct vertices from different threads).
  void resize_vertices(size_t n) { positions_.assign(3 * n + 1, 0.0f); }
  void set_vertex(size_t i, const Vec3& p) {
    positions_[3 * i] = p.x, positions_[3 * i + 1] = p.y, positions_[3 * i + 2] = p.z;
  }
  void add_triangle(uint32_t a, uint32_t b, uint32_t c) { indices_.insert(indices_.end(), {a, b, c}); }
  // Optional per-vertex attributes: none, or exactly one per vertex (else Error).
  // Normals need not be unit length (they are interpolated, then normalized).
  void set_normals(std::vector<Vec3> normals) {
    if (!normals.empty() && normals.size() != vertex_count()) throw Error("mesh: one normal per vertex expected");
    normals_ = std::move(normals);
  }
  void set_uvs(std::vector<Vec2> uvs) {
    if (!uvs.empty() && uvs.size() != vertex_count()) throw Error("mesh: one UV per vertex expected");
    uvs_ = std::move(uvs);
  }
  // Linear RGB per vertex (PLY red/green/blue, glTF COLOR_0), interpolated at a
  // hit into SurfaceInteraction::color; materials read it through textures
  // marked vertex_color (core/textures/texture.h).
  void set_colors(std::vector<Vec3> colors) {
    if (!colors.empty() && colors.size() != vertex_count()) throw Error("mesh: one colour per vertex expected");
    colors_ = std::move(colors);
  }
  // Tangents for normal maps (glTF TANGENT); without them the frame comes from the UVs.
  void set_tangents(std::vector<Tangent> tangents) {
    if (!tangents.empty() && tangents.size() != vertex_count()) throw Error("mesh: one tangent per vertex expected");
    tangents_ = std::move(tangents);
  }
  void set_to_world(const Transform& t) { to_world_ = t; }
  // Remove every triangle t for which drop(t) is true; the vertices and their
  // attributes stay as they are.
  template <class Drop>
  void remove_triangles_if(Drop drop) {
    size_t kept = 0;
    for (size_t t = 0; t < triangle_count(); ++t) {
      if (drop(t)) continue;
      for (int k = 0; k < 3; ++k) indices_[3 * kept + size_t(k)] = indices_[3 * t + size_t(k)];
      ++kept;
    }
    indices_.resize(3 * kept);
  }
  // In-place edits, so a loader can place the mesh it read without a second
  // copy: each position (normal, tangent) replaced by f of itself, and every
  // triangle's winding reversed (a, b, c) -> (a, c, b).
  template <class F>
  void map_vertices(F f) {
    for (size_t i = 0; i < vertex_count(); ++i) set_vertex(i, f(vertex(i)));
  }
  template <class F>
  void map_normals(F f) {
    for (Vec3& n : normals_) n = f(n);
  }
  template <class F>
  void map_tangents(F f) {
    for (Tangent& t : tangents_) t = f(t);
  }
  void reverse_winding() {
    for (size_t t = 0; t < triangle_count(); ++t) std::swap(indices_[3 * t + 1], indices_[3 * t + 2]);
  }
  void set_material(uint32_t material) { material_ = material; }
  void reserve(size_t vertices, size_t triangles) {
    positions_.reserve(vertices * 3 + 1);
    indices_.reserve(triangles * 3);
  }

  size_t vertex_count() const { return (positions_.size() - 1) / 3; }
  size_t triangle_count() const { return indices_.size() / 3; }
  Vec3 vertex(size_t i) const { return {positions_[3 * i], positions_[3 * i + 1], positions_[3 * i + 2]}; }
  Vec3 corner(size_t triangle, int k) const { return vertex(indices_[3 * triangle + k]); }
  uint32_t material() const { return material_; }
  uint32_t index(size_t triangle, int k) const { return indices_[3 * triangle + k]; }
  bool has_normals() const { return !normals_.empty(); }
  bool has_uvs() const { return !uvs_.empty(); }
  bool has_colors() const { return !colors_.empty(); }
  bool has_tangents() const { return !tangents_.empty(); }
  const Vec3& normal(size_t vertex) const { return normals_[vertex]; }
  const Vec2& uv(size_t vertex) const { return uvs_[vertex]; }
  const Vec3& color(size_t vertex) const { return colors_[vertex]; }
  const Tangent& tangent(size_t vertex) const { return tangents_[vertex]; }
  const Transform& to_world() const { return to_world_; }

  // xyz floats per vertex followed by one padding float: Embree reads vertices
  // with 16-byte loads, so a shared buffer must be readable 4 bytes past the end.
  const float* vertex_data() const { return positions_.data(); }
  const uint32_t* index_data() const { return indices_.data(); }
  // Bytes of the mesh's arrays (positions with their padding, indices and
  // attributes): the size a loader's peak memory is measured against.
  size_t array_bytes() const {
    return positions_.size() * sizeof(float) + indices_.size() * sizeof(uint32_t) + normals_.size() * sizeof(Vec3) +
           uvs_.size() * sizeof(Vec2) + colors_.size() * sizeof(Vec3) + tangents_.size() * sizeof(Tangent);
  }

 private:
  std::vector<float> positions_{0.0f};
  std::vector<uint32_t> indices_;
  std::vector<Vec3> normals_;  // empty, or one per vertex
  std::vector<Vec2> uvs_;      // empty, or one per vertex
  std::vector<Vec3> colors_;   // empty, or one per vertex
  std::vector<Tangent> tangents_;  // empty, or one per vertex
  Transform to_world_;
  uint32_t material_;
};

// A sphere laid out as Embree's float4 point (x, y, z, radius).
struct Sphere {
  Vec3 center;
  float radius = 1.0f;
};
static_assert(sizeof(Sphere) == 16, "Sphere must match Embree's RTC_FORMAT_FLOAT4 layout");

// One placement of a prototype mesh (SceneGeometry::prototypes): the
// prototype's triangles through `to_world`, all of them of `material`.
struct MeshInstance {
  uint32_t prototype = 0;   // index in SceneGeometry::prototypes
  uint32_t material = 0;    // the prototype's material, or the instance's override
  Transform to_world;       // object to world; invertible
  Transform normal_to_world;  // det(M) * M^-T up to a positive scale: normals' matrix (apply .vector, normalize)

  MeshInstance() = default;
  MeshInstance(uint32_t prototype_in, uint32_t material_in, const Transform& t)
      : prototype(prototype_in), material(material_in), to_world(t), normal_to_world(t.normal_transform()) {}
};

// What a geometry id (RayHit::geometry) names: a shape kind and, for meshes
// and instances, the index in SceneGeometry::meshes or ::instances.
struct GeometryRef {
  ShapeKind kind = ShapeKind::Mesh;
  uint32_t index = 0;  // mesh or instance index; unused for the sphere geometry (its primitives are the spheres)
};

struct SceneGeometry {
  std::vector<TriangleMesh> meshes;
  std::vector<Sphere> spheres;
  std::vector<uint32_t> sphere_materials;  // one per sphere
  // Instancing: object-space meshes stored once (identity to_world; their own
  // material is only a default, MeshInstance::material decides) and their
  // placements. A prototype renders only where an instance places it.
  std::vector<TriangleMesh> prototypes;
  std::vector<MeshInstance> instances;

  void add_sphere(const Sphere& s, uint32_t material) {
    spheres.push_back(s);
    sphere_materials.push_back(material);
  }
  // Geometry ids: mesh i is geometry i; all spheres together are one more
  // geometry, id meshes.size(), whose primitive ids are sphere indices;
  // instance k is geometry meshes.size() + 1 + k, whose primitive ids are its
  // prototype's triangle indices. accel/ gives Embree's top-level scene the
  // same ids. Plain meshes are tested first, so they pay nothing for instances.
  uint32_t geometry_count() const { return uint32_t(meshes.size() + 1 + instances.size()); }
  uint32_t sphere_geometry() const { return uint32_t(meshes.size()); }
  uint32_t instance_geometry(size_t instance) const { return uint32_t(meshes.size() + 1 + instance); }
  GeometryRef ref(uint32_t geometry) const {
    if (geometry < meshes.size()) return GeometryRef{ShapeKind::Mesh, geometry};
    if (geometry == meshes.size()) return GeometryRef{ShapeKind::Sphere, 0};
    return GeometryRef{ShapeKind::Instance, uint32_t(geometry - meshes.size() - 1)};
  }
  // Material of primitive `primitive` of geometry `geometry`.
  uint32_t material_of(uint32_t geometry, uint32_t primitive) const {
    if (geometry < meshes.size()) return meshes[geometry].material();
    if (geometry == meshes.size()) return sphere_materials[primitive];
    return instances[geometry - meshes.size() - 1].material;
  }
  // Bytes of every mesh's and prototype's arrays (TriangleMesh::array_bytes).
  size_t mesh_bytes() const {
    size_t n = 0;
    for (const auto& m : meshes) n += m.array_bytes();
    for (const auto& p : prototypes) n += p.array_bytes();
    return n;
  }
  // Triangles as rendered: each instance counts its prototype's.
  size_t triangle_count() const {
    size_t n = 0;
    for (const auto& m : meshes) n += m.triangle_count();
    for (const auto& i : instances) n += prototypes[i.prototype].triangle_count();
    return n;
  }
};

}  // namespace tessera
