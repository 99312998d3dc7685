// Emission textures: seen directly they show their texels; as lights they are
// sampled by area with the texture's value at the sampled point, so a textured
// emitter lights a plane exactly as the same radiance split over constant
// emitters does (MIS weighs both strategies with the same pmf and pdf).

#include "core/image/image_io.h"
#include "scene/build_scene.h"
#include "scene/model.h"
#include "tests/core/render/test_scene.h"
#include "tests/scene/gltf_test_files.h"
#include "tests/test_files.h"

#include <catch2/catch.hpp>

#include <string>

using namespace tessera;

namespace {

// A linear EXR of `width` x `height` texels: `first` where `is_first(x, y)`, else `second`.
template <class Pick>
std::string write_exr(const std::filesystem::path& path, int width, int height, const Vec3& first, const Vec3& second,
                      Pick is_first) {
  Image img(width, height);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) img.set_pixel(x, y, is_first(x, y) ? first : second);
  ImageWriteOptions o;
  o.exr_half = false;
  write_image(img, path.string(), o);
  return path.string();
}

std::unique_ptr<TestScene> scene_in(const std::filesystem::path& dir, const std::string& text) {
  write_test_file(dir / "scene.json", text);
  return std::make_unique<TestScene>(load_scene_file((dir / "scene.json").string()));
}

// Mean of each channel over the pixels with x in [x0, x1).
Vec3 mean_columns(const Image& img, int x0, int x1) {
  Vec3 sum(0.0f);
  int n = 0;
  for (int y = 0; y < img.height(); ++y)
    for (int x = x0; x < x1; ++x, ++n) sum += img.pixel(x, y);
  return sum / float(n);
}

}  // namespace

TEST_CASE("an emissive texture seen directly shows the texture's pixels", "[textures][emission][render]") {
  const std::filesystem::path dir = test_case_dir("emission_texture");
  // 8x1 texels: the left half one colour, the right half another.
  write_exr(dir / "glow.exr", 8, 1, Vec3(0.25f, 0.5f, 1.0f), Vec3(2.0f, 1.0f, 0.0f),
            [](int x, int) { return x < 4; });
  auto ts = scene_in(dir, R"({
    "camera": {"position": [0, 0, 5], "look_at": [0, 0, 0], "up": [0, 1, 0], "fov": 20},
    "materials": {"panel": {"type": "diffuse", "albedo": [0, 0, 0],
                            "emission": {"texture": "glow.exr", "wrap": "clamp"}, "emission_strength": 2}},
    "shapes": [{"type": "quad", "material": "panel", "corner": [-1, -1, 0], "edge1": [2, 0, 0], "edge2": [0, 2, 0]}]
  })");
  const Image img = ts->render(small_settings(16, 4, 0)).image;
  const Vec3 left = img.pixel(4, 8), right = img.pixel(11, 8);
  CHECK(left.x == Approx(0.5f).epsilon(1e-3));
  CHECK(left.y == Approx(1.0f).epsilon(1e-3));
  CHECK(left.z == Approx(2.0f).epsilon(1e-3));
  CHECK(right.x == Approx(4.0f).epsilon(1e-3));
  CHECK(right.y == Approx(2.0f).epsilon(1e-3));
  CHECK(right.z == Approx(0.0f).margin(1e-4));
}

TEST_CASE("an emissive-textured quad lights a diffuse plane as its texels would", "[textures][emission][render][lights]") {
  const std::filesystem::path dir = test_case_dir("emission_texture");
  // A panel at z = 1 facing down over a floor at z = 0; its texture red where
  // x < 0, blue where x > 0 (v runs along +x, up the image: the top rows are x > 0).
  write_exr(dir / "split.exr", 1, 64, Vec3(0, 0, 4), Vec3(4, 0, 0), [](int, int y) { return y < 32; });
  const std::string camera = R"("camera": {"position": [0, 0, 0.9], "look_at": [0, 0, 0], "up": [0, 1, 0], "fov": 60},)";
  const std::string floor =
      R"({"type": "quad", "material": "floor", "corner": [-4, -4, 0], "edge1": [8, 0, 0], "edge2": [0, 8, 0]})";
  auto textured = scene_in(dir, "{" + camera + R"(
    "materials": {"floor": {"type": "diffuse", "albedo": [0.5, 0.5, 0.5]},
                  "panel": {"type": "diffuse", "albedo": [0, 0, 0], "emission": {"texture": "split.exr", "wrap": "clamp"}}},
    "shapes": [)" + floor + R"(,
      {"type": "quad", "material": "panel", "corner": [-2, -2, 1], "edge1": [0, 4, 0], "edge2": [4, 0, 0]}]})");
  // The panel is a light: one textured triangle light per triangle, with power.
  // Triangle 0 (uv (0,0), (1,0), (1,1)) lies mostly over the red half, whose
  // luminance is higher: it gets the larger share.
  const SceneLights& lights = textured->file.scene.lights;
  REQUIRE(lights.size() == 2);
  for (uint32_t i = 0; i < 2; ++i) {
    CHECK(lights.light(i).has_emission_texture());
    CHECK(lights.light(i).power() > 0.0f);
  }
  CHECK(lights.sampler().pmf(0) + lights.sampler().pmf(1) == Approx(1.0f));
  CHECK(lights.sampler().pmf(0) > lights.sampler().pmf(1));
  // A light sample returns the texel under the sampled point.
  const LightLiSample ls =
      lights.light(0).sample_li(Vec3(0, 0, 0), {0.3f, 0.6f}, false, &textured->file.scene.textures);
  REQUIRE(ls.valid());
  if (ls.point.x < -0.1f) CHECK(ls.L == Vec3(4, 0, 0));
  if (ls.point.x > 0.1f) CHECK(ls.L == Vec3(0, 0, 4));

  // The same radiance as two constant panels.
  auto constant = scene_in(dir, "{" + camera + R"(
    "materials": {"floor": {"type": "diffuse", "albedo": [0.5, 0.5, 0.5]},
                  "red": {"type": "emissive", "radiance": [4, 0, 0]}, "blue": {"type": "emissive", "radiance": [0, 0, 4]}},
    "shapes": [)" + floor + R"(,
      {"type": "quad", "material": "red", "corner": [-2, -2, 1], "edge1": [0, 4, 0], "edge2": [2, 0, 0]},
      {"type": "quad", "material": "blue", "corner": [0, -2, 1], "edge1": [0, 4, 0], "edge2": [2, 0, 0]}]})");
  const RenderSettings s = small_settings(16, 64, 1);
  const Image a = textured->render(s).image, b = constant->render(s).image;
  const Vec3 a_left = mean_columns(a, 0, 8), b_left = mean_columns(b, 0, 8);
  const Vec3 a_right = mean_columns(a, 8, 16), b_right = mean_columns(b, 8, 16);
  CHECK(a_left.x > 0.2f);
  CHECK(a_left.x > 1.5f * a_left.z);  // the floor is redder under the red half
  CHECK(a_right.z > 1.5f * a_right.x);
  CHECK(a_left.x == Approx(b_left.x).epsilon(0.03));
  CHECK(a_left.z == Approx(b_left.z).epsilon(0.03));
  CHECK(a_right.x == Approx(b_right.x).epsilon(0.03));
  CHECK(a_right.z == Approx(b_right.z).epsilon(0.03));
}

