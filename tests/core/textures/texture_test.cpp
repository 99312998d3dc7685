// Texture lookups (bilinear weights, wrap modes at and past the edges, uv
// scale and offset, the checkerboard), loading each image format from files
// written here, sRGB and linear decoding, and a material's texture bindings.

#include "core/image/image_io.h"
#include "core/materials/material.h"
#include "core/render/render_scene.h"
#include "core/textures/texture.h"
#include "core/textures/texture_io.h"
#include "tests/test_files.h"

#include <catch2/catch.hpp>
#include <stb_image_write.h>

#include <cmath>
#include <string>
#include <vector>

using namespace tessera;

namespace {

TextureImage make_image(int w, int h, const std::vector<Vec3>& texels) {
  TextureImage t;
  t.width = w, t.height = h;
  for (const Vec3& c : texels) t.rgb.insert(t.rgb.end(), {c.x, c.y, c.z});
  return t;
}

void check_near(const Vec3& got, const Vec3& want, float tol = 1e-6f) {
  INFO("got (" << got.x << ", " << got.y << ", " << got.z << "), want (" << want.x << ", " << want.y << ", " << want.z
               << ")");
  CHECK(std::abs(got.x - want.x) <= tol);
  CHECK(std::abs(got.y - want.y) <= tol);
  CHECK(std::abs(got.z - want.z) <= tol);
}

const Vec3 A{1, 0, 0}, B{0, 1, 0}, C{0, 0, 1}, D{1, 1, 1};

}  // namespace

TEST_CASE("bilinear lookups weigh the four nearest texels by distance", "[textures]") {
  // Rows from the top: A B / C D. v runs up, so (0.25, 0.75) is A's centre.
  const TextureImage img = make_image(2, 2, {A, B, C, D});
  check_near(lookup_bilinear(img, {0.25f, 0.75f}, TextureWrap::Clamp), A);
  check_near(lookup_bilinear(img, {0.75f, 0.75f}, TextureWrap::Clamp), B);
  check_near(lookup_bilinear(img, {0.25f, 0.25f}, TextureWrap::Clamp), C);
  check_near(lookup_bilinear(img, {0.75f, 0.25f}, TextureWrap::Clamp), D);
  // The centre: a quarter each.
  check_near(lookup_bilinear(img, {0.5f, 0.5f}, TextureWrap::Clamp), (A + B + C + D) * 0.25f);
  // A quarter of the way from A's centre to B's (u = 0.25 + 0.125), on A's row.
  check_near(lookup_bilinear(img, {0.375f, 0.75f}, TextureWrap::Clamp), A * 0.75f + B * 0.25f);
  // Weights (0.75, 0.25) in u and (0.5, 0.5) in v.
  check_near(lookup_bilinear(img, {0.375f, 0.5f}, TextureWrap::Clamp),
             (A * 0.75f + B * 0.25f) * 0.5f + (C * 0.75f + D * 0.25f) * 0.5f);
}

TEST_CASE("a texture may wrap differently along u and v (glTF's wrapS and wrapT)", "[textures]") {
  const TextureImage img = make_image(2, 2, {A, B, C, D});  // rows from the top: A B / C D
  // Repeat along u, clamp along v: past the top edge v stays on the top row.
  check_near(lookup_bilinear(img, {1.25f, 1.75f}, TextureWrap::Repeat, TextureWrap::Clamp), A);
  check_near(lookup_bilinear(img, {-0.25f, 7.0f}, TextureWrap::Repeat, TextureWrap::Clamp), B);
  // With repeat along both, v = 1.25 would wrap to the bottom row.
  check_near(lookup_bilinear(img, {0.25f, 1.25f}, TextureWrap::Repeat, TextureWrap::Repeat), C);
  check_near(lookup_bilinear(img, {0.25f, 1.25f}, TextureWrap::Repeat, TextureWrap::Clamp), A);
  TextureSet set;
  set.images.push_back(img);
  Texture t;
  t.kind = TextureKind::Image;
  t.wrap = TextureWrap::Repeat;
  t.wrap_v = TextureWrap::Clamp;
  set.textures.push_back(t);
  check_near(set.eval(0, {0.25f, 1.25f}), A);
}

