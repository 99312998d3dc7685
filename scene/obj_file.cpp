#include "scene/obj_file.h"

#include "core/base/error.h"
#include "core/base/warning.h"
#include "scene/file_paths.h"
#include "scene/mesh_file.h"
#include "scene/shapes.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <istream>
#include <sstream>
#include <streambuf>
#include <sys/stat.h>
#include <utility>

namespace tessera {
namespace {

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

std::string first_line(const std::string& text) {
  std::string s = text.substr(0, text.find('\n'));
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
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
// valid vertex), faces of fewer than three corners or more than 255, and a missing material
// library when `warn_mtllib` (materials come from the scene file, but the user
// may not know that the file is missing).
void check_statements(const std::string& path, bool warn_mtllib) {
  long long vertices = 0;                // "v" statements so far
  long long max_index = 0, max_line = 0;  // the largest positive vertex index, checked at the end
  for_each_file_line(path, [&](const std::string& line, int number) {
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
    // Built only for a message: one string per line made this pass slower than parsing.
    const auto where = [&] { return path + ":" + std::to_string(number) + ": "; };
    if (vertex) {
      ++vertices;
      if (words.size() < 4)
        throw Error(where() + "vertex has " + std::to_string(words.size() - 1) + " coordinate" +
                    (words.size() == 2 ? "" : "s") + "; expected x y z");
      for (size_t i = 1; i < 4; ++i) {
        const std::string& w = words[i];
        char* end = nullptr;
        const double value = std::strtod(w.c_str(), &end);
        if (end == w.c_str() || *end != '\0')
          throw Error(where() + "vertex coordinate \"" + w + "\" is not a number");
        if (!std::isfinite(value) || std::fabs(value) > FLT_MAX)
          throw Error(where() + "vertex coordinate \"" + w + "\" is not a finite 32-bit float");
      }
    } else if (face) {
      if (words.size() < 4)
        throw Error(where() + "face has " + std::to_string(words.size() - 1) + " vertices; at least 3 are needed");
      // tinyobjloader counts a face's corners in a byte: 300 would read as 44,
      // and the next faces from the wrong corners.
      if (words.size() - 1 > 255)
        throw Error(where() + "face has " + std::to_string(words.size() - 1) +
                    " vertices; at most 255 are supported (split the polygon)");
      for (size_t i = 1; i < words.size(); ++i) {
        // v, v/vt, v//vn or v/vt/vn: every part present must be an index.
        const std::string& w = words[i];
        size_t begin = 0;
        for (int part = 0; begin <= w.size(); ++part) {
          const size_t slash = std::min(w.find('/', begin), w.size());
          const std::string index = w.substr(begin, slash - begin);
          long long value = 0;
          if ((part == 0 || !index.empty()) && (!parse_obj_index(index, value) || value == 0 || part > 2))
            throw Error(where() + "face corner \"" + w + "\" is not a vertex index (v, v/vt, v//vn or v/vt/vn)");
          if (part == 0 && value < 0 && -value > vertices)
            throw Error(where() + "face refers to vertex " + index + " but only " + std::to_string(vertices) +
                        " vertices come before it");
          if (part == 0 && value > max_index) max_index = value, max_line = number;
          begin = slash + 1;
        }
      }
    } else if (warn_mtllib) {
      for (size_t i = 1; i < words.size(); ++i) {
        const std::string library = resolve(directory_of(path), words[i]);
        struct stat st {};
        if (stat(library.c_str(), &st) != 0)
          warn(where() + "material library " + library + " not found (" + std::strerror(errno) +
               "); the scene file's material is used");
      }
    }
    return true;
  });
  if (max_index > vertices)
    throw Error(path + ":" + std::to_string(max_line) + ": face refers to vertex " + std::to_string(max_index) +
                " but the file has " + std::to_string(vertices) + " vertices");
}


// The vertices made from the corners so far, by (position, group, uv, normal,
// smoothing key): a flat open-addressing table of entry numbers over one array
// of entries, about 40 B a vertex against an unordered_map's 70 or more (a node
// and a bucket per entry; issue 11: loading peaks within about twice the mesh).
class CornerVertices {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;
  struct Key {
    long long smoothing;
    int position;
    uint32_t group;
    int uv, normal;
    bool operator==(const Key& k) const {
      return position == k.position && group == k.group && uv == k.uv && normal == k.normal && smoothing == k.smoothing;
    }
  };
  explicit CornerVertices(size_t expected) { resize_table(expected); }
  // The vertex made for this corner, or kNone.
  uint32_t find(const Key& k) const {
    for (size_t s = hash(k) & mask_; slots_[s] != kNone; s = (s + 1) & mask_)
      if (entries_[slots_[s]].key == k) return entries_[slots_[s]].vertex;
    return kNone;
  }
  void add(const Key& k, uint32_t vertex) {  // k not yet added
    entries_.push_back({k, vertex});
    if (2 * entries_.size() > slots_.size()) resize_table(2 * entries_.size());  // at most half full
    else place(uint32_t(entries_.size() - 1));
  }

 private:
  struct Entry {
    Key key;
    uint32_t vertex;
  };
  static size_t hash(const Key& k) {
    uint64_t h = uint64_t(uint32_t(k.position));
    for (uint64_t part : {uint64_t(k.group), uint64_t(uint32_t(k.uv)), uint64_t(uint32_t(k.normal)), uint64_t(k.smoothing)})
      h = (h ^ part) * 0x9E3779B97F4A7C15ull + (h >> 29);
    return size_t(h ^ (h >> 32));
  }
  void place(uint32_t e) {
    size_t s = hash(entries_[e].key) & mask_;
    while (slots_[s] != kNone) s = (s + 1) & mask_;
    slots_[s] = e;
  }
  // Room for `count` entries at most half full; every entry placed again.
  void resize_table(size_t count) {
    size_t size = 16;
    while (size < 2 * count) size *= 2;
    slots_.assign(size, kNone);
    mask_ = size - 1;
    for (uint32_t e = 0; e < entries_.size(); ++e) place(e);
  }
  std::vector<uint32_t> slots_;  // entry numbers; kNone where empty
  size_t mask_ = 0;
  std::vector<Entry> entries_;
};

}  // namespace

// The whitespace-separated words of a line.
std::vector<std::string> words_of(const std::string& line) {
  // By hand, not with an istringstream per line: that was most of the time of
  // checking a million-triangle OBJ.
  std::vector<std::string> words;
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; };
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && space(line[i])) ++i;
    const size_t start = i;
    while (i < line.size() && !space(line[i])) ++i;
    if (i > start) words.emplace_back(line, start, i - start);
  }
  return words;
}

