// Crop renders (--crop, --pixel-bounds): the region's pixels are bit for bit
// those of the full render, PNG output is the full image black outside, EXR
// output has the crop as its data window, crops' checkpoints merge into the
// full image, and bad regions are one clear error.

#include "app/build_info.h"
#include "app/crop_window.h"
#include "app/merge_command.h"
#include "app/render_command.h"
#include "core/base/error.h"
#include "core/image/image_io.h"
#include "tests/test_files.h"

#include <ImfFrameBuffer.h>
#include <ImfHeader.h>
#include <ImfInputFile.h>
#include <ImfStringAttribute.h>
#include <ImfIntAttribute.h>
#include <ImfDoubleAttribute.h>
#include <nlohmann/json.hpp>
#include <stb_image.h>

#include <catch2/catch.hpp>

#include <cstring>
#include <fstream>

using namespace tessera;

namespace {

// The built-in Cornell box, small and quick: 40x30, 2 spp, 16x16 buckets (edges clipped).
RenderCommand small_render(const std::string& output) {
  RenderCommand cmd;
  cmd.output = output;
  cmd.resolution = "40x30";
  cmd.spp = 2;
  cmd.bucket_size = "16";
  cmd.threads = 2;
  cmd.quiet = true;
  cmd.write_options.exr_half = output.size() < 4 || output.substr(output.size() - 4) != ".exr";  // EXR as float
  return cmd;
}

struct ExrPixels {
  Imath::Box2i data, display;
  std::vector<float> rgb;  // data window, row-major
  float at(int x, int y, int c) const {
    const int w = data.max.x - data.min.x + 1;
    return rgb[(size_t(y - data.min.y) * size_t(w) + size_t(x - data.min.x)) * 3 + size_t(c)];
  }
};

ExrPixels read_exr(const std::string& path) {
  Imf::InputFile file(path.c_str());
  ExrPixels p;
  p.data = file.header().dataWindow();
  p.display = file.header().displayWindow();
  const int w = p.data.max.x - p.data.min.x + 1, h = p.data.max.y - p.data.min.y + 1;
  p.rgb.assign(size_t(w) * size_t(h) * 3, -1.0f);
  Imf::FrameBuffer fb;
  const size_t xs = 3 * sizeof(float), ys = xs * size_t(w);
  char* base = reinterpret_cast<char*>(p.rgb.data()) - (ptrdiff_t(p.data.min.x) * ptrdiff_t(xs) + ptrdiff_t(p.data.min.y) * ptrdiff_t(ys));
  for (int c = 0; c < 3; ++c) fb.insert(std::string(1, "RGB"[c]), Imf::Slice(Imf::FLOAT, base + c * sizeof(float), xs, ys));
  file.setFrameBuffer(fb);
  file.readPixels(p.data.min.y, p.data.max.y);
  return p;
}

bool same_bits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

}  // namespace

TEST_CASE("parse_crop rounds fractions up as pbrt, parse_pixel_bounds is half-open", "[crop]") {
  const PixelRect c = parse_crop("0.25,0.75,0,0.5", 40, 30);
  CHECK(c.x == 10);
  CHECK(c.width == 20);
  CHECK(c.y == 0);
  CHECK(c.height == 15);
  const PixelRect r = parse_crop("0.01,1,0.95,1", 40, 30);  // ceil(0.4) = 1, ceil(28.5) = 29: the last row
  CHECK(r.x == 1);
  CHECK(r.width == 39);
  CHECK(r.y == 29);
  CHECK(r.height == 1);
  const PixelRect b = parse_pixel_bounds("5,23,7,19", 40, 30);
  CHECK(b.x == 5);
  CHECK(b.width == 18);
  CHECK(b.y == 7);
  CHECK(b.height == 12);
  CHECK_THROWS_WITH(parse_crop("0.5,0.5,0,1", 40, 30), "--crop \"0.5,0.5,0,1\": needs 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1");
  CHECK_THROWS_WITH(parse_crop("0,1.5,0,1", 40, 30), Catch::Contains("needs 0 <= x0 < x1 <= 1"));
  CHECK_THROWS_WITH(parse_crop("0,1,0", 40, 30), Catch::Contains("expected x0,x1,y0,y1"));
  CHECK_THROWS_WITH(parse_crop("0,1,0,1,", 40, 30), Catch::Contains("expected x0,x1,y0,y1"));
  CHECK_THROWS_WITH(parse_crop("0,x,0,1", 40, 30), "--crop \"0,x,0,1\": \"x\" is not a number");
  CHECK_THROWS_WITH(parse_crop("0,nan,0,1", 40, 30), Catch::Contains("\"nan\" is not a number"));
  CHECK_THROWS_WITH(parse_crop("0.001,0.002,0,1", 40, 30), Catch::Contains("holds no pixel of the 40x30 image"));
  CHECK_THROWS_WITH(parse_pixel_bounds("0,41,0,30", 40, 30),
                    Catch::Contains("needs 0 <= x0 < x1 <= 40 and 0 <= y0 < y1 <= 30"));
  CHECK_THROWS_WITH(parse_pixel_bounds("3,3,0,30", 40, 30), Catch::Contains("needs 0 <= x0 < x1"));
  CHECK_THROWS_WITH(parse_pixel_bounds("0,1.5,0,30", 40, 30), Catch::Contains("\"1.5\" is not a whole number"));
  CHECK_THROWS_WITH(parse_pixel_bounds("-1,5,0,30", 40, 30), Catch::Contains("needs 0 <= x0"));
}

