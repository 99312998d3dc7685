#include "core/textures/texture_io.h"

#include "core/image/image_io.h"

namespace tessera {

TextureImage load_texture_image(const std::string& path, bool srgb, TextureChannel channel) {
  ImageReadOptions options;
  options.srgb = srgb;
  options.alpha = channel == TextureChannel::A;
  const Image image = read_image(path, options);
  TextureImage t;
  t.width = image.width();
  t.height = image.height();
  t.rgb = image.data();
  if (channel == TextureChannel::R || channel == TextureChannel::G || channel == TextureChannel::B) {
    const size_t c = size_t(channel) - size_t(TextureChannel::R);
    for (size_t i = 0; i < t.rgb.size(); i += 3) t.rgb[i] = t.rgb[i + 1] = t.rgb[i + 2] = t.rgb[i + c];
  }
  return t;
}

}  // namespace tessera
