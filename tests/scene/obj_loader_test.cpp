#include "scene/obj_loader.h"

#include "core/render/interaction.h"

#include "core/base/error.h"
#include "core/base/warning.h"

#include "tests/test_files.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace tessera;
using Catch::Contains;
using Catch::Equals;

namespace {

namespace fs = std::filesystem;

// Write `text` to <output>/obj_loader/<name> and return its path.
std::string write_obj(const std::string& name, const std::string& text) {
  const fs::path dir = test_case_dir("obj_loader");
  write_test_file(dir / name, text);
  return (dir / name).string();
}

Vec3 triangle_normal(const TriangleMesh& mesh, size_t t) {
  const Vec3 p0 = mesh.corner(t, 0);
  return normalize(cross(mesh.corner(t, 1) - p0, mesh.corner(t, 2) - p0));
}

}  // namespace

TEST_CASE("a triangle loads as one triangle with its material", "[obj]") {
  const std::string path = write_obj("tri.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n");
  const TriangleMesh mesh = load_obj_mesh(path, Transform{}, 7);
  CHECK(mesh.material() == 7);
  REQUIRE(mesh.vertex_count() == 3);
  REQUIRE(mesh.triangle_count() == 1);
  CHECK(mesh.corner(0, 0) == Vec3(0, 0, 0));
  CHECK(mesh.corner(0, 1) == Vec3(1, 0, 0));
  CHECK(mesh.corner(0, 2) == Vec3(0, 1, 0));
}

TEST_CASE("a quad face fans into two triangles", "[obj]") {
  const std::string path = write_obj("quad.obj", "v 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nf 1 2 3 4\n");
  const TriangleMesh mesh = load_obj_mesh(path, Transform{}, 0);
  REQUIRE(mesh.vertex_count() == 4);
  REQUIRE(mesh.triangle_count() == 2);
  const uint32_t* idx = mesh.index_data();
  CHECK(idx[0] == 0);
  CHECK(idx[1] == 1);
  CHECK(idx[2] == 2);
  CHECK(idx[3] == 0);
  CHECK(idx[4] == 2);
  CHECK(idx[5] == 3);
  // Both triangles keep the face's counter-clockwise winding.
  CHECK(triangle_normal(mesh, 0) == Vec3(0, 0, 1));
  CHECK(triangle_normal(mesh, 1) == Vec3(0, 0, 1));
}

TEST_CASE("a pentagon fans into three triangles; v/vt/vn and negative indices work", "[obj]") {
  const std::string path = write_obj("poly.obj",
                                     "v 0 0 0\nv 2 0 0\nv 3 1 0\nv 1 2 0\nv -1 1 0\n"
                                     "vt 0 0\nvn 0 0 1\n"
                                     "f 1/1/1 2/1/1 3/1/1 4/1/1 5/1/1\n"
                                     "f -3 -2 -1\n");
  const TriangleMesh mesh = load_obj_mesh(path, Transform{}, 0);
  REQUIRE(mesh.vertex_count() == 5);
  REQUIRE(mesh.triangle_count() == 4);
  // The relative face refers to the last three vertices.
  CHECK(mesh.corner(3, 0) == Vec3(3, 1, 0));
  CHECK(mesh.corner(3, 1) == Vec3(1, 2, 0));
  CHECK(mesh.corner(3, 2) == Vec3(-1, 1, 0));
}

TEST_CASE("faces in several groups are all loaded", "[obj]") {
  const std::string path = write_obj("groups.obj",
                                     "v 0 0 0\nv 1 0 0\nv 0 1 0\nv 1 1 0\n"
                                     "o first\nf 1 2 3\n"
                                     "g second\nf 2 4 3\n");
  const TriangleMesh mesh = load_obj_mesh(path, Transform{}, 0);
  REQUIRE(mesh.triangle_count() == 2);
  CHECK(mesh.corner(1, 1) == Vec3(1, 1, 0));
}

