#include "app/render_report.h"
#include "app/heatmap_legend.h"
#include "tests/core/render/test_scene.h"
#include "tests/test_files.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <stb_image.h>

#include <filesystem>
#include <fstream>
#include <algorithm>
#include <memory>
#include <set>
#include <vector>

using namespace tessera;

namespace {

std::string output_path(const std::string& name) {
  return (test_case_dir("render_report") / name).string();
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
      CHECK(e.at("args").at("nonfinite_samples").get<uint64_t>() == 0);
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
    CHECK(s.at("nonfinite_samples").get<uint64_t>() == 0);
    CHECK(s.at("settings").at("sampler") == "sobol");
    CHECK(s.at("settings").at("filter") == "tent:1");
    // What it is and where it came from (no context given here: empty paths).
    CHECK(s.at("schema_version") == kStatsSchemaVersion);
    const std::string version = s.at("tessera").at("version");
    CHECK(version.find('.') != std::string::npos);  // "0.1.0"
    CHECK((!version.empty() && version[0] >= '0' && version[0] <= '9'));
    CHECK(s.at("scene") == "");
    CHECK(s.at("output") == "");
    // Per-thread CPU time: never more than the wall time inside buckets (plus a clock tick).
    for (const auto& t : s.at("threads")) {
      CHECK(t.at("cpu_s").get<double>() >= 0.0);
      CHECK(t.at("cpu_s").get<double>() <= t.at("busy_s").get<double>() + 0.02);
      CHECK(t.at("cpu_utilization").get<double>() <= t.at("utilization").get<double>() + 0.02 / r.seconds);
    }
    CHECK(s.at("mean_cpu_utilization").get<double>() >= 0.0);
  }

  SECTION("the statistics file names the scene, the output and the time") {
    const std::string path = output_path("stats_context.json");
    PhaseTimes times;
    ReportContext context;
    context.scene = "scenes/cornell-box.json";
    context.output = "out.exr";
    write_stats_json(path, r, times, settings, schedule, context);
    const nlohmann::json s = read_json(path);
    CHECK(s.at("scene") == "scenes/cornell-box.json");
    CHECK(s.at("output") == "out.exr");
    const std::string stamp = s.at("timestamp");
    // ISO 8601 in UTC: 2026-11-29T07:30:00Z
    REQUIRE(stamp.size() == 20);
    CHECK(stamp[4] == '-');
    CHECK(stamp[10] == 'T');
    CHECK(stamp[19] == 'Z');
  }

  SECTION("the trace has the command's phases on a main track and a process name") {
    const std::string path = output_path("trace_phases.json");
    PhaseTimes times;
    times.load_at = 0.0, times.load = 0.5;
    times.build_at = 0.5, times.build = 0.25;
    times.render_at = 1.0, times.render = r.seconds;
    times.write_at = 1.0 + r.seconds, times.write = 0.125;
    ReportContext context;
    context.command = "tessera render x.json";
    write_trace_json(path, r, grid, &times, context);
    const nlohmann::json trace = read_json(path);
    std::set<std::string> phases;
    bool named = false;
    for (const auto& e : trace.at("traceEvents")) {
      if (e.at("ph") == "M" && e.at("name") == "process_name") named = e.at("args").at("name") == "tessera render x.json";
      if (e.at("ph") != "X") continue;
      if (e.at("cat") == "phase") {
        phases.insert(e.at("name").get<std::string>());
        CHECK(e.at("tid").get<int>() == 2);  // after the two workers
        if (e.at("name") == "bvh build") CHECK(e.at("ts").get<double>() == Approx(0.5e6));
        if (e.at("name") == "write") CHECK(e.at("dur").get<double>() == Approx(0.125e6));
      } else {
        // Buckets sit inside the render phase, on the command's time axis.
        const int id = e.at("args").at("id");
        CHECK(e.at("ts").get<double>() == Approx((1.0 + r.records[size_t(id)].start) * 1e6));
      }
    }
    CHECK(named);
    CHECK(phases == std::set<std::string>{"load", "bvh build", "render", "write"});
  }

