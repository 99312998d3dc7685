#include "scene/obj_loader.h"

#include "core/error.h"
#include "scene/shapes.h"

#include <tiny_obj_loader.h>

#include <fstream>
#include <sys/stat.h>

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

// Line number of the n-th face of an OBJ file (as tinyobjloader numbers them),
// counting from zero; only read on the error path, so the fast path keeps no line table.
int line_of_face(const std::string& path, size_t face) {
  std::ifstream in(path);
  std::string line;
  size_t seen = 0;
  for (int number = 1; std::getline(in, line); ++number) {
    if (is_kept_face(line) && seen++ == face) return number;
  }
  return 0;
}

std::string first_line(const std::string& text) {
  std::string s = text.substr(0, text.find('\n'));
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

TriangleMesh load_obj_mesh(const std::string& path, const Transform& to_world, uint32_t material) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) throw Error(path + ": mesh file not found");
  if (!S_ISREG(st.st_mode)) throw Error(path + ": not a regular file");

  tinyobj::ObjReaderConfig config;
  // Polygons are fanned here, not by tinyobjloader, so each face keeps its
  // ordinal in the file and an error can name its line.
  config.triangulate = false;
  config.vertex_color = false;
  config.mtl_search_path = "";  // materials come from the scene file
  tinyobj::ObjReader reader;
  if (!reader.ParseFromFile(path, config)) {
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
  mesh.reserve(vertex_count, triangles);
  for (size_t v = 0; v < vertex_count; ++v)
    mesh.add_vertex({attrib.vertices[3 * v], attrib.vertices[3 * v + 1], attrib.vertices[3 * v + 2]});

  size_t face_ordinal = 0;  // faces in file order, across shapes
  for (const auto& shape : reader.GetShapes()) {
    size_t offset = 0;
    for (size_t f = 0; f < shape.mesh.num_face_vertices.size(); ++f, ++face_ordinal) {
      const unsigned n = shape.mesh.num_face_vertices[f];
      const auto where = [&] { return path + ":" + std::to_string(line_of_face(path, face_ordinal)) + ": "; };
      if (n < 3) throw Error(where() + "face has " + std::to_string(n) + " vertices; at least 3 are needed");
      for (unsigned k = 0; k < n; ++k) {
        const int vi = shape.mesh.indices[offset + k].vertex_index;
        if (vi < 0 || size_t(vi) >= vertex_count)
          throw Error(where() + "face refers to vertex " + std::to_string(vi + 1) + " but the file has " +
                      std::to_string(vertex_count) + " vertices");
      }
      // Fan from the first corner (exact for convex polygons, as OBJ asks).
      const uint32_t v0 = uint32_t(shape.mesh.indices[offset].vertex_index);
      for (unsigned k = 1; k + 1 < n; ++k)
        mesh.add_triangle(v0, uint32_t(shape.mesh.indices[offset + k].vertex_index),
                          uint32_t(shape.mesh.indices[offset + k + 1].vertex_index));
      offset += n;
    }
  }
  return transformed(mesh, to_world);
}

}  // namespace tessera
