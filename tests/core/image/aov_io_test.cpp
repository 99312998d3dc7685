// AOV layers on disk: the EXR channel names (read back through the OpenEXR
// API) and values of the whole-image writer and both streaming sinks, the side
// files of PNG/PFM outputs, and the variance layer `tessera compare --ztest` reads.

#include "core/engine/bucket_grid.h"
#include "core/image/aov_io.h"
#include "core/image/exr_stream_sink.h"
#include "tests/core/render/test_scene.h"
#include "tests/test_files.h"

#include <ImfChannelList.h>
#include <ImfFrameBuffer.h>
#include <ImfHeader.h>
#include <ImfInputFile.h>
#include <ImfIntAttribute.h>
#include <ImfStringAttribute.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>

using namespace tessera;
namespace fs = std::filesystem;

namespace {

const char* kScene = R"({"camera": {"position": [0, 0, 4], "look_at": [0, 0, 0], "fov": 30},
    "film": {"resolution": [21, 13], "spp": 4, "max_depth": 3, "seed": 2},
    "environment": {"radiance": [0.4, 0.5, 0.6]},
    "materials": {"paint": {"type": "diffuse", "albedo": [0.25, 0.5, 0.75]},
                  "red": {"type": "diffuse", "albedo": [0.9, 0.1, 0.1]}},
    "shapes": [{"type": "quad", "material": "paint", "corner": [-1, -50, 0], "edge1": [100, 0, 0], "edge2": [0, 100, 0]},
               {"type": "sphere", "material": "red", "center": [-0.5, 0.2, 1], "radius": 0.4}]})";

std::string output_path(const std::string& name) {
  const fs::path p = test_case_dir("aov_io") / name;
  fs::remove(p);
  return p.string();
}

// Every channel of an EXR as float, by name.
std::map<std::string, std::vector<float>> read_channels(const std::string& path, int& width, int& height) {
  Imf::InputFile in(path.c_str());
  const Imath::Box2i dw = in.header().dataWindow();
  width = dw.max.x - dw.min.x + 1, height = dw.max.y - dw.min.y + 1;
  std::map<std::string, std::vector<float>> channels;
  Imf::FrameBuffer fb;
  for (auto it = in.header().channels().begin(); it != in.header().channels().end(); ++it) {
    std::vector<float>& v = channels[it.name()];
    v.resize(size_t(width) * height);
  }
  for (auto& [name, v] : channels)
    fb.insert(name, Imf::Slice(Imf::FLOAT, reinterpret_cast<char*>(v.data()), sizeof(float), sizeof(float) * width));
  in.setFrameBuffer(fb);
  in.readPixels(dw.min.y, dw.max.y);
  return channels;
}

// The channels hold exactly `r`'s AOV values (32-bit float) and its beauty as half.
void check_exr_holds(const std::string& path, const RenderResult& r) {
  int w = 0, h = 0;
  const auto channels = read_channels(path, w, h);
  REQUIRE(w == r.image.width());
  REQUIRE(h == r.image.height());
  const std::vector<std::string> names = aov_channel_names(r.aov.set());
  for (size_t c = 0; c < names.size(); ++c) {
    INFO("channel " << names[c]);
    REQUIRE(channels.count(names[c]) == 1);
    const std::vector<float>& v = channels.at(names[c]);
    bool same = true;
    for (int i = 0; i < w * h; ++i) {
      const float expected = r.aov.data()[size_t(i) * names.size() + c];
      same = same && std::memcmp(&v[size_t(i)], &expected, 4) == 0;
    }
    CHECK(same);
  }
  // RGBA stays the beauty.
  const std::vector<float>& red = channels.at("R");
  CHECK(red[5] == float(Imath::half(r.image.data()[15])));
  CHECK(channels.at("A")[0] == 1.0f);
}

