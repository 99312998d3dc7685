#include "scene/scene_file.h"

#include "scene/build_scene.h"

namespace tessera {
namespace {

SceneFile built(SceneDescription desc) {
  const RenderSettings settings = desc.film;
  const auto threads = desc.threads;
  const auto bucket_size = desc.bucket_size;
  // The scene is built in place (no copy of its geometry); `desc` moves after.
  return SceneFile{build_scene(desc), std::move(desc), settings, threads, bucket_size};
}

}  // namespace

std::string resolution_problem(long long width, long long height) {
  if (width < 1 || height < 1 || width > kMaxResolutionSide || height > kMaxResolutionSide)
    return "each side must be in [1, " + std::to_string(kMaxResolutionSide) + "], got " + std::to_string(width) + "x" +
           std::to_string(height);
  if (width * height > kMaxPixels)
    return std::to_string(width) + "x" + std::to_string(height) + " is " + std::to_string(width * height) +
           " pixels, more than the " + std::to_string(kMaxPixels) + " (32768x32768) a render may have";
  return "";
}

SceneFile load_scene_text(const std::string& text, const std::string& path, const std::string& base_dir) {
  return built(parse_scene_text(text, path, base_dir));
}

SceneFile load_scene_file(const std::string& path) { return built(parse_scene_file(path)); }

}  // namespace tessera
