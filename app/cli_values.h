#pragma once
// Values typed on the command line (and in the user config): resolution,
// seed and bucket size, parsed under the same rules as the scene file's.

#include "core/engine/bucket.h"

#include <cstdint>
#include <string>

namespace tessera {

struct Resolution {
  int width = 0, height = 0;
};
// Parse "WxH" (decimal digits only, nothing after them) under the rule above;
// throws Error naming --resolution and the value otherwise.
Resolution parse_resolution(const std::string& text);

// Parse a sampler seed: an integer in [0, 2^64-1] (as the scene file's
// "seed"), no sign; throws Error naming --seed otherwise.
uint64_t parse_seed(const std::string& text);

// Parse "32" or "32x16" into a bucket size in [1, 4096]; throws Error otherwise.
BucketSize parse_bucket_size(const std::string& text);

}  // namespace tessera
