// Vertex attributes the loaders read: glTF COLOR_0 (multiplied into the base
// colour) and TANGENT (the normal map's frame), PLY vertex colours (the albedo
// of a mesh that names no material, or of a "vertex_color" parameter), each
// checked as loaded and, for colours, as rendered.

#include "scene/build_scene.h"
#include "scene/model.h"
#include "scene/ply_loader.h"
#include "scene/scene_description.h"
#include "tests/core/render/test_scene.h"
#include "tests/scene/gltf_test_files.h"
#include "tests/test_files.h"

#include "core/base/error.h"
#include "core/base/warning.h"
#include "core/render/render_scene.h"

#include <catch2/catch.hpp>

#include <cstring>
#include <string>

using namespace tessera;

namespace {

// A 2x2 quad at z = 0 facing +z (corners counter-clockwise from (-1, -1)), a
// white, fully rough dielectric principled material; `attributes` are added to
// its primitive.
GltfBuilder quad_model(const nlohmann::json& attributes = nlohmann::json::object()) {
  GltfBuilder b;
  b.doc["materials"] = {{{"pbrMetallicRoughness",
                          {{"baseColorFactor", {1, 1, 1, 1}}, {"metallicFactor", 0}, {"roughnessFactor", 1}}}}};
  const int pos = b.positions({-1, -1, 0, 1, -1, 0, 1, 1, 0, -1, 1, 0});
  const int idx = b.indices16({0, 1, 2, 0, 2, 3});
  nlohmann::json prim = {{"attributes", {{"POSITION", pos}}}, {"indices", idx}, {"material", 0}};
  for (auto it = attributes.begin(); it != attributes.end(); ++it) prim["attributes"][it.key()] = it.value();
  b.scene({b.node({{"mesh", b.mesh({prim})}})});
  return b;
}

int float_accessor(GltfBuilder& b, const std::vector<float>& values, size_t count, const char* type) {
  return b.accessor(GltfBuilder::bytes_of(values), GltfBuilder::kFloat, count, type);
}

// A scene that looks straight down at z = 0 under a white sky and places `shape`.
std::string looking_down(const std::string& shape, const std::string& materials = "{}") {
  return R"({"camera": {"position": [0, 0, 5], "look_at": [0, 0, 0], "up": [0, 1, 0], "fov": 20},
    "environment": {"radiance": [1, 1, 1]}, "materials": )" + materials + R"(, "shapes": [)" + shape + "]}";
}

std::unique_ptr<TestScene> scene_in(const std::filesystem::path& dir, const std::string& text) {
  write_test_file(dir / "scene.json", text);
  return std::make_unique<TestScene>(load_scene_file((dir / "scene.json").string()));
}

// A quad at z = 0 as an ASCII PLY with uchar colours (and an alpha, ignored).
std::string coloured_ply(int r, int g, int b) {
  std::string c = std::to_string(r) + " " + std::to_string(g) + " " + std::to_string(b) + " 7\n";
  return "ply\nformat ascii 1.0\nelement vertex 4\nproperty float x\nproperty float y\nproperty float z\n"
         "property uchar red\nproperty uchar green\nproperty uchar blue\nproperty uchar alpha\n"
         "element face 1\nproperty list uchar int vertex_indices\nend_header\n"
         "-1 -1 0 " + c + "1 -1 0 " + c + "1 1 0 " + c + "-1 1 0 " + c + "4 0 1 2 3\n";
}

}  // namespace

TEST_CASE("a glTF COLOR_0 quad renders its vertex colours times the base colour", "[gltf][vertex_color][render]") {
  const std::filesystem::path dir = test_case_dir("vertex_attributes");
  // Red on the left corners, green on the right ones.
  GltfBuilder b = quad_model();
  const int colors = float_accessor(b, {1, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0}, 4, "VEC3");
  b.doc["meshes"][0]["primitives"][0]["attributes"]["COLOR_0"] = colors;
  write_test_file(dir / "coloured.gltf", b.gltf());
  write_test_file(dir / "plain.gltf", quad_model().gltf());

  const RenderSettings s = small_settings(16, 16, 1);
  const Image coloured =
      scene_in(dir, looking_down(R"({"type": "model", "file": "coloured.gltf"})"))->render(s).image;
  // Pixel 2 sees u = 0.2: 80% red, 20% green, interpolated.
  const Vec3 left = coloured.pixel(2, 8), right = coloured.pixel(13, 8), middle_c = coloured.pixel(8, 8);
  CHECK(left.x > 0.5f);
  CHECK(left.x > 3.0f * left.y);
  CHECK(left.z < 0.1f);
  CHECK(right.y > 0.5f);
  CHECK(right.y > 3.0f * right.x);
  CHECK(middle_c.x == Approx(middle_c.y).epsilon(0.2));
  // Without COLOR_0 the same quad is white: glTF's default colour.
  const Image plain = scene_in(dir, looking_down(R"({"type": "model", "file": "plain.gltf"})"))->render(s).image;
  const Vec3 middle = plain.pixel(8, 8);
  CHECK(middle.x > 0.5f);
  CHECK(middle.y == Approx(middle.x).epsilon(0.02));
}

