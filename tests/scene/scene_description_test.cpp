// The scene description stage (scene/scene_description.h, scene/build_scene.h):
// where each part came from, and errors found after parsing that still name
// the file and JSON path.

#include "scene/build_scene.h"
#include "scene/scene_description.h"

#include "core/base/error.h"
#include "core/render/render_scene.h"

#include <catch2/catch.hpp>

#include <string>

using namespace tessera;
using Catch::Equals;

namespace {

// Line numbers matter below: each part starts on the line its comment says.
const char* const kScene =
    "{\n"                                                                           // 1
    "  \"camera\": { \"position\": [0, 0, 4], \"look_at\": [0, 0, 0] },\n"          // 2
    "  \"film\":\n"                                                                 // 3
    "    { \"spp\": 2 },\n"                                                         // 4
    "  \"render\": { \"threads\": 1 },\n"                                           // 5
    "  \"materials\": {\n"                                                          // 6
    "    \"white\": { \"type\": \"diffuse\" },\n"                                   // 7
    "    \"a/b\": { \"type\": \"emissive\", \"radiance\": [1, 1, 1] }\n"            // 8
    "  },\n"                                                                        // 9
    "  \"shapes\": [\n"                                                             // 10
    "    { \"type\": \"sphere\", \"material\": \"white\", \"radius\": 1 },\n"      // 11
    "\n"                                                                            // 12
    "    { \"type\": \"mesh\", \"material\": \"a/b\",\n"                            // 13
    "      \"file\": \"m.obj\" }\n"                                                 // 14
    "  ]\n"                                                                         // 15
    "}\n";

std::string scene_with(const std::string& materials, const std::string& shapes) {
  return "{ \"materials\": {" + materials + "}, \"shapes\": [" + shapes + "] }";
}

}  // namespace

TEST_CASE("the description keeps the file, JSON pointer and line of each part", "[scene_description]") {
  const SceneDescription d = parse_scene_text(kScene, "s.json", "dir/");
  CHECK(d.path == "s.json");
  CHECK(d.camera_origin.where() == "s.json: /camera");
  CHECK(d.camera_origin.line == 2);
  CHECK(d.film_origin.line == 4);  // where the value starts, not the key
  CHECK(d.render_origin.line == 5);
  CHECK(d.environment_origin.pointer == "/environment");
  CHECK(d.environment_origin.line == 0);  // not in the file
  REQUIRE(d.materials.size() == 2);
  // Materials in name order; a '/' in a name is escaped in the pointer (RFC 6901).
  CHECK(d.materials[0].name == "a/b");
  CHECK(d.materials[0].origin.where() == "s.json: /materials/a~1b");
  CHECK(d.materials[0].origin.line == 8);
  CHECK(d.materials[1].origin.line == 7);
  REQUIRE(d.shapes.size() == 2);
  CHECK(d.shapes[0].origin.where() == "s.json: /shapes/0");
  CHECK(d.shapes[0].origin.line == 11);
  CHECK(d.shapes[1].origin.where() == "s.json: /shapes/1");
  CHECK(d.shapes[1].origin.line == 13);
  CHECK(d.shapes[1].type == ShapeType::Mesh);
  CHECK(d.shapes[1].file == "m.obj");
  CHECK(d.shapes[1].path == "dir/m.obj");
  CHECK(d.shapes[1].material == 0);
  CHECK(d.shapes[1].origin.child("file").where() == "s.json: /shapes/1/file");
  CHECK(d.film.spp == 2);
  CHECK(d.threads == 1);
}

