#include "core/journal/render_fingerprint.h"

#include <xxhash.h>

#include <memory>

namespace tessera {
namespace {

class Hasher {
 public:
  Hasher() : state_(XXH3_createState(), &XXH3_freeState) { XXH3_64bits_reset(state_.get()); }
  void bytes(const void* data, size_t size) { XXH3_64bits_update(state_.get(), data, size); }
  template <class T>
  void value(const T& v) { bytes(&v, sizeof(v)); }
  void vec3(const Vec3& v) { value(v.x), value(v.y), value(v.z); }
  uint64_t digest() { return XXH3_64bits_digest(state_.get()); }

 private:
  std::unique_ptr<XXH3_state_t, decltype(&XXH3_freeState)> state_;
};

}  // namespace

uint64_t render_fingerprint(const RenderScene& scene, const RenderSettings& settings) {
  Hasher h;
  h.bytes("tessera-render-v1", 17);
  h.value(int64_t(settings.width)), h.value(int64_t(settings.height)), h.value(int64_t(settings.spp));
  h.value(int64_t(settings.max_depth)), h.value(int64_t(settings.rr_depth)), h.value(settings.seed);
  h.value(uint8_t(settings.variance));
  const CameraParams& c = scene.camera;
  h.vec3(c.position), h.vec3(c.look_at), h.vec3(c.up);
  h.value(c.vertical_fov), h.value(c.lens_radius), h.value(c.focus_distance);
  h.vec3(scene.environment);
  h.value(uint64_t(scene.materials.size()));
  for (const Material& m : scene.materials) h.vec3(m.albedo), h.vec3(m.emission), h.value(uint8_t(m.two_sided));
  h.value(uint64_t(scene.geometry.meshes.size()));
  for (const TriangleMesh& mesh : scene.geometry.meshes) {
    h.value(uint64_t(mesh.vertex_count())), h.value(uint64_t(mesh.triangle_count())), h.value(mesh.material());
    h.bytes(mesh.vertex_data(), mesh.vertex_count() * 3 * sizeof(float));
    h.bytes(mesh.index_data(), mesh.triangle_count() * 3 * sizeof(uint32_t));
  }
  h.value(uint64_t(scene.geometry.spheres.size()));
  for (size_t i = 0; i < scene.geometry.spheres.size(); ++i)
    h.vec3(scene.geometry.spheres[i].center), h.value(scene.geometry.spheres[i].radius), h.value(scene.geometry.sphere_materials[i]);
  return h.digest();
}

}  // namespace tessera
