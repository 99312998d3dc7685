// Model files in scenes: the "model" shape (materials, textures and lights
// appended and renumbered, or one "material" for all), the fingerprint covering
// the model's files, "camera": "auto" / "model", "lights": "auto", and the
// scene of a bare model (tessera render model.glb).

#include "scene/build_scene.h"
#include "scene/model.h"
#include "scene/scene_description.h"
#include "tests/scene/gltf_test_files.h"
#include "tests/test_files.h"

#include "core/base/error.h"
#include "core/render/render_scene.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace tessera;

namespace {

// Two primitives with two materials, the second with a normal map (an embedded
// 1x1 red PNG); optionally a camera and a point light.
GltfBuilder two_material_model(bool camera, bool light) {
  GltfBuilder b;
  b.doc["materials"] = {{{"pbrMetallicRoughness", {{"baseColorFactor", {1, 0, 0, 1}}}}},
                        {{"pbrMetallicRoughness", {{"baseColorFactor", {0, 1, 0, 1}}}},
                         {"normalTexture", {{"index", 0}}}}};
  // An embedded 1x1 PNG (bytes from stb): a data-URI image, decoded by build_scene.
  b.doc["images"] = {{{"uri",
                       "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/"
                       "pLvAAAAAElFTkSuQmCC"}}};
  b.doc["textures"] = {{{"source", 0}}};
  const int mesh = b.mesh({triangle_primitive(b, -1, 0), triangle_primitive(b, -1, 1)});
  std::vector<int> roots = {b.node({{"mesh", mesh}})};
  if (camera) {
    b.doc["cameras"] = {{{"type", "perspective"}, {"perspective", {{"yfov", 0.5}, {"znear", 0.1}}}}};
    roots.push_back(b.node({{"camera", 0}, {"translation", {0.25, 0.25, 4}}}));
  }
  if (light) {
    b.doc["extensions"] = {{"KHR_lights_punctual", {{"lights", {{{"type", "point"}, {"intensity", 5}}}}}}};
    roots.push_back(b.node({{"translation", {0, 0, 2}}, {"extensions", {{"KHR_lights_punctual", {{"light", 0}}}}}}));
  }
  b.scene(roots);
  return b;
}

std::string write_model(const std::string& name, const GltfBuilder& b) {
  const std::filesystem::path path = test_case_dir("model_scene") / name;
  write_test_file(path, b.gltf());
  return path.string();
}

std::string scene_text(const std::string& model_shape, const std::string& extra = "") {
  return R"({"camera": {"position": [0, 0, 5]}, )" + extra + R"("materials": {
      "grey": {"type": "diffuse", "albedo": {"checkerboard": {}}}},
    "shapes": [{"type": "sphere", "material": "grey", "radius": 0.5, "center": [3, 0, 0]}, )" +
         model_shape + "]}";
}

}  // namespace

TEST_CASE("a model shape appends its materials, textures and lights, renumbered", "[model][scene]") {
  const std::string path = write_model("two.gltf", two_material_model(false, true));
  const SceneDescription desc = parse_scene_text(
      scene_text(R"({"type": "model", "file": ")" + path + R"(", "transform": {"translate": [0, 0, 1]}})"), "s.json", "");
  REQUIRE(desc.shapes[1].type == ShapeType::Model);
  const RenderScene scene = build_scene(desc);
  REQUIRE(scene.geometry.meshes.size() == 2);
  REQUIRE(scene.materials.size() == 3);  // the scene's one, then the model's two
  CHECK(scene.geometry.meshes[0].material() == 1);
  CHECK(scene.geometry.meshes[1].material() == 2);
  CHECK(scene.geometry.meshes[0].vertex(0).z == 1.0f);
  CHECK(scene.materials[1].albedo.x == 1.0f);
  CHECK(scene.materials[2].albedo.y == 1.0f);
  // The scene's checkerboard is texture 0; the model's image texture 1, decoded from its data URI.
  REQUIRE(scene.textures.textures.size() == 2);
  CHECK(scene.materials[2].normal_map == 1);
  CHECK(scene.textures.textures[1].kind == TextureKind::Image);
  REQUIRE(scene.textures.images.size() == 1);
  CHECK(scene.textures.images[0].width == 1);
  CHECK(scene.textures.images[0].texel(0, 0).x == Approx(1.0f));
  CHECK(scene.lights.size() == 1);  // the model's point light (the sphere does not emit)
  CHECK(scene.origins.meshes[0] == "s.json: /shapes/1");
}

