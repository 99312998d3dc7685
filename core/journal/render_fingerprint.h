#pragma once
// The render fingerprint: a hash of the scene content and of every setting that
// changes pixels. Bucket records carry it, so a bucket is never merged into an
// image of another scene or other settings.

#include "core/render/render_scene.h"

#include <cstdint>

namespace tessera {

// XXH3-64 over the geometry, materials, camera, environment, resolution, spp,
// seed and path-tracer settings. Scheduling (threads, buckets, order) is not
// included: it does not change pixels.
uint64_t render_fingerprint(const RenderScene& scene, const RenderSettings& settings);

}  // namespace tessera
