// glTF 2.0 models (scene/gltf_loader.h) from files the tests write: node
// transforms, index widths, primitives with their materials, textures and
// samplers, cameras, lights, .glb, and the exact error of each malformed case.

#include "scene/gltf_loader.h"
#include "scene/model.h"
#include "tests/scene/gltf_test_files.h"
#include "tests/test_files.h"

#include "core/base/error.h"
#include "core/base/warning.h"

#include <catch2/catch.hpp>
#include <stb_image_write.h>

#include <string>
#include <sys/stat.h>
#include <vector>

using namespace tessera;

namespace {

std::string write_gltf(const std::string& name, const std::string& text) {
  const std::filesystem::path path = test_case_dir("gltf") / name;
  write_test_file(path, text);
  return path.string();
}

// The loader's Error message for `path`, "" when it loads.
std::string load_error(const std::string& path) {
  try {
    load_model(path, Transform{});
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

struct Warnings {
  std::vector<std::string> list;
  WarningHandler previous;
  Warnings() { previous = set_warning_handler([this](const std::string& m) { list.push_back(m); }); }
  ~Warnings() { set_warning_handler(previous); }
};

bool near(const Vec3& a, const Vec3& b) { return length(a - b) < 1e-5f; }

}  // namespace

TEST_CASE("glTF node transforms (TRS and matrix) compose down the hierarchy", "[gltf][scene]") {
  GltfBuilder b;
  const int mesh = b.mesh(nlohmann::json::array({triangle_primitive(b)}));
  // child: rotated 90 degrees about z (quaternion), then scaled by 2 first; parent: translated by (10, 0, 0).
  const int child = b.node({{"mesh", mesh}, {"scale", {2, 2, 2}}, {"rotation", {0, 0, 0.70710678, 0.70710678}}});
  const int parent = b.node({{"children", {child}}, {"translation", {10, 0, 0}}});
  // A matrix node (column-major): translate (0, 0, 5).
  const int matrix = b.node({{"mesh", mesh}, {"matrix", {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 5, 1}}});
  b.scene({parent, matrix});
  const Model m = load_model(write_gltf("hierarchy.gltf", b.gltf()), Transform::translate(Vec3(0, 100, 0)));
  REQUIRE(m.meshes.size() == 2);
  // (1, 0, 0) -> scale (2, 0, 0) -> rotate (0, 2, 0) -> (10, 2, 0) -> placed (10, 102, 0).
  CHECK(near(m.meshes[0].vertex(0), Vec3(10, 100, 0)));
  CHECK(near(m.meshes[0].vertex(1), Vec3(10, 102, 0)));
  CHECK(near(m.meshes[0].vertex(2), Vec3(8, 100, 0)));
  CHECK(near(m.meshes[1].vertex(1), Vec3(1, 100, 5)));
  CHECK(near(m.bounds_min, Vec3(0, 100, 0)));
  CHECK(near(m.bounds_max, Vec3(10, 102, 5)));
}

TEST_CASE("glTF indices of every width, and primitives without indices", "[gltf][scene]") {
  GltfBuilder b;
  const int pos = b.positions({0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0});
  const nlohmann::json attributes = {{"POSITION", pos}};
  const int i8 = b.indices8({0, 1, 2});
  const int i16 = b.indices16({1, 3, 2, 0, 1, 2});
  const int i32 = b.indices32({2, 1, 3});
  const int mesh = b.mesh({{{"attributes", attributes}, {"indices", i8}},
                           {{"attributes", attributes}, {"indices", i16}},
                           {{"attributes", attributes}, {"indices", i32}},
                           {{"attributes", attributes}}});  // none: consecutive triples (one triangle, one left over)
  b.scene({b.node({{"mesh", mesh}})});
  const Model m = load_model(write_gltf("indices.gltf", b.gltf()), Transform{});
  REQUIRE(m.meshes.size() == 4);
  CHECK(m.meshes[0].triangle_count() == 1);
  CHECK(m.meshes[1].triangle_count() == 2);
  CHECK(m.meshes[1].index(0, 1) == 3);
  CHECK(m.meshes[2].index(0, 0) == 2);
  CHECK(m.meshes[3].triangle_count() == 1);
  CHECK(m.meshes[3].index(0, 2) == 2);
}

TEST_CASE("glTF primitives keep their own materials, mapped onto principled", "[gltf][scene]") {
  GltfBuilder b;
  b.doc["extensionsUsed"] = {"KHR_materials_emissive_strength", "KHR_materials_ior", "KHR_materials_transmission"};
  b.doc["materials"] = {
      {{"name", "red"},
       {"pbrMetallicRoughness", {{"baseColorFactor", {1, 0, 0, 0.25}}, {"metallicFactor", 0.5}, {"roughnessFactor", 0.25}}},
       {"alphaMode", "MASK"},
       {"alphaCutoff", 0.3},
       {"doubleSided", true}},
      {{"emissiveFactor", {1, 0.5, 0}},
       {"extensions",
        {{"KHR_materials_emissive_strength", {{"emissiveStrength", 4}}},
         {"KHR_materials_ior", {{"ior", 1.33}}},
         {"KHR_materials_transmission", {{"transmissionFactor", 0.75}}}}}}};
  const int mesh = b.mesh({triangle_primitive(b, -1, 1), triangle_primitive(b, -1, 0), triangle_primitive(b)});
  b.scene({b.node({{"mesh", mesh}})});
  const Model m = load_model(write_gltf("materials.gltf", b.gltf()), Transform{});
  REQUIRE(m.meshes.size() == 3);
  REQUIRE(m.materials.size() == 3);  // two, and glTF's default for the primitive without one
  CHECK(m.meshes[0].material() == 1);
  CHECK(m.meshes[1].material() == 0);
  CHECK(m.meshes[2].material() == 2);
  const Material& red = m.materials[0].material;
  CHECK(std::string(material_kind_name(red.kind)) == "principled");
  CHECK(m.materials[0].name == "red");
  CHECK(m.materials[0].origin.where() == m.materials[0].origin.file + ": /materials/0");
  CHECK(near(red.albedo, Vec3(1, 0, 0)));
  CHECK(red.metallic == Approx(0.5f));
  CHECK(red.roughness == Approx(0.25f));
  CHECK(red.alpha == Approx(0.25f));
  CHECK(red.alpha_cutoff == Approx(0.3f));
  CHECK(red.has_alpha());
  CHECK(red.two_sided);
  const Material& glow = m.materials[1].material;
  CHECK(near(glow.emission, Vec3(4, 2, 0)));
  CHECK(glow.ior == Approx(1.33f));
  CHECK(glow.transmission == Approx(0.75f));
  CHECK_FALSE(glow.has_alpha());
  const Material& fallback = m.materials[2].material;
  CHECK(near(fallback.albedo, Vec3(1.0f)));
  CHECK(fallback.metallic == 1.0f);
  CHECK(fallback.roughness == 1.0f);
}

TEST_CASE("glTF textures: files resolved, factors kept, each wrap mode, uv transform, channels", "[gltf][scene]") {
  const std::filesystem::path dir = test_case_dir("gltf");
  const unsigned char px[4] = {255, 0, 0, 255};
  REQUIRE(stbi_write_png((dir / "t.png").string().c_str(), 1, 1, 4, px, 4));
  GltfBuilder b;
  b.doc["extensionsUsed"] = {"KHR_texture_transform", "EXT_meshopt_compression", "KHR_materials_sheen"};
  b.doc["images"] = {{{"uri", "t.png"}}, {{"uri", "missing.png"}}};
  b.doc["samplers"] = {{{"wrapS", 10497}, {"wrapT", 10497}}, {{"wrapS", 33071}, {"wrapT", 33071}},
                       {{"wrapS", 33648}, {"wrapT", 33071}}};  // mirrored along u, clamped along v
  b.doc["textures"] = {{{"source", 0}, {"sampler", 0}}, {{"source", 0}, {"sampler", 1}},
                       {{"source", 0}, {"sampler", 2}}, {{"source", 1}}};
  b.doc["materials"] = {
      {{"pbrMetallicRoughness",
        {{"baseColorFactor", {0.5, 0.5, 0.5, 1}},
         {"baseColorTexture",
          {{"index", 0},
           {"extensions", {{"KHR_texture_transform", {{"scale", {2, 4}}, {"offset", {0.5, 0.25}}}}}}}},
         {"metallicFactor", 0.5},
         {"metallicRoughnessTexture", {{"index", 1}}}}},
       {"normalTexture", {{"index", 2}}}},
      {{"pbrMetallicRoughness", {{"baseColorTexture", {{"index", 3}}}}}}};
  const int uv = b.uvs({0, 0, 1, 0, 0, 1});
  nlohmann::json prim = triangle_primitive(b, -1, 0);
  prim["attributes"]["TEXCOORD_0"] = uv;
  b.scene({b.node({{"mesh", b.mesh({prim})}})});
  Warnings warnings;
  const Model m = load_model(write_gltf("textures.gltf", b.gltf()), Transform{});
  REQUIRE(m.textures.size() == 4);  // base colour, metallic (B), roughness (G), normal; the missing image none
  const TextureDescription& base = m.textures[0];
  CHECK(base.path == (dir / "t.png").string());
  CHECK(base.srgb);
  CHECK(base.texture.wrap == TextureWrap::Repeat);
  CHECK(near(base.texture.factor, Vec3(0.5f)));
  // glTF's v runs down: uv' = uv * (2, 4) + (0.5, 0.25) becomes t' = t * 4 + (1 - 4 - 0.25).
  CHECK(base.texture.uv_scale.x == 2.0f);
  CHECK(base.texture.uv_scale.y == 4.0f);
  CHECK(base.texture.uv_offset.x == 0.5f);
  CHECK(base.texture.uv_offset.y == Approx(-3.25f));
  CHECK(m.textures[1].channel == TextureChannel::B);
  CHECK(m.textures[1].texture.wrap == TextureWrap::Clamp);
  CHECK(near(m.textures[1].texture.factor, Vec3(0.5f)));
  CHECK(m.textures[2].channel == TextureChannel::G);
  CHECK_FALSE(m.textures[3].srgb);
  CHECK(m.textures[3].texture.wrap == TextureWrap::Mirror);
  CHECK(m.textures[3].texture.wrap_v == TextureWrap::Clamp);
  CHECK_FALSE(base.texture.wrap_v.has_value());
  const Material& mat = m.materials[0].material;
  CHECK(mat.textures.size() == 3);
  CHECK(mat.normal_map == 3);
  // UVs: v flipped.
  CHECK(m.meshes[0].uv(2).y == 0.0f);
  CHECK(m.meshes[0].uv(0).y == 1.0f);
  // One warning lists the unsupported extensions; the missing image is named.
  int extension_warnings = 0, missing = 0;
  for (const std::string& w : warnings.list) {
    extension_warnings += w.find("glTF extensions not supported (ignored): EXT_meshopt_compression, "
                                 "KHR_materials_sheen") != std::string::npos;
    missing += w.find("missing.png not found") != std::string::npos;
  }
  CHECK(extension_warnings == 1);
  CHECK(missing == 1);
}

TEST_CASE("glTF cameras: the first, or one by node or camera name; an unknown name lists them", "[gltf][scene]") {
  GltfBuilder b;
  b.doc["cameras"] = {{{"name", "wide"}, {"type", "perspective"}, {"perspective", {{"yfov", 1.0}, {"znear", 0.1}}}},
                      {{"name", "tele"}, {"type", "perspective"}, {"perspective", {{"yfov", 0.2}, {"znear", 0.1}}}}};
  const int mesh = b.mesh({triangle_primitive(b)});
  const int first = b.node({{"name", "front"}, {"camera", 0}, {"translation", {0, 0, 10}}});
  // Turned 90 degrees about y: looks along -x.
  const int second = b.node({{"camera", 1}, {"translation", {5, 0, 0}}, {"rotation", {0, 0.70710678, 0, 0.70710678}}});
  b.scene({b.node({{"mesh", mesh}}), first, second});
  const std::string path = write_gltf("cameras.gltf", b.gltf());
  const Model m = load_model(path, Transform::translate(Vec3(1, 0, 0)));
  REQUIRE(m.camera);
  CHECK(near(m.camera->position, Vec3(1, 0, 10)));
  CHECK(near(m.camera->look_at, Vec3(1, 0, 9)));
  CHECK(m.camera->vertical_fov == Approx(57.29578f));
  const Model tele = load_model(path, Transform{}, ModelOptions{"tele"});
  REQUIRE(tele.camera);
  CHECK(near(tele.camera->position, Vec3(5, 0, 0)));
  CHECK(near(tele.camera->look_at, Vec3(4, 0, 0)));
  CHECK(load_model(path, Transform{}, ModelOptions{"front"}).camera->vertical_fov == Approx(57.29578f));
  // An orthographic camera is passed over as the default and refused by name.
  b.doc["cameras"][0] = {{"name", "plan"}, {"type", "orthographic"},
                         {"orthographic", {{"xmag", 1}, {"ymag", 1}, {"znear", 0.1}, {"zfar", 10}}}};
  const std::string ortho = write_gltf("ortho.gltf", b.gltf());
  CHECK(near(load_model(ortho, Transform{}).camera->position, Vec3(5, 0, 0)));
  CHECK(load_error(ortho).empty());
  try {
    load_model(ortho, Transform{}, ModelOptions{"plan"});
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) == ortho + ": camera \"plan\" is orthographic (only perspective cameras are supported)");
  }
  try {
    load_model(path, Transform{}, ModelOptions{"nope"});
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) == path + ": no camera named \"nope\" (the file has front, tele)");
  }
}

