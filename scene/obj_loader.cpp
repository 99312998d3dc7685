#include "scene/obj_loader.h"
#include "scene/file_paths.h"

#include "core/base/error.h"
#include "core/base/warning.h"
#include "scene/mesh_file.h"
#include "scene/shapes.h"

#include <tiny_obj_loader.h>

#include <cctype>
#include <cerrno>
#include <cfloat>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <tuple>
#include <utility>
#include <sstream>
#include <sys/stat.h>
#include <vector>

namespace tessera {
namespace {

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

// The whitespace-separated words of a line.
std::vector<std::string> words_of(const std::string& line) {
  std::vector<std::string> words;
  std::istringstream in(line);
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

// Whether `line` is a face statement that tinyobjloader keeps as a face: "f"
// then a space or a tab (as tinyobjloader reads it), with at least 3 corners
// (it drops faces with fewer, so they take no ordinal).
bool is_kept_face(const std::string& line) {
  const size_t start = line.find_first_not_of(" \t");
  if (start == std::string::npos || line.size() < start + 2 || line[start] != 'f' ||
      (line[start + 1] != ' ' && line[start + 1] != '\t'))
    return false;
  int corners = 0;
  for (size_t i = start + 1; (i = line.find_first_not_of(" \t\r", i)) != std::string::npos;
       i = line.find_first_of(" \t\r", i))
    ++corners;
  return corners >= 3;
}

// Line number of the n-th face of an OBJ file (as tinyobjloader numbers them),
// counting from zero; only computed on the error and warning paths.
int line_of_face(const std::string& text, size_t face) {
  size_t seen = 0;
  int found = 0;
  for_each_line(text, [&](const std::string& line, int number) {
    if (is_kept_face(line) && seen++ == face) found = number;
    return found == 0;
  });
  return found;
}

std::string first_line(const std::string& text) {
  std::string s = text.substr(0, text.find('\n'));
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string lowercase_extension(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  const size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  std::string ext = path.substr(dot);
  for (char& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

// Mesh formats we may be handed by mistake, by extension or by their first
// bytes (a PLY named .obj reads as an OBJ with no faces otherwise).
void check_format(const std::string& path, const std::string& text) {
  std::string ext = lowercase_extension(path);
  static const char* const kOther[] = {".ply", ".gltf", ".glb", ".fbx", ".stl", ".dae", ".3ds", ".abc", ".usd",
                                       ".usda", ".usdc", ".usdz", ".blend", ".off"};
  bool other = false;
  for (const char* e : kOther) other = other || ext == e;
  if (!other) {
    if (text.compare(0, 4, "ply\n") == 0 || text.compare(0, 5, "ply\r\n") == 0) ext = ".ply", other = true;
    else if (text.compare(0, 4, "glTF") == 0) ext = ".glb", other = true;
  }
  // PLY has its own loader, chosen by extension (scene/ply_loader.h).
  if (ext == ".ply") throw Error(path + ": a PLY file, not an OBJ (name it .ply to load it as PLY)");
  if (other) throw Error(path + ": " + ext + " meshes are not supported yet (expected .obj)");
}

// An OBJ index ("12", "-3"): an optional minus and 1 to 18 digits, so it fits
// a long long; false for anything else ("3abc", "3.7", "").
bool parse_obj_index(const std::string& text, long long& value) {
  const size_t digits_at = !text.empty() && text[0] == '-' ? 1 : 0;
  const size_t digits = text.size() - digits_at;
  if (digits == 0 || digits > 18) return false;
  for (size_t i = digits_at; i < text.size(); ++i)
    if (text[i] < '0' || text[i] > '9') return false;
  value = std::stoll(text);
  return true;
}

// What tinyobjloader reads wrongly without a word: a vertex with fewer than
// three coordinates or a non-finite one (both read as 0), face indices that are
// not integers ("3abc" and "3.7" read as 3) or overflow (4294967299 wraps to a
// valid vertex), faces of fewer than three corners, and a missing material
// library (materials come from the scene file, but the user may not know that
// the file is missing).
void check_statements(const std::string& path, const std::string& text) {
  long long vertices = 0;                // "v" statements so far
  long long max_index = 0, max_line = 0;  // the largest positive vertex index, checked at the end
  for_each_line(text, [&](const std::string& line, int number) {
    // Only "v", "f" and "mtllib" statements are looked at; the rest is skipped cheaply.
    const size_t start = line.find_first_not_of(" \t");
    if (start == std::string::npos) return true;
    const auto is = [&](char c) {
      return line[start] == c && start + 1 < line.size() && (line[start + 1] == ' ' || line[start + 1] == '\t');
    };
    const bool vertex = is('v'), face = is('f');
    if (!vertex && !face && line.compare(start, 7, "mtllib ") != 0 && line.compare(start, 7, "mtllib\t") != 0)
      return true;
    const std::vector<std::string> words = words_of(line);
    const std::string where = path + ":" + std::to_string(number) + ": ";
    if (vertex) {
      ++vertices;
      if (words.size() < 4)
        throw Error(where + "vertex has " + std::to_string(words.size() - 1) + " coordinate" +
                    (words.size() == 2 ? "" : "s") + "; expected x y z");
      for (size_t i = 1; i < 4; ++i) {
        const std::string& w = words[i];
        char* end = nullptr;
        const double value = std::strtod(w.c_str(), &end);
        if (end == w.c_str() || *end != '\0')
          throw Error(where + "vertex coordinate \"" + w + "\" is not a number");
        if (!std::isfinite(value) || std::fabs(value) > FLT_MAX)
          throw Error(where + "vertex coordinate \"" + w + "\" is not a finite 32-bit float");
      }
    } else if (face) {
      if (words.size() < 4)
        throw Error(where + "face has " + std::to_string(words.size() - 1) + " vertices; at least 3 are needed");
      for (size_t i = 1; i < words.size(); ++i) {
        // v, v/vt, v//vn or v/vt/vn: every part present must be an index.
        const std::string& w = words[i];
        size_t begin = 0;
        for (int part = 0; begin <= w.size(); ++part) {
          const size_t slash = std::min(w.find('/', begin), w.size());
          const std::string index = w.substr(begin, slash - begin);
          long long value = 0;
          if ((part == 0 || !index.empty()) && (!parse_obj_index(index, value) || value == 0 || part > 2))
            throw Error(where + "face corner \"" + w + "\" is not a vertex index (v, v/vt, v//vn or v/vt/vn)");
          if (part == 0 && value < 0 && -value > vertices)
            throw Error(where + "face refers to vertex " + index + " but only " + std::to_string(vertices) +
                        " vertices come before it");
          if (part == 0 && value > max_index) max_index = value, max_line = number;
          begin = slash + 1;
        }
      }
    } else {
      for (size_t i = 1; i < words.size(); ++i) {
        const std::string library = resolve(directory_of(path), words[i]);
        struct stat st {};
        if (stat(library.c_str(), &st) != 0)
          warn(where + "material library " + library + " not found (" + std::strerror(errno) +
               "); the scene file's material is used");
      }
    }
    return true;
  });
  if (max_index > vertices)
    throw Error(path + ":" + std::to_string(max_line) + ": face refers to vertex " + std::to_string(max_index) +
                " but the file has " + std::to_string(vertices) + " vertices");
}


}  // namespace

TriangleMesh load_obj_mesh(const std::string& path, const Transform& to_world, uint32_t material) {
  const std::string text = read_mesh_file(path);
  check_format(path, text);
  check_statements(path, text);

  tinyobj::ObjReaderConfig config;
  // Polygons are fanned here, not by tinyobjloader, so each face keeps its
  // ordinal in the file and an error can name its line.
  config.triangulate = false;
  config.vertex_color = false;
  tinyobj::ObjReader reader;
  // Parsed from memory with no material text: .mtl files are never opened
  // (materials come from the scene file; check_statements warns of a missing one).
  if (!reader.ParseFromString(text, "", config)) {
    const std::string why = reader.Error().empty() ? "cannot parse" : first_line(reader.Error());
    throw Error(path + ": invalid OBJ: " + why);
  }
  const tinyobj::attrib_t& attrib = reader.GetAttrib();
  const size_t vertex_count = attrib.vertices.size() / 3;

  TriangleMesh mesh(material);
  size_t triangles = 0;
  for (const auto& shape : reader.GetShapes())
    for (unsigned n : shape.mesh.num_face_vertices) triangles += n >= 3 ? n - 2 : 0;
  if (triangles == 0) throw Error(path + ": OBJ file has no faces");

  // Normals and UVs are used when every corner names one (in range: else an
  // error naming the face's line).
  const size_t normal_count = attrib.normals.size() / 3, uv_count = attrib.texcoords.size() / 2;
  bool use_normals = normal_count > 0, use_uvs = uv_count > 0;
  {
    size_t ordinal = 0;
    for (const auto& shape : reader.GetShapes()) {
      size_t offset = 0;
      for (size_t f = 0; f < shape.mesh.num_face_vertices.size(); ++f, ++ordinal) {
        const unsigned n = shape.mesh.num_face_vertices[f];
        for (unsigned k = 0; k < n; ++k) {
          const tinyobj::index_t& c = shape.mesh.indices[offset + k];
          const auto where = [&] { return path + ":" + std::to_string(line_of_face(text, ordinal)) + ": "; };
          if (c.normal_index >= 0 && size_t(c.normal_index) >= normal_count)
            throw Error(where() + "face refers to normal " + std::to_string(c.normal_index + 1) +
                        " but the file has " + std::to_string(normal_count) + " normals");
          if (c.texcoord_index >= 0 && size_t(c.texcoord_index) >= uv_count)
            throw Error(where() + "face refers to texture coordinate " + std::to_string(c.texcoord_index + 1) +
                        " but the file has " + std::to_string(uv_count) + " texture coordinates");
          use_normals = use_normals && c.normal_index >= 0;
          use_uvs = use_uvs && c.texcoord_index >= 0;
        }
        offset += n;
      }
    }
  }
  // Our vertices: one per position, or with normals or UVs one per distinct
  // (position, uv, normal) triple that corners name.
  std::map<std::tuple<int, int, int>, uint32_t> corner_vertex;
  std::vector<Vec3> normals;
  std::vector<Vec2> uvs;
  const bool split = use_normals || use_uvs;
  mesh.reserve(vertex_count, triangles);
  if (!split)
    for (size_t v = 0; v < vertex_count; ++v)
      mesh.add_vertex({attrib.vertices[3 * v], attrib.vertices[3 * v + 1], attrib.vertices[3 * v + 2]});
  // The vertex of a corner (its position index is already checked).
  const auto vertex_of = [&](const tinyobj::index_t& c) -> uint32_t {
    if (!split) return uint32_t(c.vertex_index);
    const auto key = std::make_tuple(c.vertex_index, use_uvs ? c.texcoord_index : -1, use_normals ? c.normal_index : -1);
    const auto found = corner_vertex.find(key);
    if (found != corner_vertex.end()) return found->second;
    const size_t v = size_t(c.vertex_index);
    const uint32_t id = mesh.add_vertex({attrib.vertices[3 * v], attrib.vertices[3 * v + 1], attrib.vertices[3 * v + 2]});
    if (use_normals) {
      const size_t i = size_t(c.normal_index);
      normals.push_back({attrib.normals[3 * i], attrib.normals[3 * i + 1], attrib.normals[3 * i + 2]});
    }
    if (use_uvs) {
      const size_t i = size_t(c.texcoord_index);
      uvs.push_back({attrib.texcoords[2 * i], attrib.texcoords[2 * i + 1]});
    }
    corner_vertex.emplace(key, id);
    return id;
  };

  size_t face_ordinal = 0;  // faces in file order, across shapes
  size_t dropped = 0, first_dropped_face = 0;
  for (const auto& shape : reader.GetShapes()) {
    size_t offset = 0;
    for (size_t f = 0; f < shape.mesh.num_face_vertices.size(); ++f, ++face_ordinal) {
      const unsigned n = shape.mesh.num_face_vertices[f];
      const auto where = [&] { return path + ":" + std::to_string(line_of_face(text, face_ordinal)) + ": "; };
      if (n < 3) throw Error(where() + "face has " + std::to_string(n) + " vertices; at least 3 are needed");
      for (unsigned k = 0; k < n; ++k) {
        const int vi = shape.mesh.indices[offset + k].vertex_index;
        if (vi < 0 || size_t(vi) >= vertex_count)
          throw Error(where() + "face refers to vertex " + std::to_string(vi + 1) + " but the file has " +
                      std::to_string(vertex_count) + " vertices");
      }
      // Fan from the first corner (exact for convex polygons, as OBJ asks).
      const uint32_t v0 = vertex_of(shape.mesh.indices[offset]);
      for (unsigned k = 1; k + 1 < n; ++k) {
        const uint32_t v1 = vertex_of(shape.mesh.indices[offset + k]);
        const uint32_t v2 = vertex_of(shape.mesh.indices[offset + k + 1]);
        if (is_degenerate(mesh.vertex(v0), mesh.vertex(v1), mesh.vertex(v2))) {
          if (dropped++ == 0) first_dropped_face = face_ordinal;
          continue;
        }
        mesh.add_triangle(v0, v1, v2);
      }
      offset += n;
    }
  }
  if (dropped > 0) {
    const std::string where = path + ":" + std::to_string(line_of_face(text, first_dropped_face)) + ": ";
    if (mesh.triangle_count() == 0)
      throw Error(where + "every triangle of the mesh is degenerate (zero area); nothing to render");
    warn(where + "degenerate (zero-area) triangle dropped" +
         (dropped > 1 ? " (" + std::to_string(dropped) + " in this mesh, the first on this line)" : ""));
  }
  mesh.set_normals(std::move(normals));
  mesh.set_uvs(std::move(uvs));
  return transformed(mesh, to_world);
}

}  // namespace tessera
