#include "scene/gltf_loader.h"

#include "core/base/error.h"
#include "core/base/warning.h"
#include "scene/file_paths.h"
#include "scene/json_value.h"
#include "scene/mesh_file.h"
#include "scene/shapes.h"

// tinygltf parses the JSON and the buffers; images are never decoded here
// (no stb): external ones are only named, embedded ones kept as bytes.
#define TINYGLTF_IMPLEMENTATION
#define TINYGLTF_NO_STB_IMAGE
#define TINYGLTF_NO_STB_IMAGE_WRITE
#define TINYGLTF_NO_EXTERNAL_IMAGE
#include <tiny_gltf.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>
#include <sys/stat.h>

namespace tessera {
namespace {

constexpr int kModeTriangles = 4;

bool is_regular_file(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool ends_with_glb(const std::string& path) { return lowercase_extension(path) == ".glb"; }

// Embedded images: keep the encoded bytes in Image::image, unread. tinygltf
// hands over a buffer view's bytes without checking that the view lies inside
// its buffer: checked here (`model` is the one being loaded; its buffers are read
// before its images) before a byte is copied.
bool keep_image_bytes(tinygltf::Image* image, const int index, std::string* err, std::string*, int, int,
                      const unsigned char* bytes, int size, void* model) {
  if (image->bufferView >= 0) {
    const auto& views = static_cast<const tinygltf::Model*>(model)->bufferViews;
    const auto& buffers = static_cast<const tinygltf::Model*>(model)->buffers;
    const tinygltf::BufferView& view = views.at(size_t(image->bufferView));  // tinygltf checked the index
    const std::vector<unsigned char>& buffer = buffers.at(size_t(view.buffer)).data;
    if (size < 0 || view.byteOffset > buffer.size() || view.byteLength > buffer.size() - view.byteOffset ||
        size_t(size) != view.byteLength) {
      if (err)
        *err += "image " + std::to_string(index) + ": buffer view " + std::to_string(image->bufferView) +
                " (bytes " + std::to_string(view.byteOffset) + " to " +
                std::to_string(uint64_t(view.byteOffset) + uint64_t(view.byteLength)) +
                ") reaches past the end of buffer " + std::to_string(view.buffer) + " (" +
                std::to_string(buffer.size()) + " bytes)\n";
      return false;
    }
  }
  image->image.assign(bytes, bytes + size);
  image->width = image->height = -1;  // marks "encoded bytes"
  return true;
}

// File access for tinygltf's external buffers: regular files only (a FIFO or
// /dev/zero named by a uri would block or never end), paths taken as written
// (tinygltf's default expands them with wordexp).
bool gltf_file_exists(const std::string& path, void*) { return is_regular_file(path); }
std::string gltf_expand_path(const std::string& path, void*) { return path; }
bool gltf_read_file(std::vector<unsigned char>* out, std::string* err, const std::string& path, void*) {
  try {
    const std::string bytes = read_mesh_file(path);
    out->assign(bytes.begin(), bytes.end());
    return true;
  } catch (const Error& e) {
    if (err) *err += std::string(e.what()) + "\n";
    return false;
  }
}
bool gltf_no_write(std::string* err, const std::string&, const std::vector<unsigned char>&, void*) {
  if (err) *err += "writing is not supported\n";
  return false;
}

// The first line of tinygltf's messages (they end with "\n").
std::string first_line(const std::string& s) {
  std::string line = s.substr(0, s.find('\n'));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

const char* component_name(int type) {
  switch (type) {
    case TINYGLTF_COMPONENT_TYPE_BYTE: return "BYTE";
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE: return "UNSIGNED_BYTE";
    case TINYGLTF_COMPONENT_TYPE_SHORT: return "SHORT";
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT: return "UNSIGNED_SHORT";
    case TINYGLTF_COMPONENT_TYPE_INT: return "INT";
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT: return "UNSIGNED_INT";
    case TINYGLTF_COMPONENT_TYPE_FLOAT: return "FLOAT";
    default: return "an unknown component type";
  }
}

size_t component_size(int type) {
  switch (type) {
    case TINYGLTF_COMPONENT_TYPE_BYTE:
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE: return 1;
    case TINYGLTF_COMPONENT_TYPE_SHORT:
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT: return 2;
    case TINYGLTF_COMPONENT_TYPE_INT:
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT:
    case TINYGLTF_COMPONENT_TYPE_FLOAT: return 4;
    default: return 0;
  }
}

int component_count(int type) {
  switch (type) {
    case TINYGLTF_TYPE_SCALAR: return 1;
    case TINYGLTF_TYPE_VEC2: return 2;
    case TINYGLTF_TYPE_VEC3: return 3;
    case TINYGLTF_TYPE_VEC4: return 4;
    case TINYGLTF_TYPE_MAT2: return 4;
    case TINYGLTF_TYPE_MAT3: return 9;
    case TINYGLTF_TYPE_MAT4: return 16;
    default: return 0;
  }
}

// One accessor, checked against its buffer view and buffer: element i's
// components start at data + i * stride and all lie inside the buffer.
struct AccessorView {
  const unsigned char* data = nullptr;
  size_t stride = 0, count = 0;
  int component_type = 0, components = 0;
  bool normalized = false;

  // Component c of element i as a float (normalized integers mapped to [0, 1]).
  float get(size_t i, int c) const {
    const unsigned char* p = data + i * stride + size_t(c) * component_size(component_type);
    switch (component_type) {
      case TINYGLTF_COMPONENT_TYPE_FLOAT: {
        float f;
        std::memcpy(&f, p, 4);
        return f;
      }
      case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE: return normalized ? p[0] / 255.0f : float(p[0]);
      case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT: {
        uint16_t u;
        std::memcpy(&u, p, 2);
        return normalized ? u / 65535.0f : float(u);
      }
      default: return 0.0f;  // refused by the callers' type checks
    }
  }
  uint32_t index(size_t i) const {
    const unsigned char* p = data + i * stride;
    switch (component_type) {
      case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE: return p[0];
      case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT: {
        uint16_t u;
        std::memcpy(&u, p, 2);
        return u;
      }
      default: {
        uint32_t u;
        std::memcpy(&u, p, 4);
        return u;
      }
    }
  }
};

class GltfReader {
 public:
  GltfReader(const std::string& path, const Transform& to_world, const ModelOptions& options)
      : path_(path), base_dir_(directory_of(path)), to_world_(to_world), options_(options) {}

  Model read() {
    load();
    warn_extensions();
    out_.materials.reserve(gltf_.materials.size() + 1);
    for (size_t i = 0; i < gltf_.materials.size(); ++i) out_.materials.push_back(material(int(i)));
    walk_scene();
    apply_vertex_colors();
    if (skipped_modes_ > 0)
      warn(path_ + ": " + std::to_string(skipped_modes_) +
           " primitive(s) not made of triangles (points, lines, strips or fans) skipped");
    if (degenerate_ > 0)
      warn(path_ + ": " + std::to_string(degenerate_) + " degenerate (zero-area) triangle(s) dropped");
    if (out_.meshes.empty()) fail("no triangles to render (no node places a mesh with triangles)");
    choose_camera();
    bounds();
    return std::move(out_);
  }

 private:
  [[noreturn]] void fail(const std::string& reason) const { throw Error(path_ + ": " + reason); }
  [[noreturn]] void fail_accessor(int index, const std::string& reason) const {
    fail("accessor " + std::to_string(index) + ": " + reason);
  }

  void load() {
    const std::string bytes = read_mesh_file(path_);
    tinygltf::TinyGLTF loader;
    loader.SetImageLoader(keep_image_bytes, &gltf_);
    loader.SetFsCallbacks({gltf_file_exists, gltf_expand_path, gltf_read_file, gltf_no_write, nullptr});
    std::string err, warnings;
    bool ok;
    if (ends_with_glb(path_) || bytes.compare(0, 4, "glTF") == 0) {
      ok = loader.LoadBinaryFromMemory(&gltf_, &err, &warnings, reinterpret_cast<const unsigned char*>(bytes.data()),
                                       unsigned(bytes.size()), base_dir_);
    } else {
      parse_json_text(bytes, path_);  // a syntax error names file:line:column
      ok = loader.LoadASCIIFromString(&gltf_, &err, &warnings, bytes.data(), unsigned(bytes.size()), base_dir_);
    }
    if (!ok) fail(first_line(err.empty() ? warnings : err));
  }

  void warn_extensions() const {
    static const std::set<std::string> supported = {
        "KHR_materials_emissive_strength", "KHR_materials_transmission", "KHR_materials_ior",
        "KHR_texture_transform", "KHR_lights_punctual"};
    std::string names;
    for (const std::string& e : gltf_.extensionsUsed)
      if (!supported.count(e)) names += (names.empty() ? "" : ", ") + e;
    if (!names.empty()) warn(path_ + ": glTF extensions not supported (ignored): " + names);
  }

  // ---- accessors ---------------------------------------------------------------

  AccessorView accessor(int index, const char* what, std::initializer_list<int> types, int components) const {
    return accessor(index, what, types, {components});
  }
  // The same for an attribute that may have one of several component counts
  // (COLOR_0: 3 or 4).
  AccessorView accessor(int index, const char* what, std::initializer_list<int> types,
                        std::initializer_list<int> component_counts) const {
    if (index < 0 || size_t(index) >= gltf_.accessors.size())
      fail(std::string(what) + " names accessor " + std::to_string(index) + ", but the file has " +
           std::to_string(gltf_.accessors.size()));
    const tinygltf::Accessor& a = gltf_.accessors[size_t(index)];
    AccessorView v;
    v.component_type = a.componentType;
    v.components = component_count(a.type);
    v.normalized = a.normalized;
    v.count = a.count;
    if (std::find(types.begin(), types.end(), a.componentType) == types.end() ||
        std::find(component_counts.begin(), component_counts.end(), v.components) == component_counts.end()) {
      std::string expected, counts;
      for (int t : types) expected += (expected.empty() ? "" : " or ") + std::string(component_name(t));
      for (int c : component_counts) counts += (counts.empty() ? "" : " or ") + std::to_string(c);
      fail_accessor(index, std::string(what) + " must have " + counts + " component(s) of " + expected + ", got " +
                               std::to_string(v.components) + " of " + component_name(a.componentType));
    }
    if (!a.sparse.isSparse && a.bufferView < 0) fail_accessor(index, "has no buffer view");
    if (a.sparse.isSparse) fail_accessor(index, "sparse accessors are not supported");
    if (size_t(a.bufferView) >= gltf_.bufferViews.size())
      fail_accessor(index, "names buffer view " + std::to_string(a.bufferView) + ", but the file has " +
                               std::to_string(gltf_.bufferViews.size()));
    const tinygltf::BufferView& view = gltf_.bufferViews[size_t(a.bufferView)];
    const std::string view_name = "buffer view " + std::to_string(a.bufferView);
    if (view.buffer < 0 || size_t(view.buffer) >= gltf_.buffers.size())
      fail_accessor(index, view_name + " names buffer " + std::to_string(view.buffer) + ", but the file has " +
                               std::to_string(gltf_.buffers.size()));
    const std::vector<unsigned char>& buffer = gltf_.buffers[size_t(view.buffer)].data;
    // Each term is compared with a real size before it is summed: no overflow.
    const uint64_t view_end = uint64_t(view.byteOffset) + uint64_t(view.byteLength);
    if (view.byteOffset > buffer.size() || view.byteLength > buffer.size() || view_end > buffer.size())
      fail_accessor(index, view_name + " (bytes " + std::to_string(view.byteOffset) + " to " +
                               std::to_string(view_end) + ") reaches past the end of buffer " +
                               std::to_string(view.buffer) + " (" + std::to_string(buffer.size()) + " bytes)");
    const size_t element = component_size(a.componentType) * size_t(v.components);
    v.stride = view.byteStride ? view.byteStride : element;
    if (v.stride < element) fail_accessor(index, view_name + " has a byteStride smaller than one element");
    if (a.byteOffset > view.byteLength)
      fail_accessor(index, "starts at byte " + std::to_string(a.byteOffset) + ", past the end of " + view_name + " (" +
                               std::to_string(view.byteLength) + " bytes)");
    if (v.count > 0) {
      // The last element, count - 1 strides in, must end inside the view (by division: no overflow).
      const uint64_t room = uint64_t(view.byteLength) - uint64_t(a.byteOffset);
      if (room < element || uint64_t(v.count) - 1 > (room - element) / v.stride)
        fail_accessor(index, std::to_string(v.count) + " elements from byte " + std::to_string(a.byteOffset) +
                                 " reach past the end of " + view_name + " (" + std::to_string(view.byteLength) +
                                 " bytes)");
    }
    v.data = buffer.data() + view.byteOffset + a.byteOffset;
    return v;
  }

  // ---- materials -----------------------------------------------------------------

  // Number `key` of extension `ext` on `extensions`, or `fallback`.
  static double ext_number(const tinygltf::ExtensionMap& extensions, const char* ext, const char* key,
                           double fallback) {
    auto it = extensions.find(ext);
    if (it == extensions.end() || !it->second.IsObject() || !it->second.Has(key)) return fallback;
    const tinygltf::Value& v = it->second.Get(key);
    return v.IsNumber() || v.IsInt() ? v.GetNumberAsDouble() : fallback;
  }

  // The texture `info` names, added to out_.textures; kNoTexture when it names
  // none or an image that cannot be found (a warning).
  uint32_t texture(int index, int tex_coord, const tinygltf::ExtensionMap& extensions, bool srgb,
                   TextureChannel channel, const Vec3& factor, const std::string& pointer) {
    if (index < 0) return kNoTexture;
    const std::string where = path_ + ": " + pointer;
    if (size_t(index) >= gltf_.textures.size())
      fail(pointer + ": names texture " + std::to_string(index) + ", but the file has " +
           std::to_string(gltf_.textures.size()));
    const tinygltf::Texture& t = gltf_.textures[size_t(index)];
    if (t.source < 0) {
      warn(where + ": texture " + std::to_string(index) + " has no image (ignored)");
      return kNoTexture;
    }
    if (size_t(t.source) >= gltf_.images.size())
      fail("texture " + std::to_string(index) + ": names image " + std::to_string(t.source) + ", but the file has " +
           std::to_string(gltf_.images.size()));
    const tinygltf::Image& image = gltf_.images[size_t(t.source)];
    TextureDescription d;
    d.texture.kind = TextureKind::Image;
    d.texture.factor = factor;
    d.srgb = srgb;
    d.channel = channel;
    d.origin = {path_, pointer, 0};
    if (!image.image.empty()) {  // embedded: a data URI or a buffer view
      std::string ext = image.mimeType == "image/jpeg" ? ".jpg" : ".png";
      d.file = path_ + "#images/" + std::to_string(t.source) + ext;
      d.path = d.file;
      d.embedded = std::make_shared<const std::vector<unsigned char>>(image.image);
    } else if (image.bufferView >= 0) {
      fail("image " + std::to_string(t.source) + ": buffer view " + std::to_string(image.bufferView) +
           " cannot be read");
    } else {
      d.file = tinygltf::dlib::urldecode(image.uri);
      d.path = resolve(base_dir_, d.file);
      if (!is_regular_file(d.path)) {
        warn(where + ": texture image " + d.path + " not found (the material's factor is used alone)");
        return kNoTexture;
      }
    }
    // The sampler: wrapS along u, wrapT along v.
    if (t.sampler >= 0 && size_t(t.sampler) < gltf_.samplers.size()) {
      const tinygltf::Sampler& s = gltf_.samplers[size_t(t.sampler)];
      const auto wrap = [](int mode) {
        return mode == TINYGLTF_TEXTURE_WRAP_CLAMP_TO_EDGE     ? TextureWrap::Clamp
               : mode == TINYGLTF_TEXTURE_WRAP_MIRRORED_REPEAT ? TextureWrap::Mirror
                                                               : TextureWrap::Repeat;
      };
      d.texture.wrap = wrap(s.wrapS);
      if (wrap(s.wrapT) != d.texture.wrap) d.texture.wrap_v = wrap(s.wrapT);
    }
    // KHR_texture_transform in glTF's uv (v down): uv' = uv * scale + offset. In
    // ours (t = 1 - v): t' = t * sy + (1 - sy - oy).
    auto tt = extensions.find("KHR_texture_transform");
    if (tt != extensions.end() && tt->second.IsObject()) {
      const tinygltf::Value& x = tt->second;
      const auto pair = [&x](const char* key, Vec2 fallback) {
        if (!x.Has(key)) return fallback;
        const tinygltf::Value& a = x.Get(key);
        if (!a.IsArray() || a.ArrayLen() != 2) return fallback;
        return Vec2{float(a.Get(0).GetNumberAsDouble()), float(a.Get(1).GetNumberAsDouble())};
      };
      const Vec2 scale = pair("scale", {1, 1}), offset = pair("offset", {0, 0});
      d.texture.uv_scale = scale;
      d.texture.uv_offset = {offset.x, 1.0f - scale.y - offset.y};
      if (x.Has("rotation") && x.Get("rotation").GetNumberAsDouble() != 0.0)
        warn(where + ": KHR_texture_transform rotation is not supported (ignored)");
      if (x.Has("texCoord")) tex_coord = x.Get("texCoord").GetNumberAsInt();
    } else {
      d.texture.uv_offset = {0.0f, 0.0f};
    }
    if (tex_coord != 0)
      other_tex_coords_ += (other_tex_coords_.empty() ? "" : ", ") + pointer.substr(pointer.rfind('/') + 1) +
                           " (texCoord " + std::to_string(tex_coord) + ")";
    out_.textures.push_back(std::move(d));
    return uint32_t(out_.textures.size() - 1);
  }

  // A texture reference that is checked but not read (occlusionTexture, an
  // emissiveTexture under a black factor): the texture and its image must exist.
  void check_texture_reference(int index, const std::string& pointer) const {
    if (index < 0) return;
    if (size_t(index) >= gltf_.textures.size())
      fail(pointer + ": names texture " + std::to_string(index) + ", but the file has " +
           std::to_string(gltf_.textures.size()));
    const int source = gltf_.textures[size_t(index)].source;
    if (source >= 0 && size_t(source) >= gltf_.images.size())
      fail("texture " + std::to_string(index) + ": names image " + std::to_string(source) + ", but the file has " +
           std::to_string(gltf_.images.size()));
  }

  MaterialDescription material(int index) {
    const tinygltf::Material& g = gltf_.materials[size_t(index)];
    other_tex_coords_.clear();
    const std::string pointer = "/materials/" + std::to_string(index);
    MaterialDescription d;
    d.name = g.name.empty() ? "material " + std::to_string(index) : g.name;
    d.origin = {path_, pointer, 0};
    Material& m = d.material;
    material_kind_from_name("principled", m.kind);
    const tinygltf::PbrMetallicRoughness& pbr = g.pbrMetallicRoughness;
    const auto at = [&pbr](size_t i, double fallback) {
      return float(i < pbr.baseColorFactor.size() ? pbr.baseColorFactor[i] : fallback);
    };
    m.albedo = Vec3(at(0, 1), at(1, 1), at(2, 1));
    m.metallic = float(pbr.metallicFactor);
    m.roughness = float(pbr.roughnessFactor);
    const auto bind = [&m](const char* name, uint32_t id) {
      if (id == kNoTexture) return;
      for (const MaterialParam& p : material_params(m.kind))
        if (std::strcmp(p.name, name) == 0) m.textures.push_back({p, id});
    };
    const std::string pbr_pointer = pointer + "/pbrMetallicRoughness";
    bind("base_color", texture(pbr.baseColorTexture.index, pbr.baseColorTexture.texCoord,
                               pbr.baseColorTexture.extensions, true, TextureChannel::Rgb, m.albedo,
                               pbr_pointer + "/baseColorTexture"));
    const tinygltf::TextureInfo& mr = pbr.metallicRoughnessTexture;
    bind("metallic", texture(mr.index, mr.texCoord, mr.extensions, false, TextureChannel::B, Vec3(m.metallic),
                             pbr_pointer + "/metallicRoughnessTexture"));
    bind("roughness", texture(mr.index, mr.texCoord, mr.extensions, false, TextureChannel::G, Vec3(m.roughness),
                              pbr_pointer + "/metallicRoughnessTexture"));
    m.normal_map = texture(g.normalTexture.index, g.normalTexture.texCoord, g.normalTexture.extensions, false,
                           TextureChannel::Rgb, Vec3(1.0f), pointer + "/normalTexture");
    m.ior = float(ext_number(g.extensions, "KHR_materials_ior", "ior", 1.5));
    if (!(m.ior > 0)) m.ior = 1.5f;
    m.transmission = std::clamp(
        float(ext_number(g.extensions, "KHR_materials_transmission", "transmissionFactor", 0.0)), 0.0f, 1.0f);
    const float strength = float(ext_number(g.extensions, "KHR_materials_emissive_strength", "emissiveStrength", 1.0));
    if (g.emissiveFactor.size() == 3)
      m.emission = Vec3(float(g.emissiveFactor[0]), float(g.emissiveFactor[1]), float(g.emissiveFactor[2])) *
                   std::max(strength, 0.0f);
    // emissiveTexture (sRGB) x emissiveFactor x emissive_strength: the factor
    // stays in `emission`, the texture multiplies it at each point.
    if (m.is_emissive())
      m.emission_texture = texture(g.emissiveTexture.index, g.emissiveTexture.texCoord, g.emissiveTexture.extensions,
                                   true, TextureChannel::Rgb, Vec3(1.0f), pointer + "/emissiveTexture");
    else
      check_texture_reference(g.emissiveTexture.index, pointer + "/emissiveTexture");
    // Baked ambient occlusion: checked, never applied (the path tracer finds
    // occlusion itself; multiplying it in would darken crevices twice).
    check_texture_reference(g.occlusionTexture.index, pointer + "/occlusionTexture");
    if (g.alphaMode == "MASK") {
      m.alpha = at(3, 1);
      m.alpha_cutoff = float(g.alphaCutoff);
      m.alpha_texture = texture(pbr.baseColorTexture.index, pbr.baseColorTexture.texCoord,
                                pbr.baseColorTexture.extensions, false, TextureChannel::A, Vec3(m.alpha),
                                pbr_pointer + "/baseColorTexture");
      if (m.has_alpha() && m.is_emissive()) {
        warn(path_ + ": " + pointer + ": an emitting material cannot have cut-outs (yet); the emission is dropped");
        m.emission = Vec3(0.0f);
        m.emission_texture = kNoTexture;
      }
    } else if (g.alphaMode == "BLEND") {
      warn(path_ + ": " + pointer + ": alphaMode BLEND is rendered opaque");
    }
    m.two_sided = g.doubleSided;
    if (!other_tex_coords_.empty())
      warn(path_ + ": " + pointer + " (\"" + d.name + "\"): only TEXCOORD_0 is read; its textures " +
           other_tex_coords_ + " use TEXCOORD_0 instead");
    return d;
  }

  // glTF multiplies the base colour by COLOR_0: every material a primitive
  // with COLOR_0 uses reads the vertex colour into base_color (white where a
  // primitive of it has none, as glTF's default COLOR_0 is).
  void apply_vertex_colors() {
    for (uint32_t id : colored_materials_) {
      Material& m = out_.materials[id].material;
      bool bound = false;
      for (TextureBinding& b : m.textures)
        if (std::strcmp(b.param.name, "base_color") == 0)
          out_.textures[b.texture].texture.vertex_color = true, bound = true;
      if (bound) continue;
      TextureDescription d;
      d.texture.value = m.albedo;  // baseColorFactor
      d.texture.vertex_color = true;
      d.origin = {path_, out_.materials[id].origin.pointer, 0};
      out_.textures.push_back(std::move(d));
      for (const MaterialParam& p : material_params(m.kind))
        if (std::strcmp(p.name, "base_color") == 0) m.textures.push_back({p, uint32_t(out_.textures.size() - 1)});
    }
  }

  uint32_t default_material() {
    if (default_material_ == kNoTexture) {
      MaterialDescription d;
      d.name = "default";
      d.origin = {path_, "", 0};
      material_kind_from_name("principled", d.material.kind);
      d.material.albedo = Vec3(1.0f);
      d.material.metallic = 1.0f;
      d.material.roughness = 1.0f;
      out_.materials.push_back(d);
      default_material_ = uint32_t(out_.materials.size() - 1);
    }
    return default_material_;
  }

  // ---- nodes -----------------------------------------------------------------------

  static Transform node_transform(const tinygltf::Node& n) {
    Transform t;
    if (n.matrix.size() == 16) {
      for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 4; ++c) t.m[r][c] = float(n.matrix[size_t(c * 4 + r)]);  // column-major
      return t;
    }
    if (n.scale.size() == 3) t = Transform::scale(Vec3(float(n.scale[0]), float(n.scale[1]), float(n.scale[2])));
    if (n.rotation.size() == 4) {
      double x = n.rotation[0], y = n.rotation[1], z = n.rotation[2], w = n.rotation[3];
      const double len = std::sqrt(x * x + y * y + z * z + w * w);
      if (len > 0) x /= len, y /= len, z /= len, w /= len;
      Transform r;
      r.m[0][0] = float(1 - 2 * (y * y + z * z)), r.m[0][1] = float(2 * (x * y - z * w)),
      r.m[0][2] = float(2 * (x * z + y * w));
      r.m[1][0] = float(2 * (x * y + z * w)), r.m[1][1] = float(1 - 2 * (x * x + z * z)),
      r.m[1][2] = float(2 * (y * z - x * w));
      r.m[2][0] = float(2 * (x * z - y * w)), r.m[2][1] = float(2 * (y * z + x * w)),
      r.m[2][2] = float(1 - 2 * (x * x + y * y));
      t = r * t;
    }
    if (n.translation.size() == 3)
      t = Transform::translate(Vec3(float(n.translation[0]), float(n.translation[1]), float(n.translation[2]))) * t;
    return t;
  }

  void walk_scene() {
    std::vector<int> roots;
    if (!gltf_.scenes.empty()) {
      const size_t s = gltf_.defaultScene >= 0 && size_t(gltf_.defaultScene) < gltf_.scenes.size()
                           ? size_t(gltf_.defaultScene)
                           : 0;
      roots = gltf_.scenes[s].nodes;
    } else {  // no scene: every node that is no other's child
      std::vector<bool> child(gltf_.nodes.size(), false);
      for (const tinygltf::Node& n : gltf_.nodes)
        for (int c : n.children)
          if (c >= 0 && size_t(c) < child.size()) child[size_t(c)] = true;
      for (size_t i = 0; i < child.size(); ++i)
        if (!child[i]) roots.push_back(int(i));
    }
    std::vector<bool> on_path(gltf_.nodes.size(), false);
    for (int r : roots) walk(r, to_world_, on_path, 0);
  }

  void walk(int index, const Transform& parent, std::vector<bool>& on_path, int depth) {
    if (index < 0 || size_t(index) >= gltf_.nodes.size())
      fail("node " + std::to_string(index) + " does not exist (the file has " + std::to_string(gltf_.nodes.size()) +
           " nodes)");
    if (on_path[size_t(index)] || depth > 1000) fail("node " + std::to_string(index) + " is its own ancestor");
    on_path[size_t(index)] = true;
    const tinygltf::Node& n = gltf_.nodes[size_t(index)];
    const Transform world = parent * node_transform(n);
    if (n.mesh >= 0) mesh(n.mesh, world);
    if (n.camera >= 0) camera(index, n, world);
    auto light = n.extensions.find("KHR_lights_punctual");
    if (light != n.extensions.end() && light->second.IsObject() && light->second.Has("light"))
      place_light(light->second.Get("light").GetNumberAsInt(), index, world);
    for (int c : n.children) walk(c, world, on_path, depth + 1);
    on_path[size_t(index)] = false;
  }

  void mesh(int index, const Transform& world) {
    if (size_t(index) >= gltf_.meshes.size())
      fail("a node names mesh " + std::to_string(index) + ", but the file has " + std::to_string(gltf_.meshes.size()));
    const tinygltf::Mesh& g = gltf_.meshes[size_t(index)];
    for (const tinygltf::Primitive& p : g.primitives) {
      if (p.mode != kModeTriangles && p.mode != -1) {
        ++skipped_modes_;
        continue;
      }
      auto pos = p.attributes.find("POSITION");
      if (pos == p.attributes.end()) fail("mesh " + std::to_string(index) + ": a primitive has no POSITION");
      const AccessorView positions = accessor(pos->second, "POSITION", {TINYGLTF_COMPONENT_TYPE_FLOAT}, 3);
      if (positions.count > (size_t(1) << 31)) fail_accessor(pos->second, "too many vertices");
      uint32_t material;
      if (p.material < 0) material = default_material();
      else if (size_t(p.material) < gltf_.materials.size()) material = uint32_t(p.material);
      else
        fail("mesh " + std::to_string(index) + ": a primitive names material " + std::to_string(p.material) +
             ", but the file has " + std::to_string(gltf_.materials.size()));
      TriangleMesh m(material);
      const size_t n = positions.count;
      // Reserved, so a large primitive's arrays are not regrown (twice the size while copied).
      if (p.indices >= 0 && size_t(p.indices) < gltf_.accessors.size())
        m.reserve(n, gltf_.accessors[size_t(p.indices)].count / 3);
      else
        m.reserve(n, n / 3);
      for (size_t i = 0; i < n; ++i) {
        const Vec3 v(positions.get(i, 0), positions.get(i, 1), positions.get(i, 2));
        if (!within_world(v))
          fail_accessor(pos->second, "vertex " + std::to_string(i) + " is not finite or lies beyond 1e15");
        m.add_vertex(v);
      }
      auto nor = p.attributes.find("NORMAL");
      if (nor != p.attributes.end()) {
        const AccessorView normals = accessor(nor->second, "NORMAL", {TINYGLTF_COMPONENT_TYPE_FLOAT}, 3);
        if (normals.count != n) fail_accessor(nor->second, "NORMAL count differs from POSITION count");
        std::vector<Vec3> ns(n);
        for (size_t i = 0; i < n; ++i) {
          ns[i] = Vec3(normals.get(i, 0), normals.get(i, 1), normals.get(i, 2));
          if (!std::isfinite(ns[i].x) || !std::isfinite(ns[i].y) || !std::isfinite(ns[i].z)) ns[i] = Vec3(0.0f);
        }
        m.set_normals(std::move(ns));
      }
      auto uv = p.attributes.find("TEXCOORD_0");
      if (uv != p.attributes.end()) {
        const AccessorView uvs = accessor(uv->second, "TEXCOORD_0",
                                          {TINYGLTF_COMPONENT_TYPE_FLOAT, TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE,
                                           TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT},
                                          2);
        if (uvs.count != n) fail_accessor(uv->second, "TEXCOORD_0 count differs from POSITION count");
        std::vector<Vec2> ts(n);
        for (size_t i = 0; i < n; ++i) {
          ts[i] = Vec2{uvs.get(i, 0), 1.0f - uvs.get(i, 1)};  // glTF's v runs down the image
          if (!std::isfinite(ts[i].x) || !std::isfinite(ts[i].y)) ts[i] = Vec2{0.0f, 0.0f};
        }
        m.set_uvs(std::move(ts));
      }
      auto col = p.attributes.find("COLOR_0");
      if (col != p.attributes.end()) {
        const AccessorView colors = accessor(col->second, "COLOR_0",
                                             {TINYGLTF_COMPONENT_TYPE_FLOAT, TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE,
                                              TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT},
                                             {3, 4});
        if (colors.component_type != TINYGLTF_COMPONENT_TYPE_FLOAT && !colors.normalized)
          fail_accessor(col->second, std::string("COLOR_0 of ") + component_name(colors.component_type) +
                                         " must be normalized");
        if (colors.count != n) fail_accessor(col->second, "COLOR_0 count differs from POSITION count");
        std::vector<Vec3> cs(n);
        for (size_t i = 0; i < n; ++i) {  // linear RGB; alpha (a fourth component) is not read
          cs[i] = Vec3(colors.get(i, 0), colors.get(i, 1), colors.get(i, 2));
          if (!is_finite(cs[i])) cs[i] = Vec3(1.0f);
          cs[i] = max(cs[i], Vec3(0.0f));
        }
        m.set_colors(std::move(cs));
        colored_materials_.insert(material);
      }
      auto tan = p.attributes.find("TANGENT");
      if (tan != p.attributes.end()) {
        const AccessorView tangents = accessor(tan->second, "TANGENT", {TINYGLTF_COMPONENT_TYPE_FLOAT}, 4);
        if (tangents.count != n) fail_accessor(tan->second, "TANGENT count differs from POSITION count");
        std::vector<Tangent> ts(n);
        for (size_t i = 0; i < n; ++i) {
          ts[i].direction = Vec3(tangents.get(i, 0), tangents.get(i, 1), tangents.get(i, 2));
          if (!is_finite(ts[i].direction)) ts[i].direction = Vec3(0.0f);  // the UVs' frame there
          ts[i].sign = tangents.get(i, 3) < 0.0f ? -1.0f : 1.0f;
        }
        m.set_tangents(std::move(ts));
      }
      const auto add = [&](uint32_t a, uint32_t b, uint32_t c) {
        if (is_degenerate(m.vertex(a), m.vertex(b), m.vertex(c))) ++degenerate_;
        else m.add_triangle(a, b, c);
      };
      if (p.indices >= 0) {
        const AccessorView idx = accessor(p.indices, "indices",
                                          {TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE,
                                           TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT, TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT},
                                          1);
        for (size_t i = 0; i < idx.count; ++i)
          if (idx.index(i) >= n)
            fail_accessor(p.indices, "index " + std::to_string(idx.index(i)) + " at position " + std::to_string(i) +
                                         " is out of range (" + std::to_string(n) + " vertices)");
        for (size_t i = 0; i + 2 < idx.count; i += 3) add(idx.index(i), idx.index(i + 1), idx.index(i + 2));
      } else {
        for (size_t i = 0; i + 2 < n; i += 3) add(uint32_t(i), uint32_t(i + 1), uint32_t(i + 2));
      }
      if (m.triangle_count() == 0) continue;
      TriangleMesh placed = transformed(std::move(m), world);
      if (!all_vertices_within_world(placed))
        fail("mesh " + std::to_string(index) + ": a vertex lies beyond 1e15 from the origin after the transform");
      out_.meshes.push_back(std::move(placed));
    }
  }

  // ---- cameras and lights -----------------------------------------------------------

  void camera(int node_index, const tinygltf::Node& n, const Transform& world) {
    if (size_t(n.camera) >= gltf_.cameras.size())
      fail("node " + std::to_string(node_index) + " names camera " + std::to_string(n.camera) + ", but the file has " +
           std::to_string(gltf_.cameras.size()));
    const tinygltf::Camera& c = gltf_.cameras[size_t(n.camera)];
    CameraParams p;
    p.position = world.point(Vec3(0.0f));
    const Vec3 forward = world.vector(Vec3(0, 0, -1));
    p.up = world.vector(Vec3(0, 1, 0));
    // A collapsed or non-finite camera node is left out.
    if (!within_world(p.position) || !(length(forward) > 0) || !(length(cross(forward, p.up)) > 0)) return;
    p.look_at = p.position + normalize(forward);
    if (c.type == "perspective" && c.perspective.yfov > 0)
      p.vertical_fov = std::clamp(float(c.perspective.yfov * 180.0 / M_PI), 0.001f, 179.9f);
    const std::string label = !n.name.empty() ? n.name : !c.name.empty() ? c.name : "camera " + std::to_string(n.camera);
    cameras_.push_back({n.name, c.name, label, p, c.type == "perspective"});
  }

  void choose_camera() {
    if (options_.camera.empty()) {
      for (const auto& c : cameras_)
        if (c.perspective) {
          out_.camera = c.params;
          return;
        }
      return;
    }
    std::string names;
    for (const auto& c : cameras_) {
      if (c.node == options_.camera || c.camera == options_.camera) {
        if (!c.perspective) fail("camera \"" + options_.camera + "\" is orthographic (only perspective cameras are supported)");
        out_.camera = c.params;
        return;
      }
      names += (names.empty() ? "" : ", ") + c.label;
    }
    fail("no camera named \"" + options_.camera + "\" (the file has " + (names.empty() ? "no cameras" : names) + ")");
  }

  void place_light(int index, int node_index, const Transform& world) {
    if (index < 0 || size_t(index) >= gltf_.lights.size())
      fail("node " + std::to_string(node_index) + " names light " + std::to_string(index) + ", but the file has " +
           std::to_string(gltf_.lights.size()));
    const tinygltf::Light& g = gltf_.lights[size_t(index)];
    LightDescription l;
    l.origin = {path_, "/extensions/KHR_lights_punctual/lights/" + std::to_string(index), 0};
    Vec3 color(1.0f);
    if (g.color.size() == 3) color = Vec3(float(g.color[0]), float(g.color[1]), float(g.color[2]));
    l.color = max(color * float(g.intensity), Vec3(0.0f));
    l.position = world.point(Vec3(0.0f));
    const Vec3 axis = world.vector(Vec3(0, 0, -1));
    if (g.type == "directional") {
      l.type = LightType::Directional;
      l.direction = axis;
      if (!(length(axis) > 0)) return;
    } else if (g.type == "spot") {
      l.type = LightType::Spot;
      if (!(length(axis) > 0)) return;
      l.look_at = l.position + normalize(axis);
      const float to_degrees = float(180.0 / M_PI);
      l.cutoff_angle = std::clamp(float(g.spot.outerConeAngle) * to_degrees, 0.01f, 90.0f);
      l.beam_width = std::clamp(float(g.spot.innerConeAngle) * to_degrees, 0.0f, l.cutoff_angle);
    } else if (g.type == "point") {
      l.type = LightType::Point;
    } else {
      warn(path_ + ": " + l.origin.pointer + ": unknown light type \"" + g.type + "\" (ignored)");
      return;
    }
    if (!within_world(l.position)) fail(l.origin.pointer + ": the light lies beyond 1e15 from the origin");
    out_.lights.push_back(l);
  }

  void bounds() {
    Vec3 lo(INFINITY), hi(-INFINITY);
    for (const TriangleMesh& m : out_.meshes)
      for (size_t i = 0; i < m.vertex_count(); ++i) lo = min(lo, m.vertex(i)), hi = max(hi, m.vertex(i));
    out_.bounds_min = lo;
    out_.bounds_max = hi;
  }

  struct NamedCamera {
    std::string node, camera, label;
    CameraParams params;
    bool perspective;
  };

  std::string path_, base_dir_;
  Transform to_world_;
  ModelOptions options_;
  tinygltf::Model gltf_;
  Model out_;
  std::vector<NamedCamera> cameras_;
  uint32_t default_material_ = kNoTexture;
  std::set<uint32_t> colored_materials_;  // used by a primitive with COLOR_0
  std::string other_tex_coords_;          // the material being read: its textures with texCoord != 0
  size_t skipped_modes_ = 0, degenerate_ = 0;
};

}  // namespace

Model load_gltf_model(const std::string& path, const Transform& to_world, const ModelOptions& options) {
  return GltfReader(path, to_world, options).read();
}

std::vector<std::string> gltf_dependencies(const std::string& path) {
  std::vector<std::string> files;
  if (ends_with_glb(path)) return files;  // its buffer and images are inside it (external ones are not followed)
  try {
    const nlohmann::json doc = nlohmann::json::parse(read_mesh_file(path));
    const std::string base = directory_of(path);
    for (const char* list : {"buffers", "images"}) {
      if (!doc.contains(list) || !doc[list].is_array()) continue;
      for (const auto& item : doc[list]) {
        if (!item.is_object() || !item.contains("uri") || !item["uri"].is_string()) continue;
        const std::string uri = item["uri"].get<std::string>();
        if (uri.compare(0, 5, "data:") == 0) continue;
        const std::string file = resolve(base, tinygltf::dlib::urldecode(uri));
        if (is_regular_file(file)) files.push_back(file);
      }
    }
  } catch (const std::exception&) {
    // The loader reports what is wrong with the file.
  }
  return files;
}

}  // namespace tessera