TEST_CASE("buckets_touching lists the buckets holding a pixel of the region", "[crop]") {
  const BucketGrid grid(40, 30, BucketSize{16, 16});  // 3 x 2 buckets
  CHECK(buckets_touching(grid, {5, 7, 18, 12}) == std::vector<int>{0, 1, 3, 4});
  CHECK(buckets_touching(grid, {16, 0, 16, 16}) == std::vector<int>{1});
  CHECK(buckets_touching(grid, {39, 29, 1, 1}) == std::vector<int>{5});
}

TEST_CASE("A crop render's pixels are bit for bit the full render's; EXR data window, PNG black outside",
          "[crop][cli]") {
  const auto dir = fresh_test_dir("crop", "render");
  const std::string full_exr = (dir / "full.exr").string(), full_png = (dir / "full.png").string();
  REQUIRE(run_render(small_render(full_exr)) == 0);
  REQUIRE(run_render(small_render(full_png)) == 0);
  const ExrPixels full = read_exr(full_exr);

  for (const char* flag : {"pixel-bounds", "crop"}) {
    RenderCommand exr = small_render((dir / (std::string(flag) + ".exr")).string());
    RenderCommand png = small_render((dir / (std::string(flag) + ".png")).string());
    // --crop 0.125,0.575,0.2,0.65 on 40x30 is pixels 5..23 x 6..20 (ceil).
    if (std::string(flag) == "crop") exr.crop = png.crop = "0.125,0.575,0.2,0.65";
    else exr.pixel_bounds = png.pixel_bounds = "5,23,7,19";
    const PixelRect want = std::string(flag) == "crop" ? PixelRect{5, 6, 18, 14} : PixelRect{5, 7, 18, 12};
    REQUIRE(run_render(exr) == 0);
    REQUIRE(run_render(png) == 0);
    const ExrPixels crop = read_exr(exr.output);
    CHECK(crop.display.min == Imath::V2i(0, 0));
    CHECK(crop.display.max == Imath::V2i(39, 29));
    CHECK(crop.data.min == Imath::V2i(want.x, want.y));
    CHECK(crop.data.max == Imath::V2i(want.x + want.width - 1, want.y + want.height - 1));
    int differing = 0;
    for (int y = want.y; y < want.y + want.height; ++y)
      for (int x = want.x; x < want.x + want.width; ++x)
        for (int c = 0; c < 3; ++c) differing += !same_bits(crop.at(x, y, c), full.at(x, y, c));
    CHECK(differing == 0);

    int fw = 0, fh = 0, n = 0, cw = 0, ch = 0;
    unsigned char* f = stbi_load(full_png.c_str(), &fw, &fh, &n, 3);
    unsigned char* p = stbi_load(png.output.c_str(), &cw, &ch, &n, 3);
    REQUIRE(f);
    REQUIRE(p);
    CHECK(cw == 40);
    CHECK(ch == 30);
    int inside_differs = 0, outside_lit = 0;
    for (int y = 0; y < 30; ++y)
      for (int x = 0; x < 40; ++x)
        for (int c = 0; c < 3; ++c) {
          const size_t i = (size_t(y) * 40 + size_t(x)) * 3 + size_t(c);
          if (want.contains(x, y)) inside_differs += p[i] != f[i];
          else outside_lit += p[i] != 0;
        }
    CHECK(inside_differs == 0);
    CHECK(outside_lit == 0);
    stbi_image_free(f);
    stbi_image_free(p);
  }
}

TEST_CASE("Crop renders' checkpoints merge into the full render, as shards do", "[crop][cli]") {
  const auto dir = fresh_test_dir("crop", "merge");
  const std::string full_exr = (dir / "full.exr").string();
  REQUIRE(run_render(small_render(full_exr)) == 0);
  // Two crops that meet inside a bucket row (y = 13): the buckets they share are
  // rendered by both, with the same bits, and merged once.
  RenderCommand top = small_render((dir / "top.exr").string());
  top.pixel_bounds = "0,40,0,13";
  top.checkpoint = (dir / "top.tsj").string();
  RenderCommand bottom = small_render((dir / "bottom.png").string());
  bottom.crop = "0,1,0.4,1";
  bottom.checkpoint = (dir / "bottom.tsj").string();
  REQUIRE(run_render(top) == 0);
  REQUIRE(run_render(bottom) == 0);
  MergeCommand merge;
  merge.inputs = {top.checkpoint, bottom.checkpoint};
  merge.output = (dir / "merged.exr").string();
  merge.write_options.exr_half = false;
  merge.quiet = true;
  REQUIRE(run_merge(merge) == 0);
  const ExrPixels full = read_exr(full_exr), merged = read_exr(merge.output);
  REQUIRE(merged.rgb.size() == full.rgb.size());
  CHECK(std::memcmp(merged.rgb.data(), full.rgb.data(), full.rgb.size() * sizeof(float)) == 0);
  // The top crop alone does not cover the image.
  merge.inputs = {top.checkpoint};
  CHECK_THROWS_WITH(run_merge(merge), Catch::Contains("buckets missing"));
}

