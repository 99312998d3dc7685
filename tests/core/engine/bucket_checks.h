#pragma once
// Test check shared by the bucket record and bucket file tests: two bucket
// buffers hold the same bucket and the same pixel bits.

#include "core/engine/bucket_buffer.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>

namespace tessera {

inline uint32_t float_bits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}

// Bitwise, not ==: -0.0 and NaN payloads must survive a round trip too.
inline void require_same_bits(const BucketBuffer& a, const BucketBuffer& b) {
  REQUIRE(a.bucket.id == b.bucket.id);
  REQUIRE(a.bucket.rect.x == b.bucket.rect.x);
  REQUIRE(a.bucket.rect.y == b.bucket.rect.y);
  REQUIRE(a.bucket.rect.width == b.bucket.rect.width);
  REQUIRE(a.bucket.rect.height == b.bucket.rect.height);
  const size_t floats = size_t(a.bucket.rect.area()) * 3;
  REQUIRE(a.rgb.size() >= floats);
  REQUIRE(b.rgb.size() >= floats);
  for (size_t i = 0; i < floats; ++i) {
    INFO("float " << i);
    REQUIRE(float_bits(a.rgb[i]) == float_bits(b.rgb[i]));
  }
}

}  // namespace tessera
