#include "scene/scene_description.h"

#include "core/base/error.h"
#include "core/engine/parallel.h"
#include "core/journal/render_fingerprint.h"
#include "core/sampling/filter.h"
#include "core/sampling/sampler.h"
#include "scene/json_value.h"
#include "scene/file_paths.h"
#include "scene/lights.h"
#include "scene/model.h"
#include "scene/scene_file.h"
#include "scene/shapes.h"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <sys/stat.h>

namespace tessera {
namespace {

// ---- lines -------------------------------------------------------------------
// nlohmann's DOM keeps no positions, so the text is walked once more (it is
// valid JSON by now) to find the line where each value down to depth 3 starts:
// /shapes/3 and /shapes/3/file, not every number of a long positions array.
// Deeper values are skipped without recursion, so nesting cannot exhaust the stack.
class LineFinder {
 public:
  explicit LineFinder(const std::string& text) : t_(text) {
    if (t_.compare(0, 3, "\xEF\xBB\xBF") == 0) i_ = 3;  // a UTF-8 byte order mark
    value("", 0);
  }
  std::map<std::string, int> lines;

 private:
  static constexpr int kMaxDepth = 3;
  void space() {
    while (i_ < t_.size() && (t_[i_] == ' ' || t_[i_] == '\t' || t_[i_] == '\n' || t_[i_] == '\r')) {
      if (t_[i_] == '\n') ++line_;
      ++i_;
    }
  }
  // The string at i_ (its quotes included); decoded when `decode`.
  std::string string(bool decode) {
    const size_t start = i_++;
    while (i_ < t_.size() && t_[i_] != '"') i_ += t_[i_] == '\\' ? 2 : 1;
    ++i_;
    if (!decode) return "";
    const std::string raw = t_.substr(start, i_ - start);
    if (raw.find('\\') == std::string::npos) return raw.substr(1, raw.size() - 2);
    try {
      return nlohmann::json::parse(raw).get<std::string>();
    } catch (const std::exception&) {
      return "";
    }
  }
  void skip_value() {
    int depth = 0;
    do {
      space();
      if (i_ >= t_.size()) return;
      const char c = t_[i_];
      if (c == '"') string(false);
      else if (c == '{' || c == '[') ++depth, ++i_;
      else if (c == '}' || c == ']') --depth, ++i_;
      else if (c == ',' || c == ':') ++i_;
      else
        while (i_ < t_.size() && !std::strchr(",:]} \t\r\n", t_[i_])) ++i_;
    } while (depth > 0);
  }
  void value(const std::string& pointer, int depth) {
    space();
    if (i_ >= t_.size()) return;
    lines[pointer] = line_;
    const char c = t_[i_];
    if (depth == kMaxDepth || (c != '{' && c != '[')) return skip_value();
    ++i_;
    for (size_t index = 0;; ++index) {
      space();
      if (i_ >= t_.size() || t_[i_] == '}' || t_[i_] == ']') break;
      std::string token = std::to_string(index);
      if (c == '{') {
        token = escape_pointer_token(string(true));
        space();
        ++i_;  // ':'
      }
      value(pointer + "/" + token, depth + 1);
      space();
      if (i_ < t_.size() && t_[i_] == ',') ++i_;
    }
    ++i_;
  }
  const std::string& t_;
  size_t i_ = 0;
  int line_ = 1;
};

// ---- reading -----------------------------------------------------------------

class Reader {
 public:
  Reader(const std::string& path, const std::map<std::string, int>& lines) : path_(path), lines_(lines) {}

  SourceOrigin origin(const std::string& pointer) const {
    auto it = lines_.find(pointer);
    return {path_, pointer, it == lines_.end() ? 0 : it->second};
  }
  SourceOrigin origin(const JsonValue& v) const { return origin(v.pointer()); }

