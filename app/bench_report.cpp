#include "app/bench_report.h"

#include "core/base/error.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>
#include <tuple>

namespace tessera {
namespace {

double median_of(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

std::string format(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

std::string config_name(const BenchConfig& c) {
  return std::to_string(c.threads) + "t " + c.scheduler + " " + c.bucket_size + " " + c.order;
}

using GroupKey = std::tuple<std::string, std::string, std::string>;  // scheduler, bucket size, order
GroupKey group_of(const BenchConfig& c) { return {c.scheduler, c.bucket_size, c.order}; }

nlohmann::json timeline_json(const Timeline& t) {
  nlohmann::json slices = nlohmann::json::array();
  for (const TimelineSlice& s : t.slices) slices.push_back({s.bucket, s.thread, s.start, s.end});
  return {{"seconds", t.seconds}, {"buckets", slices}};  // each bucket: [id, thread, start, end]
}

Timeline timeline_from_json(const nlohmann::json& j) {
  Timeline t;
  t.seconds = j.value("seconds", 0.0);
  for (const auto& s : j.value("buckets", nlohmann::json::array()))
    t.slices.push_back({s.at(0).get<int>(), s.at(1).get<int>(), s.at(2).get<double>(), s.at(3).get<double>()});
  return t;
}

// ---- HTML and SVG ----------------------------------------------------------

std::string escape_html(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

const char* const kPalette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"};

struct Series {
  std::string name;
  std::vector<std::pair<double, double>> points;  // x, y
};

// A "nice" upper bound for an axis: 1, 2 or 5 times a power of ten.
double nice_ceiling(double v) {
  if (!(v > 0)) return 1;
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= v * (1 - 1e-9)) return m * p;
  return 10 * p;
}

// A line chart with numeric axes from 0 (x ticks at the given values, or at
// category positions when `categories` is not empty), an optional ideal y = x
// line, a legend, and a note when there is nothing to draw.
std::string line_chart(const std::string& id, const std::string& title, const std::string& x_label,
                       const std::string& y_label, const std::vector<Series>& series, bool ideal,
                       const std::vector<std::string>& categories, const std::string& empty_note) {
  const double W = 560, H = 320, left = 60, right = 170, top = 34, bottom = 48;
  const double pw = W - left - right, ph = H - top - bottom;
  double xmax = 0, ymax = 0;
  std::vector<double> xs;
  for (const Series& s : series)
    for (auto [x, y] : s.points) xmax = std::max(xmax, x), ymax = std::max(ymax, y), xs.push_back(x);
  if (ideal) ymax = std::max(ymax, xmax);
  std::sort(xs.begin(), xs.end());
  xs.erase(std::unique(xs.begin(), xs.end()), xs.end());
  const bool categorical = !categories.empty();
  double xlo = 0, xhi = std::max(1.0, xmax);
  if (categorical) xlo = -0.5, xhi = double(categories.size()) - 0.5;
  ymax = nice_ceiling(ymax);
  const auto X = [&](double x) { return left + (x - xlo) / (xhi - xlo) * pw; };
  const auto Y = [&](double y) { return top + ph - y / ymax * ph; };
  std::ostringstream o;
  o << "<figure><svg id=\"" << id << "\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" << W
    << "\" height=\"" << H << "\" viewBox=\"0 0 " << W << ' ' << H << "\" role=\"img\">\n";
  o << "<title>" << escape_html(title) << "</title>\n";
  o << "<text x=\"" << left << "\" y=\"20\" class=\"t\">" << escape_html(title) << "</text>\n";
  // Grid and y ticks: five steps.
  for (int k = 0; k <= 5; ++k) {
    const double y = ymax * k / 5;
    o << "<line x1=\"" << left << "\" x2=\"" << left + pw << "\" y1=\"" << Y(y) << "\" y2=\"" << Y(y)
      << "\" class=\"grid\"/><text x=\"" << left - 6 << "\" y=\"" << Y(y) + 4 << "\" text-anchor=\"end\">"
      << format("%g", y) << "</text>\n";
  }
  // x ticks.
  if (categorical) {
    for (size_t k = 0; k < categories.size(); ++k)
      o << "<text x=\"" << X(double(k)) << "\" y=\"" << top + ph + 16 << "\" text-anchor=\"middle\">"
        << escape_html(categories[k]) << "</text>\n";
  } else {
    for (double x : xs)
      o << "<text x=\"" << X(x) << "\" y=\"" << top + ph + 16 << "\" text-anchor=\"middle\">" << format("%g", x)
        << "</text>\n";
  }
  o << "<line x1=\"" << left << "\" x2=\"" << left << "\" y1=\"" << top << "\" y2=\"" << top + ph
    << "\" class=\"axis\"/><line x1=\"" << left << "\" x2=\"" << left + pw << "\" y1=\"" << top + ph << "\" y2=\""
    << top + ph << "\" class=\"axis\"/>\n";
  o << "<text x=\"" << left + pw / 2 << "\" y=\"" << H - 10 << "\" text-anchor=\"middle\">" << escape_html(x_label)
    << "</text>\n";
  o << "<text transform=\"translate(14," << top + ph / 2 << ") rotate(-90)\" text-anchor=\"middle\">"
    << escape_html(y_label) << "</text>\n";
  if (ideal)
    o << "<line class=\"ideal\" x1=\"" << X(0) << "\" y1=\"" << Y(0) << "\" x2=\"" << X(std::min(xhi, ymax))
      << "\" y2=\"" << Y(std::min(xhi, ymax)) << "\"/>\n";
  size_t drawn = 0;
  for (size_t i = 0; i < series.size(); ++i) {
    const Series& s = series[i];
    const char* colour = kPalette[i % (sizeof kPalette / sizeof *kPalette)];
    o << "<g class=\"series\" data-name=\"" << escape_html(s.name) << "\">";
    if (s.points.size() > 1) {
      o << "<polyline fill=\"none\" stroke=\"" << colour << "\" stroke-width=\"2\" points=\"";
      for (auto [x, y] : s.points) o << X(x) << ',' << Y(y) << ' ';
      o << "\"/>";
    }
    for (auto [x, y] : s.points)
      o << "<circle cx=\"" << X(x) << "\" cy=\"" << Y(y) << "\" r=\"3.5\" fill=\"" << colour << "\"><title>"
        << escape_html(s.name) << ": " << format("%g", x) << ", " << format("%.4g", y) << "</title></circle>";
    o << "</g>\n";
    if (i < 8) {
      const double ly = top + 12 + 16 * double(i);
      o << "<rect x=\"" << left + pw + 12 << "\" y=\"" << ly - 8 << "\" width=\"10\" height=\"10\" fill=\"" << colour
        << "\"/><text x=\"" << left + pw + 26 << "\" y=\"" << ly + 1 << "\">" << escape_html(s.name) << "</text>\n";
    }
    drawn += s.points.size();
  }
  if (ideal) {
    const double ly = top + 12 + 16 * double(std::min<size_t>(series.size(), 8));
    o << "<line class=\"ideal\" x1=\"" << left + pw + 12 << "\" x2=\"" << left + pw + 22 << "\" y1=\"" << ly - 3
      << "\" y2=\"" << ly - 3 << "\"/><text x=\"" << left + pw + 26 << "\" y=\"" << ly + 1 << "\">ideal</text>\n";
  }
  if (drawn < 2 && !empty_note.empty())
    o << "<text x=\"" << left + pw / 2 << "\" y=\"" << top + ph / 2 << "\" text-anchor=\"middle\" class=\"note\">"
      << escape_html(empty_note) << "</text>\n";
  o << "</svg></figure>\n";
  return o.str();
}

// Threads as tracks, buckets as bars along time.
std::string timeline_chart(const std::string& id, const std::string& title, const Timeline& t, int threads) {
  const double W = 560, left = 60, right = 20, top = 34, track = 18;
  const int tracks = std::max(1, threads);
  const double H = top + track * tracks + 44, pw = W - left - right;
  const double tmax = std::max(1e-9, t.seconds);
  std::ostringstream o;
  o << "<figure><svg id=\"" << id << "\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" << W
    << "\" height=\"" << H << "\" viewBox=\"0 0 " << W << ' ' << H << "\" role=\"img\">\n";
  o << "<title>" << escape_html(title) << "</title>\n";
  o << "<text x=\"" << left << "\" y=\"20\" class=\"t\">" << escape_html(title) << "</text>\n";
  for (int k = 0; k < tracks; ++k)
    o << "<text x=\"" << left - 6 << "\" y=\"" << top + track * k + track * 0.7 << "\" text-anchor=\"end\">thread "
      << k << "</text>\n";
  for (const TimelineSlice& s : t.slices) {
    if (s.thread < 0 || s.thread >= tracks) continue;
    const double x = left + s.start / tmax * pw, w = std::max(0.5, (s.end - s.start) / tmax * pw);
    o << "<rect class=\"bucket\" x=\"" << x << "\" y=\"" << top + track * s.thread + 2 << "\" width=\"" << w
      << "\" height=\"" << track - 4 << "\" fill=\"hsl(" << (s.bucket * 47) % 360 << ",55%,55%)\"><title>bucket "
      << s.bucket << ": " << format("%.4f", s.start) << "-" << format("%.4f", s.end) << " s</title></rect>";
  }
  const double base = top + track * tracks;
  o << "\n<line x1=\"" << left << "\" x2=\"" << left + pw << "\" y1=\"" << base << "\" y2=\"" << base
    << "\" class=\"axis\"/>\n";
  for (int k = 0; k <= 4; ++k)
    o << "<text x=\"" << left + pw * k / 4 << "\" y=\"" << base + 16 << "\" text-anchor=\"middle\">"
      << format("%.3g", tmax * k / 4) << "</text>\n";
  o << "<text x=\"" << left + pw / 2 << "\" y=\"" << H - 6 << "\" text-anchor=\"middle\">seconds</text>\n";
  o << "</svg></figure>\n";
  return o.str();
}

}  // namespace

void finish_report(BenchReport& report) {
  for (BenchConfig& c : report.configs) {
    std::vector<double> seconds, cpu, busy, imbalance;
    for (const BenchRun& r : c.runs) {
      seconds.push_back(r.seconds);
      cpu.push_back(r.seconds > 0 ? r.cpu_seconds / (r.seconds * c.threads) : 0.0);
      busy.push_back(r.busy_utilization);
      imbalance.push_back(r.imbalance);
    }
    c.median_s = median_of(seconds);
    c.min_s = seconds.empty() ? 0 : *std::min_element(seconds.begin(), seconds.end());
    c.max_s = seconds.empty() ? 0 : *std::max_element(seconds.begin(), seconds.end());
    c.mrays_per_s = c.median_s > 0 ? double(c.rays) / c.median_s * 1e-6 : 0.0;
    c.cpu_utilization = median_of(cpu);
    c.busy_utilization = median_of(busy);
    c.imbalance = median_of(imbalance);
  }
  // The baseline of each scheduler / bucket size / order: its fewest threads.
  std::map<GroupKey, const BenchConfig*> baseline;
  for (const BenchConfig& c : report.configs) {
    auto [it, inserted] = baseline.emplace(group_of(c), &c);
    if (!inserted && c.threads < it->second->threads) it->second = &c;
  }
  for (BenchConfig& c : report.configs) {
    const BenchConfig& b = *baseline.at(group_of(c));
    c.baseline_threads = b.threads;
    c.speedup = c.median_s > 0 ? b.median_s / c.median_s : 0.0;
    c.efficiency = c.speedup * double(b.threads) / double(c.threads);
  }
}

nlohmann::json to_json(const BenchReport& r) {
  nlohmann::json configs = nlohmann::json::array();
  for (const BenchConfig& c : r.configs) {
    nlohmann::json runs = nlohmann::json::array();
    for (const BenchRun& run : c.runs)
      runs.push_back({{"render_s", run.seconds}, {"cpu_s", run.cpu_seconds},
                      {"busy_utilization", run.busy_utilization}, {"load_imbalance", run.imbalance}});
    configs.push_back({{"threads", c.threads}, {"scheduler", c.scheduler}, {"bucket_size", c.bucket_size},
                       {"order", c.order}, {"median_s", c.median_s}, {"min_s", c.min_s}, {"max_s", c.max_s},
                       {"rays", c.rays}, {"mrays_per_s", c.mrays_per_s}, {"baseline_threads", c.baseline_threads},
                       {"speedup", c.speedup}, {"efficiency", c.efficiency},
                       {"cpu_utilization", c.cpu_utilization}, {"busy_utilization", c.busy_utilization},
                       {"load_imbalance", c.imbalance}, {"peak_rss_mib", c.peak_rss_mib}, {"runs", runs},
                       {"fastest_run", timeline_json(c.fastest)}, {"slowest_run", timeline_json(c.slowest)}});
  }
  nlohmann::json limits = nlohmann::json::array();
  for (const LimitEntry& l : r.limits) {
    nlohmann::json kinds = nlohmann::json::array();
    for (const RayKindThroughput& k : l.embree.kinds)
      kinds.push_back({{"kind", k.kind}, {"rays", k.rays}, {"hits", k.hits}, {"single_mrays_per_s", k.single_mrays},
                       {"packet16_mrays_per_s", k.packet_mrays}});
    limits.push_back({{"threads", l.embree.threads}, {"rays", kinds},
                      {"mixed_single_mrays_per_s", l.embree.mixed_single_mrays},
                      {"mixed_packet16_mrays_per_s", l.embree.mixed_packet_mrays},
                      {"renderer_mrays_per_s", l.renderer_mrays}, {"fraction_of_single", l.fraction}});
  }
  return {{"schema", "tessera-bench"}, {"schema_version", r.schema}, {"timestamp", r.timestamp}, {"limit", limits},
          {"machine", to_json(r.machine)}, {"scene", r.scene},
          {"settings", {{"resolution", {r.width, r.height}}, {"spp", r.spp}, {"max_depth", r.max_depth},
                        {"sampler", r.sampler}, {"filter", r.filter}, {"warmup", r.warmup}, {"repeat", r.repeat}}},
          {"results", configs}};
}

BenchReport report_from_json(const nlohmann::json& j, const std::string& source) {
  if (!j.is_object() || j.value("schema", std::string()) != "tessera-bench")
    throw Error(source + ": not a tessera bench report (no \"schema\": \"tessera-bench\")");
  BenchReport r;
  try {
    r.schema = j.at("schema_version").get<int>();
    if (r.schema != 1)
      throw Error("schema version " + std::to_string(r.schema) + " (this tessera reads version 1)");
    r.timestamp = j.value("timestamp", std::string());
    r.machine = machine_from_json(j.value("machine", nlohmann::json::object()));
    r.scene = j.value("scene", std::string());
    const auto& s = j.at("settings");
    r.width = s.at("resolution").at(0).get<int>();
    r.height = s.at("resolution").at(1).get<int>();
    r.spp = s.at("spp").get<int>();
    r.max_depth = s.value("max_depth", 0);
    r.sampler = s.value("sampler", std::string());
    r.filter = s.value("filter", std::string());
    r.warmup = s.value("warmup", 0);
    r.repeat = s.value("repeat", 1);
    for (const auto& l : j.value("limit", nlohmann::json::array())) {
      LimitEntry e;
      e.embree.threads = l.at("threads").get<int>();
      for (const auto& k : l.at("rays")) {
        RayKindThroughput t;
        t.kind = k.at("kind").get<std::string>();
        t.rays = k.at("rays").get<size_t>();
        t.hits = k.value("hits", size_t(0));
        t.single_mrays = k.at("single_mrays_per_s").get<double>();
        t.packet_mrays = k.at("packet16_mrays_per_s").get<double>();
        e.embree.kinds.push_back(t);
      }
      e.embree.mixed_single_mrays = l.at("mixed_single_mrays_per_s").get<double>();
      e.embree.mixed_packet_mrays = l.at("mixed_packet16_mrays_per_s").get<double>();
      e.renderer_mrays = l.at("renderer_mrays_per_s").get<double>();
      e.fraction = l.at("fraction_of_single").get<double>();
      r.limits.push_back(e);
    }
    for (const auto& c : j.at("results")) {
      BenchConfig b;
      b.threads = c.at("threads").get<int>();
      b.scheduler = c.at("scheduler").get<std::string>();
      b.bucket_size = c.at("bucket_size").get<std::string>();
      b.order = c.at("order").get<std::string>();
      b.rays = c.at("rays").get<uint64_t>();
      b.peak_rss_mib = c.value("peak_rss_mib", 0.0);
      for (const auto& run : c.at("runs"))
        b.runs.push_back({run.at("render_s").get<double>(), run.value("cpu_s", 0.0),
                          run.value("busy_utilization", 0.0), run.value("load_imbalance", 1.0)});
      if (c.contains("fastest_run")) b.fastest = timeline_from_json(c["fastest_run"]);
      if (c.contains("slowest_run")) b.slowest = timeline_from_json(c["slowest_run"]);
      r.configs.push_back(std::move(b));
    }
  } catch (const Error& e) {
    throw Error(source + ": " + e.what());
  } catch (const nlohmann::json::exception& e) {
    throw Error(source + ": not a tessera bench report: " + e.what());
  }
  finish_report(r);
  return r;
}

std::string to_csv(const BenchReport& r) {
  std::ostringstream o;
  o << "threads,scheduler,bucket_size,order,runs,median_s,min_s,max_s,speedup,efficiency,baseline_threads,"
       "mrays_per_s,rays,cpu_utilization,busy_utilization,load_imbalance,peak_rss_mib\n";
  for (const BenchConfig& c : r.configs)
    o << c.threads << ',' << c.scheduler << ',' << c.bucket_size << ',' << c.order << ',' << c.runs.size() << ','
      << format("%.6f", c.median_s) << ',' << format("%.6f", c.min_s) << ',' << format("%.6f", c.max_s) << ','
      << format("%.4f", c.speedup) << ',' << format("%.4f", c.efficiency) << ',' << c.baseline_threads << ','
      << format("%.4f", c.mrays_per_s) << ',' << c.rays << ',' << format("%.4f", c.cpu_utilization) << ','
      << format("%.4f", c.busy_utilization) << ',' << format("%.4f", c.imbalance) << ','
      << format("%.1f", c.peak_rss_mib) << '\n';
  return o.str();
}

std::string table_header() {
  char buf[256];
  std::snprintf(buf, sizeof buf, "%-7s %-9s %-7s %-9s %9s %9s %9s %8s %6s %7s %7s %9s %8s\n", "threads", "scheduler",
                "bucket", "order", "median_s", "min_s", "max_s", "speedup", "eff", "cpu", "busy", "Mrays/s", "RSS_MiB");
  return buf;
}

std::string table_row(const BenchConfig& c) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "%-7d %-9s %-7s %-9s %9.4f %9.4f %9.4f %7.2fx %6.2f %6.1f%% %6.1f%% %9.2f %8.1f\n",
                c.threads, c.scheduler.c_str(), c.bucket_size.c_str(), c.order.c_str(), c.median_s, c.min_s, c.max_s,
                c.speedup, c.efficiency, 100 * c.cpu_utilization, 100 * c.busy_utilization, c.mrays_per_s,
                c.peak_rss_mib);
  return buf;
}

std::string limit_table(const BenchReport& r) {
  std::ostringstream o;
  char buf[256];
  std::snprintf(buf, sizeof buf, "%-7s %-7s %10s %14s %14s\n", "threads", "rays", "count", "single_Mrays/s",
                "packet16_Mrays/s");
  o << "# Embree alone on this scene (accel/embree_limit.h), against the renderer\n" << buf;
  for (const LimitEntry& l : r.limits) {
    for (const RayKindThroughput& k : l.embree.kinds) {
      std::snprintf(buf, sizeof buf, "%-7d %-7s %10zu %14.2f %14.2f\n", l.embree.threads, k.kind.c_str(), k.rays,
                    k.single_mrays, k.packet_mrays);
      o << buf;
    }
    std::snprintf(buf, sizeof buf, "%-7d %-7s %10s %14.2f %14.2f\n", l.embree.threads, "mix", "",
                  l.embree.mixed_single_mrays, l.embree.mixed_packet_mrays);
    o << buf;
    std::snprintf(buf, sizeof buf, "%-7d renderer %.2f Mrays/s = %.1f%% of the single-ray mix, %.1f%% of packets\n",
                  l.embree.threads, l.renderer_mrays, 100 * l.fraction,
                  l.embree.mixed_packet_mrays > 0 ? 100 * l.renderer_mrays / l.embree.mixed_packet_mrays : 0.0);
    o << buf;
  }
  return o.str();
}

std::string to_html(const BenchReport& r) {
  // Speedup and efficiency against threads: one series per scheduler / bucket size / order.
  std::map<GroupKey, std::pair<Series, Series>> by_group;
  std::vector<GroupKey> group_order;
  for (const BenchConfig& c : r.configs) {
    const GroupKey key = group_of(c);
    auto [it, inserted] = by_group.try_emplace(key);
    if (inserted) {
      group_order.push_back(key);
      const std::string name = c.scheduler + " " + c.bucket_size + " " + c.order;
      it->second.first.name = it->second.second.name = name;
    }
    it->second.first.points.push_back({double(c.threads), c.speedup});
    it->second.second.points.push_back({double(c.threads), c.efficiency});
  }
  std::vector<Series> speedup, efficiency;
  for (const GroupKey& key : group_order) {
    auto& [s, e] = by_group[key];
    const auto by_x = [](auto a, auto b) { return a.first < b.first; };
    std::sort(s.points.begin(), s.points.end(), by_x);
    std::sort(e.points.begin(), e.points.end(), by_x);
    speedup.push_back(s);
    efficiency.push_back(e);
  }
  // Median time against bucket size (categories in sweep order): one series per threads / scheduler / order.
  std::vector<std::string> buckets;
  for (const BenchConfig& c : r.configs)
    if (std::find(buckets.begin(), buckets.end(), c.bucket_size) == buckets.end()) buckets.push_back(c.bucket_size);
  std::map<std::string, Series> by_bucket_group;
  std::vector<std::string> bucket_group_order;
  for (const BenchConfig& c : r.configs) {
    const std::string name = std::to_string(c.threads) + "t " + c.scheduler + " " + c.order;
    auto [it, inserted] = by_bucket_group.try_emplace(name);
    if (inserted) bucket_group_order.push_back(name), it->second.name = name;
    const double x = double(std::find(buckets.begin(), buckets.end(), c.bucket_size) - buckets.begin());
    it->second.points.push_back({x, c.median_s});
  }
  std::vector<Series> by_bucket;
  for (const std::string& name : bucket_group_order) by_bucket.push_back(by_bucket_group[name]);

  // The best and the worst run: the fastest run of the most efficient
  // configuration and the slowest run of the least efficient one (with a
  // single configuration, its fastest and slowest runs).
  // Baselines are efficient by definition, so they compete only when nothing else was measured.
  const BenchConfig* best = nullptr;
  const BenchConfig* worst = nullptr;
  bool any_scaled = false;
  for (const BenchConfig& c : r.configs) any_scaled = any_scaled || c.threads > c.baseline_threads;
  for (const BenchConfig& c : r.configs) {
    if (any_scaled && c.threads == c.baseline_threads) continue;
    if (!best || c.efficiency > best->efficiency || (c.efficiency == best->efficiency && c.min_s < best->min_s)) best = &c;
    if (!worst || c.efficiency < worst->efficiency || (c.efficiency == worst->efficiency && c.max_s > worst->max_s)) worst = &c;
  }

  std::string data = to_json(r).dump();
  // Inside <script>, "</" would end the element early.
  for (size_t at = 0; (at = data.find("</", at)) != std::string::npos; at += 3) data.replace(at, 2, "<\\/");

  std::ostringstream o;
  o << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>tessera bench: "
    << escape_html(r.scene) << "</title>\n<style>\n"
    << "body{font:14px/1.4 sans-serif;margin:24px;color:#222;max-width:1200px}\n"
    << "h1{font-size:20px}h2{font-size:16px;margin-top:28px}\n"
    << ".charts{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0}\n"
    << "svg.chart{background:#fff;border:1px solid #ddd;font:11px sans-serif}\n"
    << "svg .t{font-size:13px;font-weight:bold}svg .grid{stroke:#eee}svg .axis{stroke:#444}\n"
    << "svg .ideal{stroke:#888;stroke-dasharray:5 4;stroke-width:1.5}svg .note{fill:#888;font-size:12px}\n"
    << "table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}\n"
    << "th{background:#f4f4f4}td.l{text-align:left}dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px}\n"
    << "dt{font-weight:bold}dd{margin:0}\n</style></head><body>\n";
  o << "<h1>tessera bench: " << escape_html(r.scene) << "</h1>\n<dl id=\"machine\">\n";
  const MachineInfo& m = r.machine;
  const std::pair<const char*, std::string> facts[] = {
      {"CPU", m.cpu_model},
      {"cores", std::to_string(m.physical_cores) + " physical, " + std::to_string(m.logical_cores) + " logical (" +
                    std::to_string(m.threads_per_core) + " per core)"},
      {"Embree", m.embree_version + " (" + m.embree_isa + ")"},
      {"oneTBB", m.tbb_version},
      {"tessera", m.tessera_version + " " + m.build_type + " " + m.git_hash},
      {"system", m.kernel + " on " + m.hostname},
      {"measured", r.timestamp},
      {"render", std::to_string(r.width) + "x" + std::to_string(r.height) + ", " + std::to_string(r.spp) +
                     " spp, max depth " + std::to_string(r.max_depth) + ", " + r.sampler + " sampler, " + r.filter +
                     " filter"},
      {"runs", std::to_string(r.warmup) + " warm-up (not counted), then " + std::to_string(r.repeat) +
                   " per configuration; times are medians"}};
  for (const auto& [k, v] : facts) o << "<dt>" << k << "</dt><dd>" << escape_html(v) << "</dd>\n";
  o << "</dl>\n<h2>Scaling</h2>\n<div class=\"charts\">\n";
  o << line_chart("chart-speedup", "Speedup against threads", "threads", "speedup", speedup, true, {},
                  "one thread count measured: sweep -t 1,2,... to see scaling");
  o << line_chart("chart-efficiency", "Parallel efficiency against threads", "threads", "efficiency", efficiency,
                  false, {}, "one thread count measured");
  o << line_chart("chart-bucket-size", "Median time against bucket size", "bucket size", "seconds", by_bucket, false,
                  buckets, buckets.size() < 2 ? "one bucket size measured: sweep --bucket-size 8,16,32,64" : "");
  o << "</div>\n<h2>Per-thread timelines</h2>\n<div class=\"charts\">\n";
  if (best)
    o << timeline_chart("chart-timeline-best",
                        "Best: " + config_name(*best) + " (fastest run, " + format("%.3f", best->fastest.seconds) +
                            " s)",
                        best->fastest, best->threads);
  if (worst)
    o << timeline_chart("chart-timeline-worst",
                        "Worst: " + config_name(*worst) + " (slowest run, " + format("%.3f", worst->slowest.seconds) +
                            " s)",
                        worst->slowest, worst->threads);
  if (!r.limits.empty()) {
    o << "</div>\n<h2>The Embree limit</h2>\n<table id=\"limit\">\n<tr><th>threads</th><th>rays</th><th>count</th>"
         "<th>single Mrays/s</th><th>16-packet Mrays/s</th></tr>\n";
    for (const LimitEntry& l : r.limits) {
      for (const RayKindThroughput& k : l.embree.kinds)
        o << "<tr><td>" << l.embree.threads << "</td><td class=\"l\">" << k.kind << "</td><td>" << k.rays
          << "</td><td>" << format("%.2f", k.single_mrays) << "</td><td>" << format("%.2f", k.packet_mrays)
          << "</td></tr>\n";
      o << "<tr><td>" << l.embree.threads << "</td><td class=\"l\">mix</td><td></td><td>"
        << format("%.2f", l.embree.mixed_single_mrays) << "</td><td>" << format("%.2f", l.embree.mixed_packet_mrays)
        << "</td></tr>\n<tr><td>" << l.embree.threads << "</td><td class=\"l\">renderer</td><td></td><td>"
        << format("%.2f", l.renderer_mrays) << " (" << format("%.1f", 100 * l.fraction)
        << "% of the single-ray mix)</td><td></td></tr>\n";
    }
    o << "</table>\n<div>\n";
  }
  o << "</div>\n<h2>Results</h2>\n<table id=\"results\">\n<tr><th>threads</th><th>scheduler</th><th>bucket</th>"
       "<th>order</th><th>median s</th><th>min s</th><th>max s</th><th>speedup</th><th>efficiency</th>"
       "<th>Mrays/s</th><th>CPU util</th><th>busy util</th><th>imbalance</th><th>peak RSS MiB</th></tr>\n";
  for (const BenchConfig& c : r.configs)
    o << "<tr><td>" << c.threads << "</td><td class=\"l\">" << escape_html(c.scheduler) << "</td><td class=\"l\">"
      << escape_html(c.bucket_size) << "</td><td class=\"l\">" << escape_html(c.order) << "</td><td>"
      << format("%.4f", c.median_s) << "</td><td>" << format("%.4f", c.min_s) << "</td><td>"
      << format("%.4f", c.max_s) << "</td><td>" << format("%.3f", c.speedup) << "</td><td>"
      << format("%.3f", c.efficiency) << "</td><td>" << format("%.3f", c.mrays_per_s) << "</td><td>"
      << format("%.3f", c.cpu_utilization) << "</td><td>" << format("%.3f", c.busy_utilization) << "</td><td>"
      << format("%.3f", c.imbalance) << "</td><td>" << format("%.1f", c.peak_rss_mib) << "</td></tr>\n";
  o << "</table>\n<p>Speedup is against the fewest threads measured with the same scheduler, bucket size and order "
       "(1 thread when measured); efficiency is speedup times those threads over these. CPU utilization is the "
       "process's CPU time over wall time times threads; busy utilization is time inside buckets.</p>\n";
  o << "<script type=\"application/json\" id=\"bench-data\">" << data << "</script>\n</body></html>\n";
  return o.str();
}

std::string compare_reports(const BenchReport& a, const std::string& a_name, const BenchReport& b,
                            const std::string& b_name) {
  std::ostringstream o;
  o << "A: " << a_name << ": " << one_line(a.machine) << "\n";
  o << "B: " << b_name << ": " << one_line(b.machine) << "\n";
  if (a.width != b.width || a.height != b.height || a.spp != b.spp || a.scene != b.scene)
    o << "note: the reports differ in scene or settings (" << a.scene << " " << a.width << "x" << a.height << " "
      << a.spp << " spp vs " << b.scene << " " << b.width << "x" << b.height << " " << b.spp << " spp)\n";
  char buf[256];
  std::snprintf(buf, sizeof buf, "%-7s %-9s %-7s %-9s %10s %10s %9s %10s %10s %9s\n", "threads", "scheduler",
                "bucket", "order", "A_median", "B_median", "B/A_time", "A_Mrays/s", "B_Mrays/s", "B/A_rays");
  o << buf;
  size_t matched = 0;
  for (const BenchConfig& ca : a.configs) {
    for (const BenchConfig& cb : b.configs) {
      if (ca.threads != cb.threads || group_of(ca) != group_of(cb)) continue;
      ++matched;
      std::snprintf(buf, sizeof buf, "%-7d %-9s %-7s %-9s %10.4f %10.4f %8.3fx %10.2f %10.2f %8.3fx\n", ca.threads,
                    ca.scheduler.c_str(), ca.bucket_size.c_str(), ca.order.c_str(), ca.median_s, cb.median_s,
                    ca.median_s > 0 ? cb.median_s / ca.median_s : 0.0, ca.mrays_per_s, cb.mrays_per_s,
                    ca.mrays_per_s > 0 ? cb.mrays_per_s / ca.mrays_per_s : 0.0);
      o << buf;
    }
  }
  if (matched == 0) throw Error(a_name + " and " + b_name + " have no configuration in common to compare");
  return o.str();
}

}  // namespace tessera
