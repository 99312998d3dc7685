// The render fingerprint (core/journal/render_fingerprint.h): equal for the same scene
// and settings however they were built, different when anything that changes
// pixels changes, and blind to scheduling.

#include "core/journal/bucket_journal.h"
#include "core/journal/bucket_record.h"
#include "core/journal/render_fingerprint.h"
#include "core/engine/render_loop.h"
#include "scene/scene_file.h"
#include "tests/core/render/test_scene.h"
#include "tests/test_files.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

using namespace tessera;
namespace fs = std::filesystem;

namespace {

SceneFile cornell() { return load_scene_file(std::string(TESSERA_SOURCE_DIR) + "/scenes/cornell-box.json"); }

float next_up(float v) { return std::nextafter(v, INFINITY); }

// `mesh` with vertex `i` replaced by `p`.
TriangleMesh with_vertex(const TriangleMesh& mesh, size_t i, const Vec3& p) {
  TriangleMesh out(mesh.material());
  for (size_t v = 0; v < mesh.vertex_count(); ++v) out.add_vertex(v == i ? p : mesh.vertex(v));
  const uint32_t* idx = mesh.index_data();
  for (size_t t = 0; t < mesh.triangle_count(); ++t) out.add_triangle(idx[3 * t], idx[3 * t + 1], idx[3 * t + 2]);
  return out;
}

const char* const kSmallScene = R"({
  "camera": { "position": [0, 0, 4], "look_at": [0, 0, 0], "fov": 45 },
  "film": { "resolution": [32, 24], "spp": 4, "max_depth": 3, "seed": 5 },
  "environment": { "radiance": [0.1, 0.2, 0.3] },
  "materials": { "grey": { "type": "diffuse", "albedo": [0.5, 0.5, 0.5] } },
  "shapes": [
    { "type": "quad", "material": "grey", "corner": [-1, -1, 0], "edge1": [2, 0, 0], "edge2": [0, 2, 0] },
    { "type": "sphere", "material": "grey", "center": [0, 0, 1], "radius": 0.5 }
  ]
})";

}  // namespace

TEST_CASE("render fingerprint is a function of the scene content and settings", "[render_fingerprint]") {
  const SceneFile a = cornell();
  const SceneFile b = cornell();  // loaded again: other allocations, same content
  const uint64_t fa = render_fingerprint(a.scene, a.settings);
  CHECK(fa == render_fingerprint(a.scene, a.settings));
  CHECK(fa == render_fingerprint(b.scene, b.settings));
  CHECK(fa != 0);

  // The same small scene from text twice, and a copy of it.
  const SceneFile s1 = load_scene_text(kSmallScene, "a.json", "");
  const SceneFile s2 = load_scene_text(kSmallScene, "b.json", "/elsewhere");
  const uint64_t fs1 = render_fingerprint(s1.scene, s1.settings);
  CHECK(fs1 == render_fingerprint(s2.scene, s2.settings));
  const RenderScene copy = s1.scene;
  CHECK(fs1 == render_fingerprint(copy, s1.settings));
  CHECK(fs1 != fa);

  // A scene file's "render" block (scheduling) is not part of it.
  std::string with_render_block = kSmallScene;
  with_render_block.replace(with_render_block.find("\"film\""), 0, "\"render\": { \"threads\": 3, \"bucket_size\": 8 },\n");
  const SceneFile s3 = load_scene_text(with_render_block, "c.json", "");
  REQUIRE(s3.threads == 3);
  CHECK(fs1 == render_fingerprint(s3.scene, s3.settings));
}

