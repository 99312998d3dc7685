#pragma once
// Bucket orders: the sequence in which buckets are handed to workers. Each is
// a pure function returning a permutation of the grid's bucket ids.

#include "core/engine/bucket_grid.h"

#include <cstdint>
#include <string>
#include <vector>

namespace tessera {

enum class BucketOrder {
  Scanline,  // left to right, top to bottom
  Spiral,    // from the image centre outwards, as production renderers show the subject first
  Hilbert,   // along a Hilbert curve: neighbouring buckets stay close in time (cache coherence)
  Random,    // a seeded shuffle
};

BucketOrder parse_bucket_order(const std::string& name);  // throws Error on an unknown name
const char* to_string(BucketOrder order);

// Every bucket id of `grid` exactly once, in `order`. `seed` matters only for Random.
std::vector<int> make_bucket_order(const BucketGrid& grid, BucketOrder order, uint64_t seed = 0);

}  // namespace tessera
