#pragma once
// A scene loaded and built for rendering in tests: file, Embree device and BVH.

#include "accel/embree_device.h"
#include "accel/embree_scene.h"
#include "core/engine/render_loop.h"
#include "scene/scene_file.h"

#include <memory>
#include <string>

namespace tessera {

// Settings for a small square test render.
inline RenderSettings small_settings(int size, int spp, int max_depth) {
  RenderSettings s;
  s.width = s.height = size;
  s.spp = spp;
  s.max_depth = max_depth;
  return s;
}

struct TestScene {
  SceneFile file;
  EmbreeDevice device;
  std::unique_ptr<EmbreeScene> accel;

  explicit TestScene(SceneFile f) : file(std::move(f)), accel(std::make_unique<EmbreeScene>(device, file.scene)) {}

  static std::unique_ptr<TestScene> from_text(const std::string& json) {
    return std::make_unique<TestScene>(load_scene_text(json, "test.json", ""));
  }
  static std::unique_ptr<TestScene> from_repo(const std::string& relative) {
    return std::make_unique<TestScene>(load_scene_file(std::string(TESSERA_SOURCE_DIR) + "/" + relative));
  }

  RenderResult render(const RenderSettings& settings, int threads = 1, BucketSize bucket = {}) const {
    ScheduleOptions schedule;
    schedule.threads = threads;
    schedule.bucket_size = bucket;
    return render_image(file.scene, *accel, settings, schedule);
  }
};

}  // namespace tessera
