#include "accel/embree_scene.h"

#include "accel/embree_rays.h"

#include "core/base/error.h"
#include "core/render/interaction.h"

#include <tbb/task_arena.h>

#include <algorithm>
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
    // Inside an instance the hit names the prototype's geometry (id 0 of its
    // own scene); the instance's id names the placement and its material.
    const unsigned inst = RTCHitN_instID(h, n, i, 0);
    hit.geometry = inst == RTC_INVALID_GEOMETRY_ID ? RTCHitN_geomID(h, n, i) : inst;
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
  for (size_t p = 0; p < geometry.prototypes.size(); ++p)
    if (!geometry.prototypes[p].to_world().is_identity())
      throw Error(origins.of_prototype(p) + ": a prototype is placed by its instances; its own transform must be the identity");
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
  build_instances(device, geometry, origins);
  commit_scene(scene_);
  device.check("building the BVH");
}

// One BVH per prototype that some instance places, then one Embree instance
// per placement in the top-level scene, under the instance's geometry id.
void EmbreeScene::build_instances(EmbreeDevice& device, const SceneGeometry& geometry, const ShapeOrigins& origins) {
  if (geometry.instances.empty()) return;
  RTCDevice dev = device.get();
  std::vector<bool> placed(geometry.prototypes.size(), false), cut_out(geometry.prototypes.size(), false);
  for (const MeshInstance& inst : geometry.instances) {
    placed[inst.prototype] = true;
    if (alpha_.materials && (*alpha_.materials)[inst.material].has_alpha()) cut_out[inst.prototype] = true;
  }
  prototypes_.assign(geometry.prototypes.size(), nullptr);
  for (size_t p = 0; p < geometry.prototypes.size(); ++p) {
    const TriangleMesh& mesh = geometry.prototypes[p];
    if (!placed[p] || mesh.triangle_count() == 0) continue;
    prototypes_[p] = rtcNewScene(dev);
    rtcSetSceneBuildQuality(prototypes_[p], RTC_BUILD_QUALITY_HIGH);
    RTCGeometry geom = rtcNewGeometry(dev, RTC_GEOMETRY_TYPE_TRIANGLE);
    rtcSetSharedGeometryBuffer(geom, RTC_BUFFER_TYPE_VERTEX, 0, RTC_FORMAT_FLOAT3, mesh.vertex_data(), 0,
                               3 * sizeof(float), mesh.vertex_count());
    rtcSetSharedGeometryBuffer(geom, RTC_BUFFER_TYPE_INDEX, 0, RTC_FORMAT_UINT3, mesh.index_data(), 0,
                               3 * sizeof(uint32_t), mesh.triangle_count());
    // Shared by every placement: the filter looks up each hit's instance material.
    if (cut_out[p]) set_alpha_filter(geom);
    rtcCommitGeometry(geom);
    rtcAttachGeometryByID(prototypes_[p], geom, 0);
    rtcReleaseGeometry(geom);
    check_shape(device, "adding a triangle mesh", origins.of_prototype(p));
    commit_scene(prototypes_[p]);
    check_shape(device, "building the mesh's BVH", origins.of_prototype(p));
  }
  for (size_t i = 0; i < geometry.instances.size(); ++i) {
    const MeshInstance& inst = geometry.instances[i];
    if (!prototypes_[inst.prototype]) continue;
    RTCGeometry geom = rtcNewGeometry(dev, RTC_GEOMETRY_TYPE_INSTANCE);
    rtcSetGeometryInstancedScene(geom, prototypes_[inst.prototype]);
    static_assert(sizeof(Transform::m) == 12 * sizeof(float), "Transform must be Embree's 3x4 row-major matrix");
    rtcSetGeometryTransform(geom, 0, RTC_FORMAT_FLOAT3X4_ROW_MAJOR, &inst.to_world.m[0][0]);
    rtcCommitGeometry(geom);
    rtcAttachGeometryByID(scene_, geom, geometry.instance_geometry(i));
    rtcReleaseGeometry(geom);
    check_shape(device, "adding an instance", origins.of(ShapeKind::Instance, i));
  }
}


void EmbreeScene::set_alpha_filter(RTCGeometry geom) {
  rtcSetGeometryUserData(geom, &alpha_);
  rtcSetGeometryIntersectFilterFunction(geom, alpha_filter);
  rtcSetGeometryOccludedFilterFunction(geom, alpha_filter);
}

EmbreeScene::~EmbreeScene() {
  rtcReleaseScene(scene_);
  for (RTCScene p : prototypes_)
    if (p) rtcReleaseScene(p);
}

