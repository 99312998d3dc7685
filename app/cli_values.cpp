#include "app/cli_values.h"

#include "core/base/error.h"
#include "scene/scene_file.h"

#include <charconv>
#include <exception>
#include <string>

namespace tessera {

Resolution parse_resolution(const std::string& text) {
  const size_t x = text.find('x');
  long long w = 0, h = 0;
  const auto number = [](const char* begin, const char* end, long long& value) {
    const auto [ptr, ec] = std::from_chars(begin, end, value);
    return begin != end && ec == std::errc() && ptr == end;
  };
  if (x == std::string::npos || !number(text.data(), text.data() + x, w) ||
      !number(text.data() + x + 1, text.data() + text.size(), h))
    throw Error("--resolution \"" + text + "\": expected WxH with each side in [1, " +
                std::to_string(kMaxResolutionSide) + "]");
  const std::string problem = resolution_problem(w, h);
  if (!problem.empty()) throw Error("--resolution \"" + text + "\": " + problem);
  return {int(w), int(h)};
}

uint64_t parse_seed(const std::string& text) {
  uint64_t seed = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, seed);
  if (text.empty() || ec != std::errc() || ptr != end)
    throw Error("--seed \"" + text + "\": expected an integer in [0, 18446744073709551615]");
  return seed;
}

BucketSize parse_bucket_size(const std::string& text) {
  const auto side = [&](const std::string& s) {
    size_t used = 0;
    long v = 0;
    try {
      v = std::stol(s, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != s.size() || s.empty() || v < 1 || v > kMaxBucketSide)
      throw Error("bucket size \"" + text + "\": expected N or WxH with each side in [1, 4096]");
    return int(v);
  };
  const size_t x = text.find('x');
  if (x == std::string::npos) {
    const int s = side(text);
    return {s, s};
  }
  return {side(text.substr(0, x)), side(text.substr(x + 1))};
}

}  // namespace tessera