std::string where_face(const ObjFile& file, size_t face) {
  return file.path + ":" + std::to_string(line_of_face(file.path, face)) + ": ";
}

int line_of_face(const std::string& path, size_t face) {
  size_t seen = 0;
  int found = 0;
  for_each_file_line(path, [&](const std::string& line, int number) {
    if (is_kept_face(line) && seen++ == face) found = number;
    return found == 0;
  });
  return found;
}

ObjFile open_obj_file(const std::string& path, bool warn_mtllib) {
  ObjFile file;
  file.path = path;
  {
    uint64_t size = 0;
    std::ifstream in = open_mesh_file(path, size);
    std::string head;
    read_mesh_piece(in, path, head, 8);
    check_format(path, head);
  }
  check_statements(path, warn_mtllib);
  return file;
}

void parse_obj_file(ObjFile& file, tinyobj::MaterialReader* materials) {

  // Polygons are fanned by build_obj_meshes, not by tinyobjloader, so each
  // face keeps its ordinal in the file and an error can name its line.
  uint64_t size = 0;
  std::ifstream in = open_mesh_file(file.path, size);  // read as it is parsed: the text is never whole in memory
  std::string warnings, errors;
  // Without a reader, .mtl files are never opened (materials come from the
  // scene file; check_statements warns of a missing one).
  if (!tinyobj::LoadObj(&file.attrib, &file.shapes, &file.materials, &warnings, &errors, &in, materials,
                        /*triangulate=*/false, /*default_vcols_fallback=*/false)) {
    const std::string why = errors.empty() ? "cannot parse" : first_line(errors);
    throw Error(file.path + ": invalid OBJ: " + why);
  }
}

size_t obj_face_count(const ObjFile& file) {
  size_t faces = 0;
  for (const auto& shape : file.shapes) faces += shape.mesh.num_face_vertices.size();
  return faces;
}

