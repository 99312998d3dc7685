#pragma once
// EmbreeScene: core's RayQuery over an Embree BVH. Triangle vertices, indices
// and spheres are shared with the SceneGeometry, not copied, so the geometry
// must outlive this object and stay unchanged. Meshes must have the identity
// object-to-world transform (Error otherwise). Instances (SceneGeometry::
// instances): one BVH per placed prototype, shared by its placements, and one
// Embree instance per placement in the top-level BVH; plain meshes and
// spheres trace as they did without instances.
// An error Embree reports while a shape is added names the shape's origin
// (core/render/render_scene.h ShapeOrigins: "scene.json: /shapes/3: Embree: ...").
//
// Alpha cut-outs: built from a RenderScene, every geometry whose material may
// be cut out (Material::has_alpha) gets Embree intersection and occlusion
// filter functions that reject hits where the material's alpha is below its
// cutoff, so camera, bounce and shadow rays all pass through. Other geometries
// get no filter and trace as fast as without cut-outs. A prototype gets the
// filter when any of its placements' materials may be cut out.

#include "accel/embree_device.h"
#include "core/render/ray_query.h"
#include "core/render/render_scene.h"
#include "core/render/scene_geometry.h"

#include <embree3/rtcore.h>

#include <vector>

namespace tessera {

class EmbreeScene final : public RayQuery {
 public:
  // Geometry only: no cut-outs.
  EmbreeScene(EmbreeDevice& device, const SceneGeometry& geometry, const ShapeOrigins& origins = {});
  // The scene's geometry with its materials' cut-outs; `scene` must outlive this object.
  EmbreeScene(EmbreeDevice& device, const RenderScene& scene);
  ~EmbreeScene() override;
  EmbreeScene(const EmbreeScene&) = delete;
  EmbreeScene& operator=(const EmbreeScene&) = delete;

  bool intersect(const Ray& ray, RayHit& hit) const override;
  bool occluded(const Ray& ray) const override;
  // As 16-ray packets (rtcIntersect16 / rtcOccluded16), the last one partly
  // filled; a tail of fewer than 8 rays goes one ray at a time.
  void intersect_batch(const Ray* rays, int n, RayHit* hits, bool* found) const override;
  void occluded_batch(const Ray* rays, int n, bool* blocked) const override;
  // The top-level Embree scene, for measuring Embree alone (accel/embree_limit.h).
  RTCScene handle() const { return scene_; }

 private:
  // What the alpha filter reads (the geometries' user data): the scene's parts.
  struct AlphaTest {
    const SceneGeometry* geometry = nullptr;
    const std::vector<Material>* materials = nullptr;
    const TextureSet* textures = nullptr;
  };
  void build(EmbreeDevice& device, const SceneGeometry& geometry, const ShapeOrigins& origins);
  void build_instances(EmbreeDevice& device, const SceneGeometry& geometry, const ShapeOrigins& origins);
  void set_alpha_filter(RTCGeometry geom);
  static void alpha_filter(const RTCFilterFunctionNArguments* args);

  AlphaTest alpha_;           // materials null: no cut-outs
  RTCScene scene_ = nullptr;  // Embree geometry ids are our geometry ids (SceneGeometry::ref)
  std::vector<RTCScene> prototypes_;  // one per SceneGeometry::prototypes; null where none is placed
};

}  // namespace tessera
