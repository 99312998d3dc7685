#pragma once
// The scene file's "lights" array: each entry read and checked
// (read_light), then made into core lights (build_lights). Keys and units are
// documented in scenes/README.md.

#include "core/lights/light.h"
#include "core/materials/material.h"
#include "core/render/render_scene.h"
#include "core/render/scene_geometry.h"
#include "scene/json_value.h"
#include "scene/scene_description.h"

#include <string>
#include <vector>

namespace tessera {

// One entry; errors name the file and JSON pointer ("scene.json: /lights/2/
// cutoff_angle: must be in (0, 180)"). Reads no file; `base_dir` resolves an
// environment map's path.
LightDescription read_light(const JsonValue& v, const std::string& base_dir);

// The lights of `lights`, appended to `out`. A point light with a radius
// becomes an emissive sphere (appended to `geometry`, `materials` and
// `origins`), so BSDF rays hit it and MIS weighs both strategies. Environment
// maps are read now; an unreadable or invalid one is an error naming its
// JSON pointer.
void build_lights(const std::vector<LightDescription>& lights, SceneGeometry& geometry,
                  std::vector<Material>& materials, ShapeOrigins& origins, std::vector<Light>& out);

}  // namespace tessera
