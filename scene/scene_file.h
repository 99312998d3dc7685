#pragma once
// Scene files: Tessera's JSON scene format (documented in scenes/README.md),
// loaded into a validated RenderScene plus the settings the file asks for.

#include "core/bucket.h"
#include "core/render_scene.h"

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

struct Resolution {
  int width = 0, height = 0;
};
// Parse "WxH" (each side in [1, 65536], nothing after it); throws Error naming
// --resolution otherwise.
Resolution parse_resolution(const std::string& text);

// Parse "32" or "32x16" into a bucket size in [1, 4096]; throws Error otherwise.
BucketSize parse_bucket_size(const std::string& text);

}  // namespace tessera