TEST_CASE("a normalized UNSIGNED_BYTE VEC4 COLOR_0 is read as [0, 1] RGB", "[gltf][vertex_color]") {
  GltfBuilder b = quad_model();
  const std::vector<uint8_t> rgba = {255, 128, 0, 10, 255, 128, 0, 10, 0, 0, 255, 10, 0, 0, 255, 10};
  const int colors = b.accessor(GltfBuilder::bytes_of(rgba), GltfBuilder::kUByte, 4, "VEC4");
  b.doc["accessors"][size_t(colors)]["normalized"] = true;
  b.doc["meshes"][0]["primitives"][0]["attributes"]["COLOR_0"] = colors;
  const std::filesystem::path path = test_case_dir("vertex_attributes") / "ubyte.gltf";
  write_test_file(path, b.gltf());
  const Model model = load_model(path.string(), Transform{});
  REQUIRE(model.meshes.size() == 1);
  REQUIRE(model.meshes[0].has_colors());
  CHECK(model.meshes[0].color(0).x == 1.0f);
  CHECK(model.meshes[0].color(0).y == Approx(128.0f / 255.0f));
  CHECK(model.meshes[0].color(2).z == 1.0f);
  // The material's base colour reads the vertex colours (times baseColorFactor).
  const Material& m = model.materials[0].material;
  REQUIRE(m.textures.size() == 1);
  CHECK(std::strcmp(m.textures[0].param.name, "base_color") == 0);
  const Texture& t = model.textures[m.textures[0].texture].texture;
  CHECK(t.vertex_color);
  CHECK(t.value == Vec3(1.0f));
}

TEST_CASE("a bad COLOR_0 accessor is an error naming the file and the accessor", "[gltf][vertex_color]") {
  const std::filesystem::path dir = test_case_dir("vertex_attributes");
  {
    GltfBuilder b = quad_model();
    b.doc["meshes"][0]["primitives"][0]["attributes"]["COLOR_0"] = b.uvs({0, 0, 1, 0, 1, 1, 0, 1});
    write_test_file(dir / "vec2.gltf", b.gltf());
    CHECK_THROWS_WITH(load_model((dir / "vec2.gltf").string(), Transform{}),
                      (dir / "vec2.gltf").string() +
                          ": accessor 2: COLOR_0 must have 3 or 4 component(s) of FLOAT or UNSIGNED_BYTE or "
                          "UNSIGNED_SHORT, got 2 of FLOAT");
  }
  {
    GltfBuilder b = quad_model();
    const std::vector<uint8_t> rgb(12, 200);
    b.doc["meshes"][0]["primitives"][0]["attributes"]["COLOR_0"] =
        b.accessor(GltfBuilder::bytes_of(rgb), GltfBuilder::kUByte, 4, "VEC3");  // not normalized
    write_test_file(dir / "raw.gltf", b.gltf());
    CHECK_THROWS_WITH(load_model((dir / "raw.gltf").string(), Transform{}),
                      (dir / "raw.gltf").string() + ": accessor 2: COLOR_0 of UNSIGNED_BYTE must be normalized");
  }
  {
    GltfBuilder b = quad_model();
    b.doc["meshes"][0]["primitives"][0]["attributes"]["COLOR_0"] = float_accessor(b, {1, 1, 1, 1, 1, 1}, 2, "VEC3");
    write_test_file(dir / "short.gltf", b.gltf());
    CHECK_THROWS_WITH(load_model((dir / "short.gltf").string(), Transform{}),
                      (dir / "short.gltf").string() + ": accessor 2: COLOR_0 count differs from POSITION count");
  }
  {
    GltfBuilder b = quad_model();
    b.doc["meshes"][0]["primitives"][0]["attributes"]["COLOR_0"] = 9;
    write_test_file(dir / "missing.gltf", b.gltf());
    CHECK_THROWS_WITH(load_model((dir / "missing.gltf").string(), Transform{}),
                      Catch::Contains("missing.gltf") && Catch::Contains("accessor"));
  }
}

