// Our streaming OBJ reader (scene/obj_file.h) against tinyobjloader's LoadObj,
// which read the geometry before it: the same numbers bit for bit, the same
// corners, face sizes, materials and smoothing groups, on a file with every
// statement and quirk we keep, and on one spanning several blocks and the
// pieces parsed in parallel (relative indices, usemtl and s across them).

#include "scene/obj_file.h"

#include "tests/test_files.h"

#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace tessera;

namespace {

namespace fs = std::filesystem;

const char* const kMtl = "newmtl red\nKd 1 0 0\nnewmtl blue\nKd 0 0 1\n";

bool same_floats(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

// Parse `text` both ways (with kMtl as every mtllib's library) and compare.
void check_same_as_tinyobjloader(const std::string& name, const std::string& text) {
  const fs::path path = test_case_dir("obj_reader") / name;
  write_test_file(path, text);

  ObjFile ours;
  ours.path = path.string();
  std::istringstream mtl_ours(kMtl);
  tinyobj::MaterialStreamReader reader_ours(mtl_ours);
  parse_obj_file(ours, &reader_ours);

  tinyobj::attrib_t attrib;
  std::vector<tinyobj::shape_t> shapes;
  std::vector<tinyobj::material_t> materials;
  std::string warnings, errors;
  std::ifstream in(path, std::ios::binary);
  std::istringstream mtl_theirs(kMtl);
  tinyobj::MaterialStreamReader reader_theirs(mtl_theirs);
  REQUIRE(tinyobj::LoadObj(&attrib, &shapes, &materials, &warnings, &errors, &in, &reader_theirs, false, false));

  CHECK(same_floats(ours.positions, attrib.vertices));
  CHECK(same_floats(ours.normals, attrib.normals));
  CHECK(same_floats(ours.texcoords, attrib.texcoords));
  REQUIRE(ours.materials.size() == materials.size());

  std::vector<int> v, vt, vn, counts, material_ids, smoothing;
  for (const tinyobj::shape_t& shape : shapes) {
    for (const tinyobj::index_t& c : shape.mesh.indices) {
      v.push_back(c.vertex_index);
      vt.push_back(c.texcoord_index);
      vn.push_back(c.normal_index);
    }
    for (size_t f = 0; f < shape.mesh.num_face_vertices.size(); ++f) {
      counts.push_back(shape.mesh.num_face_vertices[f]);
      material_ids.push_back(shape.mesh.material_ids[f]);
      smoothing.push_back(int(shape.mesh.smoothing_group_ids[f]));
    }
  }
  const size_t corners = ours.corner_v.size();
  std::vector<int> our_vt, our_vn, our_counts, our_materials, our_smoothing;
  for (size_t c = 0; c < corners; ++c) our_vt.push_back(ours.corner_vt_of(c)), our_vn.push_back(ours.corner_vn_of(c));
  for_each_obj_face(ours, [&](size_t, size_t, unsigned n, int material, unsigned group) {
    our_counts.push_back(int(n));
    our_materials.push_back(material);
    our_smoothing.push_back(int(group));
  });
  CHECK(std::vector<int>(ours.corner_v.begin(), ours.corner_v.end()) == v);
  CHECK(our_vt == vt);
  CHECK(our_vn == vn);
  CHECK(our_counts == counts);
  CHECK(our_materials == material_ids);
  CHECK(our_smoothing == smoothing);
  CHECK(obj_face_count(ours) == counts.size());
}

}  // namespace

TEST_CASE("the OBJ reader reads every statement as tinyobjloader did", "[obj]") {
  check_same_as_tinyobjloader("quirks.obj",
                              "# a comment\n"
                              "mtllib a.mtl\n"
                              "v 1 2 3\n"
                              "v 1.5 -2.25e1 .5 1.0\n"             // w
                              "v -.5 +3 4e-3 0.1 0.2 0.3\n"        // a colour
                              "v 0.1234567891 1e-45 3.4028234e38\n"
                              "  v\t1.5abc 7 -0.0\r\n"              // junk after a number, CRLF
                              "v 12345678901234567890 0.000000001 -1E+2\r"  // a lone CR
                              "vt 0.25 0.75\n"
                              "vt 0.5 0.5 0.0\n"
                              "vt 1\n"
                              "vn 0 0 1\n"
                              "vn 0 1 0\n"
                              "g group1\n"
                              "usemtl red\n"
                              "s 1\n"
                              "f 1 2 3\n"
                              "f 1/1 2/2 3/1\n"
                              "f 1//1 2//2 3//1\n"
                              "f -3/-2/-2 -2/-1/-1 -1/-3/-2\n"
                              "f -9 -1/-9 2//-5\n"                  // relative indices before the first
                              "usemtl unknown\n"
                              "s off\n"
                              "f 1 2 3 4\n"
                              "o obj2\n"
                              "usemtl blue\n"
                              "s 2\n"
                              "f 1/1/1 2/2/2 3/1/1 4/2/2 5/1/1\t \n"
                              "\tf\t1  2 3\n"
                              "f 1 2\n"                              // too few corners: dropped
                              "l 1 2\n"
                              "p 1\n"
                              "t tag 1/0/0 5\n"
                              "s 3\n"
                              "usemtl red\n"
                              "f 2 3 4\n"
                              "usemtl\n"
                              "f 4 5 6 1 2 3\n");
}

TEST_CASE("the OBJ reader reads a file of several pieces as tinyobjloader did", "[obj]") {
  // About 2.5 MB: lines cross the 1 MiB pieces the file is read in.
  std::ostringstream text;
  text << "mtllib a.mtl\r\n";
  for (int i = 0; i < 30000; ++i) {
    text << "v " << i * 0.001 << " " << (i % 97) * 0.37 << " " << -i * 1e-5 << "\r\n";
    text << "vt " << (i % 13) / 13.0 << " " << (i % 7) / 7.0 << "\r\n";
    text << "vn 0 " << (i % 2) << " 1\r\n";
    if (i % 1000 == 0) text << (i % 2000 == 0 ? "usemtl red\r\n" : "usemtl blue\r\ns " + std::to_string(i) + "\r\n");
    if (i >= 3) text << "f -3/-3/-3 -2/-2/-2 -1/-1/-1 " << i - 2 << "/1/1\r\n";
  }
  REQUIRE(text.str().size() > (size_t(2) << 20));
  check_same_as_tinyobjloader("pieces.obj", text.str());
  // The same with lone CR and with LF line ends: cut at other line breaks.
  std::string cr = text.str(), lf;
  for (size_t i = 0; i < cr.size(); ++i)
    if (!(cr[i] == '\n' && i > 0 && cr[i - 1] == '\r')) lf += cr[i] == '\r' ? '\n' : cr[i];
  cr.clear();
  for (char c : lf) cr += c == '\n' ? '\r' : c;
  check_same_as_tinyobjloader("pieces_cr.obj", cr);
  check_same_as_tinyobjloader("pieces_lf.obj", lf);
}

TEST_CASE("the OBJ reader keeps no vn column while each corner's vn is its v, as tinyobjloader reads it", "[obj]") {
  // One normal per position (f a//a ...) for 40000 faces, then faces whose
  // normals differ: the column is written out there, with what came before.
  std::ostringstream text;
  for (int i = 0; i < 20000; ++i) text << "v " << i << " " << i % 7 << " 0\nvn 0 0 " << (i % 3) << "\nvt 0 " << i << "\n";
  for (int i = 0; i + 2 < 20000; i += 2)
    text << "f " << i + 1 << "/" << i + 1 << "/" << i + 1 << " " << i + 2 << "/" << i + 2 << "/" << i + 2 << " "
         << i + 3 << "/" << i + 3 << "/" << i + 3 << "\nf -1//-1 -2//-2 -3//-3\n";
  text << "f 1//2 2//2 3//2\nf 4/1/4 5/1/5 6/1/6\n";
  check_same_as_tinyobjloader("one_index.obj", text.str());

  const fs::path path = test_case_dir("obj_reader") / "one_index.obj";
  ObjFile file;
  file.path = path.string();
  parse_obj_file(file, nullptr);
  CHECK(file.corner_vn.size() == file.corner_v.size());  // written out at the end
  CHECK(file.corner_vt.size() == file.corner_v.size());

  write_test_file(path, "v 0 0 0\nv 1 0 0\nv 0 1 0\nvn 0 0 1\nvn 0 0 1\nvn 0 0 1\nf 1//1 2//2 3//3\nf 3//3 2//2 1//1\n");
  ObjFile same;
  same.path = path.string();
  parse_obj_file(same, nullptr);
  CHECK(same.corner_vn.empty());
  CHECK(same.vn_is_v);
  CHECK(same.corner_vn_of(4) == 1);
  CHECK(same.corner_vt_of(4) == -1);
}

TEST_CASE("the OBJ reader refuses what tinyobjloader refused, with its words and line", "[obj][bad_input]") {
  const std::pair<std::string, std::string> cases[] = {
      {"l_zero.obj", "v 0 0 0\nv 1 0 0\n\nl 1 0\n"},
      {"p_zero.obj", "v 0 0 0\np 0\n"},
      {"vw_negative.obj", "v 0 0 0\nvw 0 -1 0.5\n"},
  };
  for (const auto& c : cases) {
    const fs::path path = test_case_dir("obj_reader") / c.first;
    write_test_file(path, c.second);
    tinyobj::attrib_t attrib;
    std::vector<tinyobj::shape_t> shapes;
    std::vector<tinyobj::material_t> materials;
    std::string warnings, errors;
    std::ifstream in(path, std::ios::binary);
    REQUIRE_FALSE(tinyobj::LoadObj(&attrib, &shapes, &materials, &warnings, &errors, &in, nullptr, false, false));
    const std::string theirs = errors.substr(0, errors.find('\n'));
    ObjFile file;
    file.path = path.string();
    CHECK_THROWS_WITH(parse_obj_file(file, nullptr), path.string() + ": invalid OBJ: " + theirs);
  }
}
