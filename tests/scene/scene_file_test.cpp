#include "scene/scene_file.h"

#include "core/base/error.h"
#include "core/base/warning.h"

#include "tests/test_files.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <cstdint>
#include <string>
#include <vector>

using namespace tessera;
using Catch::Contains;
using Catch::Equals;
using Catch::StartsWith;

namespace {

namespace fs = std::filesystem;

fs::path test_dir(const std::string& name) { return fresh_test_dir("scene_file", name); }
void write_file(const fs::path& path, const std::string& text) { write_test_file(path, text); }

const char* const kMaterials = R"("materials": { "white": { "type": "diffuse", "albedo": [0.5, 0.5, 0.5] } })";
const char* const kSphere = R"({ "type": "sphere", "material": "white", "center": [0, 0, 0], "radius": 1 })";

// A valid scene with `shapes` (the inside of the array) and extra top-level members.
std::string scene_json(const std::string& shapes, const std::string& extra = "") {
  return "{" + extra + (extra.empty() ? "" : ",") + kMaterials + ", \"shapes\": [" + shapes + "]}";
}

SceneFile load(const std::string& text) { return load_scene_text(text, "x.json", ""); }

bool near(const Vec3& a, const Vec3& b, float eps = 1e-5f) { return length(a - b) <= eps; }

Vec3 triangle_normal(const TriangleMesh& mesh, size_t t) {
  const Vec3 p0 = mesh.corner(t, 0);
  return normalize(cross(mesh.corner(t, 1) - p0, mesh.corner(t, 2) - p0));
}

}  // namespace

// ---- bad input --------------------------------------------------------------

TEST_CASE("malformed JSON names file:line:column", "[scene_file]") {
  // The stray ',' is on line 3, column 14.
  const std::string text = "{\n  \"materials\": {},\n  \"shapes\": [,]\n}\n";
  REQUIRE_THROWS_WITH(load_scene_text(text, "bad.json", ""), Contains("bad.json:3:14: invalid JSON"));
  REQUIRE_THROWS_WITH(load_scene_text(text, "bad.json", ""), Contains("unexpected ','"));

  // An error at the first column of a line.
  const std::string trailing_comma = "{\n  \"shapes\": [],\n}";
  REQUIRE_THROWS_WITH(load_scene_text(trailing_comma, "t.json", ""), Contains("t.json:3:1: invalid JSON"));

  // An error on the first line.
  REQUIRE_THROWS_WITH(load_scene_text("{]", "one.json", ""), Contains("one.json:1:2: invalid JSON"));

  // Input that ends too early points just past its last character.
  const std::string truncated = "{\n  \"shapes\": [";
  REQUIRE_THROWS_WITH(load_scene_text(truncated, "end.json", ""), Contains("end.json:2:14: invalid JSON"));
  REQUIRE_THROWS_WITH(load_scene_text(truncated, "end.json", ""), Contains("unexpected end of input"));
}

TEST_CASE("malformed JSON message does not repeat nlohmann's prefix", "[scene_file]") {
  REQUIRE_THROWS_WITH(load_scene_text("{]", "one.json", ""), !Contains("json.exception") && !Contains("parse error at"));
}

TEST_CASE("an unknown top-level key is an error naming the key", "[scene_file]") {
  REQUIRE_THROWS_WITH(load(scene_json(kSphere, R"("camra": {})")),
                      Contains("x.json: /camra: unknown key \"camra\"") &&
                          Contains("(expected one of: camera, film, render, environment, materials, shapes, lights, meshes, instances)"));
}

TEST_CASE("an unknown key inside a shape is an error naming its JSON path", "[scene_file]") {
  const std::string shapes =
      std::string(kSphere) + R"(, { "type": "sphere", "material": "white", "radius": 1, "colour": [1, 0, 0] })";
  REQUIRE_THROWS_WITH(load(scene_json(shapes)),
                      Contains("x.json: /shapes/1/colour: unknown key \"colour\" (expected one of: type, material, "
                               "center, radius)"));
}

TEST_CASE("an unknown shape type is an error", "[scene_file]") {
  REQUIRE_THROWS_WITH(load(scene_json(R"({ "type": "cone", "material": "white" })")),
                      Contains("x.json: /shapes/0/type: unknown shape type \"cone\""));
}