TEST_CASE("render fingerprint changes with every setting and scene part that changes pixels", "[render_fingerprint]") {
  const SceneFile base = cornell();
  REQUIRE(!base.scene.geometry.meshes.empty());
  REQUIRE(!base.scene.geometry.spheres.empty());
  REQUIRE(base.scene.materials.size() >= 2);
  const uint64_t reference = render_fingerprint(base.scene, base.settings);

  using Edit = std::function<void(RenderScene&, RenderSettings&)>;
  const std::vector<std::pair<const char*, Edit>> edits = {
      {"spp", [](RenderScene&, RenderSettings& s) { s.spp += 1; }},
      {"seed", [](RenderScene&, RenderSettings& s) { s.seed += 1; }},
      {"seed high bits", [](RenderScene&, RenderSettings& s) { s.seed ^= uint64_t(1) << 63; }},
      {"width", [](RenderScene&, RenderSettings& s) { s.width += 1; }},
      {"height", [](RenderScene&, RenderSettings& s) { s.height -= 1; }},
      {"resolution 640x480", [](RenderScene&, RenderSettings& s) { s.width = 640, s.height = 480; }},
      {"max_depth", [](RenderScene&, RenderSettings& s) { s.max_depth += 1; }},
      {"rr_depth", [](RenderScene&, RenderSettings& s) { s.rr_depth += 1; }},
      {"material albedo", [](RenderScene& r, RenderSettings&) { r.materials[1].albedo.y = next_up(r.materials[1].albedo.y); }},
      {"material emission", [](RenderScene& r, RenderSettings&) { r.materials.back().emission.z += 1.0f; }},
      {"material two_sided", [](RenderScene& r, RenderSettings&) { r.materials[0].two_sided = !r.materials[0].two_sided; }},
      {"material added", [](RenderScene& r, RenderSettings&) { r.materials.push_back(Material{}); }},
      {"vertex (one ulp)",
       [](RenderScene& r, RenderSettings&) {
         TriangleMesh& m = r.geometry.meshes[2];
         Vec3 v = m.vertex(1);
         v.x = next_up(v.x);
         m = with_vertex(m, 1, v);
       }},
      {"last vertex of the last mesh",
       [](RenderScene& r, RenderSettings&) {
         TriangleMesh& m = r.geometry.meshes.back();
         Vec3 v = m.vertex(m.vertex_count() - 1);
         v.z = next_up(v.z);
         m = with_vertex(m, m.vertex_count() - 1, v);
       }},
      {"triangle indices",
       [](RenderScene& r, RenderSettings&) {
         const TriangleMesh& m = r.geometry.meshes[0];
         TriangleMesh flipped(m.material());
         for (size_t v = 0; v < m.vertex_count(); ++v) flipped.add_vertex(m.vertex(v));
         const uint32_t* idx = m.index_data();
         for (size_t t = 0; t < m.triangle_count(); ++t) flipped.add_triangle(idx[3 * t], idx[3 * t + 2], idx[3 * t + 1]);
         r.geometry.meshes[0] = flipped;
       }},
      {"mesh material",
       [](RenderScene& r, RenderSettings&) {
         const TriangleMesh& m = r.geometry.meshes[0];
         r.geometry.meshes[0] = TriangleMesh(m.material() + 1);
         for (size_t v = 0; v < m.vertex_count(); ++v) r.geometry.meshes[0].add_vertex(m.vertex(v));
         const uint32_t* idx = m.index_data();
         for (size_t t = 0; t < m.triangle_count(); ++t)
           r.geometry.meshes[0].add_triangle(idx[3 * t], idx[3 * t + 1], idx[3 * t + 2]);
       }},
      {"mesh removed", [](RenderScene& r, RenderSettings&) { r.geometry.meshes.pop_back(); }},
      {"meshes reordered", [](RenderScene& r, RenderSettings&) { std::swap(r.geometry.meshes[0], r.geometry.meshes[3]); }},
      {"sphere center", [](RenderScene& r, RenderSettings&) { r.geometry.spheres[0].center.y += 0.01f; }},
      {"sphere radius", [](RenderScene& r, RenderSettings&) { r.geometry.spheres[0].radius *= 1.5f; }},
      {"sphere material", [](RenderScene& r, RenderSettings&) { r.geometry.sphere_materials[0] += 1; }},
      {"sphere added", [](RenderScene& r, RenderSettings&) { r.geometry.add_sphere({Vec3(0.0f), 0.1f}, 0); }},
      {"camera position", [](RenderScene& r, RenderSettings&) { r.camera.position.z += 0.5f; }},
      {"camera look_at", [](RenderScene& r, RenderSettings&) { r.camera.look_at.x += 0.1f; }},
      {"camera up", [](RenderScene& r, RenderSettings&) { r.camera.up = {0.1f, 1.0f, 0.0f}; }},
      {"camera fov", [](RenderScene& r, RenderSettings&) { r.camera.vertical_fov += 1.0f; }},
      {"camera lens radius", [](RenderScene& r, RenderSettings&) { r.camera.lens_radius = 0.05f; }},
      {"camera focus distance", [](RenderScene& r, RenderSettings&) { r.camera.focus_distance = 2.0f; }},
      {"environment", [](RenderScene& r, RenderSettings&) { r.environment = {0.0f, 0.0f, 0.5f}; }},
      {"environment one channel one ulp", [](RenderScene& r, RenderSettings&) { r.environment.x = next_up(r.environment.x); }},
  };

  std::set<uint64_t> seen = {reference};
  for (const auto& edit : edits) {
    INFO(edit.first);
    SceneFile changed = cornell();
    edit.second(changed.scene, changed.settings);
    const uint64_t f = render_fingerprint(changed.scene, changed.settings);
    CHECK(f != reference);
    CHECK(seen.insert(f).second);  // and differs from every other edit
  }
}

