#include "scene/obj_model.h"

#include "core/base/error.h"
#include "core/base/warning.h"

#include "tests/test_files.h"

#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

using namespace tessera;
using Catch::Equals;

namespace {

namespace fs = std::filesystem;

// Files of one test case: write(name, text) puts them side by side.
struct Files {
  fs::path dir = test_case_dir("obj_model");
  std::string write(const std::string& name, const std::string& text) const {
    write_test_file(dir / name, text);
    return (dir / name).string();
  }
  std::string path(const std::string& name) const { return (dir / name).string(); }
};

// Collects warnings while alive.
struct Warnings {
  std::vector<std::string> list;
  WarningHandler previous = set_warning_handler([this](const std::string& m) { list.push_back(m); });
  ~Warnings() { set_warning_handler(previous); }
};

const MaterialDescription& material_named(const Model& model, const std::string& name) {
  for (const MaterialDescription& m : model.materials)
    if (m.name == name) return m;
  FAIL("no material " << name);
  throw 0;
}

// The texture bound to parameter `param` of `m`, or null.
const TextureDescription* bound(const Model& model, const Material& m, const char* param) {
  for (const TextureBinding& b : m.textures)
    if (std::strcmp(b.param.name, param) == 0) return &model.textures.at(b.texture);
  return nullptr;
}

bool same(Vec3 a, Vec3 b) { return a.x == Approx(b.x) && a.y == Approx(b.y) && a.z == Approx(b.z); }

// A unit square in z = 0 (two triangles) per `usemtl` name; "" = no usemtl.
std::string squares(const std::vector<std::string>& materials, const std::string& mtllib = "lib.mtl") {
  std::string obj = mtllib.empty() ? "" : "mtllib " + mtllib + "\n";
  int base = 1;
  for (const std::string& name : materials) {
    for (const char* v : {"0 0 0", "1 0 0", "1 1 0", "0 1 0"}) obj += std::string("v ") + v + "\n";
    if (!name.empty()) obj += "usemtl " + name + "\n";
    obj += "f " + std::to_string(base) + " " + std::to_string(base + 1) + " " + std::to_string(base + 2) + " " +
           std::to_string(base + 3) + "\n";
    base += 4;
  }
  return obj;
}

}  // namespace

TEST_CASE("an OBJ with several materials is one mesh per material, each naming its MTL material", "[obj_model]") {
  Files f;
  f.write("lib.mtl",
          "# three materials\n"
          "newmtl red\n"          // 2
          "Kd 0.8 0.1 0.1\n"
          "illum 1\n"
          "\n"
          "newmtl lamp\n"         // 6
          "Kd 0.5 0.5 0.5\n"
          "Ke 10 8 6\n"
          "newmtl unused\n"
          "Kd 1 1 1\n");
  // red, lamp, red again in another group: two meshes, red with 4 triangles.
  const std::string obj = f.write("box.obj", "mtllib lib.mtl\n"
                                             "v 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\n"
                                             "g first\nusemtl red\nf 1 2 3 4\n"
                                             "o lamp_object\nusemtl lamp\nf 4 3 2 1\n"
                                             "g again\nusemtl red\nf 1 2 4\nf 2 3 4\n");
  Warnings w;
  const Model model = load_obj_model(obj, Transform::translate({0, 0, 2}));
  CHECK(w.list.empty());
  REQUIRE(model.materials.size() == 2);  // "unused" is left out
  CHECK(model.materials[0].name == "red");
  CHECK(model.materials[1].name == "lamp");
  REQUIRE(model.meshes.size() == 2);
  CHECK(model.meshes[0].material() == 0);
  CHECK(model.meshes[0].triangle_count() == 4);
  CHECK(model.meshes[0].vertex_count() == 4);  // only the positions its faces name
  CHECK(model.meshes[1].material() == 1);
  CHECK(model.meshes[1].triangle_count() == 2);
  const Material& red = model.materials[0].material;
  CHECK(red.kind == MaterialKind::Diffuse);
  CHECK(same(red.albedo, {0.8f, 0.1f, 0.1f}));
  CHECK(!red.is_emissive());
  const Material& lamp = model.materials[1].material;
  CHECK(lamp.kind == MaterialKind::Diffuse);
  CHECK(same(lamp.emission, {10, 8, 6}));
  CHECK(model.materials[1].origin.where() == f.path("lib.mtl") + ": newmtl lamp");
  CHECK(model.materials[1].origin.line == 6);
  // Placed: the transform is baked in, and the bounds are the world's.
  CHECK(model.meshes[0].vertex(0).z == 2.0f);
  CHECK(same(model.bounds_min, {0, 0, 2}));
  CHECK(same(model.bounds_max, {1, 1, 2}));
  CHECK(model.textures.empty());
  CHECK(model.lights.empty());
  CHECK(!model.camera);
}

