// Textures in scene files: parsing, loading each file once, relative paths,
// colour spaces by parameter, and the fingerprint covering texture files.

#include "scene/build_scene.h"
#include "scene/scene_description.h"
#include "tests/test_files.h"

#include "core/base/error.h"
#include "core/render/render_scene.h"

#include <catch2/catch.hpp>
#include <stb_image_write.h>

#include <string>

using namespace tessera;

namespace {

std::string scene_with(const std::string& materials) {
  return R"({"materials": {)" + materials + R"(}, "shapes": [
    {"type": "quad", "material": "a", "corner": [0, 0, 0], "edge1": [1, 0, 0], "edge2": [0, 1, 0]}]})";
}

// A 2x1 PNG with codes (128, 0, 255) and (64, 64, 64) in `dir`.
void write_png(const std::filesystem::path& path, unsigned char first = 128) {
  const unsigned char px[6] = {first, 0, 255, 64, 64, 64};
  REQUIRE(stbi_write_png(path.string().c_str(), 2, 1, 3, px, 6));
}

}  // namespace

TEST_CASE("materials naming the same file share one loaded texture", "[textures][scene]") {
  const auto dir = test_case_dir("scene_textures");
  write_png(dir / "wood.png");
  const std::string base = dir.string() + "/";
  const SceneDescription desc = parse_scene_text(scene_with(R"(
      "a": {"type": "diffuse", "albedo": {"texture": "wood.png"}},
      "b": {"type": "diffuse", "albedo": {"texture": "wood.png", "wrap": "clamp", "uv_scale": [2, 3]}},
      "c": {"type": "diffuse", "albedo": {"texture": "wood.png", "colorspace": "linear"}})"),
                                                 "t.json", base);
  REQUIRE(desc.textures.size() == 3);
  CHECK(desc.textures[0].origin.where() == "t.json: /materials/a/albedo");
  CHECK(desc.textures[0].path == base + "wood.png");
  CHECK(desc.textures[0].srgb);  // a colour parameter: sRGB by default
  CHECK_FALSE(desc.textures[2].srgb);
  const RenderScene scene = build_scene(desc);
  // a and b: one image (same file, same colour space); c decodes it as data: a second.
  REQUIRE(scene.textures.images.size() == 2);
  REQUIRE(scene.textures.textures.size() == 3);
  CHECK(scene.textures.textures[0].image == scene.textures.textures[1].image);
  CHECK(scene.textures.textures[2].image != scene.textures.textures[0].image);
  CHECK(scene.textures.textures[1].wrap == TextureWrap::Clamp);
  CHECK(scene.textures.textures[1].uv_scale.y == 3.0f);
  const TextureImage& srgb = scene.textures.images[scene.textures.textures[0].image];
  const TextureImage& linear = scene.textures.images[scene.textures.textures[2].image];
  CHECK(srgb.texel(0, 0).x == Approx(0.2158605).epsilon(1e-5));
  CHECK(linear.texel(0, 0).x == Approx(128.0 / 255.0).epsilon(1e-6));
  // Each material binds its albedo to its own texture.
  REQUIRE(scene.materials[0].textures.size() == 1);
  CHECK(scene.materials[0].textures[0].texture == 0);
  CHECK(scene.materials[2].textures[0].texture == 2);
}

TEST_CASE("scalar parameters, normal maps and alpha default to linear; constants stay constants", "[textures][scene]") {
  const auto dir = test_case_dir("scene_textures");
  write_png(dir / "n.png");
  const SceneDescription desc = parse_scene_text(scene_with(R"(
      "a": {"type": "diffuse", "albedo": [0.25, 0.5, 0.75], "normal_map": {"texture": "n.png"},
            "alpha": {"texture": "n.png", "colorspace": "srgb"}, "alpha_cutoff": 0.3},
      "b": {"type": "diffuse", "normal_map": [0.5, 0.5, 1], "alpha": 0.25})"),
                                                 "t.json", dir.string() + "/");
  REQUIRE(desc.textures.size() == 3);
  CHECK_FALSE(desc.textures[0].srgb);  // the normal map
  CHECK(desc.textures[1].srgb);        // alpha, overridden
  CHECK(desc.textures[2].texture.kind == TextureKind::Constant);  // b's constant normal map
  const Material& a = desc.materials[0].material;
  CHECK(a.textures.empty());
  CHECK(a.albedo == Vec3(0.25f, 0.5f, 0.75f));
  CHECK(a.normal_map == 0);
  CHECK(a.alpha_texture == 1);
  CHECK(a.alpha_cutoff == 0.3f);
  const Material& b = desc.materials[1].material;
  CHECK(b.normal_map == 2);
  CHECK(b.alpha == 0.25f);
  CHECK(b.has_alpha());
  CHECK_FALSE(a.alpha_texture == kNoTexture);
  const RenderScene scene = build_scene(desc);
  CHECK(scene.textures.images.size() == 2);  // n.png as data and as sRGB
}

