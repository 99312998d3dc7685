// Streaming EXR sinks: the file read back holds exactly the framebuffer
// render_image makes (bit for bit as float, Imath::half(v) as half), and a
// render that does not finish leaves neither a temporary nor a final file.

#include "core/base/atomic_file.h"
#include "core/engine/bucket_grid.h"
#include "core/base/error.h"
#include "core/image/exr_stream_sink.h"
#include "core/image/image_io.h"
#include "tests/core/render/test_scene.h"
#include "tests/test_files.h"

#include <ImfChannelList.h>
#include <ImfCompression.h>
#include <ImfFrameBuffer.h>
#include <ImfHeader.h>
#include <ImfInputFile.h>
#include <ImfLineOrder.h>
#include <ImfTileDescription.h>
#include <Imath/half.h>

#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace tessera;
namespace fs = std::filesystem;

namespace {

std::string output_path(const std::string& name) {
  const fs::path dir = test_case_dir("exr_stream");
  const fs::path p = dir / name;
  fs::remove(p);
  fs::remove(exr_temp_path(p.string()));
  return p.string();
}

struct ExrRead {
  int width = 0, height = 0;
  std::vector<float> rgba;  // row-major RGBA
  Imf::Compression compression = Imf::NO_COMPRESSION;
  Imf::LineOrder line_order = Imf::INCREASING_Y;
  bool tiled = false;
  Imf::TileDescription tile;
  std::vector<Imf::PixelType> types;
};

ExrRead read_exr(const std::string& path) {
  Imf::InputFile in(path.c_str());
  const Imath::Box2i dw = in.header().dataWindow();
  ExrRead r;
  r.width = dw.max.x - dw.min.x + 1, r.height = dw.max.y - dw.min.y + 1;
  r.compression = in.header().compression();
  r.line_order = in.header().lineOrder();
  r.tiled = in.header().hasTileDescription();
  if (r.tiled) r.tile = in.header().tileDescription();
  r.rgba.assign(size_t(r.width) * r.height * 4, -1.0f);
  Imf::FrameBuffer fb;
  const char* names[4] = {"R", "G", "B", "A"};
  char* base = reinterpret_cast<char*>(r.rgba.data());
  for (int c = 0; c < 4; ++c) {
    const Imf::Channel* ch = in.header().channels().findChannel(names[c]);
    REQUIRE(ch != nullptr);
    r.types.push_back(ch->type);
    fb.insert(names[c], Imf::Slice(Imf::FLOAT, base + c * sizeof(float), 4 * sizeof(float),
                                   4 * sizeof(float) * size_t(r.width)));
  }
  in.setFrameBuffer(fb);
  in.readPixels(dw.min.y, dw.max.y);
  return r;
}

uint32_t bits(float v) {
  uint32_t u;
  std::memcpy(&u, &v, 4);
  return u;
}

// Every pixel of `file` against `image`: the same bits as float, or the bits of
// Imath::half(v) widened back to float; alpha is one.
void require_matches(const ExrRead& file, const Image& image, bool half) {
  REQUIRE(file.width == image.width());
  REQUIRE(file.height == image.height());
  for (const Imf::PixelType t : file.types) REQUIRE(t == (half ? Imf::HALF : Imf::FLOAT));
  const size_t n = size_t(image.width()) * image.height();
  size_t mismatches = 0;
  for (size_t i = 0; i < n; ++i) {
    for (int c = 0; c < 3; ++c) {
      const float v = image.data()[i * 3 + c];
      const float want = half ? float(Imath::half(v)) : v;
      if (bits(file.rgba[i * 4 + c]) != bits(want)) ++mismatches;
    }
    if (file.rgba[i * 4 + 3] != 1.0f) ++mismatches;
  }
  REQUIRE(mismatches == 0);
}

bool has_content(const Image& image) {
  for (float v : image.data())
    if (v > 0.0f) return true;
  return false;
}

// Forwards to an inner sink and throws on the `fail_at`-th bucket delivered.
class FailingSink final : public BucketSink {
 public:
  FailingSink(BucketSink& inner, int fail_at) : inner_(inner), fail_at_(fail_at) {}
  void begin(int w, int h) override { inner_.begin(w, h); }
  void write_bucket(const BucketBuffer& b) override {
    if (delivered_++ == fail_at_) throw Error("simulated failure");
    inner_.write_bucket(b);
  }
  void finish() override { inner_.finish(); }
  bool needs_sequential() const override { return inner_.needs_sequential(); }