TEST_CASE("glTF KHR_lights_punctual: point, spot and directional lights placed by their nodes", "[gltf][scene]") {
  GltfBuilder b;
  b.doc["extensionsUsed"] = {"KHR_lights_punctual"};
  b.doc["extensions"] = {{"KHR_lights_punctual",
                          {{"lights",
                            {{{"type", "point"}, {"color", {1, 0.5, 0}}, {"intensity", 10}},
                             {{"type", "spot"}, {"intensity", 2}, {"spot", {{"innerConeAngle", 0.1}, {"outerConeAngle", 0.5}}}},
                             {{"type", "directional"}, {"intensity", 3}}}}}}};
  const int ext0 = b.node({{"translation", {0, 2, 0}}, {"extensions", {{"KHR_lights_punctual", {{"light", 0}}}}}});
  const int ext1 = b.node({{"translation", {0, 0, 3}}, {"extensions", {{"KHR_lights_punctual", {{"light", 1}}}}}});
  const int ext2 = b.node({{"extensions", {{"KHR_lights_punctual", {{"light", 2}}}}}});
  b.scene({b.node({{"mesh", b.mesh({triangle_primitive(b)})}}), ext0, ext1, ext2});
  Warnings warnings;
  const Model m = load_model(write_gltf("lights.gltf", b.gltf()), Transform{});
  CHECK(warnings.list.empty());
  REQUIRE(m.lights.size() == 3);
  CHECK(m.lights[0].type == LightType::Point);
  CHECK(near(m.lights[0].position, Vec3(0, 2, 0)));
  CHECK(near(m.lights[0].color, Vec3(10, 5, 0)));
  CHECK(m.lights[1].type == LightType::Spot);
  CHECK(near(m.lights[1].look_at, Vec3(0, 0, 2)));
  CHECK(m.lights[1].cutoff_angle == Approx(28.64789f));
  CHECK(m.lights[1].beam_width == Approx(5.729578f));
  CHECK(m.lights[2].type == LightType::Directional);
  CHECK(near(m.lights[2].direction, Vec3(0, 0, -1)));
  CHECK(near(m.lights[2].color, Vec3(3.0f)));
}

