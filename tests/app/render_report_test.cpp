#include "app/render_report.h"
#include "tests/render/test_scene.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <stb_image.h>

#include <filesystem>
#include <fstream>
#include <set>

using namespace tessera;

namespace {

std::string output_path(const std::string& name) {
  std::filesystem::create_directories(TESSERA_TEST_OUTPUT_DIR);
  return std::string(TESSERA_TEST_OUTPUT_DIR) + "/" + name;
}

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);  // throws if the file is not valid JSON
}

}  // namespace

TEST_CASE("trace, statistics and heatmap describe the render", "[report]") {
  const auto scene = TestScene::from_repo("scenes/cornell-box.json");
  RenderSettings settings = scene->file.settings;
  settings.width = 50, settings.height = 30, settings.spp = 2;
  ScheduleOptions schedule;
  schedule.threads = 2;
  schedule.bucket_size = {16, 8};  // 4 x 4 = 16 buckets, the edges clipped
  schedule.order = BucketOrder::Hilbert;
  const RenderResult r = render_image(scene->file.scene, *scene->accel, settings, schedule);
  const BucketGrid grid(settings.width, settings.height, schedule.bucket_size);

  SECTION("the trace has one slice per bucket, on its worker's track") {
    const std::string path = output_path("trace.json");
    write_trace_json(path, r, grid);
    const nlohmann::json trace = read_json(path);
    std::set<int> ids;
    for (const auto& e : trace.at("traceEvents")) {
      if (e.at("ph") != "X") continue;
      const int id = e.at("args").at("id");
      CHECK(ids.insert(id).second);
      CHECK(e.at("tid").get<int>() == r.records[size_t(id)].thread);
      CHECK(e.at("dur").get<double>() >= 0.0);
      CHECK(e.at("args").at("width").get<int>() == grid.bucket(id).rect.width);
      CHECK(e.at("args").at("rays").get<uint64_t>() == r.records[size_t(id)].rays);
    }
    CHECK(ids.size() == 16);
  }

  SECTION("the statistics file carries times, rays, threads and load balance") {
    const std::string path = output_path("stats.json");
    PhaseTimes times;
    times.render = r.seconds;
    read_process_usage(times);
    write_stats_json(path, r, times, settings, schedule);
    const nlohmann::json s = read_json(path);
    CHECK(s.at("rays").get<uint64_t>() == r.rays);
    CHECK(s.at("schedule").at("bucket_order") == "hilbert");
    CHECK(s.at("schedule").at("buckets") == 16);
    CHECK(s.at("threads").size() == 2);
    CHECK(s.at("load_imbalance").get<double>() >= 1.0);
    CHECK(s.at("bucket_time_s").at("min").get<double>() <= s.at("bucket_time_s").at("max").get<double>());
    // What was measured is what is reported (a tiny render may not reach one CPU tick).
    CHECK(s.at("time_s").at("user_cpu").get<double>() == times.user_cpu);
    CHECK(s.at("time_s").at("render").get<double>() == r.seconds);
    CHECK(s.at("peak_rss_mib").get<double>() > 0.0);
  }

  SECTION("the heatmap is an image of the render's size") {
    const std::string path = output_path("heat.png");
    write_heatmap(path, r, grid);
    int w = 0, h = 0, c = 0;
    unsigned char* pixels = stbi_load(path.c_str(), &w, &h, &c, 3);
    REQUIRE(pixels != nullptr);
    CHECK(w == 50);
    CHECK(h == 30);
    // Each bucket is one flat colour.
    const Bucket b = grid.bucket(5);
    const unsigned char* first = pixels + (size_t(b.rect.y) * w + b.rect.x) * 3;
    const unsigned char* last = pixels + (size_t(b.rect.y + b.rect.height - 1) * w + b.rect.x + b.rect.width - 1) * 3;
    CHECK(std::equal(first, first + 3, last));
    stbi_image_free(pixels);
  }
}