TEST_CASE("the transform places vertices and a mirror keeps the winding's front", "[obj]") {
  const std::string path = write_obj("moved.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n");
  const TriangleMesh moved = load_obj_mesh(path, Transform::translate({0, 0, 4}), 0);
  CHECK(moved.corner(0, 1) == Vec3(1, 0, 4));

  const TriangleMesh mirrored = load_obj_mesh(path, Transform::scale({-1, 1, 1}), 0);
  CHECK(mirrored.vertex(1) == Vec3(-1, 0, 0));
  CHECK(triangle_normal(mirrored, 0) == Vec3(0, 0, 1));
}

TEST_CASE("a face referring to a vertex out of range names the file and line", "[obj]") {
  const std::string path = write_obj("bad.obj",
                                     "# three vertices, one good face, one bad\n"  // 1
                                     "v 0 0 0\n"                                   // 2
                                     "v 1 0 0\n"                                   // 3
                                     "v 0 1 0\n"                                   // 4
                                     "f 1 2 3\n"                                   // 5
                                     "\n"                                          // 6
                                     "f 1 2 9\n");                                 // 7
  REQUIRE_THROWS_AS(load_obj_mesh(path, Transform{}, 0), Error);
  REQUIRE_THROWS_WITH(load_obj_mesh(path, Transform{}, 0),
                      Equals(path + ":7: face refers to vertex 9 but the file has 3 vertices"));

  const std::string first = write_obj("bad_first.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\n# comment\nf 4 2 3\n");
  REQUIRE_THROWS_WITH(load_obj_mesh(first, Transform{}, 0), Contains("bad_first.obj:5: face refers to vertex 4"));
}

TEST_CASE("the line of a bad face is right across groups and indented faces", "[obj]") {
  const std::string path = write_obj("bad_groups.obj",
                                     "v 0 0 0\n"        // 1
                                     "v 1 0 0\n"        // 2
                                     "v 0 1 0\n"        // 3
                                     "g a\n"            // 4
                                     "  f 1 2 3\n"      // 5
                                     "g b\n"            // 6
                                     "f 3 2 1\n"        // 7
                                     "f 1 2 3 12\n");   // 8
  REQUIRE_THROWS_WITH(load_obj_mesh(path, Transform{}, 0), Contains("bad_groups.obj:8: face refers to vertex 12"));
}

TEST_CASE("the line of a bad face is right after a face separated by a tab", "[obj]") {
  const std::string path = write_obj("bad_tab.obj",
                                     "v 0 0 0\nv 1 0 0\nv 0 1 0\n"  // 1-3
                                     "f\t1 2 3\n"                   // 4
                                     "f 1 2 7\n");                  // 5
  REQUIRE_THROWS_WITH(load_obj_mesh(path, Transform{}, 0), Contains("bad_tab.obj:5: face refers to vertex 7"));
}

TEST_CASE("a face of fewer than three corners is an error with its line", "[obj]") {
  // tinyobjloader would drop it without a word (and a file of such faces would
  // have "no faces", naming no line).
  const std::string path = write_obj("bad_degenerate.obj",
                                     "v 0 0 0\nv 1 0 0\nv 0 1 0\n"  // 1-3
                                     "f 1 2\n"                      // 4
                                     "f 1 2 8\n");                  // 5
  REQUIRE_THROWS_WITH(load_obj_mesh(path, Transform{}, 0),
                      Contains("bad_degenerate.obj:4: face has 2 vertices; at least 3 are needed"));
}

TEST_CASE("the line of a bad face is right in a file with CRLF line endings", "[obj]") {
  const std::string path = write_obj("bad_crlf.obj",
                                     "v 0 0 0\r\nv 1 0 0\r\nv 0 1 0\r\n"  // 1-3
                                     "f 1 2 3\r\n"                         // 4
                                     "f 1 3 2\r\n"                         // 5
                                     "f 3 2 5\r\n");                       // 6
  REQUIRE_THROWS_WITH(load_obj_mesh(path, Transform{}, 0), Contains("bad_crlf.obj:6: face refers to vertex 5"));
}

