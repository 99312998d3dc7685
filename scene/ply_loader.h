#pragma once
// PLY meshes (Stanford polygon files), read by our own small reader: Debian 12
// packages no PLY library.
//
// - Encodings: ascii, binary_little_endian and binary_big_endian (format 1.0).
// - Header: element, property (char uchar short ushort int uint float double and
//   their int8 uint8 int16 uint16 int32 uint32 float32 float64 aliases), property
//   list with any integer count type, comment and obj_info lines.
// - Element "vertex": x y z; normals nx ny nz (used when all three are present);
//   UVs from s t, u v or texture_u texture_v, stored as written (no flip: the
//   same convention as OBJ's vt, v = 0 at the bottom of the image). Vertex
//   colours from red green blue (or r g b, diffuse_red ...; alpha ignored):
//   integer types are sRGB codes (0..255; 0..65535 for 16-bit types) decoded
//   to linear, floats linear as written.
// - Element "face": the list vertex_indices (or vertex_index); polygons are fanned
//   from their first corner.
// - Every other element and property is skipped, list properties included.
// Binary data is read straight from the file's bytes (one read of the whole
// file), and no count is trusted before the bytes it needs are there.

#include "core/render/scene_geometry.h"
#include "core/math/transform.h"

#include <string>

namespace tessera {

// Load `path` as one mesh in world space with `material`. Throws Error, one line
// naming the file and the place: "mesh.ply: header line 3: ..." for the header,
// "mesh.ply:12: vertex 4: ..." in ASCII data (file line), "mesh.ply: byte 310:
// face 2: ..." in binary data. Refused: not a PLY file, an unknown format, a
// malformed header line, data that ends early ("expected 8 vertices, file ends
// after 5"; a huge count is caught this way before anything is allocated for
// it), a face index out of range, a face with fewer than 3 vertices, a
// non-finite position, normal, UV or colour, an ASCII token that is not a number, no
// faces. Degenerate (zero-area) triangles are dropped with one warning, as the
// OBJ loader does.
TriangleMesh load_ply_mesh(const std::string& path, const Transform& to_world, uint32_t material);

// Whether `path` names a PLY file by its extension (".ply", any case).
bool is_ply_path(const std::string& path);

}  // namespace tessera
