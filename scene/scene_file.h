#pragma once
// Scene files: Tessera's JSON scene format (documented in scenes/README.md),
// loaded into a validated RenderScene plus the settings the file asks for.

#include "core/engine/bucket.h"
#include "core/render/render_scene.h"

#include <cstdint>
#include <optional>
#include <string>

namespace tessera {

struct SceneFile {
  std::string path;            // as given; used in messages
  RenderScene scene;           // finalized: lights built
  RenderSettings settings;     // the file's "film" block over the built-in defaults
  // The file's "render" block: defaults for scheduling, below the command line.
  std::optional<int> threads;
  std::optional<BucketSize> bucket_size;
};

// Load and validate a scene file. Relative paths inside it (meshes) resolve
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