TEST_CASE("a model shape's \"material\" replaces all of the model's", "[model][scene]") {
  const std::string path = write_model("two.gltf", two_material_model(false, false));
  const RenderScene scene = build_scene(parse_scene_text(
      scene_text(R"({"type": "model", "file": ")" + path + R"(", "material": "grey"})"), "s.json", ""));
  REQUIRE(scene.materials.size() == 1);
  CHECK(scene.geometry.meshes[0].material() == 0);
  CHECK(scene.geometry.meshes[1].material() == 0);
  CHECK(scene.textures.textures.size() == 1);
}

TEST_CASE("a model shape's errors name the shape and the model", "[model][scene]") {
  GltfBuilder b = two_material_model(false, false);
  b.doc["meshes"][0]["primitives"][0]["indices"] = 7;
  const std::string path = write_model("bad.gltf", b);
  const SceneDescription desc =
      parse_scene_text(scene_text(R"({"type": "model", "file": ")" + path + R"("})"), "s.json", "");
  try {
    build_scene(desc);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) == "s.json: /shapes/1/file: " + path + ": primitive indices accessor out of bounds");  // tinygltf's own check
  }
  try {
    parse_scene_text(scene_text(R"({"type": "model", "file": "x.json"})"), "s.json", "");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) ==
          "s.json: /shapes/1/file: not a model file (expected .gltf, .glb, .obj or .ply): \"x.json\"");
  }
}

TEST_CASE("the fingerprint covers a model file and its external buffer", "[model][scene]") {
  GltfBuilder b = two_material_model(false, false);
  const std::filesystem::path dir = test_case_dir("model_scene");
  write_test_file(dir / "ext.gltf", b.gltf_external("ext.bin"));
  write_test_file(dir / "ext.bin", b.bin);
  const std::string text = scene_text(R"({"type": "model", "file": "ext.gltf"})");
  const uint64_t first = description_fingerprint(parse_scene_text(text, "s.json", dir.string() + "/"));
  std::string changed = b.bin;
  changed[0] ^= 1;
  write_test_file(dir / "ext.bin", changed);
  const uint64_t second = description_fingerprint(parse_scene_text(text, "s.json", dir.string() + "/"));
  CHECK(first != second);
  write_test_file(dir / "ext.gltf", b.gltf_external("ext.bin") + " ");
  CHECK(description_fingerprint(parse_scene_text(text, "s.json", dir.string() + "/")) != second);
}

TEST_CASE("framing_camera sees the whole box from the front, above and to the side", "[model][scene]") {
  const Vec3 lo(-1, 0, -3), hi(5, 2, 1);
  for (float aspect : {0.5f, 1.0f, 2.0f}) {
    const CameraParams c = framing_camera(lo, hi, aspect);
    CHECK(length(c.look_at - Vec3(2, 1, -1)) < 1e-5f);
    CHECK(c.position.z > c.look_at.z);  // in front (+z)
    CHECK(c.position.y > c.look_at.y);  // above
    CHECK(c.position.x > c.look_at.x);  // to the side
    const Vec3 forward = normalize(c.look_at - c.position);
    const Vec3 right = normalize(cross(forward, c.up));
    const Vec3 up = cross(right, forward);
    const float tan_v = std::tan(c.vertical_fov * 0.5f * float(M_PI / 180)), tan_h = tan_v * aspect;
    for (int i = 0; i < 8; ++i) {
      const Vec3 p((i & 1) ? hi.x : lo.x, (i & 2) ? hi.y : lo.y, (i & 4) ? hi.z : lo.z);
      const Vec3 d = p - c.position;
      const float z = dot(d, forward);
      REQUIRE(z > 0);
      CHECK(std::abs(dot(d, right)) / z <= tan_h);
      CHECK(std::abs(dot(d, up)) / z <= tan_v);
    }
  }
}

