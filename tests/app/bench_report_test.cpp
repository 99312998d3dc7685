#include "app/bench_command.h"
#include "app/bench_report.h"
#include "core/base/error.h"
#include "tests/test_files.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

using namespace tessera;

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

BenchConfig config(int threads, const std::string& scheduler, std::vector<double> seconds) {
  BenchConfig c;
  c.threads = threads;
  c.scheduler = scheduler;
  c.bucket_size = "32";
  c.order = "scanline";
  c.rays = 4'000'000;
  for (double s : seconds) c.runs.push_back({s, s * threads * 0.5, 0.9, 1.1});
  return c;
}

}  // namespace

TEST_CASE("bench report: medians, speedup and efficiency against the fewest threads", "[bench]") {
  BenchReport r;
  r.configs = {config(1, "tbb", {4.0, 2.0, 3.0}), config(2, "tbb", {1.0, 1.5, 2.0, 3.0}),
               config(2, "static", {2.0}), config(4, "static", {1.25})};
  finish_report(r);
  CHECK(r.configs[0].median_s == 3.0);  // odd count: the middle
  CHECK(r.configs[0].min_s == 2.0);
  CHECK(r.configs[0].max_s == 4.0);
  CHECK(r.configs[1].median_s == 1.75);  // even count: the mean of the two middle runs
  CHECK(r.configs[1].baseline_threads == 1);
  CHECK(r.configs[1].speedup == Approx(3.0 / 1.75));
  CHECK(r.configs[1].efficiency == Approx(3.0 / 1.75 / 2));
  CHECK(r.configs[0].mrays_per_s == Approx(4.0 / 3.0));
  CHECK(r.configs[0].cpu_utilization == Approx(0.5));
  // No 1-thread run of "static": its baseline is 2 threads, and efficiency counts them.
  CHECK(r.configs[3].baseline_threads == 2);
  CHECK(r.configs[3].speedup == Approx(1.6));
  CHECK(r.configs[3].efficiency == Approx(0.8));
}

TEST_CASE("bench report: JSON round trip, comparison and refused files", "[bench]") {
  BenchReport a;
  a.scene = "s.json";
  a.width = 8, a.height = 8, a.spp = 1;
  a.machine.cpu_model = "CPU A";
  a.configs = {config(1, "tbb", {2.0}), config(2, "tbb", {1.0})};
  a.configs[0].fastest.seconds = 2.0;
  a.configs[0].fastest.slices = {{3, 0, 0.25, 0.5}};
  finish_report(a);
  const BenchReport back = report_from_json(nlohmann::json::parse(to_json(a).dump()), "a.json");
  REQUIRE(back.configs.size() == 2);
  CHECK(back.machine.cpu_model == "CPU A");
  CHECK(back.configs[1].speedup == Approx(2.0));
  REQUIRE(back.configs[0].fastest.slices.size() == 1);
  CHECK(back.configs[0].fastest.slices[0].bucket == 3);
  CHECK(back.configs[0].fastest.slices[0].end == 0.5);

  BenchReport b = a;
  b.machine.cpu_model = "CPU B";
  b.configs = {config(2, "tbb", {0.5}), config(8, "tbb", {0.1})};
  finish_report(b);
  const std::string text = compare_reports(a, "a.json", b, "b.json");
  CHECK(text.find("CPU A") != std::string::npos);
  CHECK(text.find("CPU B") != std::string::npos);
  // Only 2 threads / tbb / 32 / scanline is in both: B takes half A's time, twice its rays per second.
  CHECK(std::regex_search(text, std::regex(R"(\n2 +tbb +32 +scanline +1\.0000 +0\.5000 +0\.500x +4\.00 +8\.00 +2\.000x)")));
  CHECK(text.find("\n1 ") == std::string::npos);
  b.configs = {config(16, "dynamic", {1.0})};
  finish_report(b);
  CHECK_THROWS_WITH(compare_reports(a, "a.json", b, "b.json"),
                    "a.json and b.json have no configuration in common to compare");
  CHECK_THROWS_WITH(report_from_json(nlohmann::json{{"results", 1}}, "x.json"),
                    "x.json: not a tessera bench report (no \"schema\": \"tessera-bench\")");
  nlohmann::json newer = to_json(a);
  newer["schema_version"] = 7;
  CHECK_THROWS_WITH(report_from_json(newer, "n.json"), "n.json: schema version 7 (this tessera reads version 1)");
}

