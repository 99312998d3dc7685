// Files that say what they are: EXR header attributes (through write_image and
// both streaming sinks), a crop's EXR data window, PNG colour-space and text
// chunks, JPEG output, and OpenEXR's camera matrices.

#include "core/base/error.h"
#include "core/engine/bucket_grid.h"
#include "core/image/exr_stream_sink.h"
#include "core/image/image_io.h"
#include "core/image/png_chunks.h"
#include "core/render/camera.h"
#include "tests/test_files.h"

#include <ImfChromaticities.h>
#include <ImfDoubleAttribute.h>
#include <ImfFrameBuffer.h>
#include <ImfHeader.h>
#include <ImfInputFile.h>
#include <ImfIntAttribute.h>
#include <ImfMatrixAttribute.h>
#include <ImfStandardAttributes.h>
#include <ImfStringAttribute.h>
#include <stb_image.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <iterator>

using namespace tessera;

namespace {

ImageMetadata sample_metadata() {
  ImageMetadata m;
  m.software = "tessera 9.8.7 0123456789ab";
  m.add("tessera/scene", std::string("scenes/box.json"));
  m.add("tessera/spp", 64);
  m.add("tessera/renderTime", 12.5);
  const CameraMatrices cam = camera_matrices(CameraParams{}, 40, 30);
  m.world_to_camera = cam.world_to_camera;
  m.world_to_ndc = cam.world_to_ndc;
  return m;
}

Image gradient(int w, int h) {
  Image image(w, h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) image.set_pixel(x, y, {float(x) / float(w), float(y) / float(h), 0.5f});
  return image;
}

std::vector<uint8_t> file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The attributes of sample_metadata() in `path`'s header, read with OpenEXR.
void check_exr_attributes(const std::string& path, bool with_render_time) {
  Imf::InputFile file(path.c_str());
  const Imf::Header& h = file.header();
  const auto* software = h.findTypedAttribute<Imf::StringAttribute>("software");
  REQUIRE(software);
  CHECK(software->value() == "tessera 9.8.7 0123456789ab");
  const auto* scene = h.findTypedAttribute<Imf::StringAttribute>("tessera/scene");
  REQUIRE(scene);
  CHECK(scene->value() == "scenes/box.json");
  const auto* spp = h.findTypedAttribute<Imf::IntAttribute>("tessera/spp");
  REQUIRE(spp);
  CHECK(spp->value() == 64);
  const auto* time = h.findTypedAttribute<Imf::DoubleAttribute>("tessera/renderTime");
  CHECK(bool(time) == with_render_time);
  if (time) CHECK(time->value() == 12.5);
  REQUIRE(Imf::hasChromaticities(h));
  const Imf::Chromaticities c = Imf::chromaticities(h);
  CHECK(c.red.x == Approx(0.64f));
  CHECK(c.red.y == Approx(0.33f));
  CHECK(c.green.x == Approx(0.30f));
  CHECK(c.green.y == Approx(0.60f));
  CHECK(c.blue.x == Approx(0.15f));
  CHECK(c.blue.y == Approx(0.06f));
  CHECK(c.white.x == Approx(0.3127f));
  CHECK(c.white.y == Approx(0.3290f));
  REQUIRE(Imf::hasWorldToCamera(h));
  REQUIRE(Imf::hasWorldToNDC(h));
  // The default camera sits at (0, 0, 5) looking down -z: the origin is 5 in
  // front of it, and lands in the middle of the image.
  const Imath::V3f in_camera = Imath::V3f(0, 0, 0) * Imf::worldToCamera(h);
  CHECK(in_camera.x == Approx(0).margin(1e-6));
  CHECK(in_camera.y == Approx(0).margin(1e-6));
  CHECK(in_camera.z == Approx(5));
  Imath::V3f ndc;
  Imf::worldToNDC(h).multVecMatrix(Imath::V3f(0, 0, 0), ndc);
  CHECK(ndc.x == Approx(0.5f));
  CHECK(ndc.y == Approx(0.5f));
}

}  // namespace

TEST_CASE("write_image puts the metadata and Rec.709 chromaticities in the EXR header", "[exr][metadata]") {
  const std::string path = (test_case_dir("metadata") / "whole.exr").string();
  ImageWriteOptions options;
  options.metadata = sample_metadata();
  write_image(gradient(40, 30), path, options);
  check_exr_attributes(path, true);
}