TEST_CASE("\"camera\": \"auto\" frames every shape; a bad camera string is refused", "[model][scene]") {
  const std::string text = R"({"camera": "auto", "film": {"resolution": [20, 10]}, "materials": {"m": {"type": "diffuse"}},
    "shapes": [{"type": "sphere", "material": "m", "center": [10, 0, 0], "radius": 1},
               {"type": "box", "material": "m", "min": [0, 0, 0], "max": [1, 1, 1]}]})";
  const RenderScene scene = build_scene(parse_scene_text(text, "s.json", ""));
  const CameraParams expected = framing_camera(Vec3(0, -1, -1), Vec3(11, 1, 1), 2.0f);
  CHECK(length(scene.camera.position - expected.position) < 1e-4f);
  CHECK(length(scene.camera.look_at - Vec3(5.5f, 0, 0)) < 1e-5f);
  try {
    parse_scene_text(R"({"camera": "front", "materials": {}, "shapes": []})", "s.json", "");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) == "s.json: /camera: expected a camera object, \"auto\" or \"model\"");
  }
}

TEST_CASE("a bare model: its own camera and lights, else an automatic camera, a sky and a sun", "[model][scene]") {
  SECTION("with a camera and a light") {
    const std::string path = write_model("lit.gltf", two_material_model(true, true));
    const RenderScene scene = build_scene(bare_model_scene(path));
    CHECK(length(scene.camera.position - Vec3(0.25f, 0.25f, 4)) < 1e-5f);
    CHECK(scene.lights.size() == 1);
    CHECK(is_black(scene.environment));
  }
  SECTION("with neither") {
    const std::string path = write_model("bare.gltf", two_material_model(false, false));
    const SceneDescription desc = bare_model_scene(path);
    const RenderScene scene = build_scene(desc);
    const CameraParams expected = framing_camera(Vec3(0, 0, 0), Vec3(1, 1, 0), 1.0f);
    CHECK(length(scene.camera.position - expected.position) < 1e-5f);
    CHECK(scene.environment.x == kDefaultSky.x);
    CHECK(scene.lights.size() == 2);  // the sun and the sky
  }
  SECTION("an unknown camera name is an error naming the model") {
    const std::string path = write_model("cam.gltf", two_material_model(true, false));
    try {
      build_scene(bare_model_scene(path, "side"));
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(std::string(e.what()) == path + ": no camera named \"side\" (the file has camera 0)");
    }
  }
}

TEST_CASE("an OBJ model keeps its MTL materials; the fingerprint covers the .mtl and its textures", "[model][scene]") {
  const std::filesystem::path dir = test_case_dir("model_scene");
  write_test_file(dir / "two.mtl", "newmtl red\nKd 0.8 0.1 0.1\nnewmtl lamp\nKd 0 0 0\nKe 4 4 4\nmap_Kd -s 2 2 wood.png\n");
  write_test_file(dir / "wood.png", "not decoded by the fingerprint");
  write_test_file(dir / "two.obj",
                  "mtllib two.mtl missing.mtl\nv 0 0 0\nv 1 0 0\nv 0 1 0\nv 1 1 0\nusemtl red\nf 1 2 3\nusemtl lamp\nf 2 4 3\n");
  const Model model = load_model((dir / "two.obj").string(), Transform{});
  REQUIRE(model.meshes.size() == 2);
  REQUIRE(model.materials.size() >= 2);
  CHECK(model.materials[model.meshes[0].material()].material.albedo.x == Approx(0.8f));
  CHECK(model.materials[model.meshes[1].material()].material.is_emissive());
  const std::vector<std::string> files = model_files((dir / "two.obj").string());
  REQUIRE(files.size() == 3);  // the OBJ, two.mtl and wood.png; missing.mtl is not there to hash
  CHECK(files[1] == (dir / "two.mtl").string());
  CHECK(files[2] == (dir / "wood.png").string());
  const std::string text = scene_text(R"({"type": "model", "file": "two.obj"})");
  const auto fingerprint = [&] { return description_fingerprint(parse_scene_text(text, "s.json", dir.string() + "/")); };
  const uint64_t first = fingerprint();
  write_test_file(dir / "wood.png", "changed");
  const uint64_t second = fingerprint();
  CHECK(second != first);
  write_test_file(dir / "two.mtl", "newmtl red\nKd 0.7 0.1 0.1\n");
  CHECK(fingerprint() != second);
}