TEST_CASE("each MTL illumination model maps to its material class", "[obj_model]") {
  Files f;
  f.write("lib.mtl",
          "newmtl constant\nKd 0.2 0.3 0.4\nillum 0\n"
          "newmtl lambert\nKd 0.2 0.3 0.4\nKs 0.5 0.5 0.5\nillum 1\n"           // Ks ignored: no highlight
          "newmtl matte_phong\nKd 0.2 0.3 0.4\nKs 0 0 0\nNs 50\nillum 2\n"      // no specular colour: diffuse
          "newmtl plastic\nKd 0.2 0.3 0.4\nKs 0.5 0.5 0.5\nNs 225\nNi 1.45\nillum 2\n"
          "newmtl no_illum\nKd 0.2 0.3 0.4\nKs 0.5 0.5 0.5\n"                   // illum absent: as 2, Ns absent: 0.5
          "newmtl metal_phong\nKd 0 0 0\nKs 0.9 0.6 0.2\nNs 400\nillum 2\n"     // no diffuse colour: a metal
          "newmtl mirror\nKd 0.1 0.1 0.1\nKs 0.9 0.9 0.9\nNs 10\nillum 3\n"     // Ns ignored: sharp
          "newmtl fresnel_mirror\nKs 0.7 0.7 0.7\nillum 5\n"
          "newmtl plain_mirror\nKs 0 0 0\nKd 0.5 0.4 0.3\nillum 8\n"            // Ks black: Kd colours it
          "newmtl glass4\nNi 1.33\nillum 4\n"
          "newmtl glass6\nNi 1.7\nillum 6\n"
          "newmtl glass7\nNi 2.5\nTf 0.5 0.6 0.7\nNs 200\nillum 7\n"
          "newmtl glass9\nNi 1.0\nillum 9\n"                                    // Ni <= 1: 1.5
          "newmtl dissolved\nKd 0.2 0.3 0.4\nd 0.25\nillum 2\n"
          "newmtl tr\nKd 0.2 0.3 0.4\nTr 0.6\nillum 1\n"
          "newmtl matte\nKd 0.2 0.3 0.4\nillum 10\n"
          "newmtl bare\n");  // nothing given: diffuse 0.8
  const std::vector<std::string> names = {"constant", "lambert", "matte_phong", "plastic", "no_illum", "metal_phong",
                                          "mirror", "fresnel_mirror", "plain_mirror", "glass4", "glass6", "glass7",
                                          "glass9", "dissolved", "tr", "matte", "bare"};
  Warnings w;
  const Model model = load_obj_model(f.write("illum.obj", squares(names)), Transform{});
  CHECK(w.list.empty());
  REQUIRE(model.materials.size() == names.size());
  REQUIRE(model.meshes.size() == names.size());
  const auto get = [&](const char* name) { return material_named(model, name).material; };
  const Vec3 kd{0.2f, 0.3f, 0.4f};
  for (const char* diffuse : {"constant", "lambert", "matte_phong", "matte"}) {
    INFO(diffuse);
    CHECK(get(diffuse).kind == MaterialKind::Diffuse);
    CHECK(same(get(diffuse).albedo, kd));
  }
  const Material plastic = get("plastic");
  CHECK(plastic.kind == MaterialKind::Coated);
  CHECK(plastic.coated_base == 0);
  CHECK(same(plastic.albedo, kd));
  CHECK(plastic.roughness == Approx(0.5f));  // 1 - sqrt(225) / 30: Blender's default roughness comes back
  CHECK(plastic.ior == Approx(1.45f));
  CHECK(get("no_illum").kind == MaterialKind::Coated);
  CHECK(get("no_illum").roughness == Approx(0.5f));
  CHECK(get("no_illum").ior == Approx(1.5f));
  const Material metal = get("metal_phong");
  CHECK(metal.kind == MaterialKind::Conductor);
  CHECK(same(metal.reflectance, {0.9f, 0.6f, 0.2f}));
  CHECK(metal.roughness == Approx(1.0f - 20.0f / 30.0f));
  for (const char* mirror : {"mirror", "fresnel_mirror", "plain_mirror"}) {
    INFO(mirror);
    CHECK(get(mirror).kind == MaterialKind::Conductor);
    CHECK(get(mirror).roughness == 0.0f);
  }
  CHECK(same(get("mirror").reflectance, Vec3(0.9f)));
  CHECK(same(get("fresnel_mirror").reflectance, Vec3(0.7f)));
  CHECK(same(get("plain_mirror").reflectance, {0.5f, 0.4f, 0.3f}));
  for (const char* glass : {"glass4", "glass6", "glass7", "glass9"}) {
    INFO(glass);
    CHECK(get(glass).kind == MaterialKind::Dielectric);
    CHECK(get(glass).roughness == 0.0f);
  }
  CHECK(get("glass4").ior == Approx(1.33f));
  CHECK(get("glass6").ior == Approx(1.7f));
  CHECK(get("glass7").ior == Approx(2.5f));
  CHECK(same(get("glass7").transmittance, {0.5f, 0.6f, 0.7f}));
  CHECK(same(get("glass4").transmittance, Vec3(1.0f)));
  CHECK(get("glass9").ior == Approx(1.5f));
  const Material dissolved = get("dissolved");
  CHECK(dissolved.kind == MaterialKind::Principled);
  CHECK(dissolved.transmission == Approx(0.75f));
  CHECK(same(dissolved.albedo, kd));
  CHECK(!dissolved.has_alpha());
  CHECK(get("tr").kind == MaterialKind::Principled);
  CHECK(get("tr").transmission == Approx(0.6f));  // Tr = 1 - d
  CHECK(get("bare").kind == MaterialKind::Diffuse);
  CHECK(same(get("bare").albedo, Vec3(0.8f)));
}

