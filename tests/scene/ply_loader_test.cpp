#include "scene/ply_loader.h"

#include "core/base/error.h"
#include "core/base/warning.h"

#include "tests/test_files.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

using namespace tessera;
using Catch::Equals;

namespace {

namespace fs = std::filesystem;

// One value of a PLY data row, with the type it is written as.
struct Value {
  std::string type;
  double v;
};
using Row = std::vector<Value>;

const char* const kFormats[] = {"ascii", "binary_little_endian", "binary_big_endian"};

void put_binary(std::string& out, const Value& x, bool big) {
  unsigned char b[8];
  size_t n = 0;
  const auto put = [&](const auto value) {
    n = sizeof value;
    std::memcpy(b, &value, n);
  };
  const std::string& t = x.type;
  if (t == "char" || t == "int8") put(int8_t(x.v));
  else if (t == "uchar" || t == "uint8") put(uint8_t(x.v));
  else if (t == "short" || t == "int16") put(int16_t(x.v));
  else if (t == "ushort" || t == "uint16") put(uint16_t(x.v));
  else if (t == "int" || t == "int32") put(int32_t(x.v));
  else if (t == "uint" || t == "uint32") put(uint32_t(x.v));
  else if (t == "float" || t == "float32") put(float(x.v));
  else if (t == "double" || t == "float64") put(double(x.v));
  else FAIL("unknown type " << t);
  if (big)  // the test machine is little-endian (x86-64, arm64 Linux)
    for (size_t i = 0; i < n / 2; ++i) std::swap(b[i], b[n - 1 - i]);
  out.append(reinterpret_cast<const char*>(b), n);
}

// The bytes of a PLY file: "ply", the format line, `header` (element and
// property lines, without end_header), then `rows` in that encoding.
std::string ply_bytes(const std::string& format, const std::string& header, const std::vector<Row>& rows) {
  std::string out = "ply\nformat " + format + " 1.0\ncomment written by ply_loader_test\n" + header + "end_header\n";
  for (const Row& row : rows) {
    if (format == "ascii") {
      std::ostringstream line;
      line.precision(17);
      for (size_t i = 0; i < row.size(); ++i) line << (i ? " " : "") << row[i].v;
      out += line.str() + "\n";
    } else {
      for (const Value& x : row) put_binary(out, x, format == "binary_big_endian");
    }
  }
  return out;
}

std::string write_ply(const std::string& name, const std::string& bytes) {
  const fs::path dir = test_case_dir("ply_loader");
  write_test_file(dir / name, bytes);
  return (dir / name).string();
}

const std::string kQuadHeader =
    "element vertex 4\nproperty float x\nproperty float y\nproperty float z\n"
    "property float nx\nproperty float ny\nproperty float nz\nproperty float s\nproperty float t\n"
    "element face 1\nproperty list uchar int vertex_indices\n";

Row quad_vertex(float x, float y) {
  return {{"float", x}, {"float", y}, {"float", 0}, {"float", 0}, {"float", 0}, {"float", 1}, {"float", x}, {"float", y}};
}

std::vector<Row> quad_rows() {
  return {quad_vertex(0, 0), quad_vertex(1, 0), quad_vertex(1, 1), quad_vertex(0, 1),
          {{"uchar", 4}, {"int", 0}, {"int", 1}, {"int", 2}, {"int", 3}}};
}

// The unit quad in z = 0, fanned into (0 1 2) (0 2 3), normals +z, UV = xy.
void check_quad(const TriangleMesh& mesh) {
  REQUIRE(mesh.vertex_count() == 4);
  REQUIRE(mesh.triangle_count() == 2);
  const uint32_t expected[] = {0, 1, 2, 0, 2, 3};
  for (int i = 0; i < 6; ++i) CHECK(mesh.index_data()[i] == expected[i]);
  CHECK(mesh.vertex(2) == Vec3(1, 1, 0));
  CHECK(mesh.vertex(3) == Vec3(0, 1, 0));
  REQUIRE(mesh.has_normals());
  REQUIRE(mesh.has_uvs());
  for (size_t v = 0; v < 4; ++v) {
    CHECK(mesh.normal(v) == Vec3(0, 0, 1));
    CHECK(mesh.uv(v).x == mesh.vertex(v).x);
    CHECK(mesh.uv(v).y == mesh.vertex(v).y);
  }
}

std::string load_error(const std::string& path) {
  try {
    load_ply_mesh(path, Transform{}, 0);
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("a PLY quad with normals and UVs reads the same in every encoding", "[ply]") {
  for (const char* format : kFormats) {
    INFO(format);
    const std::string path = write_ply(std::string(format) + ".ply", ply_bytes(format, kQuadHeader, quad_rows()));
    const TriangleMesh mesh = load_ply_mesh(path, Transform{}, 5);
    CHECK(mesh.material() == 5);
    check_quad(mesh);
  }
}

TEST_CASE("PLY UVs may be named u v or texture_u texture_v, and a .PLY extension counts", "[ply]") {
  CHECK(is_ply_path("dir.obj/Scan.PLY"));
  CHECK(is_ply_path("a.ply"));
  CHECK_FALSE(is_ply_path("a.ply/mesh.obj"));
  CHECK_FALSE(is_ply_path("ply"));
  for (const std::string names : {"u v", "texture_u texture_v"}) {
    const std::string u = names.substr(0, names.find(' ')), v = names.substr(names.find(' ') + 1);
    std::string header = kQuadHeader;
    header.replace(header.find("float s\n"), 8, "float " + u + "\n");
    header.replace(header.find("float t\n"), 8, "float " + v + "\n");
    check_quad(load_ply_mesh(write_ply("uv.ply", ply_bytes("binary_little_endian", header, quad_rows())), Transform{}, 0));
  }
}

TEST_CASE("PLY polygons are fanned from their first corner", "[ply]") {
  const std::string header =
      "element vertex 6\nproperty float x\nproperty float y\nproperty float z\n"
      "element face 2\nproperty list uchar uint vertex_index\n";
  std::vector<Row> rows;
  const float xy[6][2] = {{0, 0}, {2, 0}, {3, 1}, {1, 2}, {-1, 1}, {5, 5}};
  for (const auto& p : xy) rows.push_back({{"float", p[0]}, {"float", p[1]}, {"float", 0}});
  rows.push_back({{"uchar", 5}, {"uint", 0}, {"uint", 1}, {"uint", 2}, {"uint", 3}, {"uint", 4}});
  rows.push_back({{"uchar", 3}, {"uint", 1}, {"uint", 5}, {"uint", 2}});
  for (const char* format : kFormats) {
    INFO(format);
    const TriangleMesh mesh = load_ply_mesh(write_ply("poly.ply", ply_bytes(format, header, rows)), Transform{}, 0);
    REQUIRE(mesh.triangle_count() == 4);
    CHECK_FALSE(mesh.has_normals());
    CHECK_FALSE(mesh.has_uvs());
    const uint32_t expected[] = {0, 1, 2, 0, 2, 3, 0, 3, 4, 1, 5, 2};
    for (int i = 0; i < 12; ++i) CHECK(mesh.index_data()[i] == expected[i]);
  }
}

TEST_CASE("every PLY scalar type and alias reads as positions, integer ones as list counts and indices", "[ply]") {
  const char* const types[] = {"char",  "int8",  "uchar",  "uint8",  "short",   "int16",  "ushort",  "uint16",
                               "int",   "int32", "uint",   "uint32", "float",   "float32", "double", "float64"};
  for (const std::string type : types) {
    const bool integer = type.find("float") == std::string::npos && type != "double";
    const std::string list = integer ? type + " " + type : "uchar int";
    const std::string header = "element vertex 3\nproperty " + type + " x\nproperty " + type + " y\nproperty " + type +
                               " z\nelement face 1\nproperty list " + list + " vertex_indices\n";
    const std::string count_type = integer ? type : "uchar", index_type = integer ? type : "int";
    const std::vector<Row> rows = {{{type, 0}, {type, 0}, {type, 7}},
                                   {{type, 100}, {type, 0}, {type, 7}},
                                   {{type, 0}, {type, 120}, {type, 7}},
                                   {{count_type, 3}, {index_type, 2}, {index_type, 1}, {index_type, 0}}};
    for (const char* format : kFormats) {
      INFO(type << " " << format);
      const TriangleMesh mesh = load_ply_mesh(write_ply("types.ply", ply_bytes(format, header, rows)), Transform{}, 0);
      REQUIRE(mesh.triangle_count() == 1);
      CHECK(mesh.corner(0, 0) == Vec3(0, 120, 7));
      CHECK(mesh.corner(0, 1) == Vec3(100, 0, 7));
      CHECK(mesh.corner(0, 2) == Vec3(0, 0, 7));
    }
  }
}

TEST_CASE("PLY elements and properties the loader does not use are skipped in every encoding", "[ply]") {
  // Unknown elements before and after, each with a list; colours, an extra
  // scalar and a list on the vertices; extra face properties before and after
  // the index list (with int counts).
  const std::string header =
      "obj_info scanned by hand\n"
      "element material 2\nproperty list uchar float coefficients\nproperty double shininess\n"
      "element vertex 4\nproperty float x\nproperty uchar red\nproperty float y\nproperty uchar green\n"
      "property float z\nproperty uchar blue\nproperty float nx\nproperty float ny\nproperty float nz\n"
      "property list ushort short neighbours\nproperty float s\nproperty float t\nproperty double confidence\n"
      "element face 1\nproperty int flags\nproperty list int int vertex_indices\n"
      "property list uchar float texcoord\n"
      "element edge 3\nproperty int vertex1\nproperty int vertex2\n"
      "element annotation 1\nproperty list uint uchar text\n";
  std::vector<Row> rows = {{{"uchar", 2}, {"float", 0.5}, {"float", 0.25}, {"double", 8}},
                           {{"uchar", 0}, {"double", 9}}};
  for (const Row& q : quad_rows()) {
    if (q.size() == 8) {
      rows.push_back({q[0], {"uchar", 255}, q[1], {"uchar", 128}, q[2], {"uchar", 0}, q[3], q[4], q[5],
                      {"ushort", 3}, {"short", -1}, {"short", 2}, {"short", 3}, q[6], q[7], {"double", 0.9}});
    } else {
      rows.push_back({{"int", -7}, {"int", 4}, {"int", 0}, {"int", 1}, {"int", 2}, {"int", 3},
                      {"uchar", 2}, {"float", 0.1}, {"float", 0.2}});
    }
  }
  for (int e = 0; e < 3; ++e) rows.push_back({{"int", double(e)}, {"int", double(e + 1)}});
  rows.push_back({{"uint", 3}, {"uchar", 'a'}, {"uchar", 'b'}, {"uchar", 'c'}});
  for (const char* format : kFormats) {
    INFO(format);
    check_quad(load_ply_mesh(write_ply("extra.ply", ply_bytes(format, header, rows)), Transform{}, 0));
  }
}

TEST_CASE("a malformed PLY header is an error naming the file and the line", "[ply]") {
  const auto error_of = [](const std::string& text) { return load_error(write_ply("bad.ply", text)); };
  const std::string p = (test_case_dir("ply_loader") / "bad.ply").string();
  CHECK_THAT(error_of("OFF\n4 2 0\n"), Equals(p + ": not a PLY file (the first line is not \"ply\")"));
  CHECK_THAT(error_of(""), Equals(p + ": not a PLY file (the first line is not \"ply\")"));
  CHECK_THAT(error_of("ply\nformat binary_middle_endian 1.0\nend_header\n"),
             Equals(p + ": header line 2: unknown format \"binary_middle_endian\" (expected ascii, "
                        "binary_little_endian or binary_big_endian)"));
  CHECK_THAT(error_of("ply\nformat ascii 2.0\nend_header\n"),
             Equals(p + ": header line 2: unsupported PLY version \"2.0\" (expected 1.0)"));
  CHECK_THAT(error_of("ply\nformat ascii 1.0\nelement vertex many\n"),
             Equals(p + ": header line 3: malformed line \"element vertex many\" (expected element NAME COUNT)"));
  CHECK_THAT(error_of("ply\nformat ascii 1.0\nelement vertex 3\nproperty float\n"),
             Equals(p + ": header line 4: malformed line \"property float\" (expected property TYPE NAME or "
                        "property list INTEGER_TYPE TYPE NAME)"));
  CHECK_THAT(error_of("ply\nformat ascii 1.0\nelement vertex 3\nproperty quad x\n"),
             Equals(p + ": header line 4: malformed line \"property quad x\" (expected property TYPE NAME or "
                        "property list INTEGER_TYPE TYPE NAME)"));
  CHECK_THAT(error_of("ply\nformat ascii 1.0\nelement face 3\nproperty list float int vertex_indices\n"),
             Equals(p + ": header line 4: malformed line \"property list float int vertex_indices\" (expected "
                        "property TYPE NAME or property list INTEGER_TYPE TYPE NAME)"));
  CHECK_THAT(error_of("ply\nformat ascii 1.0\nproperty float x\n"),
             Equals(p + ": header line 3: property before any element"));
  CHECK_THAT(error_of("ply\nformat ascii 1.0\nvertices 3\n"),
             Equals(p + ": header line 3: unknown header keyword \"vertices\""));
  CHECK_THAT(error_of("ply\nformat ascii 1.0\nelement vertex 3\n"),
             Equals(p + ": PLY header has no end_header line"));
  CHECK_THAT(error_of("ply\nelement vertex 0\nend_header\n"), Equals(p + ": PLY header has no format line"));
  CHECK_THAT(error_of("ply\nformat ascii 1.0\nelement vertex 0\nproperty float x\nproperty float y\nend_header\n"),
             Equals(p + ": header line 3: vertex element has no z property"));
  CHECK_THAT(error_of("ply\nformat ascii 1.0\nelement vertex 0\nproperty float x\nproperty float y\n"
                      "property float z\nend_header\n"),
             Equals(p + ": PLY file has no face element (a point cloud cannot be rendered)"));
  CHECK_THAT(error_of("ply\nformat ascii 1.0\nelement vertex 0\nproperty float x\nproperty float y\n"
                      "property float z\nelement face 0\nproperty int vertex_indices\nend_header\n"),
             Equals(p + ": header line 7: face property vertex_indices is not a list of integers"));
  CHECK_THAT(error_of("ply\nformat ascii 1.0\nelement vertex 5000000000\nproperty float x\n"),
             Equals(p + ": header line 3: 5000000000 vertices are more than a mesh can hold"));
}

TEST_CASE("a truncated binary PLY, or a count larger than the file holds, is an error naming the element", "[ply]") {
  for (const char* format : {"binary_little_endian", "binary_big_endian"}) {
    INFO(format);
    std::string bytes = ply_bytes(format, kQuadHeader, quad_rows());
    // Cut in the third vertex (32 bytes each), then in the face's indices.
    const size_t data = bytes.find("end_header\n") + 11;
    std::string path = write_ply("cut.ply", bytes.substr(0, data + 2 * 32 + 5));
    CHECK_THAT(load_error(path), Equals(path + ": element vertex: expected 4 vertices, file ends after 2"));
    path = write_ply("cut.ply", bytes.substr(0, data + 4 * 32 + 1 + 3 * 4 + 2));
    CHECK_THAT(load_error(path), Equals(path + ": element face: expected 1 faces, file ends after 0"));
    // A count of four billion in a file of a few hundred bytes: refused without allocating for it.
    std::string huge = kQuadHeader;
    huge.replace(huge.find("vertex 4"), 8, "vertex 4000000000");
    path = write_ply("huge.ply", ply_bytes(format, huge, quad_rows()));
    CHECK_THAT(load_error(path), Equals(path + ": element vertex: expected 4000000000 vertices, file ends after 4"));
    huge = kQuadHeader;
    huge.replace(huge.find("face 1"), 6, "face 4294967295");
    path = write_ply("huge.ply", ply_bytes(format, huge, quad_rows()));
    CHECK_THAT(load_error(path), Equals(path + ": element face: expected 4294967295 faces, file ends after 1"));
    // A skipped element with a huge count, and a skipped list whose count runs past the end.
    path = write_ply("huge.ply", ply_bytes(format, "element junk 1000000000000000000\nproperty double a\n" + kQuadHeader, quad_rows()));
    CHECK_THAT(load_error(path),
               Equals(path + ": element junk: expected 1000000000000000000 \"junk\" elements, file ends after 18"));
    path = write_ply("huge.ply", ply_bytes(format, "element junk 1\nproperty list uint double a\n" + kQuadHeader,
                                           {{{"uint", 4000000000.0}}}));
    CHECK_THAT(load_error(path), Equals(path + ": element junk: expected 1 \"junk\" elements, file ends after 0"));
  }
  const std::string text = ply_bytes("ascii", kQuadHeader, quad_rows());
  const std::string path = write_ply("cut.ply", text.substr(0, text.find("end_header\n") + 11 + 40));
  CHECK_THAT(load_error(path), Equals(path + ": element vertex: expected 4 vertices, file ends after 2"));
}

TEST_CASE("bad PLY faces and vertices are errors naming the element and the line or byte", "[ply]") {
  const size_t little = ply_bytes("binary_little_endian", kQuadHeader, {}).size();
  const size_t big = ply_bytes("binary_big_endian", kQuadHeader, {}).size();
  std::vector<Row> rows = quad_rows();
  rows[4] = {{"uchar", 4}, {"int", 0}, {"int", 1}, {"int", 9}, {"int", 3}};
  std::string path = write_ply("bad.ply", ply_bytes("ascii", kQuadHeader, rows));
  // Lines: ply, format, comment, 11 header lines, end_header, 4 vertices: the face is on line 20.
  CHECK_THAT(load_error(path), Equals(path + ":20: face 0: vertex index 9 out of range (the file has 4 vertices)"));
  path = write_ply("bad.ply", ply_bytes("binary_big_endian", kQuadHeader, rows));
  CHECK_THAT(load_error(path), Equals(path + ": byte " + std::to_string(big + 4 * 32 + 1 + 2 * 4) +
                                      ": face 0: vertex index 9 out of range (the file has 4 vertices)"));
  rows[4] = {{"uchar", 4}, {"int", 0}, {"int", -1}, {"int", 2}, {"int", 3}};
  path = write_ply("bad.ply", ply_bytes("binary_little_endian", kQuadHeader, rows));
  CHECK_THAT(load_error(path), Equals(path + ": byte " + std::to_string(little + 4 * 32 + 1 + 4) +
                                      ": face 0: vertex index -1 out of range (the file has 4 vertices)"));
  rows[4] = {{"uchar", 2}, {"int", 0}, {"int", 1}};
  path = write_ply("bad.ply", ply_bytes("binary_little_endian", kQuadHeader, rows));
  CHECK_THAT(load_error(path), Equals(path + ": byte " + std::to_string(little + 4 * 32) +
                                      ": face 0: has 2 vertices; at least 3 are needed"));
  path = write_ply("bad.ply", ply_bytes("ascii", kQuadHeader, rows));
  CHECK_THAT(load_error(path), Equals(path + ":20: face 0: has 2 vertices; at least 3 are needed"));

  rows = quad_rows();
  rows[1][1].v = std::numeric_limits<double>::infinity();
  path = write_ply("bad.ply", ply_bytes("binary_little_endian", kQuadHeader, rows));
  CHECK_THAT(load_error(path), Equals(path + ": byte " + std::to_string(little + 32) +
                                      ": vertex 1: position inf is not a finite 32-bit float"));
  std::string text = ply_bytes("ascii", kQuadHeader, quad_rows());
  text.replace(text.find("\n1 1 0 "), 7, "\n1 nan 0 ");
  path = write_ply("bad.ply", text);
  CHECK_THAT(load_error(path), Equals(path + ":18: vertex 2: position nan is not a finite 32-bit float"));
  text = ply_bytes("ascii", kQuadHeader, quad_rows());
  text.replace(text.find("\n1 1 0 "), 7, "\n1 1e39 0 ");
  path = write_ply("bad.ply", text);
  CHECK_THAT(load_error(path), Equals(path + ":18: vertex 2: position 1e+39 is not a finite 32-bit float"));
  text = ply_bytes("ascii", kQuadHeader, quad_rows());
  text.replace(text.find("\n1 1 0 "), 7, "\n1 one 0 ");
  path = write_ply("bad.ply", text);
  CHECK_THAT(load_error(path), Equals(path + ":18: vertex 2: \"one\" is not a number"));
  text = ply_bytes("ascii", kQuadHeader, quad_rows());
  text.replace(text.find("\n4 0 1 2 3"), 10, "\n4 0 1 2.5 3");
  path = write_ply("bad.ply", text);
  CHECK_THAT(load_error(path), Equals(path + ":20: face 0: \"2.5\" is not an integer"));
  // Integers must fit their type: a list count of 1e300 (or 256 in a uchar) is not cast.
  text = ply_bytes("ascii", kQuadHeader, quad_rows());
  text.replace(text.find("\n4 0 1 2 3"), 10, "\n1e300 0 1 2 3");
  path = write_ply("bad.ply", text);
  CHECK_THAT(load_error(path), Equals(path + ":20: face 0: \"1e300\" is not an 8-bit unsigned integer"));
  text.replace(text.find("\n1e300 0 1 2 3"), 14, "\n4 0 1 2 -4294967296");
  path = write_ply("bad.ply", text);
  CHECK_THAT(load_error(path), Equals(path + ":20: face 0: \"-4294967296\" is not a 32-bit signed integer"));
}

TEST_CASE("PLY degenerate triangles are dropped with a warning naming the face; none left is an error", "[ply]") {
  std::vector<Row> rows = quad_rows();
  rows.push_back({{"uchar", 3}, {"int", 0}, {"int", 1}, {"int", 1}});
  std::string header = kQuadHeader;
  header.replace(header.find("face 1"), 6, "face 2");
  const std::string path = write_ply("degenerate.ply", ply_bytes("ascii", header, rows));
  std::vector<std::string> warnings;
  const WarningHandler previous = set_warning_handler([&](const std::string& m) { warnings.push_back(m); });
  const TriangleMesh mesh = load_ply_mesh(path, Transform{}, 0);
  set_warning_handler(previous);
  CHECK(mesh.triangle_count() == 2);
  REQUIRE(warnings.size() == 1);
  CHECK_THAT(warnings[0], Equals(path + ": face 1: degenerate (zero-area) triangle dropped"));

  header = kQuadHeader;
  header.replace(header.find("face 1"), 6, "face 0");
  std::vector<Row> vertices = quad_rows();
  vertices.pop_back();
  const std::string empty = write_ply("empty.ply", ply_bytes("ascii", header, vertices));
  CHECK_THAT(load_error(empty), Equals(empty + ": PLY file has no faces"));
}

// Large binary files are decoded in parallel (fixed-size vertices, all-triangle
// faces); anything else, and every error, goes through the sequential reader.
TEST_CASE("a large binary PLY reads as its ASCII twin; its errors name the same item", "[ply]") {
  const int columns = 180, rows = 120;  // 21,600 vertices, 42,482 triangles: many parallel chunks
  const std::string header = "element vertex " + std::to_string(columns * rows) +
                             "\nproperty float x\nproperty float y\nproperty float z\nproperty uchar red\n"
                             "property uchar green\nproperty uchar blue\nelement face " +
                             std::to_string(2 * (columns - 1) * (rows - 1)) +
                             "\nproperty list uchar uint vertex_indices\n";
  const auto make_rows = [&](double bad_z, uint32_t bad_index) {
    std::vector<Row> r;
    for (int j = 0; j < rows; ++j)
      for (int i = 0; i < columns; ++i)
        r.push_back({{"float", i * 0.1}, {"float", j * 0.1}, {"float", (i * 7 + j * 3) % 5 * 0.01},
                     {"uchar", double(i % 256)}, {"uchar", double(j % 256)}, {"uchar", 200}});
    r[20000][2].v = bad_z;
    for (int j = 0; j + 1 < rows; ++j)
      for (int i = 0; i + 1 < columns; ++i) {
        const uint32_t a = uint32_t(j * columns + i), b = a + 1, c = a + uint32_t(columns), d = c + 1;
        r.push_back({{"uchar", 3}, {"uint", double(a)}, {"uint", double(b)}, {"uint", double(d)}});
        r.push_back({{"uchar", 3}, {"uint", double(a)}, {"uint", double(d)}, {"uint", double(c)}});
      }
    r[size_t(columns * rows) + 25000][2].v = bad_index;
    return r;
  };
  const std::vector<Row> good = make_rows(0.5, 7);
  const TriangleMesh ascii = load_ply_mesh(write_ply("big_ascii.ply", ply_bytes("ascii", header, good)), Transform{}, 0);
  {
    // ASCII is read a piece (1 MiB) at a time: an error deep in this 1.8 MB file names its line,
    // counted across the pieces (the line found here in the text as written).
    const std::string text = ply_bytes("ascii", header, make_rows(0.5, 99999));
    REQUIRE(text.size() > (size_t(3) << 19));
    const size_t at = text.find(" 99999 ");
    REQUIRE(at != std::string::npos);
    const long line = 1 + std::count(text.begin(), text.begin() + long(at), '\n');
    CHECK_THAT(load_error(write_ply("big_ascii_index.ply", text)),
               Catch::Contains(":" + std::to_string(line) +
                               ": face 25000: vertex index 99999 out of range (the file has 21600 vertices)"));
  }
  for (const char* format : {"binary_little_endian", "binary_big_endian"}) {
    INFO(format);
    const TriangleMesh binary =
        load_ply_mesh(write_ply(std::string("big_") + format + ".ply", ply_bytes(format, header, good)), Transform{}, 0);
    REQUIRE(binary.vertex_count() == ascii.vertex_count());
    REQUIRE(binary.triangle_count() == ascii.triangle_count());
    CHECK(std::equal(binary.vertex_data(), binary.vertex_data() + 3 * binary.vertex_count(), ascii.vertex_data()));
    CHECK(std::equal(binary.index_data(), binary.index_data() + 3 * binary.triangle_count(), ascii.index_data()));
    REQUIRE(binary.has_colors());
    for (size_t v = 0; v < binary.vertex_count(); v += 997) CHECK(binary.color(v) == ascii.color(v));

    // A NaN deep in the vertices, an index out of range deep in the faces, and
    // a quad after many triangles: the messages and the fan as the sequential reader gives them.
    const std::string nan = write_ply(std::string("big_nan_") + format + ".ply",
                                      ply_bytes(format, header, make_rows(std::nan(""), 7)));
    CHECK_THAT(load_error(nan), Catch::Contains("vertex 20000: position nan is not a finite 32-bit float"));
    const std::string index = write_ply(std::string("big_index_") + format + ".ply",
                                        ply_bytes(format, header, make_rows(0.5, 99999)));
    CHECK_THAT(load_error(index),
               Catch::Contains("face 25000: vertex index 99999 out of range (the file has 21600 vertices)"));
  }
}