TEST_CASE("a relative index reaching before the first vertex is an error with its line", "[obj]") {
  const std::string path = write_obj("bad_relative.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nf -5 1 2\n");
  REQUIRE_THROWS_WITH(load_obj_mesh(path, Transform{}, 0), Contains("bad_relative.obj:4: face refers to vertex"));
}

TEST_CASE("a zero face index is an error with its line", "[obj]") {
  const std::string path = write_obj("zero.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 0 1 2\n");
  REQUIRE_THROWS_WITH(load_obj_mesh(path, Transform{}, 0), Contains(path + ":4: face corner \"0\" is not a vertex index"));
}

TEST_CASE("a missing OBJ file is an error naming it", "[obj]") {
  const std::string path = (fs::path(TESSERA_TEST_OUTPUT_DIR) / "obj_loader" / "does-not-exist.obj").string();
  REQUIRE_THROWS_WITH(load_obj_mesh(path, Transform{}, 0), Equals(path + ": mesh file not found"));
}

TEST_CASE("a directory is not a mesh file", "[obj]") {
  const fs::path dir = fs::path(TESSERA_TEST_OUTPUT_DIR) / "obj_loader" / "a-directory.obj";
  fs::create_directories(dir);
  REQUIRE_THROWS_WITH(load_obj_mesh(dir.string(), Transform{}, 0), Equals(dir.string() + ": is a directory, not a mesh file"));
}

TEST_CASE("an OBJ with no faces is an error", "[obj]") {
  const std::string vertices_only = write_obj("nofaces.obj", "# just points\nv 0 0 0\nv 1 0 0\nv 0 1 0\n");
  REQUIRE_THROWS_WITH(load_obj_mesh(vertices_only, Transform{}, 0), Equals(vertices_only + ": OBJ file has no faces"));
  const std::string empty = write_obj("empty.obj", "");
  REQUIRE_THROWS_WITH(load_obj_mesh(empty, Transform{}, 0), Equals(empty + ": OBJ file has no faces"));
  const std::string lines_only = write_obj("lines.obj", "v 0 0 0\nv 1 0 0\nl 1 2\n");
  REQUIRE_THROWS_WITH(load_obj_mesh(lines_only, Transform{}, 0), Equals(lines_only + ": OBJ file has no faces"));
}

TEST_CASE("a non-finite or missing vertex coordinate names file:line", "[obj][bad_input]") {
  // tinyobjloader reads all of these as 0 and the triangle renders.
  const std::string nan = write_obj("nan.obj", "v 0 0 0\nv 1 0 0\nv nan 1 0\nf 1 2 3\n");
  REQUIRE_THROWS_WITH(load_obj_mesh(nan, Transform{}, 0),
                      Equals(nan + ":3: vertex coordinate \"nan\" is not a finite 32-bit float"));
  const std::string inf = write_obj("inf.obj", "v 0 0 0\nv 1 0 inf\nv 0 1 0\nf 1 2 3\n");
  REQUIRE_THROWS_WITH(load_obj_mesh(inf, Transform{}, 0), Equals(inf + ":2: vertex coordinate \"inf\" is not a finite 32-bit float"));
  const std::string big = write_obj("big.obj", "v 0 0 0\r\nv 1 0 0\r\nv 0 1e39 0\r\nf 1 2 3\r\n");
  REQUIRE_THROWS_WITH(load_obj_mesh(big, Transform{}, 0), Equals(big + ":3: vertex coordinate \"1e39\" is not a finite 32-bit float"));
  const std::string two = write_obj("two.obj", "v 0 0 0\nv 1 0\nv 0 1 0\nf 1 2 3\n");
  REQUIRE_THROWS_WITH(load_obj_mesh(two, Transform{}, 0), Equals(two + ":2: vertex has 2 coordinates; expected x y z"));
  const std::string word = write_obj("word.obj", "v 0 0 0\nv 1 0 0\n  v 0 1 zero\nf 1 2 3\n");
  REQUIRE_THROWS_WITH(load_obj_mesh(word, Transform{}, 0), Equals(word + ":3: vertex coordinate \"zero\" is not a number"));
}