TEST_CASE("MTL PBR keys (Pr, Pm, Pc, Pcr) make a principled material", "[obj_model]") {
  Files f;
  f.write("lib.mtl",
          "newmtl gold\nKd 1 0.8 0.3\nPr 0.25\nPm 1\nNi 1.6\nillum 2\nKs 0.5 0.5 0.5\n"
          "newmtl coat\nKd 0.1 0.2 0.3\nPm 0\nPc 0.8\nPcr 0.1\nNs 900\n"
          "newmtl frosted\nPr 0.4\nNi 1.5\nillum 7\n");  // glass wins over PBR: rough dielectric
  Warnings w;
  const Model model = load_obj_model(f.write("pbr.obj", squares({"gold", "coat", "frosted"})), Transform{});
  CHECK(w.list.empty());
  const Material gold = material_named(model, "gold").material;
  CHECK(gold.kind == MaterialKind::Principled);
  CHECK(same(gold.albedo, {1.0f, 0.8f, 0.3f}));
  CHECK(gold.roughness == Approx(0.25f));
  CHECK(gold.metallic == Approx(1.0f));
  CHECK(gold.ior == Approx(1.6f));
  CHECK(gold.transmission == 0.0f);
  const Material coat = material_named(model, "coat").material;
  CHECK(coat.kind == MaterialKind::Principled);
  CHECK(coat.metallic == 0.0f);
  CHECK(coat.roughness == Approx(0.0f));  // no Pr: from Ns 900
  CHECK(coat.clearcoat == Approx(0.8f));
  CHECK(coat.clearcoat_roughness == Approx(0.1f));
  const Material frosted = material_named(model, "frosted").material;
  CHECK(frosted.kind == MaterialKind::Dielectric);
  CHECK(frosted.roughness == Approx(0.4f));
}