 private:
  BucketSink& inner_;
  int fail_at_;
  int delivered_ = 0;
};

BucketBuffer filled_bucket(const BucketGrid& grid, int id, float value) {
  BucketBuffer b;
  b.bucket = grid.bucket(id);
  b.rgb.assign(size_t(b.bucket.rect.area()) * 3, value);
  return b;
}

std::string file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("exr_temp_path uses write_image's naming scheme", "[exr][stream]") {
  // Beside the final file (one file system for the rename), hidden, and unique to this process.
  const std::string pid = "." + std::to_string(::getpid());
  CHECK(exr_temp_path("out.exr") == ".tessera-tmp-out.exr" + pid);
  CHECK(exr_temp_path("a/b/out.exr") == "a/b/.tessera-tmp-out.exr" + pid);
  CHECK(exr_temp_path("/x/out.exr") == "/x/.tessera-tmp-out.exr" + pid);
  CHECK(exr_temp_path("out.exr") == temp_path_for("out.exr"));
}

TEST_CASE("ExrScanlineSink writes the framebuffer's pixels, float bit for bit and as half", "[exr][stream]") {
  const auto scene = TestScene::from_repo("scenes/cornell-box.json");
  RenderSettings settings = scene->file.settings;
  settings.spp = 2;

  struct Case {
    int width, height;
    BucketSize bucket;
  };
  for (const Case& k : {Case{45, 37, {16, 16}}, Case{45, 37, {8, 5}}, Case{5, 3, {16, 16}}, Case{45, 37, {45, 1}}}) {
    settings.width = k.width, settings.height = k.height;
    ScheduleOptions reference_schedule;
    reference_schedule.threads = 2;
    const Image reference = render_image(scene->file.scene, *scene->accel, settings, reference_schedule).image;
    REQUIRE(has_content(reference));

    for (const bool half : {false, true}) {
      INFO(k.width << "x" << k.height << " image, " << k.bucket.width << "x" << k.bucket.height << " buckets, "
                   << (half ? "half" : "float"));
      const std::string path = output_path("scanline_" + std::to_string(k.width) + "x" + std::to_string(k.height) + "_b" +
                                           std::to_string(k.bucket.width) + "x" + std::to_string(k.bucket.height) +
                                           (half ? "_half" : "_float") + ".exr");
      ScheduleOptions schedule;
      schedule.threads = 3;
      schedule.bucket_size = k.bucket;
      schedule.scheduler = Scheduler::Dynamic;
      schedule.completion = Completion::Sequential;
      ExrScanlineSink sink(path, half);
      CHECK(sink.needs_sequential());
      const RenderStats stats = render_buckets(scene->file.scene, *scene->accel, settings, schedule, sink);
      CHECK(stats.delivery_order.size() == size_t(stats.buckets));

      REQUIRE(fs::exists(path));
      CHECK_FALSE(fs::exists(exr_temp_path(path)));
      const ExrRead file = read_exr(path);
      CHECK_FALSE(file.tiled);
      CHECK(file.compression == Imf::ZIP_COMPRESSION);
      CHECK(file.line_order == Imf::INCREASING_Y);
      require_matches(file, reference, half);

      // The same header, compression and pixels as write_image's EXR: the same bytes.
      const std::string whole = output_path("whole_" + fs::path(path).filename().string());
      ImageWriteOptions options;
      options.exr_half = half;
      write_image(reference, whole, options);
      CHECK(file_text(path) == file_text(whole));

      // One bucket row in the file's pixel type: width x bucket height x RGBA.
      const size_t rows = size_t(std::min(k.bucket.height, k.height));
      CHECK(sink.buffer_bytes() == size_t(k.width) * rows * 4 * (half ? 2 : 4));
    }
  }
}

TEST_CASE("ExrScanlineSink holds one bucket row, not the image", "[exr][stream]") {
  const std::string path = output_path("scanline_memory.exr");
  const int width = 300, height = 200;
  const BucketGrid grid(width, height, {32, 16});
  ExrScanlineSink sink(path, true);
  sink.begin(width, height);
  for (int id = 0; id < grid.count(); ++id) sink.write_bucket(filled_bucket(grid, id, float(id % 7) * 0.25f));
  sink.finish();
  CHECK(sink.buffer_bytes() == size_t(width) * 16 * 4 * 2);
  CHECK(sink.buffer_bytes() < size_t(width) * height * 3 * 4 / 10);  // under a tenth of a float framebuffer

  const ExrRead file = read_exr(path);
  REQUIRE(file.width == width);
  REQUIRE(file.height == height);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      const float want = float(grid.id_at(x, y) % 7) * 0.25f;  // exact in half
      const float* p = &file.rgba[(size_t(y) * width + x) * 4];
      REQUIRE(p[0] == want);
      REQUIRE(p[1] == want);
      REQUIRE(p[2] == want);
      REQUIRE(p[3] == 1.0f);
    }
}

