#pragma once
// What the OBJ loaders share (scene/obj_loader.h: one mesh with the scene's
// material; scene/obj_model.h: one mesh per MTL material): reading the file
// with the checks the format needs, and turning its faces into triangle
// meshes. The geometry is read by our own streaming reader into compact arrays
// (issue 11: loading peaks near the mesh's size), statement for statement as
// tinyobjloader reads it; .mtl files still go through tinyobjloader's
// MaterialReader. Private to scene/ (it includes tinyobjloader).
//
// In this file:
//   ObjFile                          the parsed file (its text is never whole in memory: read in pieces)
//   for_each_obj_face                its faces in file order, with material and smoothing group
//   open_obj_file, parse_obj_file    read and check; parse (.mtl through a MaterialReader, or never)
//   ObjMeshes, build_obj_meshes      faces to triangle meshes, grouped by the caller
//   obj_face_count, warn_dropped     faces in the file; the degenerate-triangle warning
//   line_of_face, where_face         the line of a face, for messages
//   words_of, for_each_line          the words of a line; the lines of a text as tinyobjloader splits them
//   for_each_file_line               the same for a file, read a piece at a time

#include "core/render/scene_geometry.h"
#include "scene/mesh_file.h"

#include <tiny_obj_loader.h>

#include <cstdint>
#include <string>
#include <vector>