TEST_CASE("other mesh formats are named as not supported", "[obj][bad_input]") {
  const std::string ply = write_obj("mesh.ply", "ply\nformat ascii 1.0\nelement vertex 3\nend_header\n");
  REQUIRE_THROWS_WITH(load_obj_mesh(ply, Transform{}, 0), Equals(ply + ": a PLY file, not an OBJ (name it .ply to load it as PLY)"));
  const std::string gltf = write_obj("mesh.GLTF", "{\"asset\": {\"version\": \"2.0\"}}");
  REQUIRE_THROWS_WITH(load_obj_mesh(gltf, Transform{}, 0), Equals(gltf + ": .gltf meshes are not supported yet (expected .obj)"));
  // A PLY by its first bytes, whatever its name.
  const std::string disguised = write_obj("really_ply.obj", "ply\r\nformat binary_little_endian 1.0\r\n");
  REQUIRE_THROWS_WITH(load_obj_mesh(disguised, Transform{}, 0), Equals(disguised + ": a PLY file, not an OBJ (name it .ply to load it as PLY)"));
}

TEST_CASE("a missing material library is one warning naming the line", "[obj][bad_input]") {
  std::vector<std::string> warnings;
  const WarningHandler previous = set_warning_handler([&](const std::string& m) { warnings.push_back(m); });
  const std::string path = write_obj("mtl.obj", "# x\nmtllib absent.mtl\nv 0 0 0\nv 1 0 0\nv 0 1 0\nusemtl red\nf 1 2 3\n");
  const TriangleMesh mesh = load_obj_mesh(path, Transform{}, 0);
  set_warning_handler(previous);
  CHECK(mesh.triangle_count() == 1);
  REQUIRE(warnings.size() == 1);
  const std::string missing = (fs::path(path).parent_path() / "absent.mtl").string();
  CHECK_THAT(warnings[0], Equals(path + ":2: material library " + missing +
                                 " not found (No such file or directory); the scene file's material is used"));
}

TEST_CASE("degenerate OBJ triangles are dropped with one warning; all degenerate is an error", "[obj][bad_input]") {
  std::vector<std::string> warnings;
  const WarningHandler previous = set_warning_handler([&](const std::string& m) { warnings.push_back(m); });
  const std::string path = write_obj("degenerate_area.obj",
                                     "v 0 0 0\nv 1 0 0\nv 0 1 0\nv 2 0 0\n"  // 1-4
                                     "f 1 2 3\n"                             // 5
                                     "f 1 2 4\n"                             // 6: collinear
                                     "f 1 1 2\n");                           // 7: repeated corner
  const TriangleMesh mesh = load_obj_mesh(path, Transform{}, 0);
  set_warning_handler(previous);
  CHECK(mesh.triangle_count() == 1);
  REQUIRE(warnings.size() == 1);
  CHECK_THAT(warnings[0], Equals(path + ":6: degenerate (zero-area) triangle dropped (2 in this mesh, the first on this line)"));
  const std::string all = write_obj("all_degenerate.obj", "v 0 0 0\nv 1 0 0\nv 2 0 0\nf 1 2 3\n");
  REQUIRE_THROWS_WITH(load_obj_mesh(all, Transform{}, 0),
                      Equals(all + ":4: every triangle of the mesh is degenerate (zero area); nothing to render"));
}

TEST_CASE("a bad vertex is found in a file with CR-only line endings", "[obj][bad_input]") {
  // tinyobjloader ends a line at a lone '\r' too; the check must see every vertex.
  const std::string path = write_obj("cr_only.obj", "v 0 0 0\rv 1 0 0\rv 0 nan 0\rf 1 2 3\r");
  REQUIRE_THROWS_WITH(load_obj_mesh(path, Transform{}, 0),
                      Equals(path + ":3: vertex coordinate \"nan\" is not a finite 32-bit float"));
  const std::string bad_face = write_obj("cr_only_face.obj", "v 0 0 0\rv 1 0 0\rv 0 1 0\rf 1 2 3\rf 1 2 7\r");
  REQUIRE_THROWS_WITH(load_obj_mesh(bad_face, Transform{}, 0), Contains("cr_only_face.obj:5: face refers to vertex 7"));
}