TEST_CASE("ExrScanlineSink abandoned before finish leaves no file", "[exr][stream]") {
  const std::string path = output_path("scanline_abandoned.exr");
  const BucketGrid grid(45, 37, {16, 16});
  {
    ExrScanlineSink sink(path);
    sink.begin(45, 37);
    CHECK(fs::exists(exr_temp_path(path)));  // writing goes to the temporary name
    CHECK_FALSE(fs::exists(path));
    for (int id = 0; id < 4; ++id) sink.write_bucket(filled_bucket(grid, id, 0.5f));  // one full row and one more
  }
  CHECK_FALSE(fs::exists(path));
  CHECK_FALSE(fs::exists(exr_temp_path(path)));
}

TEST_CASE("ExrScanlineSink: a failed render leaves the previous file alone and no temporary", "[exr][stream]") {
  const auto scene = TestScene::from_repo("scenes/cornell-box.json");
  RenderSettings settings = scene->file.settings;
  settings.width = 45, settings.height = 37, settings.spp = 1;
  ScheduleOptions schedule;
  schedule.threads = 3;
  schedule.bucket_size = {8, 5};
  schedule.scheduler = Scheduler::Dynamic;
  schedule.completion = Completion::Sequential;

  const std::string path = output_path("scanline_failed.exr");
  {
    std::ofstream old(path);
    old << "previous image";
  }
  {
    ExrScanlineSink exr(path);
    FailingSink sink(exr, 20);  // a few bucket rows in
    REQUIRE_THROWS_WITH(render_buckets(scene->file.scene, *scene->accel, settings, schedule, sink),
                        "simulated failure");
  }
  CHECK(file_text(path) == "previous image");
  CHECK_FALSE(fs::exists(exr_temp_path(path)));

  // finish() on an incomplete image refuses and writes nothing either.
  const std::string partial = output_path("scanline_partial.exr");
  {
    const BucketGrid grid(45, 37, {16, 16});
    ExrScanlineSink sink(partial);
    sink.begin(45, 37);
    sink.write_bucket(filled_bucket(grid, 0, 1.0f));
    REQUIRE_THROWS_WITH(sink.finish(), Catch::Contains(partial) && Catch::Contains("incomplete"));
  }
  CHECK_FALSE(fs::exists(partial));
  CHECK_FALSE(fs::exists(exr_temp_path(partial)));
}

TEST_CASE("ExrScanlineSink rejects buckets out of order and unordered completion", "[exr][stream]") {
  const std::string path = output_path("scanline_order.exr");
  const BucketGrid grid(45, 37, {16, 16});
  {
    ExrScanlineSink sink(path);
    sink.begin(45, 37);
    sink.write_bucket(filled_bucket(grid, 0, 1.0f));
    REQUIRE_THROWS_WITH(sink.write_bucket(filled_bucket(grid, 2, 1.0f)),
                        Catch::StartsWith(path + ": bucket 2") && Catch::Contains("out of scanline order"));
  }
  CHECK_FALSE(fs::exists(path));
  CHECK_FALSE(fs::exists(exr_temp_path(path)));

  const auto scene = TestScene::from_repo("scenes/cornell-box.json");
  RenderSettings settings = scene->file.settings;
  settings.width = 8, settings.height = 8, settings.spp = 1;
  ScheduleOptions schedule;
  schedule.completion = Completion::Unordered;
  ExrScanlineSink sink(path);
  REQUIRE_THROWS_WITH(render_buckets(scene->file.scene, *scene->accel, settings, schedule, sink),
                      Catch::Contains("needs sequential completion"));
  CHECK_FALSE(fs::exists(path));
}

