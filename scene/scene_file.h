#pragma once
// Scene files: Tessera's JSON scene format (documented in scenes/README.md),
// loaded into a validated RenderScene plus the settings the file asks for.

#include "core/bucket.h"
#include "core/render_scene.h"

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

struct Resolution {
  int width = 0, height = 0;
};
// Parse "WxH" (decimal digits only, nothing after them) under the rule above;
// throws Error naming --resolution and the value otherwise.
Resolution parse_resolution(const std::string& text);

// Parse a sampler seed: an integer in [0, 2^64-1] (as the scene file's
// "seed"), no sign; throws Error naming --seed otherwise.
uint64_t parse_seed(const std::string& text);

// Parse "32" or "32x16" into a bucket size in [1, 4096]; throws Error otherwise.
BucketSize parse_bucket_size(const std::string& text);

}  // namespace tessera