TEST_CASE("a .glb file loads like the same .gltf", "[gltf][scene]") {
  GltfBuilder b;
  b.scene({b.node({{"mesh", b.mesh({triangle_primitive(b, -1)})}, {"translation", {0, 0, -2}}})});
  const Model m = load_model(write_gltf("tiny.glb", b.glb()), Transform{});
  REQUIRE(m.meshes.size() == 1);
  CHECK(near(m.meshes[0].vertex(2), Vec3(0, 1, -2)));
}

TEST_CASE("glTF accessors are checked before they are read", "[gltf][scene]") {
  SECTION("an index out of range") {
    GltfBuilder b;
    const int idx = b.indices16({0, 1, 7});
    b.scene({b.node({{"mesh", b.mesh({triangle_primitive(b, idx)})}})});
    const std::string path = write_gltf("index.gltf", b.gltf());
    CHECK(load_error(path) == path + ": accessor 0: index 7 at position 2 is out of range (3 vertices)");
  }
  SECTION("a buffer view past the end of its buffer") {
    GltfBuilder b;
    b.scene({b.node({{"mesh", b.mesh({triangle_primitive(b)})}})});
    b.doc["bufferViews"][0]["byteLength"] = 400;
    const std::string path = write_gltf("view.gltf", b.gltf());
    CHECK(load_error(path) ==
          path + ": accessor 0: buffer view 0 (bytes 0 to 400) reaches past the end of buffer 0 (36 bytes)");
  }
  SECTION("an accessor past the end of its buffer view") {
    GltfBuilder b;
    b.scene({b.node({{"mesh", b.mesh({triangle_primitive(b)})}})});
    b.doc["accessors"][0]["count"] = 4;
    const std::string path = write_gltf("count.gltf", b.gltf());
    CHECK(load_error(path) == path + ": accessor 0: 4 elements from byte 0 reach past the end of buffer view 0 (36 bytes)");
  }
  SECTION("an accessor starting past its buffer view, and a huge count") {
    GltfBuilder b;
    b.scene({b.node({{"mesh", b.mesh({triangle_primitive(b)})}})});
    b.doc["accessors"][0]["byteOffset"] = 40;
    const std::string path = write_gltf("offset.gltf", b.gltf());
    CHECK(load_error(path) == path + ": accessor 0: starts at byte 40, past the end of buffer view 0 (36 bytes)");
    b.doc["accessors"][0]["byteOffset"] = 0;
    b.doc["accessors"][0]["count"] = uint64_t(1) << 62;  // count * stride overflows 64 bits
    const std::string huge = write_gltf("huge.gltf", b.gltf());
    CHECK(load_error(huge) ==
          huge + ": accessor 0: 4611686018427387904 elements from byte 0 reach past the end of buffer view 0 (36 bytes)");
  }
  SECTION("an image whose buffer view reaches past its buffer (tinygltf hands it over unchecked)") {
    GltfBuilder b;
    nlohmann::json p = triangle_primitive(b);
    b.doc["bufferViews"].push_back({{"buffer", 0}, {"byteOffset", 8}, {"byteLength", 4000}});
    b.doc["images"] = {{{"bufferView", 1}, {"mimeType", "image/png"}}};
    b.scene({b.node({{"mesh", b.mesh({p})}})});
    const std::string path = write_gltf("image_view.glb", b.glb());
    CHECK(load_error(path) ==
          path + ": image 0: buffer view 1 (bytes 8 to 4008) reaches past the end of buffer 0 (36 bytes)");
  }
  SECTION("a wrong component type") {
    GltfBuilder b;
    b.scene({b.node({{"mesh", b.mesh({triangle_primitive(b)})}})});
    b.doc["accessors"][0]["componentType"] = 5123;
    const std::string path = write_gltf("type.gltf", b.gltf());
    CHECK(load_error(path) ==
          path + ": accessor 0: POSITION must have 3 component(s) of FLOAT, got 3 of UNSIGNED_SHORT");
  }
  SECTION("an accessor that does not exist (tinygltf's own check)") {
    GltfBuilder b;
    nlohmann::json p = triangle_primitive(b);
    p["indices"] = 9;
    b.scene({b.node({{"mesh", b.mesh({p})}})});
    const std::string path = write_gltf("missing_accessor.gltf", b.gltf());
    CHECK(load_error(path) == path + ": primitive indices accessor out of bounds");
  }
}