TEST_CASE("a shape referring to an unknown material is an error", "[scene_file]") {
  REQUIRE_THROWS_WITH(load(scene_json(R"({ "type": "sphere", "material": "chrome", "radius": 1 })")),
                      Equals("x.json: /shapes/0/material: unknown material \"chrome\""));
  // The same for a mesh-building shape further down the list.
  const std::string quad = R"({ "type": "quad", "material": "gold", "corner": [0, 0, 0], "edge1": [1, 0, 0],
                                "edge2": [0, 1, 0] })";
  REQUIRE_THROWS_WITH(load(scene_json(std::string(kSphere) + "," + quad)),
                      Equals("x.json: /shapes/1/material: unknown material \"gold\""));
}

TEST_CASE("a missing mesh file names the JSON path and the missing file", "[scene_file]") {
  const fs::path dir = test_dir("missing_mesh");
  const std::string shapes = std::string(kSphere) + R"(, { "type": "mesh", "material": "white", "file": "nope.obj" })";
  const std::string base = dir.string() + "/";
  REQUIRE_THROWS_WITH(load_scene_text(scene_json(shapes), "x.json", base),
                      Contains("x.json: /shapes/1/file: ") && Contains(base + "nope.obj: mesh file not found"));

  // Through load_scene_file: the mesh resolves against the scene's directory.
  write_file(dir / "scene.json", scene_json(shapes));
  const std::string path = (dir / "scene.json").string();
  REQUIRE_THROWS_WITH(load_scene_file(path), Contains(path + ": /shapes/1/file: " + base + "nope.obj: mesh file not found"));
}

TEST_CASE("a missing scene file is an error naming it", "[scene_file]") {
  const std::string path = (test_dir("missing_scene") / "absent.json").string();
  REQUIRE_THROWS_WITH(load_scene_file(path), Equals(path + ": cannot open scene file: No such file or directory"));
}

TEST_CASE("negative or zero spp is an error", "[scene_file]") {
  REQUIRE_THROWS_WITH(load(scene_json(kSphere, R"("film": { "spp": -4 })")),
                      Contains("x.json: /film/spp: must be in [1, 1048576], got -4"));
  REQUIRE_THROWS_WITH(load(scene_json(kSphere, R"("film": { "spp": 0 })")), Contains("/film/spp: must be in [1, "));
  REQUIRE_THROWS_WITH(load(scene_json(kSphere, R"("film": { "spp": 2.5 })")),
                      Contains("/film/spp: expected an integer, found 2.5"));
}

TEST_CASE("a zero resolution is an error", "[scene_file]") {
  REQUIRE_THROWS_WITH(load(scene_json(kSphere, R"("film": { "resolution": [0, 64] })")),
                      Contains("x.json: /film/resolution/0: must be in [1, 65536], got 0"));
  REQUIRE_THROWS_WITH(load(scene_json(kSphere, R"("film": { "resolution": [64, 0] })")),
                      Contains("x.json: /film/resolution/1: must be in [1, 65536], got 0"));
}

TEST_CASE("an absurd resolution is an error", "[scene_file]") {
  REQUIRE_THROWS_WITH(load(scene_json(kSphere, R"("film": { "resolution": [100000, 64] })")),
                      Contains("x.json: /film/resolution/0: must be in [1, 65536], got 100000"));
  REQUIRE_THROWS_WITH(load(scene_json(kSphere, R"("film": { "resolution": [64, 100000] })")),
                      Contains("x.json: /film/resolution/1: must be in [1, 65536], got 100000"));
  REQUIRE_THROWS_WITH(load(scene_json(kSphere, R"("film": { "resolution": [64] })")),
                      Contains("x.json: /film/resolution: expected [width, height]"));
}

TEST_CASE("a sphere radius must be positive", "[scene_file]") {
  for (const char* radius : {"0", "-1", "-0.5"}) {
    INFO("radius " << radius);
    const std::string sphere = std::string(R"({ "type": "sphere", "material": "white", "radius": )") + radius + "}";
    REQUIRE_THROWS_WITH(load(scene_json(sphere)), Equals("x.json: /shapes/0/radius: must be > 0"));
  }
}

TEST_CASE("a scene with no shapes is an error", "[scene_file]") {
  REQUIRE_THROWS_WITH(load(scene_json("")), Equals("x.json: /shapes: the scene has no shapes"));
  REQUIRE_THROWS_WITH(load(std::string("{") + kMaterials + "}"), Contains("x.json: /: missing required key \"shapes\""));
}

