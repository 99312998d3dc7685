#include "core/engine/bucket_order.h"
#include "core/base/error.h"

#include <catch2/catch.hpp>

#include <vector>

using namespace tessera;

namespace {
const BucketOrder kOrders[] = {BucketOrder::Scanline, BucketOrder::Spiral, BucketOrder::Hilbert, BucketOrder::Random};
}

TEST_CASE("every order covers every pixel exactly once", "[bucket][order]") {
  const int images[][2] = {{1, 1}, {45, 37}, {64, 64}, {300, 7}, {7, 300}, {129, 65}};
  const int sizes[][2] = {{1, 1}, {13, 13}, {16, 16}, {64, 64}, {32, 8}};
  for (const auto& img : images) {
    for (const auto& sz : sizes) {
      const BucketGrid grid(img[0], img[1], {sz[0], sz[1]});
      for (BucketOrder order : kOrders) {
        INFO(to_string(order) << " " << img[0] << "x" << img[1] << " buckets " << sz[0] << "x" << sz[1]);
        const std::vector<int> ids = make_bucket_order(grid, order, 5);
        REQUIRE(int(ids.size()) == grid.count());
        std::vector<int> hits(size_t(img[0]) * img[1], 0);
        for (int id : ids) {
          const Bucket b = grid.bucket(id);
          for (int y = b.rect.y; y < b.rect.y + b.rect.height; ++y)
            for (int x = b.rect.x; x < b.rect.x + b.rect.width; ++x) {
              ++hits[size_t(y) * img[0] + x];
              REQUIRE(grid.id_at(x, y) == id);
            }
        }
        for (int h : hits) REQUIRE(h == 1);
      }
    }
  }
}

TEST_CASE("orders have their shapes", "[bucket][order]") {
  const BucketGrid grid(9 * 16, 7 * 16, {16, 16});  // 9 x 7 buckets
  const auto scan = make_bucket_order(grid, BucketOrder::Scanline);
  for (size_t i = 0; i < scan.size(); ++i) CHECK(scan[i] == int(i));

  // Spiral starts at the centre bucket and never moves outwards then back in:
  // the Chebyshev ring distance from the centre never decreases.
  const auto spiral = make_bucket_order(grid, BucketOrder::Spiral);
  CHECK(spiral.front() == 3 * 9 + 4);
  int ring = 0;
  for (int id : spiral) {
    const int r = std::max(std::abs(id % 9 - 4), std::abs(id / 9 - 3));
    CHECK(r >= ring);
    ring = r;
  }

  // Hilbert: consecutive buckets are neighbours when the grid is a power-of-two square.
  const BucketGrid square(8 * 4, 8 * 4, {4, 4});
  const auto hilbert = make_bucket_order(square, BucketOrder::Hilbert);
  for (size_t i = 1; i < hilbert.size(); ++i) {
    const int dx = std::abs(hilbert[i] % 8 - hilbert[i - 1] % 8), dy = std::abs(hilbert[i] / 8 - hilbert[i - 1] / 8);
    CHECK(dx + dy == 1);
  }

  // Random: seeded, so the same seed repeats and another seed differs.
  CHECK(make_bucket_order(grid, BucketOrder::Random, 1) == make_bucket_order(grid, BucketOrder::Random, 1));
  CHECK(make_bucket_order(grid, BucketOrder::Random, 1) != make_bucket_order(grid, BucketOrder::Random, 2));
  CHECK(make_bucket_order(grid, BucketOrder::Random, 1) != scan);
}

TEST_CASE("order names parse", "[bucket][order]") {
  for (BucketOrder o : kOrders) CHECK(parse_bucket_order(to_string(o)) == o);
  CHECK_THROWS_WITH(parse_bucket_order("zigzag"), Catch::Contains("unknown bucket order \"zigzag\""));
}