TEST_CASE("The streaming EXR sinks write the metadata given before begin()", "[exr][metadata][stream]") {
  const BucketGrid grid(40, 30, BucketSize{16, 16});
  const auto run = [&](BucketSink& sink) {
    sink.begin(40, 30);
    for (int id = 0; id < grid.count(); ++id) {
      BucketBuffer b;
      b.bucket = grid.bucket(id);
      b.rgb.assign(size_t(b.bucket.rect.area()) * 3, 0.25f);
      sink.write_bucket(b);
    }
    sink.finish();
  };
  ImageMetadata m = sample_metadata();
  m.entries.pop_back();  // a streamed header is written before the render: no render time
  const std::string scan_path = (test_case_dir("metadata") / "scan.exr").string();
  ExrScanlineSink scan(scan_path);
  scan.set_metadata(m);
  run(scan);
  check_exr_attributes(scan_path, false);
  const std::string tiled_path = (test_case_dir("metadata") / "tiled.exr").string();
  ExrTiledSink tiled(tiled_path, BucketSize{16, 16});
  tiled.set_metadata(m);
  run(tiled);
  check_exr_attributes(tiled_path, false);
}

TEST_CASE("A crop's EXR has the crop as its data window and the image as its display window", "[exr][crop]") {
  const std::string path = (test_case_dir("metadata") / "crop.exr").string();
  const Image image = gradient(40, 30);
  ImageWriteOptions options;
  options.exr_half = false;
  options.data_window = {5, 7, 18, 12};
  write_image(image, path, options);
  Imf::InputFile file(path.c_str());
  const Imath::Box2i data = file.header().dataWindow(), display = file.header().displayWindow();
  CHECK(display.min == Imath::V2i(0, 0));
  CHECK(display.max == Imath::V2i(39, 29));
  CHECK(data.min == Imath::V2i(5, 7));
  CHECK(data.max == Imath::V2i(22, 18));
  // The pixels are the image's at the same coordinates, exactly (float).
  std::vector<float> r(18 * 12);
  Imf::FrameBuffer fb;
  fb.insert("R", Imf::Slice(Imf::FLOAT, reinterpret_cast<char*>(r.data() - (5 + 7 * 18)), sizeof(float),
                            sizeof(float) * 18));
  file.setFrameBuffer(fb);
  file.readPixels(7, 18);
  for (int y = 7; y < 19; ++y)
    for (int x = 5; x < 23; ++x) CHECK(r[size_t((y - 7) * 18 + (x - 5))] == image.pixel(x, y).x);
}

TEST_CASE("A crop's PNG is the whole image, black outside the crop", "[png][crop]") {
  const std::string path = (test_case_dir("metadata") / "crop.png").string();
  ImageWriteOptions options;
  options.data_window = {5, 7, 18, 12};
  write_image(gradient(40, 30), path, options);
  const Image back = read_image(path);
  REQUIRE(back.width() == 40);
  REQUIRE(back.height() == 30);
  CHECK(back.pixel(4, 10).z == 0.0f);
  CHECK(back.pixel(23, 10).z == 0.0f);
  CHECK(back.pixel(10, 6).z == 0.0f);
  CHECK(back.pixel(10, 19).z == 0.0f);
  CHECK(back.pixel(5, 7).z == Approx(0.5f).epsilon(0.01));
  CHECK(back.pixel(22, 18).z == Approx(0.5f).epsilon(0.01));
}

TEST_CASE("PNG output carries sRGB, gAMA, cHRM and a tEXt Software chunk with valid CRCs", "[png][metadata]") {
  const std::string path = (test_case_dir("metadata") / "tagged.png").string();
  ImageWriteOptions options;
  options.metadata.software = "tessera 9.8.7 0123456789ab";
  write_image(gradient(8, 4), path, options);
  const std::vector<uint8_t> bytes = file_bytes(path);
  const std::vector<PngChunk> chunks = parse_png_chunks(bytes.data(), bytes.size());  // checks every CRC
  std::vector<std::string> types;
  for (const PngChunk& c : chunks) types.push_back(c.type);
  REQUIRE(types.size() >= 7);
  CHECK(types[0] == "IHDR");
  CHECK(types[1] == "sRGB");
  CHECK(types[2] == "gAMA");
  CHECK(types[3] == "cHRM");
  CHECK(types[4] == "tEXt");
  CHECK(types.back() == "IEND");
  CHECK(chunks[1].data == std::vector<uint8_t>{0});
  CHECK(chunks[2].data == std::vector<uint8_t>{0, 0, 0xb1, 0x8f});  // 45455
  const std::string text(chunks[4].data.begin(), chunks[4].data.end());
  CHECK(text == std::string("Software\0tessera 9.8.7 0123456789ab", 35));
  // Still a PNG every decoder reads, with the same pixels.
  int w = 0, h = 0, n = 0;
  unsigned char* pixels = stbi_load_from_memory(bytes.data(), int(bytes.size()), &w, &h, &n, 3);
  REQUIRE(pixels);
  CHECK(w == 8);
  CHECK(h == 4);
  CHECK(int(pixels[(1 * 8 + 4) * 3 + 2]) == int(encode_srgb8(0.5f, {})));
  stbi_image_free(pixels);
}

