#include "accel/embree_scene.h"

#include "core/base/error.h"
#include "core/render/interaction.h"

#include <tbb/task_arena.h>

#include <string>

// ThreadSanitizer builds (scripts/test-sanitizers.sh tsan) build the BVH on one
// thread: see commit_scene below.
#if defined(__SANITIZE_THREAD__)
#define TESSERA_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define TESSERA_TSAN 1
#endif
#endif

namespace tessera {
namespace {

void commit_scene(RTCScene scene) {
#ifdef TESSERA_TSAN
  // Embree is not instrumented, and its parallel BVH build signals task
  // completion through oneTBB code inlined into libembree3, which TSan cannot
  // see: oneTBB's own bookkeeping of those tasks (task group contexts on this
  // thread's stack, pooled task memory) would be reported as racing with
  // whatever reuses that memory next. In a one-thread arena no worker joins the
  // build; the render's ray queries, which only read the finished BVH, still run
  // on every thread.
  tbb::task_arena(1).execute([&] { rtcCommitScene(scene); });
#else
  rtcCommitScene(scene);
#endif
}

// Embree's error for one shape, prefixed with where the shape came from.
void check_shape(EmbreeDevice& device, const char* what, const std::string& origin) {
  try {
    device.check(what);
  } catch (const Error& e) {
    throw Error(origin + ": " + e.what());
  }
}

// The spheres share one Embree geometry: named by the first and a count.
std::string spheres_origin(const ShapeOrigins& origins, size_t count) {
  const std::string first = origins.of(ShapeKind::Sphere, 0);
  return count > 1 ? first + " (and " + std::to_string(count - 1) + " more spheres)" : first;
}

}  // namespace

// The filter both queries share: a potential hit on a cut-out part is
// rejected (valid = 0) and Embree traverses on. During a filter call the
// ray's tfar is the potential hit's distance.
void EmbreeScene::alpha_filter(const RTCFilterFunctionNArguments* args) {
  const AlphaTest& a = *static_cast<const AlphaTest*>(args->geometryUserPtr);
  for (unsigned i = 0; i < args->N; ++i) {
    if (args->valid[i] != -1) continue;
    RTCRayN* r = args->ray;
    RTCHitN* h = args->hit;
    const unsigned n = args->N;
    RayHit hit;
    hit.geometry = RTCHitN_geomID(h, n, i);
    hit.primitive = RTCHitN_primID(h, n, i);
    const Material& m = (*a.materials)[a.geometry->material_of(hit.geometry, hit.primitive)];
    if (!m.has_alpha()) continue;
    hit.t = RTCRayN_tfar(r, n, i);
    hit.b1 = RTCHitN_u(h, n, i);
    hit.b2 = RTCHitN_v(h, n, i);
    const Ray ray{Vec3(RTCRayN_org_x(r, n, i), RTCRayN_org_y(r, n, i), RTCRayN_org_z(r, n, i)),
                  Vec3(RTCRayN_dir_x(r, n, i), RTCRayN_dir_y(r, n, i), RTCRayN_dir_z(r, n, i))};
    if (!m.opaque_at(make_interaction(*a.geometry, ray, hit).uv, *a.textures)) args->valid[i] = 0;
  }
}

EmbreeScene::EmbreeScene(EmbreeDevice& device, const SceneGeometry& geometry, const ShapeOrigins& origins) {
  build(device, geometry, origins);
}

EmbreeScene::EmbreeScene(EmbreeDevice& device, const RenderScene& scene) {
  for (const Material& m : scene.materials)
    if (m.has_alpha()) alpha_ = AlphaTest{&scene.geometry, &scene.materials, &scene.textures};
  build(device, scene.geometry, scene.origins);
}

void EmbreeScene::build(EmbreeDevice& device, const SceneGeometry& geometry, const ShapeOrigins& origins) {
  for (size_t m = 0; m < geometry.meshes.size(); ++m)
    if (!geometry.meshes[m].to_world().is_identity())
      throw Error(origins.of(ShapeKind::Mesh, m) +
                  ": object-to-world transforms other than the identity are not supported yet");
  RTCDevice dev = device.get();
  scene_ = rtcNewScene(dev);
  device.check("creating the scene");
  rtcSetSceneBuildQuality(scene_, RTC_BUILD_QUALITY_HIGH);

  for (size_t m = 0; m < geometry.meshes.size(); ++m) {
    const TriangleMesh& mesh = geometry.meshes[m];
    if (mesh.triangle_count() == 0) continue;
    RTCGeometry geom = rtcNewGeometry(dev, RTC_GEOMETRY_TYPE_TRIANGLE);
    // Shared, not copied: Embree reads our arrays in place (the vertex array
    // carries the 4 bytes of padding Embree's 16-byte loads need).
    rtcSetSharedGeometryBuffer(geom, RTC_BUFFER_TYPE_VERTEX, 0, RTC_FORMAT_FLOAT3, mesh.vertex_data(), 0,
                               3 * sizeof(float), mesh.vertex_count());
    rtcSetSharedGeometryBuffer(geom, RTC_BUFFER_TYPE_INDEX, 0, RTC_FORMAT_UINT3, mesh.index_data(), 0,
                               3 * sizeof(uint32_t), mesh.triangle_count());
    if (alpha_.materials && (*alpha_.materials)[mesh.material()].has_alpha()) set_alpha_filter(geom);
    rtcCommitGeometry(geom);
    rtcAttachGeometryByID(scene_, geom, unsigned(m));
    rtcReleaseGeometry(geom);
    check_shape(device, "adding a triangle mesh", origins.of(ShapeKind::Mesh, m));
  }
  if (!geometry.spheres.empty()) {
    RTCGeometry geom = rtcNewGeometry(dev, RTC_GEOMETRY_TYPE_SPHERE_POINT);
    rtcSetSharedGeometryBuffer(geom, RTC_BUFFER_TYPE_VERTEX, 0, RTC_FORMAT_FLOAT4, geometry.spheres.data(), 0,
                               sizeof(Sphere), geometry.spheres.size());
    if (alpha_.materials)
      for (uint32_t material : geometry.sphere_materials)
        if ((*alpha_.materials)[material].has_alpha()) {
          set_alpha_filter(geom);
          break;
        }
    rtcCommitGeometry(geom);
    rtcAttachGeometryByID(scene_, geom, geometry.sphere_geometry());
    rtcReleaseGeometry(geom);
    check_shape(device, "adding spheres", spheres_origin(origins, geometry.spheres.size()));
  }
  commit_scene(scene_);
  device.check("building the BVH");
}

void EmbreeScene::set_alpha_filter(RTCGeometry geom) {
  rtcSetGeometryUserData(geom, &alpha_);
  rtcSetGeometryIntersectFilterFunction(geom, alpha_filter);
  rtcSetGeometryOccludedFilterFunction(geom, alpha_filter);
}

EmbreeScene::~EmbreeScene() { rtcReleaseScene(scene_); }

bool EmbreeScene::intersect(const Ray& ray, RayHit& hit) const {
  RTCIntersectContext context;
  rtcInitIntersectContext(&context);
  RTCRayHit rh;
  rh.ray.org_x = ray.origin.x, rh.ray.org_y = ray.origin.y, rh.ray.org_z = ray.origin.z;
  rh.ray.dir_x = ray.direction.x, rh.ray.dir_y = ray.direction.y, rh.ray.dir_z = ray.direction.z;
  rh.ray.tnear = ray.t_min;
  rh.ray.tfar = ray.t_max;
  rh.ray.time = 0.0f;
  rh.ray.mask = ~0u;
  rh.ray.id = 0;
  rh.ray.flags = 0;
  rh.hit.geomID = RTC_INVALID_GEOMETRY_ID;
  rh.hit.instID[0] = RTC_INVALID_GEOMETRY_ID;
  rtcIntersect1(scene_, &context, &rh);
  if (rh.hit.geomID == RTC_INVALID_GEOMETRY_ID) return false;

  hit.t = rh.ray.tfar;
  hit.geometry = rh.hit.geomID;
  hit.primitive = rh.hit.primID;
  hit.instance = rh.hit.instID[0] == RTC_INVALID_GEOMETRY_ID ? kNoInstance : rh.hit.instID[0];
  hit.b1 = rh.hit.u;  // Embree: p = (1 - u - v) v0 + u v1 + v v2, our b1 and b2
  hit.b2 = rh.hit.v;
  return true;
}

bool EmbreeScene::occluded(const Ray& ray) const {
  RTCIntersectContext context;
  rtcInitIntersectContext(&context);
  RTCRay r;
  r.org_x = ray.origin.x, r.org_y = ray.origin.y, r.org_z = ray.origin.z;
  r.dir_x = ray.direction.x, r.dir_y = ray.direction.y, r.dir_z = ray.direction.z;
  r.tnear = ray.t_min;
  r.tfar = ray.t_max;
  r.time = 0.0f;
  r.mask = ~0u;
  r.id = 0;
  r.flags = 0;
  rtcOccluded1(scene_, &context, &r);
  return r.tfar < 0.0f;  // Embree sets tfar to -inf when something is hit
}

}  // namespace tessera
