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
// Model shapes (scene/model.h) are read here: their meshes, materials, textures
// and lights are appended to the scene's; "camera": "auto" / "model" and
// "lights": "auto" are resolved here, once the geometry is known.
RenderScene build_scene(const SceneDescription& desc);

// The automatic camera ("camera": "auto", and a bare model without a camera):
// the default field of view, looking at the centre of the box [lo, hi] from the
// front (+z), above and to the right (a three-quarter view), far enough back
// that the box's bounding sphere fits a film of width / height `aspect`.
CameraParams framing_camera(const Vec3& lo, const Vec3& hi, float aspect);

// "lights": "auto" in a scene that nothing else lights: a uniform sky (the
// scene's "environment" radiance, or this one) and a sun from above, the front
// and the right.
constexpr Vec3 kDefaultSky{0.5f, 0.55f, 0.6f};               // radiance, W / sr / m^2
constexpr Vec3 kDefaultSunDirection{-0.4f, -0.8f, -0.45f};  // the way its light travels
constexpr Vec3 kDefaultSun{2.6f, 2.5f, 2.3f};                // irradiance, W / m^2

}  // namespace tessera