TEST_CASE("lines are found past strings with brackets, escapes and a byte order mark", "[scene_description]") {
  const std::string text =
      "\xEF\xBB\xBF{ \"materials\": { \"w\\\"}]\": { \"type\": \"diffuse\" } },\n"
      "\"shapes\": [ { \"type\": \"sphere\", \"material\": \"w\\\"}]\", \"radius\": 1 },\n"
      "  { \"type\": \"triangles\", \"material\": \"w\\\"}]\", \"positions\": [[0,0,0],\n[1,0,0],\n[0,1,0]],\n"
      "    \"indices\": [0, 1, 2] },\n"
      "  { \"type\": \"sphere\", \"material\": \"w\\\"}]\", \"radius\": 2 } ] }";
  const SceneDescription d = parse_scene_text(text, "s.json", "");
  REQUIRE(d.shapes.size() == 3);
  CHECK(d.materials[0].origin.line == 1);
  CHECK(d.shapes[0].origin.line == 2);
  CHECK(d.shapes[1].origin.line == 3);
  CHECK(d.shapes[2].origin.line == 7);
}

TEST_CASE("an emissive shape too small for float areas is an error naming it", "[scene_description][bad_input]") {
  // A quad scaled by 1e-20: its triangles are not degenerate (the cross product
  // is a denormal 1e-40), but their area underflows to 0 in floats.
  const std::string quad = R"({ "type": "quad", "material": "glow", "corner": [0, 0, 0], "edge1": [1, 0, 0],
      "edge2": [0, 1, 0], "transform": { "scale": 1e-20 } })";
  const std::string materials = R"("glow": { "type": "emissive", "radiance": [1, 1, 1] }, "grey": { "type": "diffuse" })";
  const std::string sphere = R"({ "type": "sphere", "material": "grey", "radius": 1 })";
  const SceneDescription d = parse_scene_text(scene_with(materials, sphere + ", " + quad), "tiny.json", "");
  REQUIRE_THROWS_WITH(build_scene(d), Equals("tiny.json: /shapes/1: emits light but has zero area in 32-bit floats "
                                             "(too small to be sampled)"));
  // The same quad, not emitting: fine.
  const SceneDescription grey = parse_scene_text(
      scene_with(materials, sphere + ", " + std::string(quad).replace(quad.find("glow"), 4, "grey")), "tiny.json", "");
  CHECK(build_scene(grey).geometry.meshes.size() == 1);
  // An emissive sphere of radius 1e-30.
  const SceneDescription s = parse_scene_text(
      scene_with(materials, sphere + R"(, { "type": "sphere", "material": "glow", "radius": 1e-30 })"), "dot.json", "");
  REQUIRE_THROWS_WITH(build_scene(s), Equals("dot.json: /shapes/1: emits light but has zero area in 32-bit floats "
                                             "(too small to be sampled)"));
}

TEST_CASE("a shape a transform collapses is an error naming it", "[scene_description][bad_input]") {
  // Valid values (edges span an area, scale is not zero) whose triangles have
  // zero area in floats once transformed.
  const std::string materials = R"("grey": { "type": "diffuse" })";
  const SceneDescription d = parse_scene_text(
      scene_with(materials, R"({ "type": "sphere", "material": "grey", "radius": 1 },
        { "type": "box", "material": "grey", "min": [0, 0, 0], "max": [1, 1, 1], "transform": { "scale": 1e-30 } })"),
      "flat.json", "");
  REQUIRE_THROWS_WITH(build_scene(d), Equals("flat.json: /shapes/1: every triangle is degenerate (zero area) after "
                                             "the transform; nothing to render"));
}

TEST_CASE("RenderScene builds its lights and names a shape it refuses", "[scene_description]") {
  Material glow;
  glow.emission = Vec3(1.0f);
  SceneGeometry g;
  g.add_sphere({Vec3(0.0f), 1.0f}, 0);
  const RenderScene scene(g, {glow}, CameraParams{});
  CHECK(scene.lights.size() == 1);  // built by the constructor: nothing else to call
  CHECK(scene.origins.of(ShapeKind::Sphere, 0) == "sphere 0");

  ShapeOrigins origins;
  origins.spheres = {"x.json: /shapes/4"};
  SceneGeometry bad;
  bad.add_sphere({Vec3(0.0f), 1.0f}, 3);
  REQUIRE_THROWS_WITH(RenderScene(bad, {glow}, CameraParams{}, Vec3(0.0f), origins),
                      Equals("x.json: /shapes/4: material 3 does not exist (the scene has 1)"));
}

