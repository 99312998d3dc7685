#include "core/engine/bucket.h"

#include <catch2/catch.hpp>

#include <vector>

using namespace tessera;

TEST_CASE("buckets cover every pixel exactly once", "[bucket]") {
  const int sizes[][2] = {{1, 1}, {7, 7}, {16, 16}, {64, 64}, {32, 16}, {5, 64}, {4096, 4096}};
  const int images[][2] = {{1, 1}, {37, 23}, {64, 64}, {100, 1}, {129, 65}};
  for (const auto& img : images) {
    for (const auto& sz : sizes) {
      std::vector<int> hits(size_t(img[0]) * img[1], 0);
      const auto buckets = cut_into_buckets(img[0], img[1], {sz[0], sz[1]});
      for (size_t i = 0; i < buckets.size(); ++i) {
        const Bucket& b = buckets[i];
        CHECK(b.id == int(i));
        CHECK(b.rect.width >= 1);
        CHECK(b.rect.width <= sz[0]);
        CHECK(b.rect.height <= sz[1]);
        for (int y = b.rect.y; y < b.rect.y + b.rect.height; ++y)
          for (int x = b.rect.x; x < b.rect.x + b.rect.width; ++x) ++hits[size_t(y) * img[0] + x];
      }
      for (int h : hits) REQUIRE(h == 1);
    }
  }
}

TEST_CASE("edge buckets are clipped to the image", "[bucket]") {
  const auto buckets = cut_into_buckets(70, 40, {32, 32});
  REQUIRE(buckets.size() == 6);  // 3 columns x 2 rows
  CHECK(buckets[2].rect.x == 64);
  CHECK(buckets[2].rect.width == 6);
  CHECK(buckets[5].rect.height == 8);
}