namespace tessera {

struct ObjFile {
  std::string path;  // as given; names the file in messages
  std::vector<float> positions;  // x y z per `v` (a w or colour is not kept)
  std::vector<float> normals;    // x y z per `vn`
  std::vector<float> texcoords;  // u v per `vt`
  // Face corners in file order, zero-based; a negative (relative) index is
  // resolved against the count before its face, so a vt or vn below 0 names
  // none (as tinyobjloader leaves it). corner_vt (corner_vn) stays empty
  // while no corner names a vt (vn), or while each corner's vt (vn) is its v
  // (vt_is_v, vn_is_v: files written with one index per vertex; a column
  // less, issue 11). Read them through corner_vt_of, corner_vn_of.
  std::vector<int32_t> corner_v, corner_vt, corner_vn;
  bool vt_is_v = false, vn_is_v = false;
  int32_t corner_vt_of(size_t c) const { return !corner_vt.empty() ? corner_vt[c] : vt_is_v ? corner_v[c] : -1; }
  int32_t corner_vn_of(size_t c) const { return !corner_vn.empty() ? corner_vn[c] : vn_is_v ? corner_v[c] : -1; }
  std::vector<uint8_t> face_corners;  // per face, 3 .. 255
  // The material (index into materials; -1: none or unknown) and smoothing
  // group (0: none) of the faces from first_face on, up to the next run.
  struct FaceRun {
    size_t first_face;
    int material;
    unsigned smoothing;
  };
  std::vector<FaceRun> runs;
  std::vector<tinyobj::material_t> materials;
  // Statements counted by open_obj_file's check, so that parse_obj_file
  // reserves its arrays exactly (grown by doubling, they peaked near twice
  // their size); zero when not counted.
  struct Counts {
    size_t positions = 0, normals = 0, texcoords = 0, faces = 0, corners = 0;
  } expected;
};

// Calls f(face, first_corner, corners, material, smoothing) for each face of
// `file` in file order (face: its ordinal; first_corner into corner_v).
template <class F>
void for_each_obj_face(const ObjFile& file, F&& f) {
  size_t corner = 0, run = 0;
  for (size_t face = 0; face < file.face_corners.size(); ++face) {
    while (run + 1 < file.runs.size() && file.runs[run + 1].first_face <= face) ++run;
    const unsigned n = file.face_corners[face];
    f(face, corner, n, file.runs[run].material, file.runs[run].smoothing);
    corner += n;
  }
}

// Read the OBJ at `path` and check what tinyobjloader reads wrongly without a
// word (see load_obj_mesh), and other mesh formats: Error naming the file and
// line. `warn_mtllib`: a missing .mtl is a warning ending "the scene file's
// material is used" (for a caller that never reads materials).
ObjFile open_obj_file(const std::string& path, bool warn_mtllib);
// Parse `file`'s text into its arrays, 2 MiB at a time cut at line breaks
// into pieces parsed in parallel (oneTBB), merged in file order: the arrays
// one sequential pass would make, bit for bit. `materials` reads
// each `mtllib` (and reports a missing one itself), null: .mtl files are never
// read. Polygons stay whole (one face ordinal each). What tinyobjloader
// rejects is rejected alike ("invalid OBJ: Failed parse `l' line ...").
void parse_obj_file(ObjFile& file, tinyobj::MaterialReader* materials);

struct ObjMeshes {
  std::vector<TriangleMesh> meshes;  // one per group, in object space; some may be empty
  size_t triangles = 0;              // kept, across the groups
  size_t dropped = 0;                // degenerate (zero-area) triangles left out
  size_t first_dropped_face = 0;     // face ordinal of the first
};

// The triangles of every face of `file`, face f (its ordinal in file order)
// going to mesh group_of_face[f] (< materials.size()), which has material id
// materials[group]. Polygons are fanned from their first corner. Per mesh:
// normals from `vn` when every corner names one; else, where faces lie in a
// smoothing group (`s 1`), normals averaged over each group's faces around a
// vertex (faces outside a group, `s off`, stay flat); else none (flat). UVs
// when every corner names a `vt`. Throws Error naming the face's line for an
// index out of range; degenerate triangles are counted, not kept (the caller
// words the warning: warn_dropped).
ObjMeshes build_obj_meshes(const ObjFile& file, const std::vector<uint32_t>& group_of_face,
                           const std::vector<uint32_t>& materials);

// Faces in the file (its ordinals run 0 .. count - 1).
size_t obj_face_count(const ObjFile& file);

// After build_obj_meshes: throws when nothing is left ("every triangle of the
// <scope> is degenerate"), else warns once of dropped triangles naming the
// first one's line ("(3 in this <scope>, the first on this line)").
void warn_dropped(const ObjFile& file, const ObjMeshes& built, const std::string& scope);

// Line number (from 1) of face `face` (an ordinal as tinyobjloader counts faces)
// in the file at `path`, read again (error and warning paths only).
int line_of_face(const std::string& path, size_t face);
// "path:line: " for face `face` of `file`.
std::string where_face(const ObjFile& file, size_t face);

// The whitespace-separated words of a line.
std::vector<std::string> words_of(const std::string& line);

// Calls `f(line, number)` for each line of `text`, numbered from 1, until f
// returns false. Lines end at "\n", "\r\n" or a lone "\r", as tinyobjloader
// splits them (else a CR-only file would hide all but its first vertex).
template <class F>
void for_each_line(const std::string& text, F&& f) {
  size_t start = 0;
  for (int number = 1; start < text.size(); ++number) {
    size_t end = text.find_first_of("\r\n", start);
    if (end == std::string::npos) end = text.size();
    if (!f(text.substr(start, end - start), number)) return;
    start = end + (text.compare(end, 2, "\r\n") == 0 ? 2 : 1);
  }
}

// for_each_line over the file at `path`, read 1 MiB at a time, so a large OBJ
// is never whole in memory beside what is parsed from it (issue 11). Throws
// Error as read_mesh_file does.
template <class F>
void for_each_file_line(const std::string& path, F&& f) {
  uint64_t size = 0;
  std::ifstream in = open_mesh_file(path, size);
  std::string window;  // the file's bytes from the current line on
  std::string line;    // reused: no allocation per line
  size_t start = 0;
  bool eof = false;
  for (int number = 1;; ++number) {
    size_t end;
    for (;;) {
      end = window.find_first_of("\r\n", start);
      // Whole at a "\n", or at a "\r" that is not the window's last byte (it may begin "\r\n").
      if (end != std::string::npos && (window[end] == '\n' || end + 1 < window.size())) break;
      if (eof) break;
      window.erase(0, start);
      start = 0;
      eof = read_mesh_piece(in, path, window, size_t(1) << 20) == 0;
    }
    if (start >= window.size()) return;
    if (end == std::string::npos) end = window.size();
    line.assign(window, start, end - start);
    if (!f(static_cast<const std::string&>(line), number)) return;
    start = end + (window.compare(end, 2, "\r\n") == 0 ? 2 : 1);
  }
}

}  // namespace tessera