TEST_CASE("wrap modes at and past the edges", "[textures]") {
  const TextureImage img = make_image(2, 1, {A, B});  // texel centres at u = 0.25 and 0.75
  const auto at = [&](float u, TextureWrap w) { return lookup_bilinear(img, {u, 0.5f}, w); };
  SECTION("repeat") {
    check_near(at(0.0f, TextureWrap::Repeat), (A + B) * 0.5f);  // the edge blends with the far side
    check_near(at(1.0f, TextureWrap::Repeat), (A + B) * 0.5f);
    check_near(at(1.25f, TextureWrap::Repeat), A);
    check_near(at(1.75f, TextureWrap::Repeat), B);
    check_near(at(-0.25f, TextureWrap::Repeat), B);
    check_near(at(-1.75f, TextureWrap::Repeat), A);
  }
  SECTION("clamp") {
    check_near(at(0.0f, TextureWrap::Clamp), A);
    check_near(at(1.0f, TextureWrap::Clamp), B);
    check_near(at(1.25f, TextureWrap::Clamp), B);
    check_near(at(7.0f, TextureWrap::Clamp), B);
    check_near(at(-0.25f, TextureWrap::Clamp), A);
    check_near(at(-5.0f, TextureWrap::Clamp), A);
  }
  SECTION("mirror") {
    check_near(at(0.0f, TextureWrap::Mirror), A);  // the edge texel meets its own reflection
    check_near(at(1.0f, TextureWrap::Mirror), B);
    check_near(at(1.25f, TextureWrap::Mirror), B);  // reflected: B A | A B
    check_near(at(1.75f, TextureWrap::Mirror), A);
    check_near(at(2.25f, TextureWrap::Mirror), A);  // period 2
    check_near(at(-0.25f, TextureWrap::Mirror), A);
    check_near(at(-0.75f, TextureWrap::Mirror), B);
  }
  SECTION("NaN and huge coordinates read some texel, never out of bounds") {
    for (TextureWrap w : {TextureWrap::Repeat, TextureWrap::Clamp, TextureWrap::Mirror}) {
      CHECK(std::isfinite(at(std::nanf(""), w).x));
      CHECK(std::isfinite(at(3e30f, w).x));
      CHECK(std::isfinite(at(-3e30f, w).x));
    }
  }
}

TEST_CASE("checkerboard squares and uv scale and offset", "[textures]") {
  CHECK(checkerboard(A, B, 4, {0.1f, 0.1f}) == A);
  CHECK(checkerboard(A, B, 4, {0.3f, 0.1f}) == B);
  CHECK(checkerboard(A, B, 4, {0.3f, 0.3f}) == A);
  CHECK(checkerboard(A, B, 4, {-0.1f, 0.1f}) == B);
  CHECK(checkerboard(A, B, 4, {-0.1f, -0.1f}) == A);

  TextureSet set;
  Texture checks;
  checks.kind = TextureKind::Checkerboard;
  checks.value = A, checks.value1 = B, checks.checks = 1;
  set.textures.push_back(checks);  // 0: plain
  checks.uv_scale = {4, 1};
  set.textures.push_back(checks);  // 1: four squares along u
  checks.uv_scale = {1, 1}, checks.uv_offset = {1, 0};
  set.textures.push_back(checks);  // 2: shifted by one square
  CHECK(set.eval(0, {0.3f, 0.5f}) == A);
  CHECK(set.eval(1, {0.3f, 0.5f}) == B);  // 0.3 * 4 = 1.2: the second square
  CHECK(set.eval(2, {0.3f, 0.5f}) == B);

  // An image texture under scale and offset: uv * scale + offset before the lookup.
  set.images.push_back(make_image(2, 1, {A, B}));
  Texture image;
  image.kind = TextureKind::Image;
  image.wrap = TextureWrap::Repeat;
  image.uv_scale = {2, 1}, image.uv_offset = {0.5f, 0};
  set.textures.push_back(image);                        // 3
  check_near(set.eval(3, {0.125f, 0.5f}), B);            // 0.25 + 0.5 = 0.75: B's centre
  check_near(set.eval(3, {0.375f, 0.5f}), A);            // 1.25 repeats to 0.25: A's centre
  Texture constant;
  constant.value = C;
  set.textures.push_back(constant);  // 4
  CHECK(set.eval(4, {123.0f, -4.0f}) == C);
}