  SECTION("the heatmap is an image of the render's size with a legend below") {
    const std::string path = output_path("heat.png");
    write_heatmap(path, r, grid);
    int w = 0, h = 0, c = 0;
    unsigned char* pixels = stbi_load(path.c_str(), &w, &h, &c, 3);
    REQUIRE(pixels != nullptr);
    CHECK(w == 50);
    CHECK(h == 30 + heatmap_legend_height(50));
    // The legend: the colour bar runs dark to white left to right, and white
    // label pixels ("0" and the largest value) sit under it.
    const int bar_y = 30 + 2;
    const unsigned char* bar_left = pixels + (size_t(bar_y) * w + 2) * 3;
    const unsigned char* bar_right = pixels + (size_t(bar_y) * w + w - 2) * 3;
    CHECK(int(bar_left[0]) + bar_left[1] + bar_left[2] < 100);
    CHECK(int(bar_right[0]) + bar_right[1] + bar_right[2] == 3 * 255);
    int label_pixels = 0;
    for (int y = 30 + 6; y < h; ++y)
      for (int x = 0; x < w; ++x) label_pixels += pixels[(size_t(y) * w + x) * 3 + 2] == 255;
    CHECK(label_pixels >= 8);
    // Each bucket is one flat colour.
    const Bucket b = grid.bucket(5);
    const unsigned char* first = pixels + (size_t(b.rect.y) * w + b.rect.x) * 3;
    const unsigned char* last = pixels + (size_t(b.rect.y + b.rect.height - 1) * w + b.rect.x + b.rect.width - 1) * 3;
    CHECK(std::equal(first, first + 3, last));
    stbi_image_free(pixels);
  }
}

TEST_CASE("reports of a resumed shard cover only the buckets this run rendered", "[report]") {
  // A shard (only_buckets) that also restored a bucket from its journal: the
  // other buckets were never rendered here and must not appear anywhere (they
  // once kept id -1 and were drawn at negative x).
  const auto scene = TestScene::from_repo("scenes/cornell-box.json");
  RenderSettings settings = scene->file.settings;
  settings.width = 50, settings.height = 30, settings.spp = 2;
  ScheduleOptions schedule;
  schedule.threads = 2;
  schedule.bucket_size = {16, 8};  // 16 buckets
  schedule.only_buckets = {0, 5, 7, 10};
  const BucketGrid grid(settings.width, settings.height, schedule.bucket_size);
  std::vector<std::unique_ptr<BucketBuffer>> restored;
  restored.push_back(std::make_unique<BucketBuffer>());
  restored.back()->bucket = grid.bucket(7);
  restored.back()->rgb.assign(size_t(grid.bucket(7).rect.area()) * 3, 0.5f);
  ImageSink sink;
  const RenderStats r = render_buckets(scene->file.scene, *scene->accel, settings, schedule, sink, nullptr,
                                       std::move(restored));
  const std::set<int> rendered = {0, 5, 10};
  REQUIRE(r.records.size() == 16);
  for (size_t id = 0; id < r.records.size(); ++id) {
    INFO("bucket " << id);
    CHECK(r.records[id].id == int(id));
    CHECK(r.records[id].rendered() == (rendered.count(int(id)) == 1));
  }

  SECTION("the trace has a slice for each rendered bucket only") {
    const std::string path = output_path("trace_shard.json");
    write_trace_json(path, r, grid);
    const nlohmann::json trace = read_json(path);
    std::set<int> ids;
    for (const auto& e : trace.at("traceEvents")) {
      if (e.at("ph") != "X") continue;
      const int id = e.at("args").at("id");
      ids.insert(id);
      CHECK(e.at("args").at("x").get<int>() == grid.bucket(id).rect.x);
      CHECK(e.at("tid").get<int>() >= 0);
    }
    CHECK(ids == rendered);
  }

  SECTION("bucket times summarise the rendered buckets only") {
    double lo = 1e9, hi = 0;
    for (int id : rendered) {
      lo = std::min(lo, r.records[size_t(id)].end - r.records[size_t(id)].start);
      hi = std::max(hi, r.records[size_t(id)].end - r.records[size_t(id)].start);
    }
    const LoadBalance lb = summarize_load(r);
    CHECK(lb.bucket_min == lo);
    CHECK(lb.bucket_max == hi);
    CHECK(lb.bucket_min > 0.0);
  }

  SECTION("the heatmap is black where nothing was rendered") {
    const std::string path = output_path("heat_shard.png");
    write_heatmap(path, r, grid);
    int w = 0, h = 0, c = 0;
    unsigned char* pixels = stbi_load(path.c_str(), &w, &h, &c, 3);
    REQUIRE(pixels != nullptr);
    REQUIRE(w == 50);
    REQUIRE(h == 30 + heatmap_legend_height(50));
    int brightest = 0, black_pixels = 0, unrendered_pixels = 0;
    for (int y = 0; y < 30; ++y)  // the image; the legend is below
      for (int x = 0; x < w; ++x) {
        const unsigned char* p = pixels + (size_t(y) * w + x) * 3;
        if (rendered.count(grid.id_at(x, y))) {
          brightest = std::max(brightest, int(p[0]) + p[1] + p[2]);
        } else {
          ++unrendered_pixels;
          black_pixels += p[0] == 0 && p[1] == 0 && p[2] == 0;
        }
      }
    stbi_image_free(pixels);
    CHECK(black_pixels == unrendered_pixels);
    CHECK(brightest == 3 * 255);  // the costliest rendered bucket is white
  }
}