TEST_CASE("glTF TANGENT is read with its handedness and placed by the node", "[gltf][tangent]") {
  const std::filesystem::path dir = test_case_dir("vertex_attributes");
  GltfBuilder b = quad_model();
  b.doc["meshes"][0]["primitives"][0]["attributes"]["TANGENT"] =
      float_accessor(b, {1, 0, 0, -1, 1, 0, 0, -1, 1, 0, 0, -1, 1, 0, 0, -1}, 4, "VEC4");
  write_test_file(dir / "tangent.gltf", b.gltf());
  const Model model = load_model((dir / "tangent.gltf").string(), Transform{});
  REQUIRE(model.meshes[0].has_tangents());
  CHECK(model.meshes[0].tangent(0).direction == Vec3(1, 0, 0));
  CHECK(model.meshes[0].tangent(0).sign == -1.0f);
  // Mirrored by the placing transform: the direction follows, the handedness turns.
  const Model mirrored = load_model((dir / "tangent.gltf").string(), Transform::scale(Vec3(-1, 1, 1)));
  CHECK(mirrored.meshes[0].tangent(0).direction == Vec3(-1, 0, 0));
  CHECK(mirrored.meshes[0].tangent(0).sign == 1.0f);

  GltfBuilder bad = quad_model();
  bad.doc["meshes"][0]["primitives"][0]["attributes"]["TANGENT"] =
      float_accessor(bad, {1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0}, 4, "VEC3");
  write_test_file(dir / "tangent3.gltf", bad.gltf());
  CHECK_THROWS_WITH(load_model((dir / "tangent3.gltf").string(), Transform{}),
                    (dir / "tangent3.gltf").string() +
                        ": accessor 2: TANGENT must have 4 component(s) of FLOAT, got 3 of FLOAT");
}

TEST_CASE("a PLY with uchar colours renders coloured, bare and as a mesh without a material", "[ply][vertex_color][render]") {
  const std::filesystem::path dir = test_case_dir("vertex_attributes");
  write_test_file(dir / "blue.ply", coloured_ply(0, 0, 255));
  const TriangleMesh mesh = load_ply_mesh((dir / "blue.ply").string(), Transform{}, 0);
  REQUIRE(mesh.has_colors());
  CHECK(mesh.color(0) == Vec3(0, 0, 1));

  const RenderSettings s = small_settings(16, 16, 1);
  // As a "mesh" shape that names no material: diffuse, its albedo the colours.
  const Image as_mesh = scene_in(dir, looking_down(R"({"type": "mesh", "file": "blue.ply"})"))->render(s).image;
  const Vec3 p = as_mesh.pixel(8, 8);
  CHECK(p.z > 0.5f);
  CHECK(p.x < 0.01f);
  CHECK(p.y < 0.01f);
  // As a "meshes" prototype that names none, placed by an instance.
  const Image instanced = scene_in(dir, R"({"camera": {"position": [0, 0, 5], "look_at": [0, 0, 0], "fov": 20},
      "environment": {"radiance": [1, 1, 1]}, "materials": {},
      "meshes": {"scan": {"file": "blue.ply"}}, "instances": [{"of": "scan"}]})")->render(s).image;
  CHECK(instanced.pixel(8, 8).z == Approx(p.z).epsilon(0.05));
  CHECK(instanced.pixel(8, 8).x < 0.01f);

  // Bare (tessera render scan.ply): framed, lit by a sky and a sun, and blue.
  SceneDescription desc = bare_model_scene((dir / "blue.ply").string());
  SceneFile bare{build_scene(desc), desc, small_settings(16, 16, 2), std::nullopt, std::nullopt};
  const Image b = TestScene(std::move(bare)).render(small_settings(16, 16, 2)).image;
  const Vec3 c = b.pixel(8, 8);
  CHECK(c.z > 0.05f);
  CHECK(c.z > 5.0f * c.x);
  CHECK(c.z > 5.0f * c.y);
}