TEST_CASE("a zero scale or zero rotation axis is an error", "[scene_file]") {
  const std::string quad_with = R"({ "type": "quad", "material": "white", "corner": [0, 0, 0], "edge1": [1, 0, 0],
                                     "edge2": [0, 1, 0], "transform": )";
  REQUIRE_THROWS_WITH(load(scene_json(quad_with + R"({ "scale": [1, 0, 1] } })")),
                      Contains("x.json: /shapes/0/transform/scale: scale must not be zero"));
  REQUIRE_THROWS_WITH(load(scene_json(quad_with + R"({ "rotate": { "axis": [0, 0, 0], "angle": 10 } } })")),
                      Contains("x.json: /shapes/0/transform/rotate/axis: axis must not be zero"));
}

// ---- good input -------------------------------------------------------------

TEST_CASE("a valid small scene loads every shape and material", "[scene_file]") {
  const std::string text = R"({
    "materials": {
      "red":   { "type": "diffuse", "albedo": [0.9, 0.1, 0.1] },
      "lamp":  { "type": "emissive", "radiance": [4, 4, 4], "two_sided": true }
    },
    "shapes": [
      { "type": "quad", "material": "lamp", "corner": [0, 2, 0], "edge1": [1, 0, 0], "edge2": [0, 0, 1] },
      { "type": "box", "material": "red", "min": [-1, -1, -1], "max": [1, 1, 1] },
      { "type": "sphere", "material": "red", "center": [3, 0, 0], "radius": 0.5 },
      { "type": "triangles", "material": "red", "positions": [[0, 0, 0], [1, 0, 0], [0, 1, 0]], "indices": [0, 1, 2] }
    ]
  })";
  const SceneFile file = load_scene_text(text, "small.json", "");
  CHECK(file.description.path == "small.json");
  const RenderScene& scene = file.scene;
  REQUIRE(scene.materials.size() == 2);
  REQUIRE(scene.geometry.meshes.size() == 3);
  REQUIRE(scene.geometry.spheres.size() == 1);
  CHECK(scene.geometry.meshes[0].triangle_count() == 2);
  CHECK(scene.geometry.meshes[1].triangle_count() == 12);
  CHECK(scene.geometry.meshes[2].triangle_count() == 1);
  CHECK(scene.geometry.triangle_count() == 15);
  CHECK(scene.geometry.spheres[0].center == Vec3(3, 0, 0));
  CHECK(scene.geometry.spheres[0].radius == 0.5f);

  // Shapes point at the materials they name.
  const Material& lamp = scene.materials[scene.geometry.meshes[0].material()];
  CHECK(lamp.emission == Vec3(4, 4, 4));
  CHECK(lamp.two_sided);
  CHECK(lamp.albedo == Vec3(0.0f));
  const Material& red = scene.materials[scene.geometry.sphere_materials[0]];
  CHECK(red.albedo == Vec3(0.9f, 0.1f, 0.1f));
  CHECK_FALSE(red.is_emissive());
  CHECK(scene.geometry.meshes[1].material() == scene.geometry.sphere_materials[0]);
  CHECK(scene.geometry.meshes[2].material() == scene.geometry.sphere_materials[0]);

  // No "render" block: scheduling is left to the command line and defaults.
  CHECK_FALSE(file.threads.has_value());
  CHECK_FALSE(file.bucket_size.has_value());
}

TEST_CASE("the film block overrides the defaults it names", "[scene_file]") {
  const RenderSettings defaults;
  const SceneFile plain = load(scene_json(kSphere));
  CHECK(plain.settings.width == defaults.width);
  CHECK(plain.settings.height == defaults.height);
  CHECK(plain.settings.spp == defaults.spp);
  CHECK(plain.settings.max_depth == defaults.max_depth);
  CHECK(plain.settings.seed == defaults.seed);

  const SceneFile file = load(scene_json(kSphere, R"("film": { "resolution": [64, 32], "spp": 3, "seed": 42 })"));
  CHECK(file.settings.width == 64);
  CHECK(file.settings.height == 32);
  CHECK(file.settings.spp == 3);
  CHECK(file.settings.seed == 42);
  CHECK(file.settings.max_depth == defaults.max_depth);  // not named: stays

  const SceneFile depth = load(scene_json(kSphere, R"("film": { "max_depth": 0 })"));
  CHECK(depth.settings.max_depth == 0);
  CHECK(depth.settings.spp == defaults.spp);
}

