#include "scene/scene_file.h"

#include "core/base/error.h"
#include "scene/json_value.h"
#include "scene/obj_loader.h"
#include "scene/shapes.h"

#include "core/engine/parallel.h"
#include "core/base/warning.h"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <sys/stat.h>

namespace tessera {
namespace {


std::string read_text_file(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) throw Error(path + ": cannot open scene file: " + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) throw Error(path + ": cannot open scene file: " + std::strerror(EISDIR));
  // A device or a pipe (/dev/zero, a FIFO) would be read forever or block.
  if (!S_ISREG(st.st_mode)) throw Error(path + ": cannot open scene file: not a regular file");
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open scene file: " + (errno ? std::strerror(errno) : "unknown error"));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw Error(path + ": cannot read scene file: " + (errno ? std::strerror(errno) : "read error"));
  return text.str();
}

std::string directory_of(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? "" : path.substr(0, slash + 1);
}

std::string resolve(const std::string& base_dir, const std::string& path) {
  return (path.empty() || path[0] == '/') ? path : base_dir + path;
}

// "transform": {"scale": s | [x,y,z], "rotate": {"axis": [x,y,z], "angle": degrees},
//               "translate": [x,y,z]} applied in that order: scale, rotate, translate.
Transform read_transform(const JsonValue& v) {
  v.expect_object({"scale", "rotate", "translate"});
  Transform t;
  if (v.has("scale")) {
    const JsonValue s = v.at("scale");
    const Vec3 factors = s.raw().is_number() ? Vec3(float(s.number())) : s.vec3();
    if (factors.x == 0 || factors.y == 0 || factors.z == 0) s.fail("scale must not be zero");
    t = Transform::scale(factors);
  }
  if (v.has("rotate")) {
    const JsonValue r = v.at("rotate");
    r.expect_object({"axis", "angle"});
    const Vec3 axis = r.at("axis").vec3();
    if (length(axis) == 0) r.at("axis").fail("axis must not be zero");
    t = Transform::rotate(float(r.at("angle").number()), axis) * t;
  }
  if (v.has("translate")) t = Transform::translate(v.at("translate").vec3()) * t;
  return t;
}

Vec3 read_color(const JsonValue& v, float max) {
  const Vec3 c = v.vec3();
  if (c.x < 0 || c.y < 0 || c.z < 0 || c.x > max || c.y > max || c.z > max)
    v.fail("each channel must be in [0, " + nlohmann::json(max).dump() + "]");
  return c;
}

CameraParams read_camera(const JsonValue& v) {
  v.expect_object({"position", "look_at", "up", "fov", "lens_radius", "focus_distance"});
  CameraParams c;
  c.position = v.vec3_or("position", c.position);
  c.look_at = v.vec3_or("look_at", c.look_at);
  c.up = v.vec3_or("up", c.up);
  if (v.has("fov")) c.vertical_fov = float(v.at("fov").number(0.001, 179.9));
  if (v.has("lens_radius")) c.lens_radius = float(v.at("lens_radius").number(0, 1e6));
  if (v.has("focus_distance")) c.focus_distance = float(v.at("focus_distance").number(0, 1e9));
  if (!within_world(c.position)) v.at("position").fail("must lie within 1e15 of the origin");
  if (!within_world(c.look_at)) v.at("look_at").fail("must lie within 1e15 of the origin");
  const Vec3 forward = c.look_at - c.position;
  if (length(forward) == 0) v.fail("position and look_at must differ");
  if (length(cross(forward, c.up)) == 0) v.fail("up must not be parallel to the view direction");
  return c;
}

void read_film(const JsonValue& v, RenderSettings& s) {
  v.expect_object({"resolution", "spp", "max_depth", "seed", "sampler", "filter"});
  if (v.has("resolution")) {
    const JsonValue r = v.at("resolution");
    r.expect_array();
    if (r.size() != 2) r.fail("expected [width, height]");
    s.width = int(r.at(size_t(0)).integer(1, kMaxResolutionSide));
    s.height = int(r.at(size_t(1)).integer(1, kMaxResolutionSide));
    const std::string problem = resolution_problem(s.width, s.height);
    if (!problem.empty()) r.fail(problem);
  }
  if (v.has("spp")) s.spp = int(v.at("spp").integer(1, 1 << 20));
  if (v.has("max_depth")) s.max_depth = int(v.at("max_depth").integer(0, 1024));
  if (v.has("seed")) s.seed = v.at("seed").unsigned_integer();
  // "sampler": "sobol" | "independent"; "filter": "NAME" or "NAME:RADIUS", as on the command line.
  if (v.has("sampler")) {
    const JsonValue k = v.at("sampler");
    const std::string name = k.string();  // a wrong type is reported by string() itself
    try {
      s.sampler = parse_sampler_kind(name);
    } catch (const Error& e) {
      k.fail(e.what());
    }
  }
  if (v.has("filter")) {
    const JsonValue f = v.at("filter");
    const std::string text = f.string();
    try {
      s.filter = parse_filter(text);
    } catch (const Error& e) {
      f.fail(e.what());
    }
  }
}

void read_render(const JsonValue& v, SceneFile& out) {
  v.expect_object({"threads", "bucket_size"});
  if (v.has("threads")) {
    const JsonValue t = v.at("threads");
    out.threads = check_thread_request(t.integer(INT64_MIN, INT64_MAX), t.file() + ": " + t.pointer());
  }
  if (v.has("bucket_size")) {
    const JsonValue b = v.at("bucket_size");
    if (b.raw().is_number_integer()) {
      const int side = int(b.integer(1, kMaxBucketSide));
      out.bucket_size = BucketSize{side, side};
    } else if (b.raw().is_array()) {
      if (b.size() != 2) b.fail("expected a size or [width, height]");
      out.bucket_size = BucketSize{int(b.at(size_t(0)).integer(1, kMaxBucketSide)),
                                   int(b.at(size_t(1)).integer(1, kMaxBucketSide))};
    } else {
      b.fail("expected a size or [width, height]");
    }
  }
}

Material read_material(const JsonValue& v) {
  const std::string type = v.at("type").string();
  Material m;
  if (type == "diffuse") {
    v.expect_object({"type", "albedo", "emission", "two_sided"});
    m.albedo = v.has("albedo") ? read_color(v.at("albedo"), 1.0f) : m.albedo;
    m.emission = v.has("emission") ? read_color(v.at("emission"), 1e9f) : m.emission;
  } else if (type == "emissive") {
    v.expect_object({"type", "radiance", "two_sided"});
    m.albedo = Vec3(0.0f);
    m.emission = read_color(v.at("radiance"), 1e9f);
  } else {
    v.at("type").fail("unknown material type \"" + type + "\" (expected diffuse or emissive)");
  }
  m.two_sided = v.boolean_or("two_sided", false);
  return m;
}

class ShapeReader {
 public:
  ShapeReader(const std::map<std::string, uint32_t>& materials, std::string base_dir, SceneGeometry& out)
      : materials_(materials), base_dir_(std::move(base_dir)), out_(out) {}