TEST_CASE("render fingerprint: scheduling does not change it nor the records", "[render_fingerprint]") {
  // There is no scheduling parameter to hash. Renders with different threads,
  // buckets, orders and schedulers journal records with the same fingerprint,
  // which all decode against it and assemble into the same image.
  const auto scene = TestScene::from_text(kSmallScene);
  const RenderSettings settings = scene->file.settings;
  const uint64_t fingerprint = render_fingerprint(scene->file.scene, settings);
  const fs::path dir = fresh_test_dir("render_fingerprint", "scheduling");

  struct Run {
    int threads;
    BucketSize bucket;
    BucketOrder order;
    Scheduler scheduler;
  };
  const std::vector<Run> runs = {{1, {32, 32}, BucketOrder::Scanline, Scheduler::Tbb},
                                 {4, {7, 5}, BucketOrder::Random, Scheduler::Dynamic},
                                 {3, {8, 8}, BucketOrder::Scanline, Scheduler::Static}};
  std::vector<std::vector<float>> images;
  for (size_t i = 0; i < runs.size(); ++i) {
    INFO("run " << i);
    const fs::path p = dir / ("run" + std::to_string(i) + ".tsj");
    JournalHeader header;
    header.fingerprint = render_fingerprint(scene->file.scene, settings);  // computed afresh for each run
    header.width = settings.width;
    header.height = settings.height;
    header.bucket_size = runs[i].bucket;
    REQUIRE(header.fingerprint == fingerprint);
    ScheduleOptions schedule;
    schedule.threads = runs[i].threads;
    schedule.bucket_size = runs[i].bucket;
    schedule.order = runs[i].order;
    schedule.order_seed = 17;
    schedule.scheduler = runs[i].scheduler;
    {
      JournalWriter journal(p.string(), header, 0);
      JournalSink sink(journal, nullptr);
      render_buckets(scene->file.scene, *scene->accel, settings, schedule, sink);
    }
    const JournalContents c = read_journal(p.string());
    CHECK(c.header.fingerprint == fingerprint);
    CHECK(c.dropped_bytes == 0);
    REQUIRE(c.buckets.size() == cut_into_buckets(settings.width, settings.height, runs[i].bucket).size());

    // Every record decodes against the fingerprint; assembled, they are the image.
    const std::vector<uint8_t> bytes = [&] {
      std::ifstream in(p, std::ios::binary);
      return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    }();
    ImageSink image;
    image.begin(settings.width, settings.height);
    size_t offset = kJournalHeaderBytes;
    while (offset < bytes.size()) {
      const size_t size = peek_bucket_record_size(&bytes[offset], bytes.size() - offset);
      REQUIRE(size > 0);
      REQUIRE(offset + size <= bytes.size());
      apply_bucket_record(&bytes[offset], size, {fingerprint, settings.width, settings.height}, image, p.string());
      offset += size;
    }
    REQUIRE(offset == bytes.size());
    images.push_back(image.image().data());
  }
  const RenderResult reference = scene->render(settings, 1);
  double sum = 0;
  for (float v : reference.image.data()) sum += v;
  REQUIRE(sum > 0.0);
  for (size_t i = 0; i < images.size(); ++i) {
    INFO("run " << i);
    REQUIRE(images[i] == reference.image.data());
  }

  // A record of this render is refused by a render with other settings.
  RenderSettings more = settings;
  more.spp += 1;
  const uint64_t other = render_fingerprint(scene->file.scene, more);
  REQUIRE(other != fingerprint);
  const JournalContents c = read_journal((dir / "run0.tsj").string());
  std::vector<uint8_t> record(bucket_record_size(c.buckets[0]->bucket.rect));
  encode_bucket_record(*c.buckets[0], {fingerprint, settings.width, settings.height}, record.data());
  BucketBuffer out;
  REQUIRE_THROWS_WITH(decode_bucket_record(record.data(), record.size(), {other, settings.width, settings.height}, out, "r"),
                      Catch::Contains("from another scene or other render settings"));
}