TEST_CASE("the render block gives threads and bucket size", "[scene_file]") {
  const SceneFile file = load(scene_json(kSphere, R"("render": { "threads": -2, "bucket_size": [32, 16] })"));
  REQUIRE(file.threads.has_value());
  CHECK(*file.threads == -2);
  REQUIRE(file.bucket_size.has_value());
  CHECK(file.bucket_size->width == 32);
  CHECK(file.bucket_size->height == 16);

  const SceneFile square = load(scene_json(kSphere, R"("render": { "bucket_size": 8 })"));
  CHECK_FALSE(square.threads.has_value());
  REQUIRE(square.bucket_size.has_value());
  CHECK(square.bucket_size->width == 8);
  CHECK(square.bucket_size->height == 8);

  REQUIRE_THROWS_WITH(load(scene_json(kSphere, R"("render": { "bucket_size": 0 })")),
                      Contains("x.json: /render/bucket_size: must be in [1, 4096], got 0"));
  REQUIRE_THROWS_WITH(load(scene_json(kSphere, R"("render": { "bucket_size": [16, 5000] })")),
                      Contains("x.json: /render/bucket_size/1: must be in [1, 4096], got 5000"));
  REQUIRE_THROWS_WITH(load(scene_json(kSphere, R"("render": { "bucket_size": "32x16" })")),
                      Contains("x.json: /render/bucket_size: expected a size or [width, height]"));
  REQUIRE_THROWS_WITH(load(scene_json(kSphere, R"("render": { "threads": 1.5 })")),
                      Contains("x.json: /render/threads: expected an integer"));
}

TEST_CASE("relative mesh paths resolve against the scene file's directory", "[scene_file]") {
  const fs::path dir = test_dir("relative_mesh");
  fs::create_directories(dir / "meshes");
  write_file(dir / "meshes" / "tri.obj", "v 0 0 0\nv 2 0 0\nv 0 3 0\nf 1 2 3\n");
  write_file(dir / "scene.json",
             scene_json(R"({ "type": "mesh", "material": "white", "file": "meshes/tri.obj",
                             "transform": { "translate": [0, 0, 5] } })"));

  // The working directory is not `dir`, so only resolving against the scene's directory finds the mesh.
  REQUIRE(fs::current_path() != dir);
  const SceneFile file = load_scene_file((dir / "scene.json").string());
  REQUIRE(file.scene.geometry.meshes.size() == 1);
  const TriangleMesh& mesh = file.scene.geometry.meshes[0];
  REQUIRE(mesh.vertex_count() == 3);
  REQUIRE(mesh.triangle_count() == 1);
  CHECK(mesh.vertex(0) == Vec3(0, 0, 5));
  CHECK(mesh.vertex(1) == Vec3(2, 0, 5));
  CHECK(mesh.vertex(2) == Vec3(0, 3, 5));

  // An absolute path is used as it is, whatever the base directory.
  const std::string absolute = (dir / "meshes" / "tri.obj").string();
  const SceneFile abs = load_scene_text(
      scene_json(R"({ "type": "mesh", "material": "white", "file": ")" + absolute + "\" }"), "abs.json", "/nonexistent/");
  REQUIRE(abs.scene.geometry.meshes.size() == 1);
  CHECK(abs.scene.geometry.meshes[0].vertex(2) == Vec3(0, 3, 0));
}