namespace {

// An octahedron with unit vertex normals pointing away from the centre (as a
// smooth sphere would have them) and a UV per vertex.
const char* const kSmoothOctahedron =
    "v 1 0 0\nv -1 0 0\nv 0 1 0\nv 0 -1 0\nv 0 0 1\nv 0 0 -1\n"
    "vn 1 0 0\nvn -1 0 0\nvn 0 1 0\nvn 0 -1 0\nvn 0 0 1\nvn 0 0 -1\n"
    "vt 0 0\nvt 1 0\nvt 0 1\n"
    "f 1/1/1 3/2/3 5/3/5\nf 3/1/3 2/2/2 5/3/5\nf 2/1/2 4/2/4 5/3/5\nf 4/1/4 1/2/1 5/3/5\n"
    "f 3/1/3 1/2/1 6/3/6\nf 2/1/2 3/2/3 6/3/6\nf 4/1/4 2/2/2 6/3/6\nf 1/1/1 4/2/4 6/3/6\n";

// The interaction at barycentrics (b1, b2) of triangle `t` of a one-mesh geometry.
SurfaceInteraction interaction_at(const SceneGeometry& g, uint32_t t, float b1, float b2) {
  const TriangleMesh& m = g.meshes[0];
  const Vec3 p = m.corner(t, 0) * (1 - b1 - b2) + m.corner(t, 1) * b1 + m.corner(t, 2) * b2;
  const Vec3 n = normalize(cross(m.corner(t, 1) - m.corner(t, 0), m.corner(t, 2) - m.corner(t, 0)));
  Ray ray{p + n * 2.0f, -n};
  RayHit hit;
  hit.t = 2.0f;
  hit.geometry = 0;
  hit.primitive = t;
  hit.b1 = b1, hit.b2 = b2;
  return make_interaction(g, ray, hit);
}

bool close(const Vec3& a, const Vec3& b, float eps = 1e-5f) { return length(a - b) <= eps; }

}  // namespace

TEST_CASE("OBJ vertex normals and UVs: smooth shading normals and UVs interpolate", "[obj][shading]") {
  SceneGeometry g;
  g.meshes.push_back(load_obj_mesh(write_obj("smooth.obj", kSmoothOctahedron), Transform{}, 0));
  const TriangleMesh& mesh = g.meshes[0];
  REQUIRE(mesh.has_normals());
  REQUIRE(mesh.has_uvs());
  REQUIRE(mesh.triangle_count() == 8);
  // Corners that share a position but not a UV are distinct vertices.
  CHECK(mesh.vertex_count() > 6);

  // First face: corners (1,0,0), (0,1,0), (0,0,1); flat normal (1,1,1)/sqrt3.
  const Vec3 flat = normalize(Vec3(1, 1, 1));
  const SurfaceInteraction centre = interaction_at(g, 0, 1.0f / 3, 1.0f / 3);
  CHECK(close(centre.n, flat));
  CHECK(close(centre.ns, flat));  // by symmetry, the mean of the three vertex normals
  CHECK(centre.front_face);
  CHECK(close(Vec3(centre.uv.x, centre.uv.y, 0), Vec3(1.0f / 3, 1.0f / 3, 0)));

  // Near a corner the shading normal is that vertex's normal, not the face's.
  const SurfaceInteraction corner = interaction_at(g, 0, 0.0f, 0.0f);
  CHECK(close(corner.ns, {1, 0, 0}));
  CHECK(close(corner.n, flat));
  const SurfaceInteraction edge = interaction_at(g, 0, 0.5f, 0.0f);  // between (1,0,0) and (0,1,0)
  CHECK(close(edge.ns, normalize(Vec3(1, 1, 0))));
  CHECK(close(Vec3(edge.uv.x, edge.uv.y, 0), Vec3(0.5f, 0, 0)));
  // dp/du and dp/dv follow the UVs: u runs from corner 0 to corner 1, v to corner 2.
  CHECK(close(edge.dpdu, Vec3(-1, 1, 0)));
  CHECK(close(edge.dpdv, Vec3(-1, 0, 1)));
}

