#pragma once
// `tessera compare TEST REFERENCE`: regression image comparison with the
// metrics and exit codes CI users know from OpenImageIO's idiff.
//
// Exit codes: 0 pass, 1 warning, 2 failure, 3 images of different size,
// 4 unreadable input (or another error). A NaN or infinite pixel in the test
// where the reference is finite, or anywhere in the reference, is a failure
// (2) whatever the metric, --ztest included.

#include "core/compare/image_compare.h"

#include <optional>
#include <string>

namespace tessera {

constexpr int kComparePass = 0, kCompareWarn = 1, kCompareFail = 2, kCompareSizeMismatch = 3, kCompareUnreadable = 4;

struct CompareCommand {
  std::string test, reference;        // any of .png .jpg .exr .hdr .pfm; LDR files are linearized from sRGB
  std::string metric = "max";         // rmse | psnr | relmse | mean | max | flip
  double fail = 1e-6;                 // metric value beyond which the comparison fails
  std::optional<double> warn;         // ... warns (default: the fail threshold)
  std::optional<double> fail_percent; // per-pixel mode: fail when more than P% of pixels exceed --fail;
                                      // with --ztest: the share of pixels allowed to reject (default 1%)
  std::optional<double> warn_percent; // ... warn when more than P% exceed --warn
  double threshold = 1e-3;            // for the "pixels over threshold" line of the report
  bool json = false;                  // print the report as JSON
  std::string diff;                   // write the difference: false colour (.png .jpg .hdr; FLIP map with
                                      // --metric flip) or signed floats test - reference (.exr .pfm)
  std::optional<double> diff_scale;   // --scale: multiply the difference (default: false colour spans the largest)
  std::string channels = "R,G,B";     // --channels: the channels the metrics cover (R,G,B[,A], rgb, rgba)
  std::string ztest_variance;         // --ztest VARIANCE: per-sample variance image of the reference
  int spp = 0;                        // the test image's samples per pixel (for --ztest)
  int reference_spp = 0;              // the reference's (its own noise); 0 = treat it as converged
  double alpha = 0.01;                // --ztest significance, before the Bonferroni correction
  double pixels_per_degree = 0;       // FLIP viewing condition; 0 = FLIP's default (67.02)
};

// Parse --channels: "rgb", "rgba", or a comma list of R, G, B and A (any
// case, each once). Throws Error naming --channels.
ChannelSelection parse_channels(const std::string& text);

// Returns the exit code; prints the report. Never throws.
int run_compare(const CompareCommand& command);

}  // namespace tessera