TEST_CASE("glTF files that cannot be read: missing buffer file, bad JSON, not a file", "[gltf][scene]") {
  SECTION("a missing external buffer") {
    GltfBuilder b;
    b.scene({b.node({{"mesh", b.mesh({triangle_primitive(b)})}})});
    const std::string path = write_gltf("external.gltf", b.gltf_external("gone.bin"));
    const std::string error = load_error(path);
    CHECK(error.rfind(path + ": ", 0) == 0);
    CHECK(error.find("gone.bin") != std::string::npos);
  }
  SECTION("an external buffer that is a FIFO is refused, not waited on") {
    GltfBuilder b;
    b.scene({b.node({{"mesh", b.mesh({triangle_primitive(b)})}})});
    const std::string path = write_gltf("fifo.gltf", b.gltf_external("fifo.bin"));
    const std::string fifo = (std::filesystem::path(path).parent_path() / "fifo.bin").string();
    std::filesystem::remove(fifo);
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    const std::string error = load_error(path);
    CHECK(error.rfind(path + ": ", 0) == 0);
    CHECK(error.find("fifo.bin") != std::string::npos);
  }
  SECTION("an external buffer that loads") {
    GltfBuilder b;
    b.scene({b.node({{"mesh", b.mesh({triangle_primitive(b)})}})});
    const std::string path = write_gltf("external_ok.gltf", b.gltf_external("here.bin"));
    write_test_file(std::filesystem::path(path).parent_path() / "here.bin", b.bin);
    CHECK(load_error(path) == "");
    const std::vector<std::string> files = model_files(path);
    REQUIRE(files.size() == 2);
    CHECK(files[1] == (std::filesystem::path(path).parent_path() / "here.bin").string());
  }
  SECTION("bad JSON names the line") {
    const std::string path = write_gltf("bad.gltf", "{\n  \"asset\": {\"version\": \"2.0\"},\n  \"nodes\": [,]\n}\n");
    CHECK(load_error(path).rfind(path + ":3:", 0) == 0);
  }
  SECTION("no such file") {
    const std::string path = (test_case_dir("gltf") / "none.glb").string();
    CHECK(load_error(path) == path + ": mesh file not found");
  }
  SECTION("an unknown extension") {
    CHECK(load_error("model.fbx") == "model.fbx: unknown model format \".fbx\" (expected .gltf, .glb, .obj or .ply)");
  }
  SECTION("a model without triangles") {
    GltfBuilder b;
    nlohmann::json p = triangle_primitive(b);
    p["mode"] = 1;  // lines
    b.scene({b.node({{"mesh", b.mesh({p})}})});
    const std::string path = write_gltf("lines.gltf", b.gltf());
    Warnings warnings;
    CHECK(load_error(path) == path + ": no triangles to render (no node places a mesh with triangles)");
    REQUIRE(warnings.list.size() == 1);
    CHECK(warnings.list[0] ==
          path + ": 1 primitive(s) not made of triangles (points, lines, strips or fans) skipped");
  }
}