TEST_CASE("OBJ vertex normals: a transform turns them by the inverse transpose", "[obj][shading]") {
  SceneGeometry g;
  // A non-uniform scale and a mirror: the normals must stay perpendicular to
  // the surface and outward.
  g.meshes.push_back(load_obj_mesh(write_obj("smooth.obj", kSmoothOctahedron), Transform::scale({-2, 1, 1}), 0));
  const SurfaceInteraction corner = interaction_at(g, 0, 0.0f, 0.0f);
  CHECK(close(corner.ns, {-1, 0, 0}));  // the vertex (1,0,0) went to (-2,0,0), still outward
  for (uint32_t t = 0; t < 8; ++t) {
    const SurfaceInteraction si = interaction_at(g, t, 0.2f, 0.3f);
    CHECK(dot(si.n, si.p) > 0.0f);   // front faces still outward after the mirror
    CHECK(dot(si.ns, si.p) > 0.0f);  // and the shading normals too
  }
}

TEST_CASE("an OBJ without vn is flat shaded as before", "[obj][shading]") {
  SceneGeometry g;
  g.meshes.push_back(
      load_obj_mesh(write_obj("flat.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nv 1 1 0\nf 1 2 3\nf 2 4 3\n"), Transform{}, 0));
  CHECK_FALSE(g.meshes[0].has_normals());
  CHECK_FALSE(g.meshes[0].has_uvs());
  CHECK(g.meshes[0].vertex_count() == 4);  // no splitting
  const SurfaceInteraction si = interaction_at(g, 1, 0.2f, 0.3f);
  CHECK(si.ns == si.n);
  CHECK(close(si.n, {0, 0, 1}));
  // The default UVs (0,0), (1,0), (1,1) interpolate.
  CHECK(close(Vec3(si.uv.x, si.uv.y, 0), Vec3(0.5f, 0.3f, 0)));

  // Normals only on some corners: none are used.
  SceneGeometry mixed;
  mixed.meshes.push_back(load_obj_mesh(
      write_obj("mixed.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nv 1 1 0\nvn 0 0 1\nf 1//1 2//1 3//1\nf 2 4 3\n"),
      Transform{}, 0));
  CHECK_FALSE(mixed.meshes[0].has_normals());
}

TEST_CASE("a face's vn or vt index out of range names file and line", "[obj][bad_input]") {
  const std::string vn = write_obj("badvn.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nvn 0 0 1\n\nf 1//1 2//2 3//1\n");
  CHECK_THROWS_WITH(load_obj_mesh(vn, Transform{}, 0),
                    Equals(vn + ":6: face refers to normal 2 but the file has 1 normals"));
  const std::string vt = write_obj("badvt.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nvt 0 0\nf 1/1 2/1 3/3\n");
  CHECK_THROWS_WITH(load_obj_mesh(vt, Transform{}, 0),
                    Equals(vt + ":5: face refers to texture coordinate 3 but the file has 1 texture coordinates"));
}