TEST_CASE("MTL maps become textures: colour maps sRGB, data maps linear, paths resolved", "[obj_model]") {
  Files f;
  fs::create_directories(f.dir / "tex");
  for (const char* image : {"tex/albedo.png", "tex/rough.png", "tex/orm.png", "tex/normal.png", "tex/bump.png",
                            "tex/cutout.png", "tex/spec.png"})
    f.write(image, "not decoded while loading");
  f.write("lib.mtl",
          "newmtl pbr\n"
          "map_Kd -s 2 3 1 -o 0.5 0.25 0 -clamp on tex/albedo.png\n"
          "map_Pr tex/rough.png\n"
          "map_Pm -imfchan b tex/orm.png\n"
          "norm tex/normal.png\n"
          "map_d tex/albedo.png\n"  // the colour map's file: its alpha
          "newmtl plastic\nKd 1 1 1\nKs 0.5 0.5 0.5\nillum 2\n"
          "map_Kd tex/albedo.png\n"
          "map_Bump -bm 0.5 tex/bump.png\n"
          "map_d tex/cutout.png\n"  // another file: its red channel
          "newmtl chrome\nKs 1 1 1\nillum 3\nmap_Ks tex\\spec.png\n");  // a Windows path
  Warnings w;
  const Model model = load_obj_model(f.write("maps.obj", squares({"pbr", "plastic", "chrome"})), Transform{});
  CHECK(w.list.empty());
  const Material pbr = material_named(model, "pbr").material;
  REQUIRE(pbr.kind == MaterialKind::Principled);
  const TextureDescription* base = bound(model, pbr, "base_color");
  REQUIRE(base);
  CHECK(base->texture.kind == TextureKind::Image);
  CHECK(base->file == "tex/albedo.png");
  CHECK(base->path == f.path("tex/albedo.png"));
  CHECK(base->srgb);
  CHECK(base->channel == TextureChannel::Rgb);
  CHECK(base->texture.wrap == TextureWrap::Clamp);
  CHECK(base->texture.uv_scale.x == 2.0f);
  CHECK(base->texture.uv_scale.y == 3.0f);
  CHECK(base->texture.uv_offset.x == 0.5f);
  CHECK(base->texture.uv_offset.y == 0.25f);
  CHECK(base->origin.where() == f.path("lib.mtl") + ": newmtl pbr/map_Kd");
  CHECK(base->origin.line == 2);
  const TextureDescription* rough = bound(model, pbr, "roughness");
  REQUIRE(rough);
  CHECK(rough->path == f.path("tex/rough.png"));
  CHECK(!rough->srgb);
  CHECK(rough->channel == TextureChannel::R);
  CHECK(rough->texture.wrap == TextureWrap::Repeat);
  const TextureDescription* metal = bound(model, pbr, "metallic");
  REQUIRE(metal);
  CHECK(!metal->srgb);
  CHECK(metal->channel == TextureChannel::B);
  REQUIRE(pbr.normal_map != kNoTexture);
  CHECK(model.textures.at(pbr.normal_map).path == f.path("tex/normal.png"));
  CHECK(!model.textures.at(pbr.normal_map).srgb);
  REQUIRE(pbr.alpha_texture != kNoTexture);
  CHECK(model.textures.at(pbr.alpha_texture).path == f.path("tex/albedo.png"));
  CHECK(model.textures.at(pbr.alpha_texture).channel == TextureChannel::A);
  CHECK(!model.textures.at(pbr.alpha_texture).srgb);
  CHECK(pbr.alpha_cutoff == 0.5f);

  const Material plastic = material_named(model, "plastic").material;
  REQUIRE(plastic.kind == MaterialKind::Coated);
  REQUIRE(bound(model, plastic, "albedo"));
  CHECK(bound(model, plastic, "albedo")->srgb);
  REQUIRE(plastic.normal_map != kNoTexture);
  CHECK(model.textures.at(plastic.normal_map).path == f.path("tex/bump.png"));
  REQUIRE(plastic.alpha_texture != kNoTexture);
  CHECK(model.textures.at(plastic.alpha_texture).path == f.path("tex/cutout.png"));
  CHECK(model.textures.at(plastic.alpha_texture).channel == TextureChannel::R);

  const Material chrome = material_named(model, "chrome").material;
  REQUIRE(chrome.kind == MaterialKind::Conductor);
  const TextureDescription* spec = bound(model, chrome, "reflectance");
  REQUIRE(spec);
  CHECK(spec->file == "tex\\spec.png");
  CHECK(spec->path == f.path("tex/spec.png"));
  CHECK(spec->srgb);
}