TEST_CASE("an override is written into the film block and named by its source", "[scene_description]") {
  SceneDescription d = parse_scene_text(kScene, "s.json", "");
  set_film_value(d, "max_depth", 7, "--max-depth");
  CHECK(d.film.max_depth == 7);
  CHECK(d.film.spp == 2);  // the file's
  CHECK(d.document["film"]["max_depth"] == 7);
  REQUIRE_THROWS_WITH(set_film_value(d, "resolution", {0, 5}, "--resolution"),
                      Equals("--resolution: /film/resolution/0: must be in [1, 65536], got 0"));
  // A film block the file does not have is made.
  SceneDescription e = parse_scene_text(scene_with(R"("w": { "type": "diffuse" })",
                                                   R"({ "type": "sphere", "material": "w", "radius": 1 })"), "e.json", "");
  set_film_value(e, "seed", 3u, "--seed");
  CHECK(e.film.seed == 3);
  const nlohmann::json canonical = nlohmann::json::parse(canonical_description(e));
  CHECK(canonical["film"]["seed"] == 3);
  CHECK(canonical["film"]["spp"] == 16);  // every film setting written out, defaults too
  CHECK(!canonical.contains("render"));
}

TEST_CASE("material blocks are read through the material registry's parameter lists", "[scene_description]") {
  // The parser names no material: Lambert's kParams give "albedo" and its range.
  const MaterialParamList diffuse = material_params(MaterialKind::Diffuse);
  REQUIRE(diffuse.count == 1);
  CHECK(std::string(diffuse.begin()->name) == "albedo");
  const std::string sphere = R"({"type": "sphere", "material": "m", "radius": 1})";
  const SceneDescription desc =
      parse_scene_text(scene_with(R"("m": {"type": "diffuse", "albedo": [0.25, 0.5, 1], "emission": [2, 0, 0]})", sphere),
                       "r.json", "");
  REQUIRE(desc.materials.size() == 1);
  CHECK(desc.materials[0].material.kind == MaterialKind::Diffuse);
  CHECK(desc.materials[0].material.albedo == Vec3(0.25f, 0.5f, 1.0f));
  CHECK(desc.materials[0].material.emission == Vec3(2.0f, 0.0f, 0.0f));
  CHECK_THROWS_WITH(parse_scene_text(scene_with(R"("m": {"type": "diffuse", "roughness": 0.5})", sphere), "r.json", ""),
                    Equals("r.json: /materials/m/roughness: unknown key \"roughness\" (expected one of: type, emission, "
                           "emission_strength, two_sided, albedo, normal_map, alpha, alpha_cutoff)"));
  CHECK_THROWS_WITH(parse_scene_text(scene_with(R"("m": {"type": "diffuse", "albedo": [0.5, 2, 0]})", sphere), "r.json", ""),
                    Equals("r.json: /materials/m/albedo: each channel must be in [0, 1]"));
  CHECK_THROWS_WITH(parse_scene_text(scene_with(R"("m": {"type": "velvet"})", sphere), "r.json", ""),
                    Equals("r.json: /materials/m/type: unknown material type \"velvet\" (expected diffuse, conductor, "
                           "dielectric, coated, principled or emissive)"));
}

