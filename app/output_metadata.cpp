#include "app/output_metadata.h"

#include "app/build_info.h"
#include "core/render/camera.h"

namespace tessera {

ImageMetadata render_metadata(const RenderCommand& cmd, const PreparedRender& p, int threads,
                              std::optional<double> render_seconds) {
  ImageMetadata m;
  m.software = tessera_software();
  m.add("tessera/scene", cmd.scene_path.empty() ? std::string("cornell-box.json (built in)") : cmd.scene_path);
  m.add("tessera/spp", p.settings.spp);
  m.add("tessera/maxDepth", p.settings.max_depth);
  m.add("tessera/sampler", std::string(to_string(p.settings.sampler)));
  m.add("tessera/filter", to_string(p.settings.filter));
  m.add("tessera/seed", std::to_string(p.settings.seed));
  m.add("tessera/threads", threads);
  const PixelRect& c = p.crop;
  if (c.area() > 0)
    m.add("tessera/crop", std::to_string(c.x) + "," + std::to_string(c.x + c.width) + "," + std::to_string(c.y) + "," +
                              std::to_string(c.y + c.height));
  if (render_seconds) m.add("tessera/renderTime", *render_seconds);
  if (p.scene) {
    const CameraMatrices cam = camera_matrices(p.scene->camera, p.settings.width, p.settings.height);
    m.world_to_camera = cam.world_to_camera;
    m.world_to_ndc = cam.world_to_ndc;
  }
  return m;
}

ImageMetadata merge_metadata() {
  ImageMetadata m;
  m.software = tessera_software();
  return m;
}

}  // namespace tessera
