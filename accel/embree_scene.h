#pragma once
// EmbreeScene: core's RayQuery over an Embree BVH. Triangle vertices, indices
// and spheres are shared with the SceneGeometry, not copied, so the geometry
// must outlive this object and stay unchanged. Meshes must have the identity
// object-to-world transform (Error otherwise) until instances are built here.
// An error Embree reports while a shape is added names the shape's origin
// (core/render/render_scene.h ShapeOrigins: "scene.json: /shapes/3: Embree: ...").

#include "accel/embree_device.h"
#include "core/render/ray_query.h"
#include "core/render/render_scene.h"
#include "core/render/scene_geometry.h"

#include <embree3/rtcore.h>

namespace tessera {

class EmbreeScene final : public RayQuery {
 public:
  EmbreeScene(EmbreeDevice& device, const SceneGeometry& geometry, const ShapeOrigins& origins = {});
  ~EmbreeScene() override;
  EmbreeScene(const EmbreeScene&) = delete;
  EmbreeScene& operator=(const EmbreeScene&) = delete;

  bool intersect(const Ray& ray, RayHit& hit) const override;
  bool occluded(const Ray& ray) const override;

 private:
  RTCScene scene_ = nullptr;  // Embree geometry ids are our geometry ids (SceneGeometry::ref)
};

}  // namespace tessera
