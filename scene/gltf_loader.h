#pragma once
// glTF 2.0 models (.gltf with external or data-URI buffers, and .glb) through
// Debian's tinygltf, read into a Model (scene/model.h). What is read:
//
// - The default scene's node hierarchy (or every root node when there is no
//   scene), each node's matrix or translation * rotation * scale.
// - Mesh primitives of mode TRIANGLES (others skipped with one warning), with
//   or without indices (8, 16 or 32-bit), POSITION, NORMAL, TEXCOORD_0 (float,
//   or normalized unsigned byte/short), COLOR_0 (vec3 or vec4 of float or
//   normalized unsigned byte/short; alpha not read) and TANGENT (vec4 float, w
//   the bitangent's handedness; the normal map's frame where present, else the
//   UVs'). glTF's v points down the image, ours up: v is stored as 1 - v.
//   Degenerate triangles are dropped (one warning).
// - Materials, metallic-roughness onto `principled`:
//     baseColorFactor (rgb) x baseColorTexture (sRGB)     -> base_color
//       x COLOR_0 (a vertex_color texture, for the materials a primitive with COLOR_0 uses)
//     metallicFactor x metallicRoughnessTexture (B)       -> metallic
//     roughnessFactor x metallicRoughnessTexture (G)      -> roughness
//     normalTexture (its scale is ignored)                -> normal_map
//     emissiveFactor x KHR_materials_emissive_strength    -> emission (W / sr / m^2)
//     emissiveTexture (sRGB)                              -> emission_texture (times the above)
//     KHR_materials_transmission transmissionFactor       -> transmission (its texture ignored)
//     KHR_materials_ior ior                               -> ior
//     alphaMode MASK: baseColorFactor.a x texture alpha   -> alpha, alphaCutoff -> alpha_cutoff
//     alphaMode BLEND                                     -> opaque (warning)
//     doubleSided                                         -> two_sided (emission from both faces)
//     occlusionTexture                                    -> checked, not applied (the path tracer
//                                                            finds occlusion; baked AO would darken twice)
//   A primitive without a material gets glTF's default (white, metallic 1,
//   roughness 1 per the spec's defaults).
// - Textures: a sampler's wrapS and wrapT (REPEAT, CLAMP_TO_EDGE, MIRRORED_REPEAT;
//   filters are ignored: lookups are bilinear); KHR_texture_transform offset and scale
//   (rotation: warning, ignored). A texCoord other than 0 (TEXCOORD_1, ...) is
//   read as TEXCOORD_0, with one warning per material naming its textures. External images are
//   resolved against the model's directory (a missing one is a warning and the
//   factor alone is used); data-URI and buffer-view images are kept as their
//   encoded bytes (TextureDescription::embedded) and decoded by build_scene.
// - Cameras: perspective ones on nodes (yfov; aspectRatio ignored: the film
//   decides). KHR_lights_punctual on nodes: point and spot intensity (candela)
//   as W / sr, directional (lux) as W / m^2, one to one as glTF viewers show
//   them (no 683 lm/W); colour x intensity; spot cone angles in degrees; range
//   ignored.
// - Unsupported extensions in extensionsUsed are named in one warning.
// Every accessor is checked before it is read: an index out of range, an
// accessor past its buffer view, a buffer view past its buffer or a component
// type the attribute cannot have is an Error "model.gltf: accessor 3: ...".

#include "scene/model.h"

#include <string>

namespace tessera {

// Read the glTF (or GLB) file at `path`, placed by `to_world`. Throws Error
// naming the file and the place ("scene.gltf: accessor 2: index 9 at position 4
// is out of range (8 vertices)"; "scene.gltf:3:5: <JSON syntax error>").
Model load_gltf_model(const std::string& path, const Transform& to_world, const ModelOptions& options = {});

// The files a glTF model reads besides itself: external buffers and images
// (resolved paths), for the render fingerprint. Files that do not exist are
// left out (the loader reports them). Never throws for a bad file: returns what it could find.
std::vector<std::string> gltf_dependencies(const std::string& path);

}  // namespace tessera