TEST_CASE("The PNG chunk parser refuses a bad CRC and a truncated chunk", "[png]") {
  std::vector<uint8_t> png = png_insert_chunks(
      {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0,
       0x90, 0x77, 0x53, 0xde},
      {png_text_chunk("Software", "x")});
  CHECK(parse_png_chunks(png.data(), png.size()).size() == 2);
  std::vector<uint8_t> bad = png;
  bad[bad.size() - 5] ^= 1;  // the last byte of tEXt's data
  CHECK_THROWS_WITH(parse_png_chunks(bad.data(), bad.size()), Catch::Contains("CRC mismatch in chunk tEXt at byte 33"));
  CHECK_THROWS_WITH(parse_png_chunks(png.data(), png.size() - 2), Catch::Contains("at byte 33"));
  CHECK_THROWS_WITH(png_insert_chunks({1, 2, 3}, {}), Catch::Contains("not a PNG stream"));
  CHECK(png_crc("IEND", {}) == 0xae426082u);  // every PNG's last four bytes
}

TEST_CASE("JPEG output decodes to the image's size and colours, and quality changes it", "[jpeg]") {
  Image image(32, 16);
  for (int y = 0; y < 16; ++y)
    for (int x = 0; x < 32; ++x) image.set_pixel(x, y, x < 16 ? Vec3{0.8f, 0.1f, 0.1f} : Vec3{0.1f, 0.1f, 0.8f});
  const std::string high = (test_case_dir("metadata") / "q100.jpg").string();
  const std::string low = (test_case_dir("metadata") / "q5.JPEG").string();
  ImageWriteOptions options;
  options.jpeg_quality = 100;
  write_image(image, high, options);
  options.jpeg_quality = 5;
  write_image(image, low, options);
  const std::vector<uint8_t> bytes = file_bytes(high);
  int w = 0, h = 0, n = 0;
  unsigned char* pixels = stbi_load_from_memory(bytes.data(), int(bytes.size()), &w, &h, &n, 3);
  REQUIRE(pixels);
  CHECK(w == 32);
  CHECK(h == 16);
  const int red = int(encode_srgb8(0.8f, {})), dark = int(encode_srgb8(0.1f, {}));
  const unsigned char* left = pixels + (8 * 32 + 4) * 3;
  const unsigned char* right = pixels + (8 * 32 + 28) * 3;
  CHECK(std::abs(int(left[0]) - red) <= 4);
  CHECK(std::abs(int(left[2]) - dark) <= 4);
  CHECK(std::abs(int(right[2]) - red) <= 4);
  CHECK(std::abs(int(right[0]) - dark) <= 4);
  stbi_image_free(pixels);
  CHECK(file_bytes(low).size() < bytes.size());
  CHECK(image_format_for_path("a.JPG") == ImageFormat::Jpeg);
  ImageWriteOptions bad;
  bad.jpeg_quality = 0;
  CHECK_THROWS_WITH(check_write_options(bad, "a.jpg"), "--jpeg-quality 0: must be 1..100");
  bad.jpeg_quality = 101;
  CHECK_THROWS_WITH(check_write_options(bad, "a.png"), "--jpeg-quality 101: must be 1..100");
  ImageWriteOptions exposed;
  exposed.exposure = 1;
  CHECK(check_write_options(exposed, "a.jpg").empty());  // 8-bit: exposure applies
}

TEST_CASE("camera_matrices: worldToNDC sends a camera ray's points to its film position", "[camera][metadata]") {
  CameraParams params;
  params.position = {1, 2, 3};
  params.look_at = {-2, 0.5f, -4};
  params.up = {0.1f, 1, 0};
  params.vertical_fov = 50;
  const int w = 64, h = 48;
  const Camera camera(params, w, h);
  const CameraMatrices m = camera_matrices(params, w, h);
  const auto mul = [](const std::array<float, 16>& M, Vec3 p, float out[4]) {
    for (int j = 0; j < 4; ++j) out[j] = p.x * M[size_t(j)] + p.y * M[size_t(4 + j)] + p.z * M[size_t(8 + j)] + M[size_t(12 + j)];
  };
  for (const auto& film : {std::pair<float, float>{32, 24}, {0, 0}, {64, 48}, {10.5f, 40.25f}}) {
    const Ray ray = camera.generate_ray(film.first, film.second, {0.5f, 0.5f});
    const Vec3 point = ray.origin + ray.direction * 7.0f;
    float ndc[4], cam[4];
    mul(m.world_to_ndc, point, ndc);
    CHECK(ndc[0] / ndc[3] == Approx(film.first / w).margin(1e-4));
    CHECK(ndc[1] / ndc[3] == Approx(film.second / h).margin(1e-4));
    mul(m.world_to_camera, point, cam);
    // Left-handed camera space: +z is the view direction, the distance along it positive.
    CHECK(cam[2] > 0);
    CHECK(std::sqrt(cam[0] * cam[0] + cam[1] * cam[1] + cam[2] * cam[2]) == Approx(7.0f).epsilon(1e-4));
    CHECK((film.first > 32) == (cam[0] > 1e-4f));  // +x right
    CHECK((film.second < 24) == (cam[1] > 1e-4f));  // +y up
  }
}
