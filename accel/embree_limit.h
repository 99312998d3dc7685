#pragma once
// The Embree limit: how many rays per second Embree itself traces on a scene,
// for the kinds of rays the path tracer traces, so the renderer's throughput
// can be read as a fraction of it (`tessera bench --limit`).
//
// The rays are made once, untimed, from the scene as the renderer would make
// them: one camera ray per pixel through its centre (coherent; listed in 4x4
// pixel tiles so a 16-ray packet is a tile), then at every camera hit one
// cosine-distributed bounce ray about the normal on the side the camera ray
// came from (incoherent) and one shadow ray towards a point on a light chosen
// by the scene's light sampler (occlusion only, ending just off the light, as
// the path tracer's). Each set is traced with single rays (rtcIntersect1 /
// rtcOccluded1) and with 16-ray packets (rtcIntersect16 / rtcOccluded16), set
// up as the renderer's queries set them up (accel/embree_rays.h), over
// `threads` threads, repeatedly until `min_seconds` of tracing, and reported
// as Mrays/s. The renderer itself traces camera and shadow rays as packets and
// bounce rays one at a time (core/render/render_pixel.h), so its throughput
// can exceed the single-ray mix: `tessera bench --limit` reports it against
// both mixes.

#include "accel/embree_scene.h"
#include "core/render/render_scene.h"

#include <string>
#include <vector>

namespace tessera {

struct RayKindThroughput {
  std::string kind;       // "camera", "bounce", "shadow"
  size_t rays = 0;        // in one pass
  size_t hits = 0;        // camera and bounce: rays that hit; shadow: rays occluded (single rays)
  size_t packet_hits = 0; // the same, traced as packets (equal to `hits`: the same rays)
  double single_mrays = 0, packet_mrays = 0;
  double single_seconds = 0, packet_seconds = 0;  // one pass
};

struct EmbreeLimit {
  int threads = 1;
  std::vector<RayKindThroughput> kinds;  // camera, bounce, shadow
  // All three sets as one mix: their rays over the time of one pass of each.
  double mixed_single_mrays = 0, mixed_packet_mrays = 0;
};

// `width` x `height` camera rays (the film's resolution; at most a few million
// make sense). Throws Error if the scene's camera sees nothing.
EmbreeLimit measure_embree_limit(const EmbreeScene& accel, const RenderScene& scene, int width, int height,
                                 int threads, double min_seconds = 0.25);

}  // namespace tessera