TEST_CASE("OBJ and PLY files are models too: one mesh with a default diffuse material", "[model][scene]") {
  const std::filesystem::path dir = test_case_dir("model_scene");
  write_test_file(dir / "quad.ply",
                  "ply\nformat ascii 1.0\nelement vertex 4\nproperty float x\nproperty float y\nproperty float z\n"
                  "element face 1\nproperty list uchar int vertex_indices\nend_header\n"
                  "0 0 0\n2 0 0\n2 1 0\n0 1 0\n4 0 1 2 3\n");
  write_test_file(dir / "tri.obj", "v 0 0 0\nv 1 0 0\nv 0 3 0\nf 1 2 3\n");
  const Model ply = load_model((dir / "quad.ply").string(), Transform::translate(Vec3(0, 0, 1)));
  REQUIRE(ply.meshes.size() == 1);
  CHECK(ply.meshes[0].triangle_count() == 2);
  REQUIRE(ply.materials.size() == 1);
  CHECK(ply.materials[0].material.kind == MaterialKind::Diffuse);
  CHECK(length(ply.bounds_max - Vec3(2, 1, 1)) < 1e-6f);
  const Model obj = load_model((dir / "tri.obj").string(), Transform{});
  CHECK(obj.meshes[0].triangle_count() == 1);
  CHECK(obj.bounds_max.y == 3.0f);
  // The bare scene of a PLY: framed and lit.
  const RenderScene scene = build_scene(bare_model_scene((dir / "quad.ply").string()));
  CHECK(scene.lights.size() == 2);
  CHECK(length(scene.camera.look_at - Vec3(1, 0.5f, 0)) < 1e-5f);  // the box centre (no transform here)
}

TEST_CASE("a glTF file placed by instances is one mesh of the entry's material", "[model][scene][instancing]") {
  // Instancing takes a glTF file as it takes an OBJ or a PLY: every primitive
  // merged into one prototype, in the model's space, with the "meshes" entry's material.
  const std::filesystem::path dir = test_case_dir("model_scene");
  write_test_file(dir / "two.glb", two_material_model(false, false).glb());
  const std::string text = R"({"camera": {"position": [0, 0, 5]},
    "materials": {"grey": {"type": "diffuse", "albedo": [0.5, 0.5, 0.5]}},
    "meshes": {"pair": {"file": "two.glb", "material": "grey"}},
    "instances": [{"of": "pair"}, {"of": "pair", "transform": {"translate": [3, 0, 0]}}]})";
  const SceneDescription desc = parse_scene_text(text, "s.json", dir.string() + "/");
  const Model model = load_model((dir / "two.glb").string(), Transform{});
  size_t triangles = 0;
  for (const TriangleMesh& m : model.meshes) triangles += m.triangle_count();
  REQUIRE(model.meshes.size() == 2);
  const RenderScene scene = build_scene(desc);
  REQUIRE(scene.geometry.prototypes.size() == 1);
  CHECK(scene.geometry.prototypes[0].triangle_count() == triangles);
  CHECK(scene.geometry.prototypes[0].material() == 0);
  CHECK(scene.geometry.instances.size() == 2);
  // The fingerprint covers the prototype's file.
  const uint64_t before = description_fingerprint(desc);
  GltfBuilder changed = two_material_model(false, false);
  changed.doc["asset"]["generator"] = "changed";
  write_test_file(dir / "two.glb", changed.glb());
  CHECK(description_fingerprint(desc) != before);
}