  void read(const JsonValue& v) {
    const std::string type = v.at("type").string();
    if (type == "sphere") {
      v.expect_object({"type", "material", "center", "radius"});
      const JsonValue r = v.at("radius");
      const float radius = float(r.number());
      if (!(radius > 0)) r.fail("must be > 0");
      const Vec3 center = v.vec3_or("center", Vec3(0.0f));
      if (!within_world(center - Vec3(radius)) || !within_world(center + Vec3(radius)))
        v.fail("the sphere reaches beyond 1e15 from the origin");
      out_.add_sphere({center, radius}, material(v));
    } else if (type == "quad") {
      v.expect_object({"type", "material", "corner", "edge1", "edge2", "transform"});
      const Vec3 e1 = v.at("edge1").vec3(), e2 = v.at("edge2").vec3();
      if (length(cross(e1, e2)) == 0) v.fail("edge1 and edge2 must span an area");
      add(v, make_quad(v.at("corner").vec3(), e1, e2, transform(v), material(v)));
    } else if (type == "box") {
      v.expect_object({"type", "material", "min", "max", "transform"});
      const Vec3 lo = v.at("min").vec3(), hi = v.at("max").vec3();
      if (!(lo.x < hi.x && lo.y < hi.y && lo.z < hi.z)) v.at("max").fail("must be greater than min on every axis");
      add(v, make_box(lo, hi, transform(v), material(v)));
    } else if (type == "triangles") {
      v.expect_object({"type", "material", "positions", "indices", "transform"});
      add(v, transformed(read_triangles(v), transform(v)));
    } else if (type == "mesh") {
      v.expect_object({"type", "material", "file", "transform"});
      const std::string file = v.at("file").string();
      try {
        add(v, load_obj_mesh(resolve(base_dir_, file), transform(v), material(v)));
      } catch (const Error& e) {
        v.at("file").fail(e.what());  // "scene.json: /shapes/2/file: bunny.obj: mesh file not found"
      }
    } else {
      v.at("type").fail("unknown shape type \"" + type + "\" (expected sphere, quad, box, triangles or mesh)");
    }
  }