TEST_CASE("glTF emissiveTexture x emissiveFactor x emissive_strength, and OBJ map_Ke", "[gltf][obj][emission]") {
  const std::filesystem::path dir = test_case_dir("emission_texture");
  GltfBuilder b;
  b.doc["extensionsUsed"] = {"KHR_materials_emissive_strength"};
  b.doc["materials"] = {{{"pbrMetallicRoughness", {{"baseColorFactor", {0, 0, 0, 1}}}},
                         {"emissiveFactor", {1, 0.5, 1}},
                         {"emissiveTexture", {{"index", 0}}},
                         {"occlusionTexture", {{"index", 0}}},
                         {"extensions", {{"KHR_materials_emissive_strength", {{"emissiveStrength", 3}}}}}}};
  // An embedded 1x1 red PNG.
  b.doc["images"] = {{{"uri",
                       "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/"
                       "pLvAAAAAElFTkSuQmCC"}}};
  b.doc["textures"] = {{{"source", 0}}};
  const int pos = b.positions({-1, -1, 0, 1, -1, 0, 1, 1, 0, -1, 1, 0});
  const int idx = b.indices8({0, 1, 2, 0, 2, 3});
  b.scene({b.node({{"mesh", b.mesh({{{"attributes", {{"POSITION", pos}}}, {"indices", idx}, {"material", 0}}})}})});
  write_test_file(dir / "glow.gltf", b.gltf());
  auto ts = scene_in(dir, R"({"camera": {"position": [0, 0, 5], "look_at": [0, 0, 0], "up": [0, 1, 0], "fov": 20},
    "materials": {}, "shapes": [{"type": "model", "file": "glow.gltf"}]})");
  const Material& m = ts->file.scene.materials[0];
  CHECK(m.emission == Vec3(3, 1.5f, 3));
  CHECK(m.emission_texture != kNoTexture);
  CHECK(ts->file.scene.lights.light(0).has_emission_texture());
  const Vec3 p = ts->render(small_settings(8, 4, 0)).image.pixel(4, 4);
  CHECK(p.x == Approx(3.0f).epsilon(1e-3));  // red texel x 3
  CHECK(p.y == Approx(0.0f).margin(1e-4));
  CHECK(p.z == Approx(0.0f).margin(1e-4));

  // Bare, the model still gets the automatic sky and sun: textured glow does not light a scene.
  {
    SceneDescription desc = bare_model_scene((dir / "glow.gltf").string());
    const SceneFile bare{build_scene(desc), desc, RenderSettings{}, std::nullopt, std::nullopt};
    CHECK(bare.scene.lights.size() == 4);  // two textured triangles, the sun, the sky
    CHECK(!is_black(bare.scene.environment));
  }

  // A bad occlusionTexture index is refused, naming the material.
  b.doc["materials"][0]["occlusionTexture"]["index"] = 4;
  write_test_file(dir / "bad_occlusion.gltf", b.gltf());
  CHECK_THROWS_WITH(load_model((dir / "bad_occlusion.gltf").string(), Transform{}),
                    (dir / "bad_occlusion.gltf").string() +
                        ": /materials/0/occlusionTexture: names texture 4, but the file has 1");

  // OBJ: map_Ke without Ke emits the map as it is.
  write_exr(dir / "ke.exr", 1, 1, Vec3(0.5f, 0.25f, 2.0f), Vec3(0.0f), [](int, int) { return true; });
  write_test_file(dir / "lamp.mtl", "newmtl lamp\nKd 0 0 0\nmap_Ke ke.exr\n");
  write_test_file(dir / "lamp.obj", "mtllib lamp.mtl\nv -1 -1 0\nv 1 -1 0\nv 0 1 0\nusemtl lamp\nf 1 2 3\n");
  const Model obj = load_model((dir / "lamp.obj").string(), Transform{});
  REQUIRE(obj.materials.size() == 1);
  const Material& lamp = obj.materials[0].material;
  CHECK(lamp.emission == Vec3(1.0f));
  REQUIRE(lamp.emission_texture != kNoTexture);
  CHECK(obj.textures[lamp.emission_texture].file == "ke.exr");
}
