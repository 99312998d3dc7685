// Instancing in the scene file: "meshes" read once in object space, "instances"
// placing them (scene/scene_description.h, scene/build_scene.h). The errors of
// bad instancing input are CLI cases in tests/bad_inputs/instancing.cmake.

#include "scene/build_scene.h"
#include "scene/scene_description.h"
#include "tests/test_files.h"

#include <catch2/catch.hpp>

#include <fstream>

using namespace tessera;

namespace {

// One triangle, (0,0,0), (1,0,0), (0,1,0).
void write_triangle_obj(const std::filesystem::path& path, float apex_y = 1.0f) {
  std::ofstream(path) << "v 0 0 0\nv 1 0 0\nv 0 " << apex_y << " 0\nf 1 2 3\n";
}

const char* kScene = R"({
  "materials": { "a": { "type": "diffuse", "albedo": [0.5, 0.5, 0.5] },
                 "b": { "type": "diffuse", "albedo": [0.2, 0.2, 0.2] } },
  "meshes": { "tri": { "file": "tri.obj", "material": "a" } },
  "instances": [ { "of": "tri" },
                 { "of": "tri", "material": "b", "transform": { "scale": 2, "translate": [5, 0, 0] } } ]
})";

}  // namespace

TEST_CASE("meshes are loaded once in object space and placed by each instance", "[scene][instancing]") {
  const auto dir = test_case_dir("instancing");
  write_triangle_obj(dir / "tri.obj");
  const SceneDescription desc = parse_scene_text(kScene, "i.json", dir.string() + "/");
  REQUIRE(desc.prototypes.size() == 1);
  CHECK(desc.prototypes[0].name == "tri");
  CHECK(desc.prototypes[0].origin.pointer == "/meshes/tri");
  REQUIRE(desc.instances.size() == 2);
  CHECK(desc.shapes.empty());  // "shapes" may be left out when instances place everything
  CHECK(desc.instances[0].material == 0);  // the mesh's
  CHECK(desc.instances[1].material == 1);  // the override
  CHECK(desc.instances[1].origin.pointer == "/instances/1");

  const RenderScene scene = build_scene(desc);
  REQUIRE(scene.geometry.prototypes.size() == 1);
  CHECK(scene.geometry.meshes.empty());
  CHECK(scene.geometry.prototypes[0].triangle_count() == 1);
  CHECK(scene.geometry.prototypes[0].vertex(1).x == 1.0f);  // object space: not moved, not scaled
  REQUIRE(scene.geometry.instances.size() == 2);
  CHECK(scene.geometry.instances[1].to_world.point({1, 0, 0}).x == 7.0f);
  CHECK(scene.geometry.instances[1].material == 1);
  CHECK(scene.geometry.triangle_count() == 2);  // as rendered
  CHECK(scene.origins.instances[1] == "i.json: /instances/1");
}

TEST_CASE("a resume refuses a changed instanced mesh: the fingerprint covers \"meshes\" files", "[scene][instancing]") {
  const auto dir = test_case_dir("instancing");
  write_triangle_obj(dir / "tri.obj");
  const auto fingerprint = [&] { return description_fingerprint(parse_scene_text(kScene, "i.json", dir.string() + "/")); };
  const uint64_t before = fingerprint();
  CHECK(fingerprint() == before);
  write_triangle_obj(dir / "tri.obj", 2.0f);
  CHECK(fingerprint() != before);
  std::filesystem::remove(dir / "tri.obj");
  CHECK_THROWS_WITH(fingerprint(), Catch::Contains("i.json: /meshes/tri/file: ") && Catch::Contains("tri.obj") &&
                                       Catch::Contains("No such file or directory"));
}

TEST_CASE("an emissive instance is a light at its placement, in world space", "[scene][instancing][lights]") {
  const auto dir = test_case_dir("instancing");
  write_triangle_obj(dir / "tri.obj");
  const std::string text = R"({
    "materials": { "a": { "type": "diffuse", "albedo": [0.5, 0.5, 0.5] }, "glow": { "type": "emissive", "radiance": [1, 1, 1] } },
    "meshes": { "tri": { "file": "tri.obj", "material": "a" } },
    "instances": [ { "of": "tri" },
                   { "of": "tri", "material": "glow", "transform": { "scale": 2, "translate": [5, 0, 0] } },
                   { "of": "tri", "material": "glow", "transform": { "scale": [-1, 1, 1] } } ]
  })";
  const RenderScene scene = build_scene(parse_scene_text(text, "i.json", dir.string() + "/"));
  REQUIRE(scene.lights.size() == 2);  // one triangle for each glowing placement
  const SceneGeometry& g = scene.geometry;
  CHECK(scene.lights.light_of(g.instance_geometry(0), 0) == -1);
  REQUIRE(scene.lights.light_of(g.instance_geometry(1), 0) == 0);
  REQUIRE(scene.lights.light_of(g.instance_geometry(2), 0) == 1);
  CHECK(scene.lights.light(0).area() == Approx(2.0));  // scaled by 2: four times the prototype's 0.5
  CHECK(scene.lights.light(1).area() == Approx(0.5));
  // The mirrored placement keeps its front +z (its winding is flipped), as the
  // surface's normal there says (make_interaction), so it lights the +z side.
  const LightLiSample s = scene.lights.light(1).sample_li({-0.2f, 0.2f, 1}, {0.3f, 0.3f});
  REQUIRE(s.valid());
  CHECK(s.normal.z == Approx(1.0));
  CHECK(s.point.x < 0.0f);
  CHECK(s.L.x > 0.0f);
  CHECK(scene.lights.light(1).sample_li({-0.2f, 0.2f, -1}, {0.3f, 0.3f}).L.x == 0.0f);  // one-sided: dark behind
}