TEST_CASE("a transform scales, then rotates, then translates", "[scene_file]") {
  const SceneFile file = load(scene_json(R"({
      "type": "quad", "material": "white", "corner": [0, 0, 0], "edge1": [1, 0, 0], "edge2": [0, 1, 0],
      "transform": { "scale": 2, "rotate": { "axis": [0, 0, 1], "angle": 90 }, "translate": [10, 0, 0] } })"));
  REQUIRE(file.scene.geometry.meshes.size() == 1);
  const TriangleMesh& quad = file.scene.geometry.meshes[0];
  REQUIRE(quad.vertex_count() == 4);
  // (x, y, 0) -> scale 2 -> rotate +90 degrees about z: (-2y, 2x, 0) -> + (10, 0, 0).
  CHECK(near(quad.vertex(0), {10, 0, 0}));
  CHECK(near(quad.vertex(1), {10, 2, 0}));
  CHECK(near(quad.vertex(2), {8, 2, 0}));
  CHECK(near(quad.vertex(3), {8, 0, 0}));
  // A proper rotation keeps the front face on the side of cross(edge1, edge2) = +z.
  for (size_t t = 0; t < quad.triangle_count(); ++t) CHECK(near(triangle_normal(quad, t), {0, 0, 1}));

  // A rotation about an arbitrary (non-unit) axis: 120 degrees about (1, 1, 1) cycles x -> y -> z.
  const SceneFile cyc = load(scene_json(R"({
      "type": "triangles", "material": "white", "positions": [[1, 0, 0], [0, 1, 0], [0, 0, 1]], "indices": [0, 1, 2],
      "transform": { "rotate": { "axis": [2, 2, 2], "angle": 120 } } })"));
  const TriangleMesh& tri = cyc.scene.geometry.meshes[0];
  CHECK(near(tri.vertex(0), {0, 1, 0}));
  CHECK(near(tri.vertex(1), {0, 0, 1}));
  CHECK(near(tri.vertex(2), {1, 0, 0}));
}

TEST_CASE("a mirroring scale keeps front faces by flipping the winding", "[scene_file]") {
  const std::string quad = R"({ "type": "quad", "material": "white", "corner": [1, 1, 0], "edge1": [1, 0, 0],
                                "edge2": [0, 1, 0], "transform": { "scale": )";
  // Mirror in x: the quad moves to negative x but its front still faces +z.
  const SceneFile mx = load(scene_json(quad + "[-1, 1, 1] } }"));
  const TriangleMesh& a = mx.scene.geometry.meshes[0];
  CHECK(near(a.vertex(0), {-1, 1, 0}));
  CHECK(near(a.vertex(2), {-2, 2, 0}));
  REQUIRE(a.triangle_count() == 2);
  for (size_t t = 0; t < a.triangle_count(); ++t) CHECK(near(triangle_normal(a, t), {0, 0, 1}));

  // Mirror in z: the front is mirrored too, to -z.
  const SceneFile mz = load(scene_json(quad + "[2, 2, -1] } }"));
  const TriangleMesh& b = mz.scene.geometry.meshes[0];
  for (size_t t = 0; t < b.triangle_count(); ++t) CHECK(near(triangle_normal(b, t), {0, 0, -1}));

  // Two mirrors make a rotation: no flip, front stays +z.
  const SceneFile mxy = load(scene_json(quad + "[-1, -1, 1] } }"));
  const TriangleMesh& c = mxy.scene.geometry.meshes[0];
  for (size_t t = 0; t < c.triangle_count(); ++t) CHECK(near(triangle_normal(c, t), {0, 0, 1}));

  // A mirrored box still faces outward everywhere.
  const SceneFile box = load(scene_json(R"({ "type": "box", "material": "white", "min": [0, 0, 0], "max": [1, 2, 3],
                                             "transform": { "scale": [1, -1, 1], "translate": [5, 0, 0] } })"));
  const TriangleMesh& m = box.scene.geometry.meshes[0];
  REQUIRE(m.triangle_count() == 12);
  const Vec3 center(5.5f, -1.0f, 1.5f);
  for (size_t t = 0; t < m.triangle_count(); ++t) {
    const Vec3 centroid = (m.corner(t, 0) + m.corner(t, 1) + m.corner(t, 2)) / 3.0f;
    INFO("triangle " << t);
    CHECK(dot(triangle_normal(m, t), centroid - center) > 0.0f);
  }
}

TEST_CASE("a number beyond a double names file:line:col", "[scene_file][bad_input]") {
  // nlohmann reports the overflow with no position; the loader finds it.
  const std::string text = "{\n  \"camera\": { \"fov\": 1e400 }\n}";
  REQUIRE_THROWS_WITH(load_scene_text(text, "big.json", ""),
                      Equals("big.json:2:22: number 1e400 is out of range (beyond a 64-bit float)"));
  REQUIRE_THROWS_WITH(load_scene_text("[-1e999]", "neg.json", ""), StartsWith("neg.json:1:2: number -1e999"));
}