ObjMeshes build_obj_meshes(const ObjFile& file, const std::vector<uint32_t>& group_of_face,
                           const std::vector<uint32_t>& materials) {
  const tinyobj::attrib_t& attrib = file.attrib;
  const size_t vertex_count = attrib.vertices.size() / 3;
  const size_t groups = materials.size();
  const auto where = [&](size_t ordinal) { return where_face(file, ordinal); };

  // Per group: whether every corner names a normal (a UV), whether any face
  // lies in a smoothing group, and the triangle count. Indices are checked
  // here (an error naming the face's line).
  const size_t normal_count = attrib.normals.size() / 3, uv_count = attrib.texcoords.size() / 2;
  std::vector<char> use_normals(groups, normal_count > 0), use_uvs(groups, uv_count > 0), smooth(groups, 0);
  std::vector<size_t> triangles(groups, 0);
  {
    size_t ordinal = 0;
    for (const auto& shape : file.shapes) {
      size_t offset = 0;
      for (size_t f = 0; f < shape.mesh.num_face_vertices.size(); ++f, ++ordinal) {
        const unsigned n = shape.mesh.num_face_vertices[f];
        const uint32_t g = group_of_face[ordinal];
        if (n < 3) throw Error(where(ordinal) + "face has " + std::to_string(n) + " vertices; at least 3 are needed");
        triangles[g] += n - 2;
        if (f < shape.mesh.smoothing_group_ids.size() && shape.mesh.smoothing_group_ids[f] != 0) smooth[g] = 1;
        for (unsigned k = 0; k < n; ++k) {
          const tinyobj::index_t& c = shape.mesh.indices[offset + k];
          if (c.vertex_index < 0 || size_t(c.vertex_index) >= vertex_count)
            throw Error(where(ordinal) + "face refers to vertex " + std::to_string(c.vertex_index + 1) +
                        " but the file has " + std::to_string(vertex_count) + " vertices");
          if (c.normal_index >= 0 && size_t(c.normal_index) >= normal_count)
            throw Error(where(ordinal) + "face refers to normal " + std::to_string(c.normal_index + 1) +
                        " but the file has " + std::to_string(normal_count) + " normals");
          if (c.texcoord_index >= 0 && size_t(c.texcoord_index) >= uv_count)
            throw Error(where(ordinal) + "face refers to texture coordinate " + std::to_string(c.texcoord_index + 1) +
                        " but the file has " + std::to_string(uv_count) + " texture coordinates");
          use_normals[g] = use_normals[g] && c.normal_index >= 0;
          use_uvs[g] = use_uvs[g] && c.texcoord_index >= 0;
        }
        offset += n;
      }
    }
  }

  // Each group's vertices: one per position when it is the only group and has
  // no normals or UVs, else one per distinct (position, uv, normal) a corner names; with
  // generated normals, one per (position, uv, smoothing group), and a flat
  // face's own corners (its smoothing key is unique to it).
  struct Group {
    std::vector<Vec3> normals;
    std::vector<Vec2> uvs;
    bool split = false, generate = false;
  };
  std::vector<Group> built(groups);
  bool any_split = false;
  ObjMeshes out;
  out.meshes.reserve(groups);
  for (size_t g = 0; g < groups; ++g) {
    out.meshes.emplace_back(materials[g]);
    Group& b = built[g];
    b.generate = !use_normals[g] && smooth[g];
    // With several groups, each keeps only the positions its faces name.
    b.split = use_normals[g] || use_uvs[g] || b.generate || groups > 1;
    if (triangles[g] == 0) continue;
    any_split = any_split || b.split;
    out.meshes[g].reserve(b.split ? 0 : vertex_count, triangles[g]);
    if (!b.split)  // every position (unreferenced ones are harmless to Embree)
      for (size_t v = 0; v < vertex_count; ++v)
        out.meshes[g].add_vertex({attrib.vertices[3 * v], attrib.vertices[3 * v + 1], attrib.vertices[3 * v + 2]});
  }
  CornerVertices corner_vertices(any_split ? vertex_count : 0);
  const auto vertex_of = [&](uint32_t g, const tinyobj::index_t& c, long long smoothing) -> uint32_t {
    Group& b = built[g];
    TriangleMesh& mesh = out.meshes[g];
    if (!b.split) return uint32_t(c.vertex_index);
    const int uv = use_uvs[g] ? c.texcoord_index : -1, normal = use_normals[g] ? c.normal_index : -1;
    const long long key = b.generate ? smoothing : 0;
    const CornerVertices::Key corner{key, c.vertex_index, g, uv, normal};
    const uint32_t found = corner_vertices.find(corner);
    if (found != CornerVertices::kNone) return found;
    const size_t v = size_t(c.vertex_index);
    const uint32_t id = mesh.add_vertex({attrib.vertices[3 * v], attrib.vertices[3 * v + 1], attrib.vertices[3 * v + 2]});
    if (use_normals[g]) {
      const size_t i = size_t(c.normal_index);
      b.normals.push_back({attrib.normals[3 * i], attrib.normals[3 * i + 1], attrib.normals[3 * i + 2]});
    } else if (b.generate) {
      b.normals.push_back(Vec3(0.0f));  // summed below
    }
    if (use_uvs[g]) {
      const size_t i = size_t(c.texcoord_index);
      b.uvs.push_back({attrib.texcoords[2 * i], attrib.texcoords[2 * i + 1]});
    }
    corner_vertices.add(corner, id);
    return id;
  };

  size_t ordinal = 0;  // faces in file order, across shapes
  for (const auto& shape : file.shapes) {
    size_t offset = 0;
    for (size_t f = 0; f < shape.mesh.num_face_vertices.size(); ++f, ++ordinal) {
      const unsigned n = shape.mesh.num_face_vertices[f];
      const uint32_t g = group_of_face[ordinal];
      TriangleMesh& mesh = out.meshes[g];
      const unsigned group_id = f < shape.mesh.smoothing_group_ids.size() ? shape.mesh.smoothing_group_ids[f] : 0;
      // Smoothing key: the group's id, or for a face outside any group one of its own.
      const long long smoothing = group_id != 0 ? (long long)group_id : -1 - (long long)ordinal;
      // Fan from the first corner (exact for convex polygons, as OBJ asks).
      const uint32_t v0 = vertex_of(g, shape.mesh.indices[offset], smoothing);
      for (unsigned k = 1; k + 1 < n; ++k) {
        const uint32_t v1 = vertex_of(g, shape.mesh.indices[offset + k], smoothing);
        const uint32_t v2 = vertex_of(g, shape.mesh.indices[offset + k + 1], smoothing);
        const Vec3 p0 = mesh.vertex(v0), p1 = mesh.vertex(v1), p2 = mesh.vertex(v2);
        if (is_degenerate(p0, p1, p2)) {
          if (out.dropped++ == 0) out.first_dropped_face = ordinal;
          continue;
        }
        mesh.add_triangle(v0, v1, v2);
        ++out.triangles;
        if (built[g].generate) {
          // Area-weighted: the unnormalized face normal, summed at each corner.
          const Vec3 n = cross(p1 - p0, p2 - p0);
          for (uint32_t v : {v0, v1, v2}) built[g].normals[v] = built[g].normals[v] + n;
        }
      }
      offset += n;
    }
  }
  for (size_t g = 0; g < groups; ++g) {
    Group& b = built[g];
    TriangleMesh& mesh = out.meshes[g];
    if (b.generate) {
      // A vertex whose faces cancel out (a sheet folded back on itself) or
      // that no kept triangle uses: the normal of one of its triangles, or any.
      for (size_t t = 0; t < mesh.triangle_count(); ++t)
        for (int k = 0; k < 3; ++k) {
          Vec3& n = b.normals[mesh.index(t, k)];
          if (!(dot(n, n) > 1e-30f)) {
            const Vec3 face = cross(mesh.corner(t, 1) - mesh.corner(t, 0), mesh.corner(t, 2) - mesh.corner(t, 0));
            if (dot(face, face) > 1e-30f) n = face;
          }
        }
      for (Vec3& n : b.normals)
        if (!(dot(n, n) > 1e-30f)) n = Vec3(0.0f, 0.0f, 1.0f);
    }
    mesh.set_normals(std::move(b.normals));
    mesh.set_uvs(std::move(b.uvs));
  }
  return out;
}

void warn_dropped(const ObjFile& file, const ObjMeshes& built, const std::string& scope) {
  if (built.dropped == 0) return;
  const std::string where = where_face(file, built.first_dropped_face);
  if (built.triangles == 0)
    throw Error(where + "every triangle of the " + scope + " is degenerate (zero area); nothing to render");
  warn(where + "degenerate (zero-area) triangle dropped" +
       (built.dropped > 1 ? " (" + std::to_string(built.dropped) + " in this " + scope + ", the first on this line)" : ""));
}

}  // namespace tessera