TEST_CASE("A render's EXR header names the software, the scene and the settings", "[metadata][cli]") {
  const auto dir = fresh_test_dir("crop", "metadata");
  RenderCommand cmd = small_render((dir / "out.exr").string());
  cmd.seed = 18446744073709551615ull;
  cmd.pixel_bounds = "1,2,3,4";
  REQUIRE(run_render(cmd) == 0);
  Imf::InputFile file(cmd.output.c_str());
  const Imf::Header& h = file.header();
  const auto text = [&](const char* name) {
    const auto* a = h.findTypedAttribute<Imf::StringAttribute>(name);
    return a ? a->value() : std::string("(missing)");
  };
  const auto number = [&](const char* name) {
    const auto* a = h.findTypedAttribute<Imf::IntAttribute>(name);
    return a ? a->value() : -1;
  };
  CHECK(text("software") == tessera_software());
  CHECK(text("software").rfind("tessera 0.", 0) == 0);
  CHECK(text("tessera/scene") == "cornell-box.json (built in)");
  CHECK(text("tessera/sampler") == "sobol");
  CHECK(text("tessera/filter") == "tent:1");
  CHECK(text("tessera/seed") == "18446744073709551615");
  CHECK(text("tessera/crop") == "1,2,3,4");
  CHECK(number("tessera/spp") == 2);
  CHECK(number("tessera/threads") == 2);
  const auto* time = h.findTypedAttribute<Imf::DoubleAttribute>("tessera/renderTime");
  REQUIRE(time);
  CHECK(time->value() >= 0.0);
  CHECK(h.findTypedAttribute<Imf::StringAttribute>("tessera/renderTime") == nullptr);
}

TEST_CASE("A streamed EXR's header has the metadata but the render time", "[metadata][cli]") {
  const auto dir = fresh_test_dir("crop", "streamed");
  for (bool tiled : {false, true}) {
    RenderCommand cmd = small_render((dir / (tiled ? "tiled.exr" : "scan.exr")).string());
    if (tiled) cmd.exr_tiled = true;
    else cmd.completion = "sequential";
    REQUIRE(run_render(cmd) == 0);
    Imf::InputFile file(cmd.output.c_str());
    const Imf::Header& h = file.header();
    CHECK(h.findTypedAttribute<Imf::StringAttribute>("software"));
    CHECK(h.findTypedAttribute<Imf::IntAttribute>("tessera/spp"));
    CHECK(h.findTypedAttribute<Imf::StringAttribute>("tessera/scene"));
    CHECK(h.findTypedAttribute<Imf::DoubleAttribute>("tessera/renderTime") == nullptr);
  }
}

TEST_CASE("A crop render refuses --exr-tiled, both region flags, and an empty shard of the crop", "[crop][cli]") {
  const auto dir = fresh_test_dir("crop", "errors");
  RenderCommand cmd = small_render((dir / "out.exr").string());
  cmd.crop = "0,0.5,0,0.5";
  cmd.exr_tiled = true;
  CHECK_THROWS_WITH(run_render(cmd), Catch::Contains("--exr-tiled: a crop render is written whole"));
  cmd.exr_tiled = false;
  cmd.pixel_bounds = "0,1,0,1";
  CHECK_THROWS_WITH(run_render(cmd), "--crop and --pixel-bounds: give one or the other");
  cmd.pixel_bounds.clear();
  cmd.output = (dir / "shard.tsj").string();
  cmd.shard = "5/6";  // bucket 5 is the bottom-right one
  CHECK_THROWS_WITH(run_render(cmd), "--shard 5/6: this shard holds no bucket of the crop");
}

TEST_CASE("A crop's summary and statistics count the buckets it renders, beside the image's", "[crop][cli]") {
  const auto dir = fresh_test_dir("crop", "counts");
  RenderCommand cmd = small_render((dir / "crop.exr").string());
  cmd.pixel_bounds = "5,23,7,19";  // 40x30 in 16x16 buckets: 3x2 = 6 in the image, the crop touches 2x2
  cmd.stats_json = (dir / "stats.json").string();
  REQUIRE(run_render(cmd) == 0);
  const nlohmann::json stats = nlohmann::json::parse(std::ifstream(cmd.stats_json));
  CHECK(stats["schedule"]["buckets"] == 6);
  CHECK(stats["schedule"]["buckets_in_render"] == 4);

  RenderCommand full = small_render((dir / "full.exr").string());
  full.stats_json = (dir / "full.json").string();
  REQUIRE(run_render(full) == 0);
  const nlohmann::json full_stats = nlohmann::json::parse(std::ifstream(full.stats_json));
  CHECK(full_stats["schedule"]["buckets_in_render"] == 6);
}