TEST_CASE("a missing .mtl is one warning, and its faces get a grey diffuse default", "[obj_model][bad_input]") {
  Files f;
  const std::string obj = f.write("nomtl.obj", "# x\n" + squares({"red", "blue"}, "absent.mtl"));
  Warnings w;
  const Model model = load_obj_model(obj, Transform{});
  REQUIRE(w.list.size() == 1);  // no word about each usemtl name the missing library would define
  CHECK_THAT(w.list[0], Equals(obj + ":2: material library " + f.path("absent.mtl") +
                               " not found (No such file or directory); its materials are replaced by a grey "
                               "diffuse default"));
  REQUIRE(model.materials.size() == 1);
  CHECK(model.materials[0].name == "default");
  CHECK(model.materials[0].material.kind == MaterialKind::Diffuse);
  CHECK(same(model.materials[0].material.albedo, Vec3(0.5f)));
  CHECK(model.materials[0].origin.where() == obj + ": default material");
  REQUIRE(model.meshes.size() == 1);
  CHECK(model.meshes[0].triangle_count() == 4);
  CHECK(model.meshes[0].material() == 0);
}

TEST_CASE("an unknown usemtl name is a warning naming it; those faces and faces before any usemtl get the default",
          "[obj_model][bad_input]") {
  Files f;
  f.write("lib.mtl", "newmtl known\nKd 0 1 0\n");
  const std::string obj = f.write("unknown.obj", squares({"", "known", "ghost", "ghost"}));
  Warnings w;
  const Model model = load_obj_model(obj, Transform{});
  REQUIRE(w.list.size() == 1);  // once per name
  CHECK_THAT(w.list[0], Equals(obj + ":17: material \"ghost\" is not in any material library; a grey diffuse "
                                     "default is used"));
  REQUIRE(model.materials.size() == 2);
  CHECK(model.materials[0].name == "known");
  CHECK(model.materials[1].name == "default");
  REQUIRE(model.meshes.size() == 2);
  CHECK(model.meshes[0].triangle_count() == 2);
  CHECK(model.meshes[1].material() == 1);
  CHECK(model.meshes[1].triangle_count() == 6);  // the first square and both ghosts
}

TEST_CASE("a missing texture file is a warning naming it, and the map is dropped", "[obj_model][bad_input]") {
  Files f;
  f.write("lib.mtl", "newmtl wood\nKd 0.5 0.3 0.1\n\nmap_Kd planks.jpg\nmap_Bump missing_normal.png\n");
  Warnings w;
  const Model model = load_obj_model(f.write("tex.obj", squares({"wood"})), Transform{});
  REQUIRE(w.list.size() == 2);
  CHECK_THAT(w.list[0], Equals(f.path("lib.mtl") + ":4: material \"wood\": map_Kd texture " + f.path("planks.jpg") +
                               " not found (No such file or directory); the map is dropped"));
  CHECK_THAT(w.list[1], Equals(f.path("lib.mtl") + ":5: material \"wood\": map_Bump texture " +
                               f.path("missing_normal.png") + " not found (No such file or directory); the map is dropped"));
  const Material wood = model.materials.at(0).material;
  CHECK(wood.kind == MaterialKind::Diffuse);
  CHECK(wood.textures.empty());
  CHECK(wood.normal_map == kNoTexture);
  CHECK(same(wood.albedo, {0.5f, 0.3f, 0.1f}));
  CHECK(model.textures.empty());
}