TEST_CASE("OBJ smoothing groups without vn give shading normals; s off stays flat", "[obj][shading]") {
  // Two triangles folded along the x axis, in one smoothing group.
  const std::string fold = "v 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 0 1\nf 1 2 3\nf 2 1 4\n";
  const TriangleMesh smooth = load_obj_mesh(write_obj("smooth_group.obj", "s 1\n" + fold), Transform{}, 0);
  REQUIRE(smooth.has_normals());
  CHECK(smooth.vertex_count() == 4);
  // The fold's corners average +z and +y (equal areas); the others keep their face's.
  for (size_t v = 0; v < smooth.vertex_count(); ++v) {
    const Vec3 p = smooth.vertex(v), n = normalize(smooth.normal(v));
    const Vec3 expected = p.y == 1.0f ? Vec3(0, 0, 1) : p.z == 1.0f ? Vec3(0, 1, 0) : normalize(Vec3(0, 1, 1));
    CHECK(n.x == Approx(expected.x).margin(1e-6));
    CHECK(n.y == Approx(expected.y));
    CHECK(n.z == Approx(expected.z));
  }
  CHECK(!load_obj_mesh(write_obj("off_group.obj", "s off\n" + fold), Transform{}, 0).has_normals());
  CHECK(!load_obj_mesh(write_obj("no_group.obj", fold), Transform{}, 0).has_normals());
}

TEST_CASE("a face of more than 255 corners is an error naming its line, not a silently truncated polygon",
          "[obj][bad_input]") {
  std::string text;
  for (int i = 0; i < 300; ++i) text += "v " + std::to_string(std::cos(i * 0.0209)) + " " + std::to_string(std::sin(i * 0.0209)) + " 0\n";
  std::string face = "f";
  for (int i = 1; i <= 300; ++i) face += " " + std::to_string(i);
  const std::string path = write_obj("ngon.obj", text + face + "\n");
  REQUIRE_THROWS_WITH(load_obj_mesh(path, Transform{}, 0),
                      Equals(path + ":301: face has 300 vertices; at most 255 are supported (split the polygon)"));
  // 255 corners is still one polygon of 253 triangles.
  std::string fine = "f";
  for (int i = 1; i <= 255; ++i) fine += " " + std::to_string(i);
  CHECK(load_obj_mesh(write_obj("ngon255.obj", text + fine + "\n"), Transform{}, 0).triangle_count() == 253);
}

TEST_CASE("an OBJ over a megabyte is read in pieces: a CRLF split between them and a longer line count once",
          "[obj]") {
  // The text is read 1 MiB at a time (never whole in memory, issue 11): the "\r" of one line
  // is the first piece's last byte and its "\n" the next piece's first, and a comment spans
  // two pieces. Lines are counted as in one piece: the bad face is named by its own line.
  std::string text = "v 0 0 0\r\nv 1 0 0\r\nv 0 1 0\r\n";
  const size_t through_lf = (size_t(1) << 20) + 1;  // the bytes up to the split "\r\n"'s "\n"
  while (through_lf - text.size() >= 200) text += "# " + std::string(96, 'x') + "\r\n";
  text += "#" + std::string(through_lf - text.size() - 3, 'y') + "\r\n";
  REQUIRE(text.size() == through_lf);
  REQUIRE(text[(size_t(1) << 20) - 1] == '\r');
  text += "# " + std::string(size_t(3) << 19, 'z') + "\r\n";
  text += "f 1 2 3\r\n";
  const size_t bad = text.size();
  text += "f 1 2 9\r\n";
  size_t line = 1;
  for (size_t i = 0; i + 1 < bad; ++i) line += text.compare(i, 2, "\r\n") == 0;
  const std::string path = write_obj("big_crlf.obj", text);
  REQUIRE_THROWS_WITH(load_obj_mesh(path, Transform{}, 0),
                      Contains("big_crlf.obj:" + std::to_string(line) + ": face refers to vertex 9 but the file has 3 vertices"));
  // Without the bad face the same text loads its one triangle.
  text.resize(bad);
  const TriangleMesh mesh = load_obj_mesh(write_obj("big_crlf_good.obj", text), Transform{}, 0);
  CHECK(mesh.triangle_count() == 1);
  CHECK(mesh.vertex_count() == 3);
}