TEST_CASE("texture images load from PNG, JPEG, HDR and EXR", "[textures]") {
  const auto dir = test_case_dir("textures");
  // Codes 0, 128, 188 and 255 in a 4x1 PNG: sRGB decoding gives the exact curve, linear code / 255.
  const unsigned char codes[12] = {0, 0, 0, 128, 128, 128, 188, 188, 188, 255, 255, 255};
  const std::string png = (dir / "codes.png").string();
  REQUIRE(stbi_write_png(png.c_str(), 4, 1, 3, codes, 12));
  SECTION("PNG, sRGB and linear") {
    const TextureImage srgb = load_texture_image(png, true);
    REQUIRE(srgb.width == 4);
    REQUIRE(srgb.height == 1);
    CHECK(srgb.texel(0, 0).x == 0.0f);
    CHECK(srgb.texel(1, 0).x == Approx(0.2158605).epsilon(1e-5));  // ((128/255 + 0.055) / 1.055)^2.4
    CHECK(srgb.texel(2, 0).y == Approx(0.5028865).epsilon(1e-5));  // 188: middle grey
    CHECK(srgb.texel(3, 0).z == 1.0f);
    const TextureImage data = load_texture_image(png, false);
    CHECK(data.texel(1, 0).x == Approx(128.0 / 255.0).epsilon(1e-6));
    CHECK(data.texel(2, 0).x == Approx(188.0 / 255.0).epsilon(1e-6));
    CHECK(data.texel(3, 0).x == 1.0f);
  }
  SECTION("JPEG") {
    std::vector<unsigned char> flat(8 * 8 * 3);
    for (size_t i = 0; i < flat.size(); i += 3) flat[i] = 200, flat[i + 1] = 100, flat[i + 2] = 50;
    const std::string jpg = (dir / "flat.jpg").string();
    REQUIRE(stbi_write_jpg(jpg.c_str(), 8, 8, 3, flat.data(), 95));
    const TextureImage t = load_texture_image(jpg, false);
    REQUIRE(t.width == 8);
    CHECK(t.texel(3, 3).x == Approx(200.0 / 255.0).margin(3.0 / 255.0));
    CHECK(t.texel(3, 3).y == Approx(100.0 / 255.0).margin(3.0 / 255.0));
    CHECK(t.texel(3, 3).z == Approx(50.0 / 255.0).margin(3.0 / 255.0));
  }
  SECTION("HDR and EXR hold linear values, whatever the colour space") {
    Image img(3, 2);
    img.set_pixel(0, 0, {0.25f, 2.0f, 16.0f});
    img.set_pixel(2, 1, {0.5f, 0.125f, 4.0f});
    for (const char* name : {"values.hdr", "values.exr"}) {
      const std::string path = (dir / name).string();
      ImageWriteOptions options;
      options.exr_half = false;
      write_image(img, path, options);
      for (bool srgb : {true, false}) {
        const TextureImage t = load_texture_image(path, srgb);
        INFO(name << (srgb ? " srgb" : " linear"));
        REQUIRE(t.width == 3);
        REQUIRE(t.height == 2);
        check_near(t.texel(0, 0), {0.25f, 2.0f, 16.0f}, 0.01f * 16.0f);
        check_near(t.texel(2, 1), {0.5f, 0.125f, 4.0f}, 0.01f * 4.0f);
        CHECK(t.texel(1, 0).x == 0.0f);
      }
    }
  }
  SECTION("one channel: r, g or b of the colour, or the alpha channel (linear, 1 where there is none)") {
    const unsigned char rgba[8] = {10, 20, 30, 0, 40, 50, 60, 191};
    const std::string path = (dir / "rgba.png").string();
    REQUIRE(stbi_write_png(path.c_str(), 2, 1, 4, rgba, 8));
    const TextureImage g = load_texture_image(path, false, TextureChannel::G);
    check_near(g.texel(1, 0), Vec3(50.0f / 255.0f));
    const TextureImage a = load_texture_image(path, true, TextureChannel::A);  // alpha ignores sRGB
    check_near(a.texel(0, 0), Vec3(0.0f));
    check_near(a.texel(1, 0), Vec3(191.0f / 255.0f));
    check_near(load_texture_image(png, true, TextureChannel::A).texel(1, 0), Vec3(1.0f));  // RGB PNG
    Image img(2, 2);
    const std::string exr = (dir / "opaque.exr").string();
    write_image(img, exr);  // written with A = 1
    check_near(load_texture_image(exr, false, TextureChannel::A).texel(1, 1), Vec3(1.0f));
    const std::string hdr = (dir / "opaque.hdr").string();
    write_image(img, hdr);
    check_near(load_texture_image(hdr, false, TextureChannel::A).texel(0, 1), Vec3(1.0f));
  }
  SECTION("a corrupt file is an error naming it") {
    const std::string bad = (dir / "bad.png").string();
    write_test_file(bad, "\x89PNG not really");
    CHECK_THROWS_WITH(load_texture_image(bad, true), Catch::Contains("bad.png: cannot read image"));
  }
}

