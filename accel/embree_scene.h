#pragma once
// EmbreeScene: core's RayQuery over an Embree BVH. Triangle vertices, indices
// and spheres are shared with the SceneGeometry, not copied, so the geometry
// must outlive this object and stay unchanged.
// An error Embree reports while a shape is added names the shape's origin
// (core/render/render_scene.h ShapeOrigins: "scene.json: /shapes/3: Embree: ...").

#include "accel/embree_device.h"
#include "core/render/ray_query.h"
#include "core/render/render_scene.h"
#include "core/render/scene_geometry.h"

#include <embree3/rtcore.h>

#include <vector>

namespace tessera {

class EmbreeScene final : public RayQuery {
 public:
  EmbreeScene(EmbreeDevice& device, const SceneGeometry& geometry, const ShapeOrigins& origins = {});
  ~EmbreeScene() override;
  EmbreeScene(const EmbreeScene&) = delete;
  EmbreeScene& operator=(const EmbreeScene&) = delete;

  bool intersect(const Ray& ray, SurfaceHit& hit) const override;
  bool occluded(const Ray& ray) const override;

 private:
  struct ShapeRef {
    ShapeKind kind;
    uint32_t index;  // mesh index; for the one sphere geometry, unused (primID is the sphere)
  };
  const SceneGeometry& geometry_;
  RTCScene scene_ = nullptr;
  std::vector<ShapeRef> shapes_;  // by Embree geometry id
};

}  // namespace tessera