TEST_CASE("corners naming their normal and UV by their vertex's index keep one vertex per position", "[obj][shading]") {
  // f 1/1/1 ...: one vertex per position, in position order (an unused one
  // kept, as for faces without vn), each with its own normal and UV.
  const std::string same =
      "v 0 0 0\nv 1 0 0\nv 0 1 0\nv 5 5 5\n"
      "vn 0 0 1\nvn 1 0 0\nvn 0 1 0\nvn 1 1 1\n"
      "vt 0 0\nvt 1 0\nvt 0 1\nvt 1 1\n"
      "f 3/3/3 1/1/1 2/2/2\n";
  const TriangleMesh mesh = load_obj_mesh(write_obj("same_index.obj", same), Transform{}, 0);
  REQUIRE(mesh.triangle_count() == 1);
  REQUIRE(mesh.vertex_count() == 4);
  REQUIRE(mesh.has_normals());
  REQUIRE(mesh.has_uvs());
  CHECK(mesh.index(0, 0) == 2);
  CHECK(mesh.index(0, 1) == 0);
  CHECK(mesh.index(0, 2) == 1);
  for (uint32_t v = 0; v < 3; ++v) {
    CHECK(mesh.vertex(v) == Vec3(v == 1 ? 1.0f : 0.0f, v == 2 ? 1.0f : 0.0f, 0.0f));
    CHECK(mesh.normal(v) == Vec3(v == 1 ? 1.0f : 0.0f, v == 2 ? 1.0f : 0.0f, v == 0 ? 1.0f : 0.0f));
    CHECK(mesh.uv(v).x == (v == 1 ? 1.0f : 0.0f));
    CHECK(mesh.uv(v).y == (v == 2 ? 1.0f : 0.0f));
  }
  // Fewer normals than positions: corners make their own vertices as before
  // (the unused position is not kept).
  const std::string fewer = "v 0 0 0\nv 1 0 0\nv 0 1 0\nv 5 5 5\nvn 0 0 1\nvn 1 0 0\nvn 0 1 0\nf 3//3 1//1 2//2\n";
  const TriangleMesh split = load_obj_mesh(write_obj("fewer_normals.obj", fewer), Transform{}, 0);
  REQUIRE(split.vertex_count() == 3);
  CHECK(split.vertex(split.index(0, 0)) == Vec3(0, 1, 0));
  CHECK(split.normal(split.index(0, 0)) == Vec3(0, 1, 0));
}

TEST_CASE("a flat-shaded cube keeps one vertex per (position, normal): the corner table grows past its positions",
          "[obj][shading]") {
  // 8 positions, 6 normals, 12 triangles: 24 vertices (each corner of the
  // cube in three faces), three times the positions the table starts from.
  std::string text = "v 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nv 0 0 1\nv 1 0 1\nv 1 1 1\nv 0 1 1\n"
                     "vn 0 0 -1\nvn 0 0 1\nvn 0 -1 0\nvn 0 1 0\nvn -1 0 0\nvn 1 0 0\n";
  const int quads[6][4] = {{1, 4, 3, 2}, {5, 6, 7, 8}, {1, 2, 6, 5}, {4, 8, 7, 3}, {1, 5, 8, 4}, {2, 3, 7, 6}};
  for (int f = 0; f < 6; ++f) {
    text += "f";
    for (int k = 0; k < 4; ++k) text += " " + std::to_string(quads[f][k]) + "//" + std::to_string(f + 1);
    text += "\nf " + std::to_string(quads[f][0]) + "//" + std::to_string(f + 1) + " " + std::to_string(quads[f][2]) +
            "//" + std::to_string(f + 1) + " " + std::to_string(quads[f][3]) + "//" + std::to_string(f + 1) + "\n";
  }
  const TriangleMesh mesh = load_obj_mesh(write_obj("flat_cube.obj", text), Transform{}, 0);
  REQUIRE(mesh.triangle_count() == 18);
  CHECK(mesh.vertex_count() == 24);
  for (size_t t = 0; t < mesh.triangle_count(); ++t)
    for (int k = 0; k < 3; ++k) CHECK(mesh.normal(mesh.index(t, k)) == triangle_normal(mesh, t));
}