TEST_CASE("coated and principled materials read their keys, and name the place of a bad one", "[scene_description]") {
  const std::string sphere = R"({"type": "sphere", "material": "m", "radius": 1})";
  const SceneDescription desc = parse_scene_text(
      scene_with(R"("m": {"type": "principled", "base_color": [0.9, 0.5, 0.1], "metallic": 0.25, "roughness": 0.5,
                          "ior": 1.33, "transmission": 0.75, "clearcoat": 1, "clearcoat_roughness": 0.125,
                          "emission": [1, 0.5, 0], "emission_strength": 4},
                  "c": {"type": "coated", "albedo": [0.2, 0.4, 0.6], "ior": 1.6, "roughness": 0.3})",
                 sphere),
      "r.json", "");
  REQUIRE(desc.materials.size() == 2);  // in name order: c, m
  const Material& p = desc.materials[1].material;
  CHECK(p.kind == MaterialKind::Principled);
  CHECK(p.albedo == Vec3(0.9f, 0.5f, 0.1f));  // base_color is the albedo field
  CHECK(p.metallic == 0.25f);
  CHECK(p.roughness == 0.5f);
  CHECK(p.ior == 1.33f);
  CHECK(p.transmission == 0.75f);
  CHECK(p.clearcoat == 1.0f);
  CHECK(p.clearcoat_roughness == 0.125f);
  CHECK(p.emission == Vec3(4.0f, 2.0f, 0.0f));  // emission times emission_strength
  {  // an emissive principled surface is an area light of that radiance
    SceneGeometry g;
    g.add_sphere({Vec3(0.0f), 1.0f}, 0);
    const RenderScene scene(g, {p}, CameraParams{});
    REQUIRE(scene.lights.size() == 1);
    int lit = 0;  // samples on the far side of the sphere see its back face: black
    for (float u : {0.1f, 0.3f, 0.5f, 0.7f, 0.9f}) {
      const LightLiSample ls = scene.lights.light(0).sample_li(Vec3(0, 0, 5), {u, u});
      if (!ls.valid() || is_black(ls.L)) continue;
      ++lit;
      CHECK(ls.L == Vec3(4.0f, 2.0f, 0.0f));
    }
    CHECK(lit > 0);
  }
  const Material& c = desc.materials[0].material;
  CHECK(c.kind == MaterialKind::Coated);
  CHECK(c.albedo == Vec3(0.2f, 0.4f, 0.6f));
  CHECK(c.ior == 1.6f);
  CHECK(c.roughness == 0.3f);
  CHECK(c.coated_base == 0);  // "diffuse" unless "base" says otherwise
  const SceneDescription lacquer = parse_scene_text(
      scene_with(R"("m": {"type": "coated", "base": "conductor", "metal": "Cu", "base_roughness": 0.4})", sphere),
      "r.json", "");
  CHECK(lacquer.materials[0].material.coated_base == 1);
  CHECK(lacquer.materials[0].material.metal == 2);  // kMetalNames: Au, Ag, Cu, Al
  CHECK(lacquer.materials[0].material.base_roughness == 0.4f);

  const auto error_of = [&](const std::string& material) {
    try {
      parse_scene_text(scene_with(R"("m": )" + material, sphere), "r.json", "");
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(error_of(R"({"type": "principled", "metallic": 1.5})") == "r.json: /materials/m/metallic: must be in [0.0, 1.0], got 1.5");
  CHECK(error_of(R"({"type": "principled", "metallic": "yes"})") ==
        "r.json: /materials/m/metallic: expected a number, found string");
  CHECK(error_of(R"({"type": "principled", "base_color": [1, 0.5]})").rfind("r.json: /materials/m/base_color: ", 0) == 0);
  CHECK(error_of(R"({"type": "principled", "base_color": [1, 2, 0]})") ==
        "r.json: /materials/m/base_color: each channel must be in [0, 1]");
  CHECK(error_of(R"({"type": "principled", "ior": 0})") == "r.json: /materials/m/ior: must be > 0");
  CHECK(error_of(R"({"type": "principled", "emission_strength": -1})") ==
        "r.json: /materials/m/emission_strength: must be in [0.0, 1000000000.0], got -1");
  CHECK(error_of(R"({"type": "coated", "clearcoat": 1})").rfind(
            "r.json: /materials/m/clearcoat: unknown key \"clearcoat\"", 0) == 0);
  CHECK(error_of(R"({"type": "coated", "base": "wood"})").rfind("r.json: /materials/m/base: ", 0) == 0);
  CHECK(error_of(R"({"type": "coated", "base": 1})").rfind("r.json: /materials/m/base: ", 0) == 0);
  CHECK(error_of(R"({"type": "coated", "roughness": -0.1})") == "r.json: /materials/m/roughness: must be in [0.0, 1.0], got -0.1");
}