TEST_CASE("ExrScanlineSink: an unwritable path is an Error naming it", "[exr][stream]") {
  const std::string path = (fs::path(TESSERA_TEST_OUTPUT_DIR) / "no_such_dir" / "sub" / "out.exr").string();
  ExrScanlineSink sink(path);
  REQUIRE_THROWS_AS(sink.begin(4, 4), Error);
  REQUIRE_THROWS_WITH(sink.begin(4, 4), Catch::StartsWith(path + ": cannot write image in ") &&
                                            Catch::EndsWith("No such file or directory"));
  CHECK_FALSE(fs::exists(path));
}

TEST_CASE("ExrTiledSink writes one tile per bucket in any order", "[exr][stream]") {
  const auto scene = TestScene::from_repo("scenes/cornell-box.json");
  RenderSettings settings = scene->file.settings;
  settings.width = 45, settings.height = 37, settings.spp = 2;
  ScheduleOptions reference_schedule;
  reference_schedule.threads = 2;
  const Image reference = render_image(scene->file.scene, *scene->accel, settings, reference_schedule).image;

  for (const BucketSize bucket : {BucketSize{16, 16}, BucketSize{8, 5}}) {
    for (const bool half : {false, true}) {
      INFO(bucket.width << "x" << bucket.height << " tiles, " << (half ? "half" : "float"));
      const std::string path = output_path("tiled_b" + std::to_string(bucket.width) + "x" +
                                           std::to_string(bucket.height) + (half ? "_half" : "_float") + ".exr");
      ScheduleOptions schedule;
      schedule.threads = 4;
      schedule.bucket_size = bucket;
      schedule.order = BucketOrder::Random;
      schedule.order_seed = 11;
      schedule.scheduler = Scheduler::Tbb;
      schedule.completion = Completion::Unordered;
      ExrTiledSink sink(path, bucket, half);
      CHECK_FALSE(sink.needs_sequential());
      render_buckets(scene->file.scene, *scene->accel, settings, schedule, sink);

      REQUIRE(fs::exists(path));
      CHECK_FALSE(fs::exists(exr_temp_path(path)));
      const ExrRead file = read_exr(path);
      REQUIRE(file.tiled);
      CHECK(file.tile.xSize == unsigned(bucket.width));
      CHECK(file.tile.ySize == unsigned(bucket.height));
      CHECK(file.tile.mode == Imf::ONE_LEVEL);
      CHECK(file.line_order == Imf::RANDOM_Y);
      require_matches(file, reference, half);
      CHECK(sink.buffer_bytes() == size_t(bucket.width) * bucket.height * 4 * (half ? 2 : 4));
    }
  }
}

TEST_CASE("ExrTiledSink: wrong tile grid, duplicates and abandonment", "[exr][stream]") {
  const std::string path = output_path("tiled_errors.exr");
  {
    ExrTiledSink sink(path, {16, 16});
    sink.begin(45, 37);
    const BucketGrid wrong(45, 37, {8, 8});
    REQUIRE_THROWS_WITH(sink.write_bucket(filled_bucket(wrong, 1, 1.0f)),
                        Catch::StartsWith(path + ": bucket 1") && Catch::Contains("not a tile"));
    const BucketGrid grid(45, 37, {16, 16});
    sink.write_bucket(filled_bucket(grid, 4, 1.0f));
    REQUIRE_THROWS_WITH(sink.write_bucket(filled_bucket(grid, 4, 1.0f)), Catch::Contains("written twice"));
    REQUIRE_THROWS_WITH(sink.finish(), Catch::Contains("1 of 9 tiles"));
  }
  CHECK_FALSE(fs::exists(path));
  CHECK_FALSE(fs::exists(exr_temp_path(path)));
  REQUIRE_THROWS_AS(ExrTiledSink(path, {0, 16}), Error);
}
