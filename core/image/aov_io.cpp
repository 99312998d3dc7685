#include "core/image/aov_io.h"

#include "core/base/atomic_file.h"
#include "core/base/error.h"

#include <ImfChannelList.h>
#include <ImfFrameBuffer.h>
#include <ImfHeader.h>
#include <ImfInputFile.h>

#include <algorithm>
#include <cmath>

namespace tessera {

std::string aov_side_path(const std::string& path, const std::string& layer) {
  const size_t slash = path.find_last_of('/');
  const size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return path + "." + layer;
  return path.substr(0, dot) + "." + layer + path.substr(dot);
}

std::vector<std::string> aov_side_paths(const std::string& path, AovSet aovs) {
  std::vector<std::string> paths;
  if (image_format_for_path(path) == ImageFormat::Exr) return paths;
  for (const std::string& name : aov_name_list(aovs)) paths.push_back(aov_side_path(path, name));
  return paths;
}

Image aov_layer_image(const AovImage& aov, Aov layer) {
  Image image(aov.width(), aov.height());
  const int offset = aov.set().offset(layer), count = aov_channels(layer);
  for (int y = 0; y < aov.height(); ++y)
    for (int x = 0; x < aov.width(); ++x) {
      const float* p = aov.pixel(x, y) + offset;
      image.set_pixel(x, y, count == 1 ? Vec3(p[0]) : Vec3(p[0], p[1], p[2]));
    }
  return image;
}

void write_image_with_aovs(const Image& beauty, const AovImage& aov, const std::string& path,
                           const ImageWriteOptions& options) {
  if (aov.set().empty()) return write_image(beauty, path, options);
  const ImageFormat format = image_format_for_path(path);
  if (format == ImageFormat::Exr) return write_exr_with_layers(beauty, aov, path, options);
  write_image(beauty, path, options);
  for (int i = 0; i < kAovCount; ++i) {
    const Aov layer = aov_at(i);
    if (!aov.set().has(layer)) continue;
    Image image = aov_layer_image(aov, layer);
    ImageWriteOptions layer_options = options;
    layer_options.exposure = 0.0f, layer_options.tone_map = ToneMap::Clamp;
    if ((format == ImageFormat::Png || format == ImageFormat::Jpeg) && layer != Aov::Albedo) {
      // Data, not colour: code = value * 255. encode_srgb8 applies the sRGB
      // curve, so the value is decoded by it first; normals from [-1, 1] to [0, 1].
      for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
          Vec3 v = image.pixel(x, y);
          if (layer == Aov::Normal) v = v * 0.5f + Vec3(0.5f);
          const auto code = [](float c) { return srgb_to_linear(std::clamp(std::isnan(c) ? 0.0f : c, 0.0f, 1.0f)); };
          image.set_pixel(x, y, Vec3(code(v.x), code(v.y), code(v.z)));
        }
    }
    write_image(image, aov_side_path(path, aov_name(layer)), layer_options);
  }
}

std::vector<std::string> exr_channel_names(const std::string& path) {
  std::vector<std::string> names;
  try {
    Imf::InputFile file(path.c_str());
    for (auto it = file.header().channels().begin(); it != file.header().channels().end(); ++it)
      names.push_back(it.name());
  } catch (const std::exception& e) {
    throw Error(path + ": cannot read image: " + e.what());
  }
  std::sort(names.begin(), names.end());
  return names;
}

Image read_variance_image(const std::string& path) {
  Image rgb = read_image(path);  // every check a read makes (size, truncation, a regular file)
  if (image_read_format_for_path(path) != ImageFormat::Exr) return rgb;
  try {
    Imf::InputFile file(path.c_str());
    const Imf::ChannelList& channels = file.header().channels();
    const char* names[3] = {"variance.R", "variance.G", "variance.B"};
    for (const char* name : names)
      if (!channels.findChannel(name)) return rgb;
    const Imath::Box2i dw = file.header().dataWindow();
    const int w = dw.max.x - dw.min.x + 1, h = dw.max.y - dw.min.y + 1;
    if (w != rgb.width() || h != rgb.height()) return rgb;
    std::vector<float> data(size_t(w) * h * 3);
    Imf::FrameBuffer fb;
    // Integer arithmetic: the base shifted by the data window's origin may lie outside the buffer.
    char* base = reinterpret_cast<char*>(reinterpret_cast<intptr_t>(data.data()) -
                                         (intptr_t(dw.min.x) + intptr_t(dw.min.y) * w) * intptr_t(3 * sizeof(float)));
    for (int c = 0; c < 3; ++c)
      fb.insert(names[c], Imf::Slice(Imf::FLOAT, base + c * sizeof(float), 3 * sizeof(float), 3 * sizeof(float) * size_t(w)));
    file.setFrameBuffer(fb);
    file.readPixels(dw.min.y, dw.max.y);
    Image variance(w, h);
    variance.write_rect({0, 0, w, h}, data.data());
    return variance;
  } catch (const std::exception& e) {
    throw Error(path + ": cannot read image: " + e.what());
  }
}

}  // namespace tessera
