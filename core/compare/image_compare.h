#pragma once
// Image comparison: the error metrics regression tests speak, computed between
// a test image and a reference of the same size (linear RGB).

#include "core/image/image.h"

#include <string>

namespace tessera {

// The metrics are taken over the pixels where both images are finite; pixels
// with a NaN or infinite channel are counted apart, and any of them is a
// failure of every metric (tessera compare says so): a NaN must never compare
// as "no difference".
struct ImageDifference {
  long nonfinite_test = 0;       // pixels non-finite in the test where the reference is finite
  long nonfinite_reference = 0;  // pixels non-finite in the reference (a broken reference)
  int nonfinite_x = -1, nonfinite_y = -1;  // the first such pixel (row-major), -1 = none
  long nonfinite() const { return nonfinite_test + nonfinite_reference; }
  double rmse = 0;            // sqrt(mean over pixels and channels of (a - b)^2)
  double psnr = 0;            // 10 log10(1 / MSE) dB, peak 1.0 (linear radiance); +inf when equal
  double relmse = 0;          // mean of (a - b)^2 / (b^2 + 0.01): error relative to the reference's brightness
  double mean_abs = 0;        // mean |a - b| over pixels and channels
  double max_abs = 0;         // largest |a - b| of any channel
  int max_x = 0, max_y = 0;   // where it is
  double over_threshold = 0;  // fraction of pixels whose largest channel |a - b| exceeds `threshold`
  double threshold = 0;
  long pixels = 0;
};

// Throws Error naming both sizes when they differ.
void require_same_size(const Image& test, const Image& reference, const std::string& test_name,
                       const std::string& reference_name);

ImageDifference compare_images(const Image& test, const Image& reference, double threshold);

// The channels a comparison covers: any of R, G, B and alpha. Image holds RGB;
// alpha travels beside it as a second image (read_image with
// ImageReadOptions::alpha: the alpha in all three channels, 1 where a file has none).
struct ChannelSelection {
  bool r = true, g = true, b = true, a = false;
  int count() const { return int(r) + int(g) + int(b) + int(a); }
};
// The metrics over the selected channels: n in each mean is pixels x selected
// channels, and non-finite values count only in selected channels. With the
// default selection this is compare_images above. `test_alpha` and
// `reference_alpha` are needed when channels.a is set (otherwise ignored).
ImageDifference compare_images(const Image& test, const Image& reference, double threshold,
                               const ChannelSelection& channels, const Image* test_alpha, const Image* reference_alpha);

// The largest channel |a - b| per pixel, as an image (in all three channels).
Image absolute_difference(const Image& test, const Image& reference);

// Z-test of a noisy render against a converged reference, after Mitsuba 3's
// render tests. Per pixel and channel z = (test - reference) / sqrt(variance *
// (1/spp + 1/reference_spp)), where `variance` is the per-sample variance of the
// estimator (tessera render --variance) and the spp are the two images' sample
// counts (reference_spp 0 = converged). Two tests on the z values:
//  - local: a pixel rejects when any channel's two-sided p-value is below
//    alpha / (pixels * 3) (Bonferroni), catching a wrong region;
//  - global: the mean of the pixels' z (averaged over channels, as R, G and B
//    share their paths; zero-variance channels excluded) over its
//    standard error (from the z values' own spread) is standard normal for an
//    unbiased render (central limit), and rejects when its two-sided p-value is
//    below `global_alpha`, catching a small bias everywhere that no single pixel
//    at low spp can show. Its power is enormous (a render missing its indirect
//    light gives |t| near 100 at 64x48 and 16 spp), so a strict default level
//    costs nothing and keeps borderline cases out of CI.
struct ZTestResult {
  long pixels = 0, rejected = 0;  // pixels, and those where some channel rejects
  long nonfinite = 0;             // pixels with a non-finite test, reference or variance value: all reject
  double alpha = 0.01;
  double corrected_alpha = 0;
  double max_abs_z = 0;
  int max_x = 0, max_y = 0;
  double global_z = 0;            // mean z / (sd(z) / sqrt(count))
  double global_p = 1;            // its two-sided p-value
  double global_alpha = 1e-4;
  double rejected_fraction() const { return pixels ? double(rejected) / double(pixels) : 0.0; }
  bool global_rejects() const { return global_p < global_alpha; }
};
ZTestResult z_test(const Image& test, const Image& reference, const Image& variance, int spp, int reference_spp = 0,
                   double alpha = 0.01, double global_alpha = 1e-4);

}  // namespace tessera