TEST_CASE("make_bsdf reads bound parameters from textures at the hit's uv", "[textures]") {
  TextureSet set;
  Texture checks;
  checks.kind = TextureKind::Checkerboard;
  checks.value = Vec3(0.8f), checks.value1 = Vec3(0.2f), checks.checks = 2;
  set.textures.push_back(checks);
  Texture too_bright;
  too_bright.value = Vec3(3.0f, -1.0f, 0.5f);  // a reflectance is clamped to [0, 1]
  set.textures.push_back(too_bright);

  Material m;
  m.albedo = Vec3(0.5f);
  const Frame frame(Vec3(0, 0, 1));
  const Vec3 wo{0, 0, 1}, wi = normalize(Vec3(0.3f, 0.1f, 1.0f));
  // Unbound: the constant, whatever the uv.
  check_near(make_bsdf(m, frame, {0.1f, 0.1f}, set).eval(wo, wi) * kPi, Vec3(0.5f), 1e-6f);
  m.textures.push_back({LambertianBxDF::kParams[0], 0});
  check_near(make_bsdf(m, frame, {0.1f, 0.1f}, set).eval(wo, wi) * kPi, Vec3(0.8f), 1e-6f);
  check_near(make_bsdf(m, frame, {0.6f, 0.1f}, set).eval(wo, wi) * kPi, Vec3(0.2f), 1e-6f);
  // The material itself is unchanged, and make_bsdf without textures ignores the binding.
  CHECK(m.albedo == Vec3(0.5f));
  check_near(make_bsdf(m, frame).eval(wo, wi) * kPi, Vec3(0.5f), 1e-6f);
  m.textures[0].texture = 1;
  check_near(make_bsdf(m, frame, {0.1f, 0.1f}, set).eval(wo, wi) * kPi, {1.0f, 0.0f, 0.5f}, 1e-6f);
}

TEST_CASE("a scene refuses texture ids past its textures", "[textures]") {
  SceneGeometry g;
  g.add_sphere({{0, 0, 0}, 1.0f}, 0);
  Material m;
  m.normal_map = 2;
  TextureSet set;
  set.textures.resize(2);
  CHECK_THROWS_WITH(RenderScene(g, {m}, CameraParams{}, Vec3(0.0f), {}, {}, set),
                    "material 0: texture 2 does not exist (the scene has 2)");
  m.normal_map = 1;
  CHECK_NOTHROW(RenderScene(g, {m}, CameraParams{}, Vec3(0.0f), {}, {}, set));
  set.textures[1].kind = TextureKind::Image;  // an image texture without its image
  CHECK_THROWS_WITH(RenderScene(g, {m}, CameraParams{}, Vec3(0.0f), {}, {}, set),
                    "texture image 0 does not exist or is empty");
}
