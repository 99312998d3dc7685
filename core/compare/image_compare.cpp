#include "core/compare/image_compare.h"

#include "core/base/error.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tessera {

void require_same_size(const Image& test, const Image& reference, const std::string& test_name,
                       const std::string& reference_name) {
  if (test.width() != reference.width() || test.height() != reference.height())
    throw Error("images differ in size: " + test_name + " is " + std::to_string(test.width()) + "x" +
                std::to_string(test.height()) + ", " + reference_name + " is " + std::to_string(reference.width()) +
                "x" + std::to_string(reference.height()));
}

ImageDifference compare_images(const Image& test, const Image& reference, double threshold) {
  return compare_images(test, reference, threshold, ChannelSelection{}, nullptr, nullptr);
}

ImageDifference compare_images(const Image& test, const Image& reference, double threshold,
                               const ChannelSelection& channels, const Image* test_alpha, const Image* reference_alpha) {
  require_same_size(test, reference, "test", "reference");
  if (channels.a) {
    if (!test_alpha || !reference_alpha) throw Error("compare_images: alpha selected but no alpha images given");
    require_same_size(*test_alpha, test, "test alpha", "test");
    require_same_size(*reference_alpha, reference, "reference alpha", "reference");
  }
  const bool selected[4] = {channels.r, channels.g, channels.b, channels.a};
  ImageDifference d;
  d.threshold = threshold;
  d.pixels = long(test.width()) * test.height();
  double sum2 = 0, rel = 0, sum_abs = 0;
  long over = 0;
  for (int y = 0; y < test.height(); ++y) {
    for (int x = 0; x < test.width(); ++x) {
      const Vec3 a3 = test.pixel(x, y), b3 = reference.pixel(x, y);
      const float a[4] = {a3.x, a3.y, a3.z, channels.a ? test_alpha->pixel(x, y).x : 0.0f};
      const float b[4] = {b3.x, b3.y, b3.z, channels.a ? reference_alpha->pixel(x, y).x : 0.0f};
      bool a_ok = true, b_ok = true;
      for (int c = 0; c < 4; ++c)
        if (selected[c]) a_ok = a_ok && std::isfinite(a[c]), b_ok = b_ok && std::isfinite(b[c]);
      if (!a_ok || !b_ok) {
        if (!b_ok) ++d.nonfinite_reference;
        else ++d.nonfinite_test;
        if (d.nonfinite_x < 0) d.nonfinite_x = x, d.nonfinite_y = y;
        continue;
      }
      double pixel_max = 0;
      for (int c = 0; c < 4; ++c) {
        if (!selected[c]) continue;
        const double diff = double(a[c]) - double(b[c]), ad = std::abs(diff);
        sum2 += diff * diff;
        rel += diff * diff / (double(b[c]) * double(b[c]) + 0.01);
        sum_abs += ad;
        pixel_max = std::max(pixel_max, ad);
      }
      if (pixel_max > d.max_abs) d.max_abs = pixel_max, d.max_x = x, d.max_y = y;
      if (pixel_max > threshold) ++over;
    }
  }
  const double n = double(d.pixels - d.nonfinite()) * double(channels.count());
  const double mse = n > 0 ? sum2 / n : 0.0;
  d.rmse = std::sqrt(mse);
  d.psnr = mse > 0 ? 10.0 * std::log10(1.0 / mse) : std::numeric_limits<double>::infinity();
  d.relmse = n > 0 ? rel / n : 0.0;
  d.mean_abs = n > 0 ? sum_abs / n : 0.0;
  d.over_threshold = d.pixels ? double(over) / double(d.pixels) : 0.0;
  return d;
}

Image absolute_difference(const Image& test, const Image& reference) {
  require_same_size(test, reference, "test", "reference");
  Image out(test.width(), test.height());
  for (int y = 0; y < test.height(); ++y)
    for (int x = 0; x < test.width(); ++x) {
      const Vec3 a = test.pixel(x, y), b = reference.pixel(x, y);
      out.set_pixel(x, y, Vec3(max_component(max(a - b, b - a))));
    }
  return out;
}

ZTestResult z_test(const Image& test, const Image& reference, const Image& variance, int spp, int reference_spp,
                   double alpha, double global_alpha) {
  require_same_size(test, reference, "test", "reference");
  require_same_size(variance, reference, "variance", "reference");
  if (spp < 1) throw Error("z-test: the test image's sample count must be at least 1");
  ZTestResult r;
  r.pixels = long(test.width()) * test.height();
  r.alpha = alpha;
  r.corrected_alpha = alpha / (double(r.pixels) * 3.0);
  const double spread = 1.0 / spp + (reference_spp > 0 ? 1.0 / reference_spp : 0.0);
  double z_sum = 0, z_sum2 = 0;
  long z_count = 0;
  for (int y = 0; y < test.height(); ++y) {
    for (int x = 0; x < test.width(); ++x) {
      const Vec3 a = test.pixel(x, y), b = reference.pixel(x, y), v = variance.pixel(x, y);
      if (!(std::isfinite(a.x) && std::isfinite(a.y) && std::isfinite(a.z) && std::isfinite(b.x) &&
            std::isfinite(b.y) && std::isfinite(b.z) && std::isfinite(v.x) && std::isfinite(v.y) && std::isfinite(v.z))) {
        ++r.nonfinite, ++r.rejected;  // a NaN's z is NaN, whose p-value rejects nothing: count it here
        continue;
      }
      bool reject = false;
      double pixel_z = 0;
      int pixel_channels = 0;
      for (int c = 0; c < 3; ++c) {
        const double diff = double(a[c]) - double(b[c]);
        const double stderr_ = std::sqrt(std::max(0.0, double(v[c])) * spread);
        double z;
        if (stderr_ > 0) {
          z = diff / stderr_;
          pixel_z += std::clamp(z, -50.0, 50.0);  // one wild pixel must not decide the global test alone
          ++pixel_channels;
        } else {
          // A constant pixel (no variance): any difference beyond rounding rejects.
          z = std::abs(diff) <= 1e-6 * (1 + std::abs(double(b[c]))) ? 0 : HUGE_VAL;
        }
        const double p = std::erfc(std::abs(z) / std::sqrt(2.0));  // two-sided
        if (p < r.corrected_alpha) reject = true;
        if (std::abs(z) > r.max_abs_z) r.max_abs_z = std::abs(z), r.max_x = x, r.max_y = y;
      }
      if (reject) ++r.rejected;
      // R, G and B come from the same paths: one z per pixel for the global test.
      if (pixel_channels) {
        const double zp = pixel_z / pixel_channels;
        z_sum += zp, z_sum2 += zp * zp;
        ++z_count;
      }
    }
  }
  // A t statistic on the z values: their mean over its standard error, using
  // the z values' own spread. Heavy-tailed pixels make a variance image estimated
  // from finite samples too small, which scales every z up; that scale cancels here.
  if (z_count > 1) {
    const double n = double(z_count), mean = z_sum / n;
    const double sd = std::sqrt(std::max(1e-12, (z_sum2 - n * mean * mean) / (n - 1)));
    r.global_z = mean / (sd / std::sqrt(n));
  }
  r.global_p = std::erfc(std::abs(r.global_z) / std::sqrt(2.0));
  r.global_alpha = global_alpha;
  return r;
}

}  // namespace tessera