TEST_CASE("MTL maps nothing reads are listed in one warning", "[obj_model][bad_input]") {
  Files f;
  f.write("a.png", "x");
  f.write("lib.mtl", "newmtl glow\nKd 1 1 1\nKe 1 1 1\nmap_Ke a.png\nmap_Ns a.png\nmap_d a.png\nmap_Ka a.png\n");
  Warnings w;
  const Model model = load_obj_model(f.write("unused.obj", squares({"glow"})), Transform{});
  REQUIRE(w.list.size() == 2);
  CHECK_THAT(w.list[0], Equals(f.path("lib.mtl") +
                               ":6: material \"glow\": map_d dropped (an emitting material cannot have cut-outs yet)"));
  // map_Ke is an emission texture (times Ke).
  CHECK_THAT(w.list[1], Equals(f.path("lib.mtl") + ":1: material \"glow\": map_Ka, map_Ns not used (no "
                                                   "counterpart in a diffuse material)"));
  CHECK(model.materials.at(0).material.is_emissive());
  CHECK(model.materials.at(0).material.emission_texture != kNoTexture);
  CHECK(!model.materials.at(0).material.has_alpha());
}

TEST_CASE("OBJ model polygons are fanned into triangles; vn and vt are carried", "[obj_model]") {
  Files f;
  f.write("lib.mtl", "newmtl a\nKd 1 1 1\nnewmtl b\nKd 1 1 1\n");
  const std::string obj = f.write("poly.obj",
                                  "mtllib lib.mtl\n"
                                  "v 0 0 0\nv 1 0 0\nv 2 1 0\nv 1 2 0\nv 0 1 0\n"
                                  "vt 0 0\nvt 1 0\nvt 1 0.5\nvt 0.5 1\nvt 0 1\n"
                                  "vn 0 0 1\n"
                                  "usemtl a\nf 1/1/1 2/2/1 3/3/1 4/4/1 5/5/1\n"  // a pentagon: 3 triangles
                                  "usemtl b\nf 1 2 3 4\n");                     // a quad without vt/vn: 2, flat
  const Model model = load_obj_model(obj, Transform::scale({2, 2, 2}));
  REQUIRE(model.meshes.size() == 2);
  const TriangleMesh& a = model.meshes[0];
  CHECK(a.triangle_count() == 3);
  REQUIRE(a.has_normals());
  REQUIRE(a.has_uvs());
  REQUIRE(a.vertex_count() == 5);
  for (size_t v = 0; v < 5; ++v) CHECK(same(normalize(a.normal(v)), {0, 0, 1}));
  CHECK(same(a.vertex(2), {4, 2, 0}));  // scaled
  CHECK(a.uv(2).x == 1.0f);
  CHECK(a.uv(2).y == 0.5f);
  for (size_t t = 0; t < 3; ++t) CHECK(a.index(t, 0) == 0);  // fanned from the first corner
  const TriangleMesh& b = model.meshes[1];
  CHECK(b.triangle_count() == 2);
  CHECK(!b.has_normals());
  CHECK(!b.has_uvs());
}

TEST_CASE("smoothing groups without vn give averaged normals; s off stays flat", "[obj_model][obj]") {
  Files f;
  // Two faces folded along the edge 1-2 (x axis): one facing +z, one facing +y.
  const std::string fold = "v 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 0 1\nv 1 0 1\n";
  const std::string smooth = f.write("smooth.obj", fold + "s 1\nf 1 2 3\nf 2 1 4 5\n");
  const Model model = load_obj_model(smooth, Transform{});
  REQUIRE(model.meshes.size() == 1);
  const TriangleMesh& m = model.meshes[0];
  REQUIRE(m.has_normals());
  CHECK(m.vertex_count() == 5);  // the shared edge's corners are shared
  // A corner on the fold sums its triangles' normals weighted by area: the
  // triangle's 0.5 along +z, and along +y the quad's triangles that use it
  // (fanned from (1,0,0): both use that corner, one uses (0,0,0)).
  const Vec3 n_face1 = {0, 0, 1}, n_face2 = {0, 1, 0};
  bool found_shared = false;
  for (size_t v = 0; v < m.vertex_count(); ++v) {
    const Vec3 p = m.vertex(v), n = normalize(m.normal(v));
    if (p.y == 0.0f && p.z == 0.0f) {  // on the fold
      found_shared = true;
      CHECK(same(n, normalize(n_face1 * 0.5f + n_face2 * (p.x == 1.0f ? 1.0f : 0.5f))));
    } else if (p.y == 1.0f) {
      CHECK(same(n, n_face1));
    } else {
      CHECK(same(n, n_face2));
    }
  }
  CHECK(found_shared);
  // s off (and no s at all): flat, no shading normals.
  const Model flat = load_obj_model(f.write("flat.obj", fold + "s off\nf 1 2 3\nf 2 1 4 5\n"), Transform{});
  CHECK(!flat.meshes.at(0).has_normals());
  // One face in a group, one not: the other keeps its own (flat) normal.
  const Model mixed = load_obj_model(f.write("mixed.obj", fold + "s 2\nf 1 2 3\ns off\nf 2 1 4 5\n"), Transform{});
  const TriangleMesh& x = mixed.meshes.at(0);
  REQUIRE(x.has_normals());
  CHECK(x.vertex_count() == 7);  // the fold's two corners once per face
  for (size_t t = 0; t < x.triangle_count(); ++t) {
    const Vec3 face = normalize(cross(x.corner(t, 1) - x.corner(t, 0), x.corner(t, 2) - x.corner(t, 0)));
    for (int k = 0; k < 3; ++k) CHECK(same(normalize(x.normal(x.index(t, k))), face));
  }
}