TEST_CASE("a rays-per-pixel heatmap is the same at any thread count", "[report]") {
  const auto scene = TestScene::from_repo("scenes/cornell-box.json");
  RenderSettings settings = scene->file.settings;
  settings.width = 40, settings.height = 24, settings.spp = 2;
  const BucketGrid grid(settings.width, settings.height, {8, 8});
  std::string bytes[2];
  for (int threads : {1, 2}) {
    ScheduleOptions schedule;
    schedule.threads = threads;
    schedule.bucket_size = {8, 8};
    schedule.scheduler = threads == 1 ? Scheduler::Static : Scheduler::Dynamic;
    const RenderResult r = render_image(scene->file.scene, *scene->accel, settings, schedule);
    const std::string path = output_path("heat_rays_" + std::to_string(threads) + ".png");
    write_heatmap(path, r, grid, HeatmapMode::Rays);
    std::ifstream in(path, std::ios::binary);
    bytes[threads - 1].assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  REQUIRE(!bytes[0].empty());
  CHECK(bytes[0] == bytes[1]);
  CHECK(parse_heatmap_mode("rays") == HeatmapMode::Rays);
  CHECK_THROWS_WITH(parse_heatmap_mode("cost"), "--heatmap-mode: unknown mode \"cost\" (expected time or rays)");
}

TEST_CASE("the summary is short lines ending with the output", "[report]") {
  RenderStats stats;
  stats.threads = 2, stats.buckets = 16, stats.buckets_restored = 4, stats.rays = 1234567, stats.seconds = 2.0;
  stats.delivery_order.assign(16, 0);
  PhaseTimes times;
  RenderSettings settings;
  settings.width = 512, settings.height = 512, settings.spp = 64;
  ScheduleOptions schedule;
  const std::string summary = format_render_summary(stats, times, settings, schedule, "some/long/path/out.exr");
  size_t begin = 0, lines = 0;
  while (begin < summary.size()) {
    const size_t end = summary.find('\n', begin);
    REQUIRE(end != std::string::npos);
    CHECK(end - begin <= 80);
    begin = end + 1, ++lines;
  }
  CHECK(lines >= 5);
  CHECK(summary.find("4 of 16 buckets restored from the checkpoint, 12 rendered") != std::string::npos);
  CHECK(summary.rfind("tessera: wrote some/long/path/out.exr\n") == summary.size() - 38);
  CHECK(summary.find("32x32 buckets (16),") != std::string::npos);  // the whole image

  // A crop or shard: its own buckets of the image's.
  stats.buckets_restored = 0;
  stats.delivery_order.assign(5, 0);
  const std::string part = format_render_summary(stats, times, settings, schedule, "out.exr");
  CHECK(part.find("32x32 buckets (5 of 16),") != std::string::npos);
}