 private:
  uint32_t material(const JsonValue& v) const {
    const JsonValue m = v.at("material");
    const std::string name = m.string();
    auto it = materials_.find(name);
    if (it == materials_.end()) m.fail("unknown material \"" + name + "\"");
    return it->second;
  }
  Transform transform(const JsonValue& v) const { return v.has("transform") ? read_transform(v.at("transform")) : Transform{}; }
  void add(const JsonValue& v, TriangleMesh mesh) {
    if (!all_vertices_within_world(mesh))
      v.fail("a vertex lies beyond 1e15 from the origin after the transform (or overflows a 32-bit float)");
    out_.meshes.push_back(std::move(mesh));
  }

  TriangleMesh read_triangles(const JsonValue& v) const {
    TriangleMesh mesh(material(v));
    const JsonValue positions = v.at("positions"), indices = v.at("indices");
    positions.expect_array();
    indices.expect_array();
    for (size_t i = 0; i < positions.size(); ++i) mesh.add_vertex(positions.at(i).vec3());
    if (indices.size() == 0 || indices.size() % 3 != 0) indices.fail("expected a non-empty multiple of 3 indices");
    const int64_t last = int64_t(mesh.vertex_count()) - 1;
    size_t dropped = 0, first_dropped = 0;
    for (size_t i = 0; i < indices.size(); i += 3) {
      const uint32_t a = uint32_t(indices.at(i).integer(0, last)), b = uint32_t(indices.at(i + 1).integer(0, last)),
                     c = uint32_t(indices.at(i + 2).integer(0, last));
      if (is_degenerate(mesh.vertex(a), mesh.vertex(b), mesh.vertex(c))) {
        if (dropped++ == 0) first_dropped = i;
        continue;
      }
      mesh.add_triangle(a, b, c);
    }
    if (dropped > 0) {
      const JsonValue first = indices.at(first_dropped);
      if (mesh.triangle_count() == 0) first.fail("every triangle is degenerate (zero area); nothing to render");
      warn(first.file() + ": " + first.pointer() + ": degenerate (zero-area) triangle dropped" +
           (dropped > 1 ? " (" + std::to_string(dropped) + " in this shape, the first here)" : ""));
    }
    return mesh;
  }

  const std::map<std::string, uint32_t>& materials_;
  std::string base_dir_;
  SceneGeometry& out_;
};

}  // namespace

std::string resolution_problem(long long width, long long height) {
  if (width < 1 || height < 1 || width > kMaxResolutionSide || height > kMaxResolutionSide)
    return "each side must be in [1, " + std::to_string(kMaxResolutionSide) + "], got " + std::to_string(width) + "x" +
           std::to_string(height);
  if (width * height > kMaxPixels)
    return std::to_string(width) + "x" + std::to_string(height) + " is " + std::to_string(width * height) +
           " pixels, more than the " + std::to_string(kMaxPixels) + " (32768x32768) a render may have";
  return "";
}

SceneFile load_scene_text(const std::string& text, const std::string& path, const std::string& base_dir) {
  const nlohmann::json json = parse_json_text(text, path);
  const JsonValue root(json, path);
  root.expect_object({"camera", "film", "render", "environment", "materials", "shapes"});

  SceneFile out;
  out.path = path;
  if (root.has("camera")) out.scene.camera = read_camera(root.at("camera"));
  if (root.has("film")) read_film(root.at("film"), out.settings);
  if (root.has("render")) read_render(root.at("render"), out);
  if (root.has("environment")) {
    const JsonValue env = root.at("environment");
    env.expect_object({"radiance"});
    out.scene.environment = read_color(env.at("radiance"), 1e9f);
  }

  std::map<std::string, uint32_t> material_ids;
  const JsonValue materials = root.at("materials");
  if (!materials.raw().is_object()) materials.fail("expected an object of named materials");
  for (auto it = json["materials"].begin(); it != json["materials"].end(); ++it) {
    material_ids[it.key()] = uint32_t(out.scene.materials.size());
    out.scene.materials.push_back(read_material(materials.at(it.key().c_str())));
  }

  const JsonValue shapes = root.at("shapes");
  shapes.expect_array();
  ShapeReader reader(material_ids, base_dir, out.scene.geometry);
  for (size_t i = 0; i < shapes.size(); ++i) reader.read(shapes.at(i));
  if (out.scene.geometry.meshes.empty() && out.scene.geometry.spheres.empty()) shapes.fail("the scene has no shapes");

  out.scene.finalize();
  return out;
}

SceneFile load_scene_file(const std::string& path) {
  return load_scene_text(read_text_file(path), path, directory_of(path));
}

}  // namespace tessera