TEST_CASE("a material whose triangles are all degenerate keeps no mesh; one warning for the file",
          "[obj_model][bad_input]") {
  Files f;
  f.write("lib.mtl", "newmtl good\nnewmtl flat\n");
  const std::string obj = f.write("degenerate.obj", "mtllib lib.mtl\nv 0 0 0\nv 1 0 0\nv 0 1 0\nv 2 0 0\n"
                                                    "usemtl good\nf 1 2 3\n"
                                                    "usemtl flat\nf 1 2 4\nf 1 1 2\n");
  Warnings w;
  const Model model = load_obj_model(obj, Transform{});
  REQUIRE(w.list.size() == 1);
  CHECK_THAT(w.list[0], Equals(obj + ":9: degenerate (zero-area) triangle dropped (2 in this file, the first on this line)"));
  REQUIRE(model.meshes.size() == 1);
  CHECK(model.meshes[0].material() == 0);
  const std::string all = f.write("all_flat.obj", "v 0 0 0\nv 1 0 0\nv 2 0 0\nf 1 2 3\n");
  REQUIRE_THROWS_WITH(load_obj_model(all, Transform{}),
                      Equals(all + ":4: every triangle of the file is degenerate (zero area); nothing to render"));
}

TEST_CASE("OBJ model geometry errors are load_obj_mesh's", "[obj_model][bad_input]") {
  Files f;
  const std::string bad = f.write("bad.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 9\n");
  REQUIRE_THROWS_WITH(load_obj_model(bad, Transform{}),
                      Equals(bad + ":4: face refers to vertex 9 but the file has 3 vertices"));
  const std::string empty = f.write("empty.obj", "v 0 0 0\n");
  REQUIRE_THROWS_WITH(load_obj_model(empty, Transform{}), Equals(empty + ": OBJ file has no faces"));
  REQUIRE_THROWS_WITH(load_obj_model(f.path("none.obj"), Transform{}), Equals(f.path("none.obj") + ": mesh file not found"));
}

TEST_CASE("a material library or texture that is a directory cannot be read: a warning, not an error",
          "[obj_model][bad_input]") {
  Files f;
  fs::create_directories(f.dir / "dir.mtl");
  fs::create_directories(f.dir / "dir.png");
  f.write("lib.mtl", "newmtl a\nmap_Kd dir.png\n");
  Warnings w;
  const Model model = load_obj_model(f.write("dirs.obj", "mtllib dir.mtl lib.mtl\n" + squares({"a"}, "")), Transform{});
  REQUIRE(w.list.size() == 2);
  CHECK_THAT(w.list[0], Equals(f.path("dirs.obj") + ":1: material library " + f.path("dir.mtl") +
                               " cannot be read (a directory); its materials are replaced by a grey diffuse default"));
  CHECK_THAT(w.list[1], Equals(f.path("lib.mtl") + ":2: material \"a\": map_Kd texture " + f.path("dir.png") +
                               " cannot be read (a directory); the map is dropped"));
  REQUIRE(model.materials.size() == 1);
  CHECK(model.materials[0].name == "a");  // read from the second library on the line
}

