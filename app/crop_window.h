#pragma once
// Crop renders: --crop x0,x1,y0,y1 (fractions of the image, as pbrt's
// --cropwindow) and --pixel-bounds x0,x1,y0,y1 (pixels, half-open: x0 <= x < x1).

#include "core/engine/bucket.h"
#include "core/engine/bucket_grid.h"

#include <string>
#include <vector>

namespace tessera {

// The pixels of --crop TEXT on a width x height image: x from ceil(x0 width) to
// ceil(x1 width) (exclusive), likewise y, as pbrt rounds. Throws Error
// ("--crop \"TEXT\": ...") unless TEXT is four comma-separated finite numbers
// with 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1 whose region holds a pixel.
PixelRect parse_crop(const std::string& text, int width, int height);

// The pixels of --pixel-bounds TEXT: four integers with 0 <= x0 < x1 <= width
// and 0 <= y0 < y1 <= height. Throws Error ("--pixel-bounds \"TEXT\": ...").
PixelRect parse_pixel_bounds(const std::string& text, int width, int height);

// The ids of the buckets of `grid` that hold a pixel of `region`, ascending.
// They are rendered whole (a bucket's pixels do not depend on its neighbours),
// so a crop's bucket file merges with other crops' and shards' like a shard's.
std::vector<int> buckets_touching(const BucketGrid& grid, const PixelRect& region);

}  // namespace tessera