TEST_CASE("a texture may read one channel; each (file, colour space, channel) is loaded once", "[textures][scene]") {
  const auto dir = test_case_dir("scene_textures");
  const unsigned char rgba[8] = {10, 20, 30, 0, 40, 50, 60, 255};
  REQUIRE(stbi_write_png((dir / "leaf.png").string().c_str(), 2, 1, 4, rgba, 8));
  const SceneDescription desc = parse_scene_text(scene_with(R"(
      "a": {"type": "diffuse", "albedo": {"texture": "leaf.png"}, "alpha": {"texture": "leaf.png", "channel": "a"}},
      "b": {"type": "diffuse", "alpha": {"texture": "leaf.png", "channel": "a", "wrap": "clamp"}})"),
                                                 "t.json", dir.string() + "/");
  const RenderScene scene = build_scene(desc);
  REQUIRE(scene.textures.textures.size() == 3);
  CHECK(scene.textures.images.size() == 2);  // the colour, and the alpha shared by a and b
  const TextureImage& alpha = scene.textures.images[scene.textures.textures[1].image];
  CHECK(scene.textures.textures[2].image == scene.textures.textures[1].image);
  CHECK(alpha.texel(0, 0).x == 0.0f);
  CHECK(alpha.texel(1, 0).x == 1.0f);
  // The cut-out follows the alpha channel: u < 0.5 reads texel 0 (alpha 0), u > 0.5 texel 1.
  CHECK_FALSE(scene.materials[0].opaque_at({0.1f, 0.5f}, scene.textures));
  CHECK(scene.materials[0].opaque_at({0.9f, 0.5f}, scene.textures));
}

TEST_CASE("a resume refuses a changed texture: the fingerprint covers texture files", "[textures][scene]") {
  const auto dir = test_case_dir("scene_textures");
  write_png(dir / "wood.png");
  const std::string text = scene_with(R"("a": {"type": "diffuse", "albedo": {"texture": "wood.png"}})");
  const uint64_t before = description_fingerprint(parse_scene_text(text, "t.json", dir.string() + "/"));
  CHECK(description_fingerprint(parse_scene_text(text, "t.json", dir.string() + "/")) == before);
  write_png(dir / "wood.png", 129);  // one code changed
  CHECK(description_fingerprint(parse_scene_text(text, "t.json", dir.string() + "/")) != before);
  std::filesystem::remove(dir / "wood.png");
  CHECK_THROWS_WITH(description_fingerprint(parse_scene_text(text, "t.json", dir.string() + "/")),
                    Catch::Contains("t.json: /materials/a/albedo/texture: ") && Catch::Contains("wood.png") &&
                        Catch::Contains("No such file or directory"));
}

TEST_CASE("texture objects are checked where they stand", "[textures][scene]") {
  const auto fails = [](const std::string& material, const std::string& message) {
    CHECK_THROWS_WITH(parse_scene_text(scene_with(R"("a": )" + material), "t.json", ""), Catch::Contains(message));
  };
  fails(R"({"type": "diffuse", "albedo": {"texture": "x.png", "wrap": "tile"}})",
        "t.json: /materials/a/albedo/wrap: unknown wrap mode \"tile\"");
  fails(R"({"type": "diffuse", "albedo": {"texture": "x.png", "uv_scale": [1]}})",
        "t.json: /materials/a/albedo/uv_scale: expected [u, v]");
  fails(R"({"type": "diffuse", "albedo": {"texture": "x.png", "filter": "ewa"}})", "t.json: /materials/a/albedo");
  fails(R"({"type": "diffuse", "alpha": {"texture": "x.png", "channel": "alpha"}})",
        "t.json: /materials/a/alpha/channel: unknown channel \"alpha\" (expected r, g, b or a)");
  fails(R"({"type": "diffuse", "albedo": {"checkerboard": {"scale": 0}}})",
        "t.json: /materials/a/albedo/checkerboard/scale: must be > 0");
  fails(R"({"type": "diffuse", "alpha": {"checkerboard": {"color0": [1, 1, 1]}}})", "t.json: /materials/a/alpha/checkerboard/color0");
  fails(R"({"type": "diffuse", "alpha": 2})", "t.json: /materials/a/alpha");
  fails(R"({"type": "diffuse", "alpha_cutoff": -1})", "t.json: /materials/a/alpha_cutoff");
  fails(R"({"type": "diffuse", "emission": [1, 1, 1], "alpha": 0.2})",
        "t.json: /materials/a/alpha: an emitting material cannot have cut-outs (yet)");
}