namespace {

// Embree's hit as ours. A hit inside an instance is named by the instance's
// geometry id (SceneGeometry::ref); Embree's t is the world ray's parameter
// either way.
// A packet costs what about 7 (shadow rays) to 11 (camera rays) single rays
// cost (benchmarks/README.md, the Embree limit on the Cornell box): fewer rays
// than this go one at a time (a 1-spp pixel's one camera ray, the tail of a batch).
constexpr int kMinPacketLanes = 8;

RayHit ray_hit(float tfar, unsigned geom, unsigned inst, unsigned prim, float u, float v) {
  static_assert(kNoInstance == RTC_INVALID_GEOMETRY_ID, "Embree's no-instance id is ours");
  RayHit hit;
  hit.t = tfar;
  hit.geometry = inst == RTC_INVALID_GEOMETRY_ID ? geom : inst;
  hit.primitive = prim;
  hit.instance = inst;
  hit.b1 = u;  // Embree: p = (1 - u - v) v0 + u v1 + v v2, our b1 and b2
  hit.b2 = v;
  return hit;
}

}  // namespace

bool EmbreeScene::intersect(const Ray& ray, RayHit& hit) const {
  RTCIntersectContext context;
  rtcInitIntersectContext(&context);
  RTCRayHit rh;
  to_rtc(ray, rh);
  rtcIntersect1(scene_, &context, &rh);
  if (rh.hit.geomID == RTC_INVALID_GEOMETRY_ID) return false;
  hit = ray_hit(rh.ray.tfar, rh.hit.geomID, rh.hit.instID[0], rh.hit.primID, rh.hit.u, rh.hit.v);
  return true;
}

bool EmbreeScene::occluded(const Ray& ray) const {
  RTCIntersectContext context;
  rtcInitIntersectContext(&context);
  RTCRay r;
  to_rtc(ray, r);
  rtcOccluded1(scene_, &context, &r);
  return r.tfar < 0.0f;  // Embree sets tfar to -inf when something is hit
}

void EmbreeScene::intersect_batch(const Ray* rays, int n, RayHit* hits, bool* found) const {
  RTCIntersectContext context;
  rtcInitIntersectContext(&context);
  context.flags = RTC_INTERSECT_CONTEXT_FLAG_COHERENT;  // what a pixel's camera rays are
  for (int first = 0; first < n; first += 16) {
    const int lanes = std::min(16, n - first);
    if (lanes < kMinPacketLanes) {
      for (int i = first; i < n; ++i) found[i] = intersect(rays[i], hits[i]);
      break;
    }
    alignas(64) int valid[16];
    alignas(64) RTCRayHit16 packet;
    for (int k = 0; k < 16; ++k) {
      valid[k] = k < lanes ? -1 : 0;
      to_rtc_lane(rays[first + std::min(k, lanes - 1)], packet.ray, k);  // idle lanes repeat a ray
      packet.hit.geomID[k] = RTC_INVALID_GEOMETRY_ID;
      packet.hit.instID[0][k] = RTC_INVALID_GEOMETRY_ID;
    }
    rtcIntersect16(valid, scene_, &context, &packet);
    for (int k = 0; k < lanes; ++k) {
      found[first + k] = packet.hit.geomID[k] != RTC_INVALID_GEOMETRY_ID;
      if (!found[first + k]) continue;
      hits[first + k] = ray_hit(packet.ray.tfar[k], packet.hit.geomID[k], packet.hit.instID[0][k],
                                packet.hit.primID[k], packet.hit.u[k], packet.hit.v[k]);
    }
  }
}

void EmbreeScene::occluded_batch(const Ray* rays, int n, bool* blocked) const {
  RTCIntersectContext context;
  rtcInitIntersectContext(&context);
  for (int first = 0; first < n; first += 16) {
    const int lanes = std::min(16, n - first);
    if (lanes < kMinPacketLanes) {
      for (int i = first; i < n; ++i) blocked[i] = occluded(rays[i]);
      break;
    }
    alignas(64) int valid[16];
    alignas(64) RTCRay16 packet;
    for (int k = 0; k < 16; ++k) {
      valid[k] = k < lanes ? -1 : 0;
      to_rtc_lane(rays[first + std::min(k, lanes - 1)], packet, k);
    }
    rtcOccluded16(valid, scene_, &context, &packet);
    for (int k = 0; k < lanes; ++k) blocked[first + k] = packet.tfar[k] < 0.0f;  // -inf where something is hit
  }
}

}  // namespace tessera
