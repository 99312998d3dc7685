#include "core/image/aov_image.h"

#include <cstring>

namespace tessera {

void AovImage::write_rect(const PixelRect& rect, const float* aov) {
  const size_t n = size_t(channels());
  if (n == 0) return;
  for (int y = 0; y < rect.height; ++y)
    std::memcpy(&data_[(size_t(rect.y + y) * width_ + rect.x) * n], aov + size_t(y) * rect.width * n,
                size_t(rect.width) * n * sizeof(float));
}

}  // namespace tessera