TEST_CASE("the Cornell box's MTL (indented keys, trailing comments, a stray v line) reads as coloured walls and a light",
          "[obj_model]") {
  Files f;
  // As ../shared/assets/cornell-box/CornellBox-Original.mtl writes it.
  f.write("CornellBox.mtl",
          "# The original Cornell Box in OBJ format.\n"
          "newmtl leftWall\n  Ns 10.0000\n  Ni 1.5000\n  illum 2\n  Ka 0.63 0.065 0.05 # Red\n"
          "  Kd 0.63 0.065 0.05\n  Ks 0 0 0\n  Ke 0 0 0\n\n\n"
          "newmtl shortBox\n  Ns 10.0000\n  Ni 1.0000\n  illum 2\n  Kd 0.725 0.71 0.68\n  Ks 0 0 0\n  Ke 0 0 0\n"
          "  v .1 0 0\n  \n"
          "newmtl light\n  Ns 10.0000\n  Ni 1.0000\n  illum 2\n  Ka 0.78 0.78 0.78 # White\n  Kd 0.78 0.78 0.78\n"
          "  Ks 0 0 0\n  Ke 17 12 4\n");
  // The light faces down (-y), as in the file.
  const std::string obj = f.write("CornellBox.obj",
                                  "mtllib CornellBox.mtl\n"
                                  "v -1 0 1\nv -1 0 -1\nv -1 2 -1\nv -1 2 1\n"
                                  "g leftWall\nusemtl leftWall\nf 1 2 3 4\n"
                                  "v 0 0 0\nv 0.5 0 0\nv 0.5 0.5 0\nv 0 0.5 0\n"
                                  "g shortBox\nusemtl shortBox\nf 5 6 7 8\n"
                                  "v -0.2 1.98 -0.2\nv 0.2 1.98 -0.2\nv 0.2 1.98 0.2\nv -0.2 1.98 0.2\n"
                                  "g light\nusemtl light\nf 9 10 11 12\n");
  Warnings w;
  const Model model = load_obj_model(obj, Transform{});
  CHECK(w.list.empty());
  REQUIRE(model.materials.size() == 3);
  for (const MaterialDescription& m : model.materials) CHECK(m.material.kind == MaterialKind::Diffuse);
  CHECK(same(material_named(model, "leftWall").material.albedo, {0.63f, 0.065f, 0.05f}));
  CHECK(same(material_named(model, "shortBox").material.albedo, {0.725f, 0.71f, 0.68f}));
  const Material light = material_named(model, "light").material;
  CHECK(same(light.albedo, Vec3(0.78f)));
  CHECK(same(light.emission, {17, 12, 4}));
  REQUIRE(model.meshes.size() == 3);
  const TriangleMesh& lamp = model.meshes[2];
  CHECK(lamp.material() == 2);
  const Vec3 n = cross(lamp.corner(0, 1) - lamp.corner(0, 0), lamp.corner(0, 2) - lamp.corner(0, 0));
  CHECK(n.y < 0.0f);
}

TEST_CASE("a usemtl before the mtllib that defines it is a warning, not a silent default", "[obj_model][bad_input]") {
  Files f;
  f.write("lib.mtl", "newmtl late\nKd 0 0 1\n");
  const std::string obj = f.write("late.obj", squares({"late"}, "") + "mtllib lib.mtl\n" + "usemtl late\nf 1 2 3\n");
  Warnings w;
  const Model model = load_obj_model(obj, Transform{});
  REQUIRE(w.list.size() == 1);
  CHECK_THAT(w.list[0], Equals(obj + ":5: material \"late\" is used before the mtllib line that defines it; a grey "
                                     "diffuse default is used"));
  REQUIRE(model.materials.size() == 2);
  CHECK(model.materials[0].name == "late");
  CHECK(model.materials[1].name == "default");
  CHECK(model.meshes.at(0).triangle_count() == 1);  // after the mtllib: resolved
  CHECK(model.meshes.at(1).triangle_count() == 2);
}