TEST_CASE("\"vertex_color\" binds a colour parameter to the mesh's colours", "[scene][vertex_color][render]") {
  const std::filesystem::path dir = test_case_dir("vertex_attributes");
  write_test_file(dir / "red.ply", coloured_ply(255, 0, 0));
  write_test_file(dir / "grey.ply", "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\n"
                                    "property float z\nelement face 1\nproperty list uchar int vertex_indices\n"
                                    "end_header\n-1 -1 0\n1 -1 0\n0 1 0\n3 0 1 2\n");
  const RenderSettings s = small_settings(16, 16, 1);
  const std::string materials = R"({"paint": {"type": "diffuse", "albedo": "vertex_color"}})";
  const Image red = scene_in(dir, looking_down(R"({"type": "mesh", "file": "red.ply", "material": "paint"})",
                                               materials))->render(s).image;
  CHECK(red.pixel(8, 8).x > 0.5f);
  CHECK(red.pixel(8, 8).y < 0.01f);
  // A mesh without colours: the parameter's default (albedo 0.8).
  const Image grey = scene_in(dir, looking_down(R"({"type": "mesh", "file": "grey.ply", "material": "paint"})",
                                                materials))->render(s).image;
  CHECK(grey.pixel(8, 8).x == Approx(0.8).epsilon(0.05));
  CHECK(grey.pixel(8, 8).y == Approx(0.8).epsilon(0.05));
  // Anything else is refused, naming the parameter.
  CHECK_THROWS_WITH(parse_scene_text(looking_down(R"({"type": "mesh", "file": "red.ply", "material": "paint"})",
                                                  R"({"paint": {"type": "diffuse", "albedo": "vertex_colour"}})"),
                                     "s.json", ""),
                    Catch::StartsWith("s.json: /materials/paint/albedo: expected a colour [r, g, b], \"vertex_color\""));
}

TEST_CASE("triangles a transform collapses are dropped, and the rest keep their attributes", "[scene][vertex_color]") {
  // The second triangle's area underflows to 0 under the scale; the first's does not.
  const std::filesystem::path dir = test_case_dir("vertex_attributes");
  write_test_file(dir / "two.ply",
                  "ply\nformat ascii 1.0\nelement vertex 6\nproperty float x\nproperty float y\nproperty float z\n"
                  "property float nx\nproperty float ny\nproperty float nz\n"
                  "property uchar red\nproperty uchar green\nproperty uchar blue\n"
                  "element face 2\nproperty list uchar int vertex_indices\nend_header\n"
                  "0 0 0 0 0 1 255 0 0\n1 0 0 0 0 1 255 0 0\n0 1 0 0 0 1 255 0 0\n"
                  "0 0 1 0 0 1 0 255 0\n1e-6 0 1 0 0 1 0 255 0\n0 1e-6 1 0 0 1 0 255 0\n3 0 1 2\n3 3 4 5\n");
  const RenderScene scene = build_scene(parse_scene_text(
      looking_down(R"({"type": "mesh", "file": "two.ply", "transform": {"scale": 1e-17}})"), "s.json",
      dir.string() + "/"));
  REQUIRE(scene.geometry.meshes.size() == 1);
  const TriangleMesh& m = scene.geometry.meshes[0];
  CHECK(m.triangle_count() == 1);
  REQUIRE(m.has_colors());
  REQUIRE(m.has_normals());
  CHECK(m.color(m.index(0, 0)) == Vec3(1, 0, 0));
}

namespace {

struct Warnings {
  std::vector<std::string> list;
  WarningHandler previous;
  Warnings() { previous = set_warning_handler([this](const std::string& m) { list.push_back(m); }); }
  ~Warnings() { set_warning_handler(previous); }
};

}  // namespace

TEST_CASE("glTF texCoord 1 is read as TEXCOORD_0 with one warning per material", "[gltf][texcoord]") {
  GltfBuilder b = quad_model();
  b.doc["images"] = {{{"uri",
                       "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/"
                       "pLvAAAAAElFTkSuQmCC"}}};
  b.doc["textures"] = {{{"source", 0}}};
  b.doc["materials"][0]["name"] = "skin";
  b.doc["materials"][0]["pbrMetallicRoughness"]["baseColorTexture"] = {{"index", 0}, {"texCoord", 1}};
  b.doc["materials"][0]["normalTexture"] = {{"index", 0}, {"texCoord", 1}};
  const std::filesystem::path path = test_case_dir("vertex_attributes") / "uv1.gltf";
  write_test_file(path, b.gltf());
  Warnings w;
  const Model model = load_model(path.string(), Transform{});
  REQUIRE(w.list.size() == 1);
  CHECK(w.list[0] == path.string() +
                         ": /materials/0 (\"skin\"): only TEXCOORD_0 is read; its textures baseColorTexture (texCoord 1), "
                         "normalTexture (texCoord 1) use TEXCOORD_0 instead");
  // The textures are still used.
  CHECK(model.materials[0].material.textures.size() == 1);
  CHECK(model.materials[0].material.normal_map != kNoTexture);
}