TEST_CASE("bench: a sweep writes CSV, JSON and an HTML page whose charts and numbers match the JSON", "[bench]") {
  const auto dir = test_case_dir("bench_outputs");
  BenchCommand cmd;
  cmd.threads = {1, 2};
  cmd.schedulers = {"tbb"};
  cmd.bucket_sizes = {"16", "32"};
  cmd.resolution = "32x24";
  cmd.spp = 1;
  cmd.repeat = 3;
  cmd.json_path = (dir / "b.json").string();
  cmd.csv_path = (dir / "b.csv").string();
  cmd.html_path = (dir / "b.html").string();
  cmd.limit = true;
  cmd.limit_seconds = 0.001;
  REQUIRE(run_bench(cmd) == 0);

  const nlohmann::json json = nlohmann::json::parse(read_text(cmd.json_path));
  CHECK(json["schema"] == "tessera-bench");
  CHECK(json["settings"]["repeat"] == 3);
  CHECK(json["settings"]["warmup"] == 1);
  for (const char* key : {"cpu_model", "logical_cores", "physical_cores", "threads_per_core", "embree_isa",
                          "embree_version", "tbb_version", "build_type", "git_hash"})
    CHECK(json["machine"].contains(key));
  CHECK(!json["machine"]["embree_isa"].get<std::string>().empty());
  const auto& results = json["results"];
  REQUIRE(results.size() == 4);  // 2 thread counts x 2 bucket sizes
  for (const auto& c : results) {
    CHECK(c["runs"].size() == 3);  // the warm-up is not among them
    CHECK(c["rays"].get<uint64_t>() > 0);
    CHECK(c["min_s"].get<double>() <= c["median_s"].get<double>());
    CHECK(c["median_s"].get<double>() <= c["max_s"].get<double>());
    CHECK(c["peak_rss_mib"].get<double>() > 0);
    // Every bucket of the 32x24 image is on the fastest run's timeline, each on a real thread.
    const int buckets = c["bucket_size"] == "16" ? 2 * 2 : 1;
    CHECK(c["fastest_run"]["buckets"].size() == size_t(buckets));
    for (const auto& s : c["fastest_run"]["buckets"]) CHECK(s[1].get<int>() < c["threads"].get<int>());
  }
  // --limit: Embree alone at each thread count, and the renderer's best median as a fraction of it.
  REQUIRE(json["limit"].size() == 2);
  for (const auto& l : json["limit"]) {
    CHECK(l["rays"].size() == 3);
    CHECK(l["rays"][0]["rays"] == 32 * 24);
    double best = 0;
    for (const auto& c : results)
      if (c["threads"] == l["threads"]) best = std::max(best, c["mrays_per_s"].get<double>());
    CHECK(l["renderer_mrays_per_s"].get<double>() == best);
    CHECK(l["fraction_of_single"].get<double>() == Approx(best / l["mixed_single_mrays_per_s"].get<double>()));
  }
  CHECK(results[0]["threads"] == 1);
  CHECK(results[0]["speedup"] == 1.0);
  CHECK(results[2]["baseline_threads"] == 1);

  // CSV: a header and one line per configuration, the same medians.
  std::istringstream csv(read_text(cmd.csv_path));
  std::string line;
  std::getline(csv, line);
  CHECK(line.rfind("threads,scheduler,bucket_size,order,runs,median_s", 0) == 0);
  for (const auto& c : results) {
    REQUIRE(std::getline(csv, line));
    CHECK(line.rfind(std::to_string(c["threads"].get<int>()) + ",tbb," + c["bucket_size"].get<std::string>() +
                         ",scanline,3," + fixed(c["median_s"].get<double>(), 6) + ",",
                     0) == 0);
  }

  const std::string html = read_text(cmd.html_path);
  CHECK(html.find("<table id=\"limit\">") != std::string::npos);
  for (const char* id : {"chart-speedup", "chart-efficiency", "chart-bucket-size", "chart-timeline-best",
                         "chart-timeline-worst"})
    CHECK(html.find(std::string("<svg id=\"") + id + "\"") != std::string::npos);
  // Self-contained: no external script, style sheet, image or font.
  CHECK(html.find("<script src") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("url(") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  // The embedded data is the JSON report.
  const std::string open = "<script type=\"application/json\" id=\"bench-data\">";
  const size_t at = html.find(open);
  REQUIRE(at != std::string::npos);
  const size_t end = html.find("</script>", at);
  CHECK(nlohmann::json::parse(html.substr(at + open.size(), end - at - open.size())) == json);
  // The speedup chart has one point per thread count and the ideal line.
  CHECK(html.find("class=\"ideal\"") != std::string::npos);
  // The table: one row per configuration, the medians and speedups as in the JSON.
  const std::regex row(R"(<tr><td>(\d+)</td><td class="l">(\w+)</td><td class="l">(\w+)</td><td class="l">(\w+)</td><td>([0-9.]+)</td><td>[0-9.]+</td><td>[0-9.]+</td><td>([0-9.]+)</td>)");
  size_t rows = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), row); it != std::sregex_iterator(); ++it, ++rows) {
    REQUIRE(rows < results.size());
    const auto& c = results[rows];
    CHECK((*it)[1] == std::to_string(c["threads"].get<int>()));
    CHECK((*it)[3] == c["bucket_size"].get<std::string>());
    CHECK((*it)[5] == fixed(c["median_s"].get<double>(), 4));
    CHECK((*it)[6] == fixed(c["speedup"].get<double>(), 3));
  }
  CHECK(rows == results.size());
}
