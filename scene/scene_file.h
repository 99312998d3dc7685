#pragma once
// Scene files: Tessera's JSON scene format (documented in scenes/README.md).
// Loading is two stages (scene/scene_description.h, scene/build_scene.h); the
// app runs them apart so that command-line settings are written into the
// description in between. load_scene_file runs both, for tests and tools that
// take a file as it is.

#include "core/engine/bucket.h"
#include "core/render/render_scene.h"
#include "scene/scene_description.h"

#include <cstdint>
#include <optional>
#include <string>

namespace tessera {

struct SceneFile {
  RenderScene scene;        // build_scene(description)
  SceneDescription description;
  RenderSettings settings;  // description.film
  // The file's "render" block: defaults for scheduling, below the command line.
  std::optional<int> threads;
  std::optional<BucketSize> bucket_size;
};

// Parse and build a scene file. Relative paths inside it (meshes) resolve
// against the file's directory. Throws Error naming the file and JSON path.
SceneFile load_scene_file(const std::string& path);

// The same from JSON text; `path` names it in errors, `base_dir` resolves meshes.
SceneFile load_scene_text(const std::string& text, const std::string& path, const std::string& base_dir);

// The one rule for an image size, from the command line or the scene file:
// each side in [1, 65536] and at most 2^30 pixels (32768x32768: the framebuffer
// alone would take 12 GiB), checked before anything is allocated.
constexpr int kMaxResolutionSide = 65536;
constexpr long long kMaxPixels = 1LL << 30;
// Why `width` x `height` is refused, or "" when it is fine.
std::string resolution_problem(long long width, long long height);

}  // namespace tessera