void run_into(BucketSink& sink, TestScene& ts, const RenderSettings& settings, BucketSize bucket, Completion completion) {
  ScheduleOptions schedule;
  schedule.threads = 2;
  schedule.bucket_size = bucket;
  schedule.completion = completion;
  render_buckets(ts.file.scene, *ts.accel, settings, schedule, sink);
}

}  // namespace

TEST_CASE("EXR with AOVs: channel names and values from write_image and both streaming sinks", "[aov][exr]") {
  auto ts = TestScene::from_text(kScene);
  RenderSettings settings = ts->file.settings;
  settings.aovs = parse_aov_list("albedo,normal,depth,position,variance");
  const RenderResult r = ts->render(settings, 2, {8, 8});
  const std::vector<std::string> expected = {"A",          "B",          "G",          "R",          "albedo.B",
                                             "albedo.G",   "albedo.R",   "depth.Z",    "normal.X",   "normal.Y",
                                             "normal.Z",   "position.X", "position.Y", "position.Z", "variance.B",
                                             "variance.G", "variance.R"};

  const std::string whole = output_path("whole.exr");
  write_image_with_aovs(r.image, r.aov, whole);
  CHECK(exr_channel_names(whole) == expected);
  check_exr_holds(whole, r);
  {
    Imf::InputFile in(whole.c_str());
    CHECK(in.header().channels().findChannel("depth.Z")->type == Imf::FLOAT);
    CHECK(in.header().channels().findChannel("R")->type == Imf::HALF);
  }

  // With metadata and a crop's data window: the layers, the attributes and the window together.
  ImageWriteOptions options;
  options.metadata.software = "tessera test";
  options.metadata.add("tessera/spp", 4);
  options.data_window = {3, 2, 10, 7};
  const std::string cropped = output_path("cropped.exr");
  write_image_with_aovs(r.image, r.aov, cropped, options);
  CHECK(exr_channel_names(cropped) == expected);
  {
    Imf::InputFile in(cropped.c_str());
    const Imath::Box2i data = in.header().dataWindow(), display = in.header().displayWindow();
    CHECK((data.min.x == 3 && data.min.y == 2 && data.max.x == 12 && data.max.y == 8));
    CHECK((display.min.x == 0 && display.max.x == 20 && display.max.y == 12));
    const auto* software = in.header().findTypedAttribute<Imf::StringAttribute>("software");
    REQUIRE(software);
    CHECK(software->value() == "tessera test");
    const auto* spp = in.header().findTypedAttribute<Imf::IntAttribute>("tessera/spp");
    REQUIRE(spp);
    CHECK(spp->value() == 4);
    // A layer's pixel inside the window is the whole render's.
    std::vector<float> depth(size_t(21) * 13, -1.0f);
    Imf::FrameBuffer fb;
    fb.insert("depth.Z", Imf::Slice(Imf::FLOAT, reinterpret_cast<char*>(depth.data()), sizeof(float), sizeof(float) * 21));
    in.setFrameBuffer(fb);
    in.readPixels(data.min.y, data.max.y);
    const int depth_offset = r.aov.set().offset(Aov::Depth);
    CHECK(depth[size_t(5) * 21 + 6] == r.aov.pixel(6, 5)[depth_offset]);
  }

  const std::string scanline = output_path("scanline.exr");
  ExrScanlineSink scan(scanline, true, settings.aovs);
  run_into(scan, *ts, settings, {8, 8}, Completion::Sequential);
  CHECK(exr_channel_names(scanline) == expected);
  check_exr_holds(scanline, r);

  const std::string tiled = output_path("tiled.exr");
  ExrTiledSink tiles(tiled, {8, 8}, true, settings.aovs);
  run_into(tiles, *ts, settings, {8, 8}, Completion::Unordered);
  CHECK(exr_channel_names(tiled) == expected);
  check_exr_holds(tiled, r);

  // A bucket without the sink's layers is refused, not written as garbage.
  BucketBuffer bare;
  bare.bucket = BucketGrid(21, 13, {8, 8}).bucket(0);
  bare.rgb.assign(64 * 3, 0.0f);
  ExrTiledSink strict(output_path("strict.exr"), {8, 8}, true, settings.aovs);
  strict.begin(21, 13);
  CHECK_THROWS_WITH(strict.write_bucket(bare), Catch::Contains("carries other AOV layers than the image"));
}

