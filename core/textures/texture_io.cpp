#include "core/textures/texture_io.h"

#include "core/image/image_io.h"

namespace tessera {

TextureImage load_texture_image(const std::string& path, bool srgb) {
  const Image image = read_image(path, srgb);
  TextureImage t;
  t.width = image.width();
  t.height = image.height();
  t.rgb = image.data();
  return t;
}

}  // namespace tessera
