#pragma once
// What tessera writes into its image files about a render (core's
// ImageMetadata): the software, the scene, the sample settings, the camera.

#include "app/render_command.h"
#include "core/image/image_metadata.h"

#include <optional>
#include <string>

namespace tessera {

// The metadata of `render`'s image: "software" ("tessera <version> <hash>"),
// tessera/scene (the scene file, or "cornell-box.json (built in)"),
// tessera/spp, tessera/maxDepth, tessera/sampler, tessera/filter, tessera/seed
// (a decimal string: 64 bits), tessera/threads, tessera/crop (pixels
// "x0,x1,y0,y1", half-open, for a crop render), tessera/renderTime (seconds,
// when known: not in a streamed EXR, whose header is written before the
// render), and the camera matrices.
ImageMetadata render_metadata(const RenderCommand& command, const PreparedRender& render, int threads,
                              std::optional<double> render_seconds);

// A merged image knows only what built it: "software".
ImageMetadata merge_metadata();

}  // namespace tessera