TEST_CASE("a PNG output with AOVs writes one file per layer beside it; normals remapped to [0, 1]", "[aov][png]") {
  auto ts = TestScene::from_text(kScene);
  RenderSettings settings = ts->file.settings;
  settings.aovs = parse_aov_list("albedo,normal,depth");
  const RenderResult r = ts->render(settings, 1);
  const std::string png = output_path("out.png");
  for (const char* layer : {"albedo", "normal", "depth"}) fs::remove(aov_side_path(png, layer));
  CHECK(aov_side_paths(png, settings.aovs) ==
        std::vector<std::string>{aov_side_path(png, "albedo"), aov_side_path(png, "normal"), aov_side_path(png, "depth")});
  CHECK(aov_side_path("dir.x/out.png", "albedo") == "dir.x/out.albedo.png");
  CHECK(aov_side_path("dir.x/out", "depth") == "dir.x/out.depth");
  write_image_with_aovs(r.image, r.aov, png);
  REQUIRE(fs::exists(png));
  ImageReadOptions data;
  data.srgb = false;  // code / 255
  const Image normal = read_image(aov_side_path(png, "normal"), data);
  // A pixel on the plane (right half of the image): normal (0, 0, 1) -> codes 128, 128, 255.
  const Vec3 n = normal.pixel(18, 6);
  CHECK(n.x == Approx(128.0f / 255).margin(1e-6));
  CHECK(n.y == Approx(128.0f / 255).margin(1e-6));
  CHECK(n.z == Approx(1.0f).margin(1e-6));
  // Albedo is a colour: sRGB-encoded like the beauty, so it reads back as the albedo.
  const Vec3 a = read_image(aov_side_path(png, "albedo")).pixel(18, 6);
  CHECK(a.x == Approx(0.25f).epsilon(0.02));
  CHECK(a.z == Approx(0.75f).epsilon(0.02));
  CHECK(fs::exists(aov_side_path(png, "depth")));
  CHECK(!fs::exists(aov_side_path(png, "position")));

  // PFM keeps the values as they are, normals in [-1, 1] included.
  const std::string pfm = output_path("out.pfm");
  write_image_with_aovs(r.image, r.aov, pfm);
  const Image pfm_normal = read_image(aov_side_path(pfm, "normal"));
  CHECK(pfm_normal.pixel(18, 6).z == Approx(1.0f).epsilon(1e-6));
  const Image pfm_depth = read_image(aov_side_path(pfm, "depth"));
  CHECK(pfm_depth.pixel(18, 6).x == r.aov.pixel(18, 6)[r.aov.set().offset(Aov::Depth)]);
}

TEST_CASE("read_variance_image takes an EXR's variance layer, else its RGB", "[aov][compare]") {
  auto ts = TestScene::from_text(kScene);
  RenderSettings settings = ts->file.settings;
  settings.aovs = parse_aov_list("variance");
  const RenderResult r = ts->render(settings, 1);
  const std::string exr = output_path("variance_layer.exr");
  write_image_with_aovs(r.image, r.aov, exr);
  const Image v = read_variance_image(exr);
  REQUIRE(v.width() == 21);
  CHECK(std::memcmp(v.data().data(), r.aov.data().data(), r.aov.data().size() * 4) == 0);
  // An image without the layer: its RGB (a --variance render).
  const std::string plain = output_path("plain.pfm");
  write_image(r.image, plain);
  CHECK(std::memcmp(read_variance_image(plain).data().data(), r.image.data().data(), r.image.data().size() * 4) == 0);
}
