#include "app/compare_command.h"

#include "app/distinct_paths.h"

#include "core/base/atomic_file.h"
#include "core/base/error.h"
#include "core/compare/flip.h"
#include "core/compare/image_compare.h"
#include "core/image/aov_io.h"
#include "core/image/image_io.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>

namespace tessera {
namespace {

// Per-pixel metrics: each pixel has its own error, so --fail-percent applies.
bool per_pixel_metric(const std::string& m) { return m == "max" || m == "flip"; }

const char* verdict_name(int code) {
  return code == kComparePass ? "PASS" : code == kCompareWarn ? "WARNING" : "FAILURE";
}

// Dark blue -> green -> yellow for |difference|, scaled to the largest one.
Vec3 difference_colour(float t) {
  t = std::clamp(t, 0.0f, 1.0f);
  return {std::clamp(2.0f * t - 1.0f, 0.0f, 1.0f), std::min(1.0f, 1.5f * t), std::clamp(0.5f - t, 0.0f, 1.0f)};
}

// Float formats hold the difference itself; the others a picture of it.
bool numeric_diff_format(const std::string& path) {
  const ImageFormat f = image_format_for_path(path);
  return f == ImageFormat::Exr || f == ImageFormat::Pfm;
}

}  // namespace

ChannelSelection parse_channels(const std::string& text) {
  std::string lower;
  for (char c : text) lower += char(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "rgb") return {};
  if (lower == "rgba") return {true, true, true, true};
  ChannelSelection s{false, false, false, false};
  size_t begin = 0;
  while (begin <= lower.size()) {
    const size_t comma = std::min(lower.find(',', begin), lower.size());
    const std::string name = lower.substr(begin, comma - begin);
    bool* channel = name == "r" ? &s.r : name == "g" ? &s.g : name == "b" ? &s.b : name == "a" ? &s.a : nullptr;
    if (!channel || *channel)
      throw Error("--channels \"" + text + "\": expected rgb, rgba or a list of R, G, B and A, each once (e.g. R,G,B,A)");
    *channel = true;
    begin = comma + 1;
  }
  return s;
}

int run_compare(const CompareCommand& cmd) {
  Image test, reference, variance, test_alpha, reference_alpha;
  ChannelSelection channels;
  try {
    channels = parse_channels(cmd.channels);
    if (cmd.diff_scale && !(std::isfinite(*cmd.diff_scale) && *cmd.diff_scale > 0))
      throw Error("--scale " + std::to_string(*cmd.diff_scale) + ": expected a finite number above 0");
    if (cmd.diff_scale && cmd.diff.empty()) throw Error("--scale scales the --diff image: give --diff FILE too");
    // TEST may be REFERENCE (a self-check); the difference image must be neither.
    for (const auto& [name, input] : {std::pair<const char*, std::string>{"TEST", cmd.test},
                                      {"REFERENCE", cmd.reference}, {"--ztest", cmd.ztest_variance}})
      check_distinct_files({{name, input}, {"--diff", cmd.diff}});
    if (!cmd.diff.empty()) image_format_for_path(cmd.diff), check_output_path(cmd.diff, "difference image");
    test = read_image(cmd.test);
    reference = read_image(cmd.reference);
    if (channels.a) {
      ImageReadOptions alpha;
      alpha.alpha = true;
      test_alpha = read_image(cmd.test, alpha);
      reference_alpha = read_image(cmd.reference, alpha);
    }
    if (!cmd.ztest_variance.empty()) {
      variance = read_variance_image(cmd.ztest_variance);  // an EXR's variance.* layer, if it has one
      // A variance is finite and never negative: anything else is not a variance
      // image (tessera render --variance), and would make every z meaningless.
      for (int y = 0; y < variance.height(); ++y)
        for (int x = 0; x < variance.width(); ++x) {
          const Vec3 v = variance.pixel(x, y);
          for (float c : {v.x, v.y, v.z})
            if (!(c >= 0.0f) || !std::isfinite(c))
              throw Error(cmd.ztest_variance + ": pixel (" + std::to_string(x) + ", " + std::to_string(y) +
                          ") holds " + std::to_string(c) + ": not a variance image (tessera render --variance)");
        }
    }
  } catch (const Error& e) {
    std::fprintf(stderr, "tessera: error: %s\n", e.what());
    return kCompareUnreadable;
  }
  try {
    require_same_size(test, reference, cmd.test, cmd.reference);
    if (!cmd.ztest_variance.empty()) require_same_size(variance, reference, cmd.ztest_variance, cmd.reference);
  } catch (const Error& e) {
    std::fprintf(stderr, "tessera: error: %s\n", e.what());
    return kCompareSizeMismatch;
  }
  try {
    const ImageDifference d = compare_images(test, reference, cmd.threshold, channels, &test_alpha, &reference_alpha);
    // The largest |difference| of the selected channels at a pixel.
    const auto pixel_error = [&](int x, int y) {
      const Vec3 a = test.pixel(x, y), b = reference.pixel(x, y);
      double e = 0;
      if (channels.r) e = std::max(e, std::abs(double(a.x) - double(b.x)));
      if (channels.g) e = std::max(e, std::abs(double(a.y) - double(b.y)));
      if (channels.b) e = std::max(e, std::abs(double(a.z) - double(b.z)));
      if (channels.a) e = std::max(e, std::abs(double(test_alpha.pixel(x, y).x) - double(reference_alpha.pixel(x, y).x)));
      if (!std::isfinite(e)) return std::numeric_limits<double>::quiet_NaN();
      return e;
    };
    nlohmann::json report = {{"test", cmd.test}, {"reference", cmd.reference},
                             {"width", test.width()}, {"height", test.height()},
                             {"channels", std::string(channels.r ? "R" : "") + (channels.g ? "G" : "") +
                                              (channels.b ? "B" : "") + (channels.a ? "A" : "")},
                             {"rmse", d.rmse}, {"psnr_db", std::isfinite(d.psnr) ? nlohmann::json(d.psnr) : nlohmann::json("inf")},
                             {"relmse", d.relmse}, {"mean_abs", d.mean_abs},
                             {"max_abs", {{"value", d.max_abs}, {"x", d.max_x}, {"y", d.max_y}}},
                             {"over_threshold", {{"threshold", d.threshold}, {"fraction", d.over_threshold}}}};
    const double warn = cmd.warn.value_or(cmd.fail);
    int code = kComparePass;
    std::string why;

    if (!cmd.ztest_variance.empty()) {
      // Noisy render against a converged reference: a statistical test, not a threshold.
      if (cmd.spp < 1) throw Error("--ztest needs --spp N, the test image's samples per pixel");
      const ZTestResult z = z_test(test, reference, variance, cmd.spp, cmd.reference_spp, cmd.alpha);
      // A few pixels with heavy-tailed estimates (fireflies beside a light) break
      // the normal approximation at low spp: by default up to 1% may reject.
      const double bound = cmd.fail_percent.value_or(1.0) / 100.0;
      report["ztest"] = {{"spp", cmd.spp}, {"alpha", z.alpha}, {"corrected_alpha", z.corrected_alpha},
                         {"rejected_pixels", z.rejected}, {"rejected_fraction", z.rejected_fraction()},
                         {"max_abs_z", z.max_abs_z}, {"max_z_at", {z.max_x, z.max_y}}, {"max_rejected_fraction", bound},
                         {"global_z", z.global_z}, {"global_p", z.global_p}};
      if (z.rejected_fraction() > bound) {
        code = kCompareFail;
        why = std::to_string(z.rejected) + " of " + std::to_string(z.pixels) + " pixels reject the z-test";
      } else if (z.global_rejects()) {
        code = kCompareFail;
        why = "the mean z over the image is " + std::to_string(z.global_z) + " (p " + std::to_string(z.global_p) +
              "): a bias everywhere";
      }
    } else {
      std::optional<FlipResult> flip;
      if (cmd.metric == "flip") {
        flip = compute_flip(reference, test, cmd.pixels_per_degree > 0 ? cmd.pixels_per_degree : 67.0206);
        report["flip"] = {{"mean", flip->mean}, {"max", flip->max}, {"max_at", {flip->max_x, flip->max_y}}};
      }
      if (cmd.fail_percent || cmd.warn_percent) {
        if (!per_pixel_metric(cmd.metric)) throw Error("--fail-percent and --warn-percent need --metric max or flip");
        // The share of pixels whose own error exceeds the threshold.
        const auto share_over = [&](double t) {
          long over = 0;
          for (int y = 0; y < test.height(); ++y)
            for (int x = 0; x < test.width(); ++x) {
              const double e = flip ? double(flip->error_map.pixel(x, y).x) : pixel_error(x, y);
              over += !(e <= t);  // NaN counts as over
            }
          return 100.0 * double(over) / double(d.pixels);
        };
        const double failing = share_over(cmd.fail), warning = share_over(warn);
        report["percent_over_fail"] = failing;
        report["percent_over_warn"] = warning;
        if (failing > cmd.fail_percent.value_or(0.0)) {
          code = kCompareFail;
          why = std::to_string(failing) + "% of pixels over " + std::to_string(cmd.fail);
        } else if (warning > cmd.warn_percent.value_or(0.0)) {
          code = kCompareWarn;
          why = std::to_string(warning) + "% of pixels over " + std::to_string(warn);
        }
      } else {
        double value = 0;
        if (cmd.metric == "rmse") value = d.rmse;
        else if (cmd.metric == "psnr") value = d.psnr;
        else if (cmd.metric == "relmse") value = d.relmse;
        else if (cmd.metric == "mean") value = d.mean_abs;
        else if (cmd.metric == "max") value = d.max_abs;
        else if (cmd.metric == "flip") value = flip->mean;
        else throw Error("unknown metric \"" + cmd.metric + "\" (expected rmse, psnr, relmse, mean, max or flip)");
        // PSNR grows as images agree: it fails *below* the threshold.
        const bool higher_is_better = cmd.metric == "psnr";
        const auto beyond = [&](double t) { return higher_is_better ? value < t : value > t; };
        if (beyond(cmd.fail)) code = kCompareFail;
        else if (beyond(warn)) code = kCompareWarn;
        if (code != kComparePass)
          why = cmd.metric + " " + std::to_string(value) + (higher_is_better ? " < " : " > ") +
                std::to_string(code == kCompareFail ? cmd.fail : warn);
      }
      if (!cmd.diff.empty()) {
        // .exr/.pfm: the numbers, signed (test - reference) per RGB channel, or
        // the FLIP error, times --scale. Others: false colour of the largest
        // |difference| of the selected channels, times --scale or else spread
        // over the colour ramp by the largest one.
        const bool numeric = numeric_diff_format(cmd.diff);
        const double scale = cmd.diff_scale.value_or(1.0);
        Image diff(test.width(), test.height());
        for (int y = 0; y < diff.height(); ++y)
          for (int x = 0; x < diff.width(); ++x) {
            Vec3 c;
            if (numeric)
              c = flip ? Vec3(float(flip->error_map.pixel(x, y).x * scale))
                       : (test.pixel(x, y) - reference.pixel(x, y)) * float(scale);
            else if (flip)
              c = flip_magma(float(flip->error_map.pixel(x, y).x * scale));
            else
              c = difference_colour(cmd.diff_scale ? float(pixel_error(x, y) * scale)
                                                   : d.max_abs > 0 ? float(pixel_error(x, y) / d.max_abs) : 0.0f);
            diff.set_pixel(x, y, c);
          }
        ImageWriteOptions options;
        options.exr_half = !numeric;  // a difference is small: half would round it
        write_image(diff, cmd.diff, options);
      }
    }
    // Non-finite pixels fail every metric (the metrics above skip them).
    report["nonfinite"] = {{"test_pixels", d.nonfinite_test}, {"reference_pixels", d.nonfinite_reference},
                           {"first", {d.nonfinite_x, d.nonfinite_y}}};
    if (d.nonfinite_reference > 0) {
      code = kCompareFail;
      why = cmd.reference + " has " + std::to_string(d.nonfinite_reference) +
            " non-finite (NaN or infinite) pixels: a reference must be finite";
    } else if (d.nonfinite_test > 0) {
      code = kCompareFail;
      why = std::to_string(d.nonfinite_test) + " pixels are NaN or infinite in " + cmd.test +
            " where the reference is finite";
    }
    report["metric"] = cmd.ztest_variance.empty() ? cmd.metric : "ztest";
    report["result"] = verdict_name(code);
    report["exit_code"] = code;
    if (cmd.json) {
      std::printf("%s\n", report.dump(1).c_str());
    } else {
      std::printf("tessera compare: %s vs %s (%dx%d)\n", cmd.test.c_str(), cmd.reference.c_str(), test.width(), test.height());
      std::printf("  RMSE          %.6g\n  PSNR          %.3f dB\n  relMSE        %.6g\n  mean |diff|   %.6g\n"
                  "  max |diff|    %.6g at (%d, %d)\n  > %-10.4g  %.4f%% of pixels\n",
                  d.rmse, d.psnr, d.relmse, d.mean_abs, d.max_abs, d.max_x, d.max_y, d.threshold, 100.0 * d.over_threshold);
      if (d.nonfinite() > 0)
        std::printf("  non-finite    %ld pixels in the test, %ld in the reference (first at (%d, %d))\n",
                    d.nonfinite_test, d.nonfinite_reference, d.nonfinite_x, d.nonfinite_y);
      if (report.contains("flip"))
        std::printf("  FLIP          mean %.6g, max %.6g\n", report["flip"]["mean"].get<double>(), report["flip"]["max"].get<double>());
      if (report.contains("ztest"))
        std::printf("  z-test        %ld of %ld pixels reject (alpha %.3g, Bonferroni %.3g), max |z| %.3g; "
                    "global z %.3g (p %.3g)\n",
                    long(report["ztest"]["rejected_pixels"]), long(d.pixels), cmd.alpha,
                    report["ztest"]["corrected_alpha"].get<double>(), report["ztest"]["max_abs_z"].get<double>(),
                    report["ztest"]["global_z"].get<double>(), report["ztest"]["global_p"].get<double>());
      std::printf("  result        %s%s%s\n", verdict_name(code), why.empty() ? "" : ": ", why.c_str());
    }
    return code;
  } catch (const Error& e) {
    std::fprintf(stderr, "tessera: error: %s\n", e.what());
    return kCompareUnreadable;
  }
}

}  // namespace tessera