 private:
  std::string path_;
  const std::map<std::string, int>& lines_;
};

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
    v.fail("each channel must be in [0, " + std::to_string(static_cast<long long>(max)) + "]");  // max: 1 or 1e9
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

// The film block: every setting that changes pixels and is not the scene's
// content. A new setting is a key here (and in scenes/README.md); the
// fingerprint covers it through the document, and the command line sets it
// through set_film_value.
RenderSettings read_film(const JsonValue& v) {
  RenderSettings s;
  v.expect_object({"resolution", "spp", "max_depth", "seed", "variance", "sampler", "filter", "aov"});
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
  s.variance = v.boolean_or("variance", false);
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
  if (v.has("aov")) {  // ["albedo", "normal", ...]: core/render/aov.h
    const JsonValue list = v.at("aov");
    list.expect_array();
    for (size_t i = 0; i < list.size(); ++i) {
      const JsonValue name = list.at(i);
      try {
        s.aovs.mask |= parse_aov_names({name.string()}).mask;
      } catch (const Error& e) {
        name.fail(e.what());
      }
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
  return s;
}

// The film block with every setting read_film knows written out: a default
// stated (by the file or the command line) and a default left out are then the
// same description. Keys it does not write stay as they are.
void write_film(nlohmann::json& film, const RenderSettings& s) {
  if (!film.is_object()) film = nlohmann::json::object();
  film["resolution"] = {s.width, s.height};
  film["spp"] = s.spp;
  film["max_depth"] = s.max_depth;
  film["seed"] = s.seed;
  film["variance"] = s.variance;
  film["sampler"] = to_string(s.sampler);
  film["filter"] = to_string(s.filter);
  // The layers in one order, and none left out rather than [] (so the
  // fingerprint of a render without AOVs is what it was before they existed).
  if (s.aovs.empty())
    film.erase("aov");
  else
    film["aov"] = aov_name_list(s.aovs);
}

void read_render(const JsonValue& v, SceneDescription& out) {
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

// The keys of a MaterialParam's `excludes` list ("a,b").
std::vector<std::string> split_keys(const char* list) {
  std::vector<std::string> keys;
  if (!list) return keys;
  std::string key;
  for (const char* c = list;; ++c) {
    if (*c == ',' || *c == '\0') {
      if (!key.empty()) keys.push_back(key);
      key.clear();
      if (*c == '\0') break;
    } else {
      key += *c;
    }
  }
  return keys;
}

// A MaterialParam::Choice value: the index of the name in `names` (null-terminated).
int read_choice(const JsonValue& v, const char* const* names) {
  const std::string name = v.string();
  std::string all;
  for (int i = 0; names[i]; ++i) {
    if (name == names[i]) return i;
    all += (i ? ", " : "") + std::string(names[i]);
  }
  v.fail("unknown name \"" + name + "\" (expected one of " + all + ")");
}

// ---- textures ----------------------------------------------------------------

// A constant where a texture may also stand: a number for scalar parameters,
// [r, g, b] for colours, with the parameter's range.
Vec3 read_constant(const JsonValue& v, MaterialParam::Type type) {
  switch (type) {
    case MaterialParam::Type::Reflectance: return read_color(v, 1.0f);
    case MaterialParam::Type::Color: return read_color(v, 1e9f);
    case MaterialParam::Type::Unit: return Vec3(float(v.number(0, 1)));
    case MaterialParam::Type::Positive: {
      const float x = float(v.number());
      if (!(x > 0)) v.fail("must be > 0");
      return Vec3(x);
    }
    default: break;  // Boolean and Choice are never textures
  }
  return v.raw().is_number() ? Vec3(float(v.number())) : v.vec3();
}

bool is_color(MaterialParam::Type type) {
  return type == MaterialParam::Type::Reflectance || type == MaterialParam::Type::Color;
}

Vec2 read_vec2(const JsonValue& v) {
  v.expect_array();
  if (v.size() != 2) v.fail("expected [u, v]");
  return {float(v.at(size_t(0)).number()), float(v.at(size_t(1)).number())};
}

// A texture object: {"texture": "file.png", "wrap", "uv_scale", "uv_offset",
// "colorspace", "channel"} or {"checkerboard": {"color0", "color1", "scale"}, "uv_scale",
// "uv_offset"}. `srgb`: the default colour space of an image for this parameter.
TextureDescription read_texture(const JsonValue& v, MaterialParam::Type type, bool srgb, const std::string& base_dir,
                                const SourceOrigin& origin) {
  TextureDescription t;
  t.origin = origin;
  Texture& tex = t.texture;
  if (v.has("texture")) {
    v.expect_object({"texture", "wrap", "uv_scale", "uv_offset", "colorspace", "channel"});
    tex.kind = TextureKind::Image;
    t.file = v.at("texture").string();
    if (t.file.empty()) v.at("texture").fail("expected a file name");
    t.path = resolve(base_dir, t.file);
    t.srgb = srgb;
    if (v.has("colorspace")) {
      const std::string cs = v.at("colorspace").string();
      if (cs == "srgb") t.srgb = true;
      else if (cs == "linear") t.srgb = false;
      else v.at("colorspace").fail("unknown colour space \"" + cs + "\" (expected srgb or linear)");
    }
    if (v.has("channel")) {
      const std::string c = v.at("channel").string();
      if (c == "r") t.channel = TextureChannel::R;
      else if (c == "g") t.channel = TextureChannel::G;
      else if (c == "b") t.channel = TextureChannel::B;
      else if (c == "a") t.channel = TextureChannel::A;
      else v.at("channel").fail("unknown channel \"" + c + "\" (expected r, g, b or a)");
    }
    if (v.has("wrap")) {
      const std::string w = v.at("wrap").string();
      if (w == "repeat") tex.wrap = TextureWrap::Repeat;
      else if (w == "clamp") tex.wrap = TextureWrap::Clamp;
      else if (w == "mirror") tex.wrap = TextureWrap::Mirror;
      else v.at("wrap").fail("unknown wrap mode \"" + w + "\" (expected repeat, clamp or mirror)");
    }
  } else if (v.has("checkerboard")) {
    v.expect_object({"checkerboard", "uv_scale", "uv_offset"});
    const JsonValue c = v.at("checkerboard");
    c.expect_object({"color0", "color1", "scale"});
    tex.kind = TextureKind::Checkerboard;
    tex.value = c.has("color0") ? read_constant(c.at("color0"), type) : Vec3(1.0f);
    tex.value1 = c.has("color1") ? read_constant(c.at("color1"), type) : Vec3(0.0f);
    if (c.has("scale")) {
      const JsonValue n = c.at("scale");
      tex.checks = float(n.number());
      if (!(tex.checks > 0)) n.fail("must be > 0");
    }
  } else {
    v.fail(std::string("expected a ") + (is_color(type) ? "colour [r, g, b]" : "number") +
           " or a texture ({\"texture\": \"file.png\"} or {\"checkerboard\": {...}})");
  }
  if (v.has("uv_scale")) tex.uv_scale = read_vec2(v.at("uv_scale"));
  if (v.has("uv_offset")) tex.uv_offset = read_vec2(v.at("uv_offset"));
  return t;
}

// A value that may be a constant or a texture: a texture is added to
// `textures` and its id returned; a constant is stored in `constant` and
// kNoTexture returned. With `vertex_color_fallback` (colour parameters), the
// string "vertex_color" is a texture too: the mesh's vertex colours, the
// fallback where it has none.
uint32_t read_textured(const JsonValue& v, MaterialParam::Type type, bool srgb, Vec3& constant,
                       std::vector<TextureDescription>& textures, const std::string& base_dir,
                       const SourceOrigin& origin, const Vec3* vertex_color_fallback = nullptr) {
  if (vertex_color_fallback && v.raw().is_string()) {
    if (v.string() != "vertex_color")
      v.fail("expected a colour [r, g, b], \"vertex_color\" or a texture ({\"texture\": \"file.png\"})");
    TextureDescription t;
    t.texture.value = Vec3(1.0f);
    t.texture.vertex_color = true;
    t.texture.vertex_color_fallback = *vertex_color_fallback;
    t.origin = origin;
    textures.push_back(t);
    return uint32_t(textures.size() - 1);
  }
  if (!v.raw().is_object()) {
    constant = read_constant(v, type);
    return kNoTexture;
  }
  textures.push_back(read_texture(v, type, srgb, base_dir, origin));
  return uint32_t(textures.size() - 1);
}

// A material block: "emissive" (radiance only), or a registered kind
// (core/materials/material_kinds.h) with the parameters its BxDF lists, plus
// "emission" (times "emission_strength"), "two_sided", "normal_map", "alpha"
// and "alpha_cutoff" for any kind. No kind is named here. Any parameter may be a texture: colour
// parameters decode 8-bit images as sRGB, scalar ones (and normal maps) as
// linear data. Textures go to `textures`; `origin` is the block's.
Material read_material(const JsonValue& v, std::vector<TextureDescription>& textures, const std::string& base_dir,
                       const SourceOrigin& origin) {
  const std::string type = v.at("type").string();
  Material m;
  if (type == "emissive") {
    v.expect_object({"type", "radiance", "two_sided"});
    m.albedo = Vec3(0.0f);
    m.emission = read_color(v.at("radiance"), 1e9f);
  } else if (material_kind_from_name(type.c_str(), m.kind)) {
    std::vector<const char*> allowed = {"type", "emission", "emission_strength", "two_sided"};
    for (const MaterialParam& p : material_params(m.kind)) allowed.push_back(p.name);
    allowed.insert(allowed.end(), {"normal_map", "alpha", "alpha_cutoff"});
    v.expect_object(allowed);
    for (const MaterialParam& p : material_params(m.kind)) {
      if (!v.has(p.name)) continue;  // the default in MaterialParams
      const JsonValue value = v.at(p.name);
      for (const std::string& other : split_keys(p.excludes))
        if (v.has(other.c_str())) value.fail("cannot be given together with \"" + other + "\"");
      switch (p.type) {
        case MaterialParam::Type::Boolean: m.*p.flag = value.boolean(); break;
        case MaterialParam::Type::Choice: m.*p.choice = read_choice(value, p.choices); break;
        default: {  // numbers and colours: a constant or a texture
          Vec3 constant;
          // "vertex_color" for a colour: where the mesh has none, the parameter's default.
          const Vec3 fallback = p.color ? MaterialParams{}.*p.color : Vec3(1.0f);
          const uint32_t id = read_textured(value, p.type, is_color(p.type), constant, textures, base_dir,
                                            origin.child(p.name), p.color ? &fallback : nullptr);
          if (id != kNoTexture) m.textures.push_back({p, id});
          else if (p.color) m.*p.color = constant;
          else m.*p.number = constant.x;
        }
      }
    }
    if (v.has("emission")) {
      // A colour, or a texture (sRGB by default) with the radiance it gives.
      Vec3 constant;
      m.emission_texture = read_textured(v.at("emission"), MaterialParam::Type::Color, true, constant, textures,
                                         base_dir, origin.child("emission"));
      m.emission = m.emission_texture == kNoTexture ? constant : Vec3(1.0f);
    }
    // glTF's emissiveFactor times KHR_materials_emissive_strength: the product is the radiance.
    if (v.has("emission_strength")) m.emission = m.emission * float(v.at("emission_strength").number(0, 1e9));
    if (v.has("normal_map")) {
      const JsonValue n = v.at("normal_map");
      Vec3 constant;
      m.normal_map = read_textured(n, MaterialParam::Type::Reflectance, false, constant, textures, base_dir,
                                   origin.child("normal_map"));
      if (m.normal_map == kNoTexture) {  // a constant normal map: one tilt everywhere
        TextureDescription c;
        c.texture.value = constant;
        c.origin = origin.child("normal_map");
        textures.push_back(c);
        m.normal_map = uint32_t(textures.size() - 1);
      }
    }
    if (v.has("alpha")) {
      Vec3 constant;
      m.alpha_texture = read_textured(v.at("alpha"), MaterialParam::Type::Unit, false, constant, textures, base_dir,
                                      origin.child("alpha"));
      if (m.alpha_texture == kNoTexture) m.alpha = constant.x;
    }
    if (v.has("alpha_cutoff")) m.alpha_cutoff = float(v.at("alpha_cutoff").number(0, 1));
    // Lights sample points on the whole surface, cut-out parts included: refused until they know alpha.
    if (m.has_alpha() && m.is_emissive()) v.at("alpha").fail("an emitting material cannot have cut-outs (yet)");
  } else {
    v.at("type").fail("unknown material type \"" + type + "\" (expected " + material_kind_names() + " or emissive)");
  }
  m.two_sided = v.boolean_or("two_sided", false);
  return m;
}

ShapeDescription read_shape(const JsonValue& v, const std::map<std::string, uint32_t>& materials,
                            const std::string& base_dir, const std::function<uint32_t()>& default_material) {
  ShapeDescription s;
  const auto material = [&] {
    const JsonValue m = v.at("material");
    const std::string name = m.string();
    auto it = materials.find(name);
    if (it == materials.end()) m.fail("unknown material \"" + name + "\"");
    return it->second;
  };
  const auto transform = [&] { return v.has("transform") ? read_transform(v.at("transform")) : Transform{}; };
  const std::string type = v.at("type").string();
  if (type == "sphere") {
    v.expect_object({"type", "material", "center", "radius"});
    s.type = ShapeType::Sphere;
    const JsonValue r = v.at("radius");
    s.radius = float(r.number());
    if (!(s.radius > 0)) r.fail("must be > 0");
    s.center = v.vec3_or("center", Vec3(0.0f));
    if (!within_world(s.center - Vec3(s.radius)) || !within_world(s.center + Vec3(s.radius)))
      v.fail("the sphere reaches beyond 1e15 from the origin");
    s.material = material();
  } else if (type == "quad") {
    v.expect_object({"type", "material", "corner", "edge1", "edge2", "transform"});
    s.type = ShapeType::Quad;
    s.edge1 = v.at("edge1").vec3(), s.edge2 = v.at("edge2").vec3();
    if (length(cross(s.edge1, s.edge2)) == 0) v.fail("edge1 and edge2 must span an area");
    s.corner = v.at("corner").vec3();
    s.to_world = transform();
    s.material = material();
  } else if (type == "box") {
    v.expect_object({"type", "material", "min", "max", "transform"});
    s.type = ShapeType::Box;
    s.min = v.at("min").vec3(), s.max = v.at("max").vec3();
    if (!(s.min.x < s.max.x && s.min.y < s.max.y && s.min.z < s.max.z))
      v.at("max").fail("must be greater than min on every axis");
    s.to_world = transform();
    s.material = material();
  } else if (type == "triangles") {
    v.expect_object({"type", "material", "positions", "indices", "transform"});
    s.type = ShapeType::Triangles;
    s.material = material();
    const JsonValue positions = v.at("positions"), indices = v.at("indices");
    positions.expect_array();
    indices.expect_array();
    for (size_t i = 0; i < positions.size(); ++i) s.positions.push_back(positions.at(i).vec3());
    if (indices.size() == 0 || indices.size() % 3 != 0) indices.fail("expected a non-empty multiple of 3 indices");
    const int64_t last = int64_t(s.positions.size()) - 1;
    for (size_t i = 0; i < indices.size(); ++i) s.indices.push_back(uint32_t(indices.at(i).integer(0, last)));
    s.to_world = transform();
  } else if (type == "mesh") {
    v.expect_object({"type", "material", "file", "transform"});
    s.type = ShapeType::Mesh;
    s.file = v.at("file").string();
    s.path = resolve(base_dir, s.file);
    s.to_world = transform();
    s.material = v.has("material") ? material() : default_material();  // no material: its vertex colours
  } else if (type == "model") {
    v.expect_object({"type", "file", "transform", "material", "camera"});
    s.type = ShapeType::Model;
    s.file = v.at("file").string();
    if (!is_model_path(s.file))
      v.at("file").fail("not a model file (expected .gltf, .glb, .obj or .ply): \"" + s.file + "\"");
    s.path = resolve(base_dir, s.file);
    s.to_world = transform();
    if (v.has("material")) s.material = material(), s.override_material = true;
    if (v.has("camera")) s.camera = v.at("camera").string();
  } else {
    v.at("type").fail("unknown shape type \"" + type + "\" (expected sphere, quad, box, triangles, mesh or model)");
  }
  return s;
}

// "meshes": {"name": {"file": "tree.obj", "material": "bark"}}, "instances":
// [{"of": "name", "transform": {...}, "material": "override"}]. Every mesh must
// be placed at least once (an unused one is most likely a typo).
void read_instancing(const JsonValue& root, const Reader& at, const std::map<std::string, uint32_t>& materials,
                     const std::string& base_dir, SceneDescription& out,
                     const std::function<uint32_t()>& default_material) {
  const auto material = [&](const JsonValue& m) {
    const std::string name = m.string();
    auto it = materials.find(name);
    if (it == materials.end()) m.fail("unknown material \"" + name + "\"");
    return it->second;
  };
  std::map<std::string, uint32_t> ids;
  if (root.has("meshes")) {
    const JsonValue meshes = root.at("meshes");
    if (!meshes.raw().is_object()) meshes.fail("expected an object of named meshes");
    for (auto it = meshes.raw().begin(); it != meshes.raw().end(); ++it) {
      const JsonValue m = meshes.at(it.key().c_str());
      m.expect_object({"file", "material"});
      PrototypeDescription p;
      p.name = it.key();
      p.file = m.at("file").string();
      p.path = resolve(base_dir, p.file);
      p.material = m.has("material") ? material(m.at("material")) : default_material();
      p.origin = at.origin(m);
      ids[p.name] = uint32_t(out.prototypes.size());
      out.prototypes.push_back(std::move(p));
    }
  }
  std::vector<bool> used(out.prototypes.size(), false);
  if (root.has("instances")) {
    const JsonValue instances = root.at("instances");
    instances.expect_array();
    for (size_t i = 0; i < instances.size(); ++i) {
      const JsonValue v = instances.at(i);
      v.expect_object({"of", "transform", "material"});
      const JsonValue of = v.at("of");
      const std::string name = of.string();
      auto it = ids.find(name);
      if (it == ids.end()) {
        std::string all;
        for (const auto& [known, id] : ids) all += (all.empty() ? "" : ", ") + known;
        of.fail("unknown mesh \"" + name + "\" (" + (all.empty() ? "\"meshes\" defines none" : "\"meshes\" defines " + all) + ")");
      }
      InstanceDescription inst;
      inst.prototype = it->second;
      inst.material = v.has("material") ? material(v.at("material")) : out.prototypes[it->second].material;
      inst.to_world = v.has("transform") ? read_transform(v.at("transform")) : Transform{};
      inst.origin = at.origin(v);
      used[it->second] = true;
      out.instances.push_back(inst);
    }
  }
  for (size_t p = 0; p < out.prototypes.size(); ++p)
    if (!used[p]) out.prototypes[p].origin.fail("mesh \"" + out.prototypes[p].name + "\" is never placed by an instance");
}

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

// Numbers in one spelling: a float with an integral value becomes that integer
// (1.0 and 1 read the same), keeping -0.0 and values beyond 64-bit integers.
void canonicalize(nlohmann::json& v) {
  if (v.is_object() || v.is_array()) {
    for (auto& child : v) canonicalize(child);
  } else if (v.is_number_float()) {
    const double d = v.get<double>();
    if (d == std::floor(d) && !(d == 0 && std::signbit(d))) {
      if (d >= 0 && d < 18446744073709551616.0) v = uint64_t(d);
      else if (d < 0 && d >= -9223372036854775808.0) v = int64_t(d);
    }
  } else if (v.is_number_integer() && !v.is_number_unsigned() && v.get<int64_t>() >= 0) {
    v = uint64_t(v.get<int64_t>());  // a non-negative integer is one type, however it was parsed
  }
}

}  // namespace

void SourceOrigin::fail(const std::string& reason) const { throw Error(where() + ": " + reason); }

SourceOrigin SourceOrigin::child(const std::string& token) const {
  return {file, pointer + "/" + escape_pointer_token(token), 0};
}

Material vertex_color_material(std::vector<TextureDescription>& textures, const SourceOrigin& origin) {
  Material m;
  m.kind = MaterialKind::Diffuse;
  m.albedo = Vec3(0.8f);
  TextureDescription t;
  t.texture.value = Vec3(1.0f);
  t.texture.vertex_color = true;
  t.texture.vertex_color_fallback = m.albedo;
  t.origin = origin;
  textures.push_back(t);
  for (const MaterialParam& p : material_params(m.kind))
    if (p.color == &MaterialParams::albedo) m.textures.push_back({p, uint32_t(textures.size() - 1)});
  return m;
}

SceneDescription parse_scene_text(const std::string& text, const std::string& path, const std::string& base_dir) {
  SceneDescription out;
  out.path = path;
  out.base_dir = base_dir;
  out.document = parse_json_text(text, path);
  const nlohmann::json& json = out.document;
  const LineFinder finder(text);
  const Reader at(path, finder.lines);
  const JsonValue root(json, path);
  root.expect_object({"camera", "film", "render", "environment", "materials", "shapes", "lights", "meshes", "instances"});

  out.camera_origin = at.origin("/camera");
  out.film_origin = at.origin("/film");
  out.render_origin = at.origin("/render");
  out.environment_origin = at.origin("/environment");
  if (root.has("camera")) {
    const JsonValue camera = root.at("camera");
    if (camera.raw().is_string()) {  // "auto" or "model": build_scene frames the geometry
      const std::string choice = camera.string();
      if (choice == "auto") out.camera_choice = SceneDescription::CameraChoice::Auto;
      else if (choice == "model") out.camera_choice = SceneDescription::CameraChoice::Model;
      else camera.fail("expected a camera object, \"auto\" or \"model\"");
    } else {
      out.camera = read_camera(camera);
    }
  }
  if (root.has("film")) out.film = read_film(root.at("film"));
  write_film(out.document["film"], out.film);
  if (root.has("render")) read_render(root.at("render"), out);
  if (root.has("environment")) {
    const JsonValue env = root.at("environment");
    env.expect_object({"radiance"});
    out.environment = read_color(env.at("radiance"), 1e9f);
  }

  std::map<std::string, uint32_t> material_ids;
  const JsonValue materials = root.at("materials");
  if (!materials.raw().is_object()) materials.fail("expected an object of named materials");
  for (auto it = json["materials"].begin(); it != json["materials"].end(); ++it) {
    const JsonValue m = materials.at(it.key().c_str());
    material_ids[it.key()] = uint32_t(out.materials.size());
    out.materials.push_back({it.key(), read_material(m, out.textures, base_dir, at.origin(m)), at.origin(m)});
  }

  // The material of a mesh that names none, added when one is first needed.
  uint32_t vertex_color_default = kNoTexture;
  const std::function<uint32_t()> default_material = [&] {
    if (vertex_color_default == kNoTexture) {
      const SourceOrigin origin{path, "", 0};
      out.materials.push_back({"(vertex colours)", vertex_color_material(out.textures, origin), origin});
      vertex_color_default = uint32_t(out.materials.size() - 1);
    }
    return vertex_color_default;
  };
  read_instancing(root, at, material_ids, base_dir, out, default_material);
  // "shapes" may be left out when instances place everything.
  if (root.has("shapes") || out.instances.empty()) {
    const JsonValue shapes = root.at("shapes");
    shapes.expect_array();
    for (size_t i = 0; i < shapes.size(); ++i) {
      const JsonValue shape = shapes.at(i);
      out.shapes.push_back(read_shape(shape, material_ids, base_dir, default_material));
      out.shapes.back().origin = at.origin(shape);
    }
    if (out.shapes.empty() && out.instances.empty()) shapes.fail("the scene has no shapes");
  }

  if (root.has("lights") && json["lights"].is_string()) {  // "auto": a sky and a sun when nothing else lights it
    const JsonValue lights = root.at("lights");
    if (lights.string() != "auto") lights.fail("expected an array of lights or \"auto\"");
    out.auto_lights = true;
  } else if (root.has("lights")) {
    const JsonValue lights = root.at("lights");
    lights.expect_array();
    for (size_t i = 0; i < lights.size(); ++i) {
      const JsonValue light = lights.at(i);
      out.lights.push_back(read_light(light, base_dir));
      out.lights.back().origin = at.origin(light);
    }
  }
  return out;
}

SceneDescription parse_scene_file(const std::string& path) {
  return parse_scene_text(read_text_file(path), path, directory_of(path));
}

void set_film_value(SceneDescription& desc, const std::string& key, const nlohmann::json& value,
                    const std::string& source) {
  // The value alone first, so that a bad one is named by its source, not the file.
  const nlohmann::json alone = {{key, value}};
  read_film(JsonValue(alone, source, "/film"));
  nlohmann::json& film = desc.document["film"];
  if (!film.is_object()) film = nlohmann::json::object();
  film[key] = value;
  desc.film = read_film(JsonValue(film, desc.path, "/film"));
  write_film(film, desc.film);
}

std::string canonical_description(const SceneDescription& desc) {
  nlohmann::json doc = desc.document;
  doc.erase("render");  // scheduling
  canonicalize(doc);
  return doc.dump();  // objects are std::map: keys sorted; no whitespace
}

uint64_t description_fingerprint(const SceneDescription& desc) {
  RenderFingerprint fingerprint;
  fingerprint.description(canonical_description(desc));
  // Every file the scene names, by content; an unreadable one is an error at `at`.
  const auto hash_file = [&fingerprint](const std::string& path, const std::string& name, const SourceOrigin& at,
                                        const char* what) {
    errno = 0;
    std::ifstream in(path, std::ios::binary);
    if (!in) at.fail(path + ": cannot open " + what + ": " + (errno ? std::strerror(errno) : "unknown error"));
    // In pieces: a mesh file is never whole in memory beside its mesh (issue 11).
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    in.seekg(0);
    if (size < 0 || !in) at.fail(path + ": cannot read " + what + ": " + (errno ? std::strerror(errno) : "not seekable"));
    fingerprint.begin_file(name, uint64_t(size));
    std::vector<char> piece(1 << 20);
    uint64_t read = 0;
    while (in) {
      in.read(piece.data(), std::streamsize(piece.size()));
      fingerprint.file_bytes(piece.data(), size_t(in.gcount()));
      read += uint64_t(in.gcount());
    }
    if (in.bad()) at.fail(path + ": cannot read " + what + ": " + (errno ? std::strerror(errno) : "read error"));
    if (read != uint64_t(size)) at.fail(path + ": cannot read " + what + ": the file changed while being read");
  };
  for (const ShapeDescription& shape : desc.shapes)
    if (shape.type == ShapeType::Mesh) hash_file(shape.path, shape.file, shape.origin.child("file"), "mesh file");
    else if (shape.type == ShapeType::Model)  // the model and the buffers and images it names
      for (const std::string& file : model_files(shape.path))
        hash_file(file, file == shape.path ? shape.file : file, shape.origin.child("file"), "model file");
  for (const PrototypeDescription& p : desc.prototypes)  // the file, and a .gltf's buffers and images
    for (const std::string& file : model_files(p.path))
      hash_file(file, file == p.path ? p.file : file, p.origin.child("file"), "mesh file");
  for (const LightDescription& light : desc.lights)
    if (light.type == LightType::Environment)
      hash_file(light.path, light.file, light.origin.child("file"), "environment map");
  for (const TextureDescription& texture : desc.textures)
    if (texture.texture.kind == TextureKind::Image)
      hash_file(texture.path, texture.file, texture.origin.child("texture"), "texture file");
  return fingerprint.digest();
}

}  // namespace tessera
