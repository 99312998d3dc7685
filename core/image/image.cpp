#include "core/image/image.h"

#include <algorithm>

namespace tessera {

void Image::write_rect(const PixelRect& rect, const float* rgb) {
  for (int row = 0; row < rect.height; ++row) {
    const float* src = rgb + size_t(row) * rect.width * 3;
    float* dst = &rgb_[(size_t(rect.y + row) * width_ + rect.x) * 3];
    std::copy(src, src + size_t(rect.width) * 3, dst);
  }
}

}  // namespace tessera
