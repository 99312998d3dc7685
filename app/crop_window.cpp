#include "app/crop_window.h"

#include "core/base/error.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace tessera {
namespace {

// Four comma-separated fields, no spaces; false if there are not exactly four.
bool split4(const std::string& text, std::string out[4]) {
  size_t start = 0;
  for (int i = 0; i < 4; ++i) {
    const size_t comma = text.find(',', start);
    if ((i < 3) != (comma != std::string::npos)) return false;
    out[i] = text.substr(start, i < 3 ? comma - start : std::string::npos);
    if (out[i].empty()) return false;
    start = comma + 1;
  }
  return true;
}

}  // namespace

PixelRect parse_crop(const std::string& text, int width, int height) {
  const std::string where = "--crop \"" + text + "\": ";
  std::string field[4];
  double v[4];
  if (!split4(text, field)) throw Error(where + "expected x0,x1,y0,y1 (fractions of the image, e.g. 0.25,0.75,0,0.5)");
  for (int i = 0; i < 4; ++i) {
    char* end = nullptr;
    v[i] = std::strtod(field[i].c_str(), &end);
    if (*end != '\0' || !std::isfinite(v[i]) || field[i][0] == ' ')
      throw Error(where + "\"" + field[i] + "\" is not a number");
  }
  if (!(0 <= v[0] && v[0] < v[1] && v[1] <= 1 && 0 <= v[2] && v[2] < v[3] && v[3] <= 1))
    throw Error(where + "needs 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1");
  const int x0 = int(std::ceil(v[0] * width)), x1 = int(std::ceil(v[1] * width));
  const int y0 = int(std::ceil(v[2] * height)), y1 = int(std::ceil(v[3] * height));
  if (x1 <= x0 || y1 <= y0)
    throw Error(where + "holds no pixel of the " + std::to_string(width) + "x" + std::to_string(height) + " image");
  return {x0, y0, x1 - x0, y1 - y0};
}

PixelRect parse_pixel_bounds(const std::string& text, int width, int height) {
  const std::string where = "--pixel-bounds \"" + text + "\": ";
  std::string field[4];
  long long v[4];
  if (!split4(text, field)) throw Error(where + "expected x0,x1,y0,y1 (pixels, x0 <= x < x1)");
  for (int i = 0; i < 4; ++i) {
    const char* end = field[i].data() + field[i].size();
    const auto [ptr, ec] = std::from_chars(field[i].data(), end, v[i]);
    if (ec != std::errc() || ptr != end) throw Error(where + "\"" + field[i] + "\" is not a whole number");
  }
  if (!(0 <= v[0] && v[0] < v[1] && v[1] <= width && 0 <= v[2] && v[2] < v[3] && v[3] <= height))
    throw Error(where + "needs 0 <= x0 < x1 <= " + std::to_string(width) + " and 0 <= y0 < y1 <= " +
                std::to_string(height) + " (the image is " + std::to_string(width) + "x" + std::to_string(height) + ")");
  return {int(v[0]), int(v[2]), int(v[1] - v[0]), int(v[3] - v[2])};
}

std::vector<int> buckets_touching(const BucketGrid& grid, const PixelRect& r) {
  std::vector<int> ids;
  const BucketSize s = grid.bucket_size();
  for (int row = r.y / s.height; row <= (r.y + r.height - 1) / s.height; ++row)
    for (int col = r.x / s.width; col <= (r.x + r.width - 1) / s.width; ++col) ids.push_back(row * grid.cols() + col);
  return ids;
}

}  // namespace tessera
