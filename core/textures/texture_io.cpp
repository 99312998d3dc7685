#include "core/textures/texture_io.h"

#include "core/image/image_io.h"

namespace tessera {

namespace {

ImageReadOptions read_options(bool srgb, TextureChannel channel) {
  ImageReadOptions options;
  options.srgb = srgb;
  options.alpha = channel == TextureChannel::A;
  return options;
}

TextureImage texture_of(const Image& image, TextureChannel channel) {
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

}  // namespace

TextureImage load_texture_image(const std::string& path, bool srgb, TextureChannel channel) {
  return texture_of(read_image(path, read_options(srgb, channel)), channel);
}

TextureImage decode_texture_image(const unsigned char* data, size_t size, const std::string& name, bool srgb,
                                  TextureChannel channel) {
  const ImageFormat format = image_read_format_for_path(name);
  return texture_of(decode_image(data, size, format, name, read_options(srgb, channel)), channel);
}

}  // namespace tessera