TEST_CASE("a number beyond a 32-bit float is refused, not turned into infinity", "[scene_file][bad_input]") {
  REQUIRE_THROWS_WITH(load(scene_json(R"({ "type": "sphere", "material": "white", "radius": 1e39 })")),
                      Equals("x.json: /shapes/0/radius: must be a finite 32-bit float, got 1e+39"));
  REQUIRE_THROWS_WITH(load(scene_json(kSphere, R"("camera": { "position": [0, 0, 1e300] })")),
                      StartsWith("x.json: /camera/position/2: must be a finite 32-bit float"));
}

TEST_CASE("a transform that overflows the vertices is an error", "[scene_file][bad_input]") {
  const std::string quad = R"({ "type": "quad", "material": "white", "corner": [0, 0, 0], "edge1": [1e30, 0, 0],
      "edge2": [0, 1, 0], "transform": { "scale": 1e30 } })";
  REQUIRE_THROWS_WITH(load(scene_json(quad)), StartsWith("x.json: /shapes/0: a vertex lies beyond 1e15 from the origin after the transform"));
}

TEST_CASE("degenerate triangles are dropped with one warning naming the first", "[scene_file][bad_input]") {
  std::vector<std::string> warnings;
  const WarningHandler previous = set_warning_handler([&](const std::string& m) { warnings.push_back(m); });
  const std::string tris = R"({ "type": "triangles", "material": "white",
      "positions": [[0, 0, 0], [1, 0, 0], [0, 1, 0], [2, 0, 0]], "indices": [0, 1, 2, 0, 0, 1, 0, 1, 3] })";
  const SceneFile f = load(scene_json(tris));
  set_warning_handler(previous);
  REQUIRE(f.scene.geometry.meshes.size() == 1);
  CHECK(f.scene.geometry.meshes[0].triangle_count() == 1);
  REQUIRE(warnings.size() == 1);
  CHECK_THAT(warnings[0], Equals("x.json: /shapes/0/indices/3: degenerate (zero-area) triangle dropped "
                                 "(2 in this shape, the first here)"));

  const std::string all = R"({ "type": "triangles", "material": "white",
      "positions": [[0, 0, 0], [1, 0, 0], [2, 0, 0]], "indices": [0, 1, 2] })";
  REQUIRE_THROWS_WITH(load(scene_json(all)),
                      Equals("x.json: /shapes/0/indices/0: every triangle is degenerate (zero area); nothing to render"));
}

TEST_CASE("threads in the render block follow the one thread rule", "[scene_file][bad_input]") {
  REQUIRE_THROWS_WITH(load(scene_json(kSphere, R"("render": { "threads": 65537 })")),
                      StartsWith("x.json: /render/threads: 65537 is out of range [-4096, 4096]"));
  REQUIRE_THROWS_WITH(load(scene_json(kSphere, R"("render": { "threads": -99999999999999999999 })")),
                      StartsWith("x.json: /render/threads: expected an integer"));
  CHECK(load(scene_json(kSphere, R"("render": { "threads": -4096 })")).threads == -4096);
}

TEST_CASE("an absurd resolution in the film block is refused by the one rule", "[scene_file][bad_input]") {
  REQUIRE_THROWS_WITH(load(scene_json(kSphere, R"("film": { "resolution": [65536, 65536] })")),
                      StartsWith("x.json: /film/resolution: 65536x65536 is 4294967296 pixels"));
}

TEST_CASE("seeds in the film block cover 0..2^64-1 and refuse negatives", "[scene_file][bad_input]") {
  CHECK(load(scene_json(kSphere, R"("film": { "seed": 18446744073709551615 })")).settings.seed == UINT64_MAX);
  REQUIRE_THROWS_WITH(load(scene_json(kSphere, R"("film": { "seed": -1 })")),
                      Equals("x.json: /film/seed: must be in [0, 18446744073709551615], got -1"));
}

TEST_CASE("a directory given as the scene file says so", "[scene_file][bad_input]") {
  const std::string dir = test_dir("scene_is_dir").string();
  REQUIRE_THROWS_WITH(load_scene_file(dir), Equals(dir + ": cannot open scene file: Is a directory"));
}

TEST_CASE("a binary file's bytes are escaped in the JSON error", "[scene_file][bad_input]") {
  REQUIRE_THROWS_WITH(load_scene_text(std::string("\x89PNG\r\n\x1a\n\0\0", 10), "img.json", ""),
                      StartsWith("img.json:1:1: invalid JSON: ") && Contains("last read: '\\x89'"));
}
