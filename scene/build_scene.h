#pragma once
// build_scene: the second stage of loading a scene (scene/scene_description.h):
// a SceneDescription becomes the immutable RenderScene core renders.

#include "core/render/render_scene.h"
#include "scene/scene_description.h"

namespace tessera {

// Make each shape's geometry in world space (meshes are read from their files
// now) and the scene with its lights. Errors that only geometry shows name the
// shape's file and JSON path: "scene.json: /shapes/3: every triangle is
// degenerate after the transform", "scene.json: /shapes/2/file: bunny.obj:12:
// ...", "scene.json: /shapes/0: emits light but has zero area ...".
// Degenerate triangles are dropped with one warning per shape.
RenderScene build_scene(const SceneDescription& desc);

}  // namespace tessera
