#include "scene/obj_model.h"

#include "core/base/error.h"
#include "core/base/warning.h"
#include "scene/file_paths.h"
#include "scene/obj_file.h"
#include "scene/shapes.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <sys/stat.h>

namespace tessera {
namespace {

// What tinyobjloader's material_t leaves out: where a material starts and
// which statements it gives (with their lines), so a key left out is told
// apart from one given as its default ("Pr 0" makes a PBR material).
struct MtlInfo {
  std::string file;  // the .mtl path (resolved)
  int line = 0;      // of its newmtl statement
  std::map<std::string, int> keys;  // statement keyword -> line
  bool has(const char* key) const { return keys.count(key) > 0; }
  int line_of(const char* key) const {
    const auto k = keys.find(key);
    return k == keys.end() ? line : k->second;
  }
};

// Why the file at `path` cannot be read, as the end of a sentence ("not
// found (No such file or directory)", "cannot be read (a directory)"), or ""
// when it can be opened.
std::string unreadable(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0)
    return std::string(errno == ENOENT ? "not found (" : "cannot be read (") + std::strerror(errno) + ")";
  if (S_ISDIR(st.st_mode)) return "cannot be read (a directory)";
  if (!S_ISREG(st.st_mode)) return "cannot be read (not a regular file)";
  return "";
}

// tinyobjloader's hook for `mtllib`: reads the library next to the OBJ,
// records what MtlInfo keeps, and warns (once per name) of one it cannot read.
class MtlLibraryReader : public tinyobj::MaterialReader {
 public:
  explicit MtlLibraryReader(const std::string& obj_path) : obj_path_(obj_path) {}

  bool operator()(const std::string& name, std::vector<tinyobj::material_t>* materials,
                  std::map<std::string, int>* names, std::string* /*warn*/, std::string* /*err*/) override {
    const std::string path = resolve(directory_of(obj_path_), name);
    std::string why = unreadable(path), text;
    if (why.empty()) {
      errno = 0;
      std::ifstream in(path, std::ios::binary);
      std::ostringstream bytes;
      bytes << in.rdbuf();
      if (!in && !in.eof()) why = std::string("cannot be read (") + (errno ? std::strerror(errno) : "read error") + ")";
      text = bytes.str();
    }
    if (!why.empty()) {
      if (warned_.insert(name).second)
        warn(obj_path_ + ":" + std::to_string(mtllib_line(name)) + ": material library " + path + " " + why +
             "; its materials are replaced by a grey diffuse default");
      missing_ = true;
      return false;
    }
    // Where each material starts and what it says.
    std::map<std::string, MtlInfo> scanned;
    MtlInfo* current = nullptr;
    for_each_line(text, [&](const std::string& line, int number) {
      const std::vector<std::string> words = words_of(line);
      if (words.empty() || words[0][0] == '#') return true;
      if (words[0] == "newmtl") {
        // The name is the rest of the line, as tinyobjloader reads it.
        current = nullptr;
        const size_t at = line.find_first_not_of(" \t", line.find("newmtl") + 6);
        std::string name = at == std::string::npos ? "" : line.substr(at);
        while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
        if (name.empty() || scanned.count(name)) return true;
        current = &scanned[name];
        current->file = path;
        current->line = number;
      } else if (current && !current->keys.count(words[0])) {
        current->keys[words[0]] = number;
      }
      return true;
    });
    for (const auto& material : scanned) names_in_[name].push_back(material.first);
    const size_t first = materials->size();
    std::istringstream in(text);
    std::string warnings, errors;
    tinyobj::LoadMtl(names, materials, &in, &warnings, &errors);
    for (size_t i = first; i < materials->size(); ++i) {
      const auto s = scanned.find((*materials)[i].name);
      MtlInfo info = s != scanned.end() ? s->second : MtlInfo{};
      if (info.file.empty()) info.file = path;
      info_.resize(materials->size());
      info_[i] = info;
    }
    info_.resize(materials->size());
    return true;
  }

  const MtlInfo& info(size_t material) const { return info_.at(material); }
  // The names of the materials the library `name` (as an mtllib line gives it) defines; none if unread.
  const std::vector<std::string>& names_in(const std::string& name) const {
    static const std::vector<std::string> none;
    const auto found = names_in_.find(name);
    return found == names_in_.end() ? none : found->second;
  }
  bool missing() const { return missing_; }

  // The line of the `mtllib` statement naming `name` (0 if none is found).
  int mtllib_line(const std::string& name) const {
    int found = 0;
    for_each_file_line(obj_path_, [&](const std::string& line, int number) {
      const std::vector<std::string> words = words_of(line);
      if (words.size() > 1 && words[0] == "mtllib" && std::find(words.begin() + 1, words.end(), name) != words.end())
        found = number;
      return found == 0;
    });
    return found;
  }

 private:
  std::string obj_path_;
  std::vector<MtlInfo> info_;  // by tinyobjloader's material index
  std::map<std::string, std::vector<std::string>> names_in_;  // by library name as given
  std::set<std::string> warned_;
  bool missing_ = false;
};

float finite_or(float x, float fallback) { return std::isfinite(x) ? x : fallback; }
float unit(float x) { return std::min(std::max(finite_or(x, 0.0f), 0.0f), 1.0f); }
Vec3 unit3(const float* c) { return {unit(c[0]), unit(c[1]), unit(c[2])}; }

// Ns (a Phong exponent, 0..1000) as our perceptual roughness: the inverse of
// Blender's OBJ exporter (Ns = (30 (1 - roughness))^2), so Blender's files
// come back with the roughness they were made with. See scenes/README.md.
float roughness_from_ns(float ns) {
  const float clamped = std::min(std::max(finite_or(ns, 0.0f), 0.0f), 900.0f);
  return 1.0f - std::sqrt(clamped) / 30.0f;
}

// The material being mapped, with what it binds to textures.
class MaterialMapper {
 public:
  MaterialMapper(const tinyobj::material_t& m, const MtlInfo& info, std::vector<TextureDescription>& textures)
      : m_(m), info_(info), textures_(textures), origin_{info.file, "newmtl " + m.name, info.line} {}

  MaterialDescription map();

 private:
  // A texture for the map statement `key` naming `file`, or kNoTexture when
  // none is given or (with a warning) its file is missing. `used` records it.
  uint32_t texture(const char* key, const std::string& file, const tinyobj::texture_option_t& option, bool srgb,
                   TextureChannel channel = TextureChannel::Rgb);
  void bind(Material& mat, const char* param_name, uint32_t id);

  const tinyobj::material_t& m_;
  const MtlInfo& info_;
  std::vector<TextureDescription>& textures_;
  SourceOrigin origin_;
  std::set<std::string> used_;  // map statements turned into textures (or dropped as missing)
};

uint32_t MaterialMapper::texture(const char* key, const std::string& file, const tinyobj::texture_option_t& option,
                                 bool srgb, TextureChannel channel) {
  if (file.empty()) return kNoTexture;
  used_.insert(key);
  std::string path = resolve(directory_of(info_.file), file);
  std::string why = unreadable(path);
  if (!why.empty() && file.find('\\') != std::string::npos) {
    // Written on Windows ("textures\\wood.png"): the same path with slashes.
    std::string slashed = file;
    std::replace(slashed.begin(), slashed.end(), '\\', '/');
    const std::string other = resolve(directory_of(info_.file), slashed);
    if (unreadable(other).empty()) path = other, why.clear();
  }
  if (!why.empty()) {
    warn(info_.file + ":" + std::to_string(info_.line_of(key)) + ": material \"" + m_.name + "\": " + key +
         " texture " + path + " " + why + "; the map is dropped");
    return kNoTexture;
  }
  TextureDescription t;
  t.texture.kind = TextureKind::Image;
  t.texture.wrap = option.clamp ? TextureWrap::Clamp : TextureWrap::Repeat;
  t.texture.uv_scale = {finite_or(option.scale[0], 1.0f), finite_or(option.scale[1], 1.0f)};
  t.texture.uv_offset = {finite_or(option.origin_offset[0], 0.0f), finite_or(option.origin_offset[1], 0.0f)};
  t.file = file;
  t.path = path;
  t.srgb = srgb;
  // -imfchan r|g|b picks the channel a scalar map reads (packed ORM images).
  if (channel != TextureChannel::Rgb) {
    if (option.imfchan == 'r') channel = TextureChannel::R;
    else if (option.imfchan == 'g') channel = TextureChannel::G;
    else if (option.imfchan == 'b') channel = TextureChannel::B;
  }
  t.channel = channel;
  t.origin = origin_.child(key);
  t.origin.line = info_.line_of(key);
  textures_.push_back(t);
  return uint32_t(textures_.size() - 1);
}

void MaterialMapper::bind(Material& mat, const char* param_name, uint32_t id) {
  if (id == kNoTexture) return;
  for (const MaterialParam& p : material_params(mat.kind))
    if (std::strcmp(p.name, param_name) == 0) return mat.textures.push_back({p, id});
}

MaterialDescription MaterialMapper::map() {
  const tinyobj::material_t& m = m_;
  const MtlInfo& in = info_;
  // Kd absent: 0.8, the diffuse default (tinyobjloader's 0 would be black).
  const Vec3 kd = in.has("Kd") ? unit3(m.diffuse) : Vec3(0.8f), ks = unit3(m.specular);
  const int illum = in.has("illum") ? m.illum : 2;
  const bool glass = illum == 4 || illum == 6 || illum == 7 || illum == 9;
  const bool mirror = illum == 3 || illum == 5 || illum == 8;
  const bool pbr = in.has("Pr") || in.has("Pm") || in.has("map_Pr") || in.has("map_Pm");
  const float ior = std::isfinite(m.ior) && m.ior > 1.0f && m.ior < 10.0f ? m.ior : 1.5f;
  const float dissolve = in.has("d") || in.has("Tr") ? unit(m.dissolve) : 1.0f;
  // Mirrors and glass (illum 3-9) ray-trace a sharp reflection or refraction:
  // their Ns shapes the rasterizer's highlight only. Elsewhere Ns gives the
  // roughness, 0.5 when absent.
  const auto roughness = [&](bool sharp) { return sharp ? 0.0f : in.has("Ns") ? roughness_from_ns(m.shininess) : 0.5f; };
  const bool has_kd_map = !m.diffuse_texname.empty(), has_ks_map = !m.specular_texname.empty();

  Material mat;
  if (glass) {
    mat.kind = MaterialKind::Dielectric;
    mat.ior = ior;
    mat.roughness = in.has("Pr") ? unit(m.roughness) : roughness(true);
    // Tf, the colour glass lets through: Beer's law over one scene unit.
    if ((in.has("Tf") || in.has("Kt")) && !is_black(unit3(m.transmittance))) mat.transmittance = unit3(m.transmittance);
  } else if (pbr) {
    mat.kind = MaterialKind::Principled;
    mat.albedo = kd;
    bind(mat, "base_color", texture("map_Kd", m.diffuse_texname, m.diffuse_texopt, true));
    mat.metallic = unit(m.metallic);
    bind(mat, "metallic", texture("map_Pm", m.metallic_texname, m.metallic_texopt, false, TextureChannel::R));
    mat.roughness = in.has("Pr") ? unit(m.roughness) : roughness(false);
    bind(mat, "roughness", texture("map_Pr", m.roughness_texname, m.roughness_texopt, false, TextureChannel::R));
    mat.ior = ior;
    mat.clearcoat = unit(m.clearcoat_thickness);
    mat.clearcoat_roughness = unit(m.clearcoat_roughness);
    mat.transmission = 1.0f - dissolve;
  } else if (mirror || (illum == 2 && is_black(kd) && !has_kd_map && (!is_black(ks) || has_ks_map))) {
    // A mirror (illum 3, 5, 8), or a "plastic" with no diffuse colour: a metal coloured by Ks.
    mat.kind = MaterialKind::Conductor;
    mat.roughness = roughness(mirror);
    const bool from_kd = is_black(ks) && !has_ks_map;
    mat.reflectance = from_kd ? (is_black(kd) ? Vec3(1.0f) : kd) : ks;
    bind(mat, "reflectance", from_kd ? texture("map_Kd", m.diffuse_texname, m.diffuse_texopt, true)
                                     : texture("map_Ks", m.specular_texname, m.specular_texopt, true));
  } else if (dissolve < 1.0f) {
    // See-through without bending (d < 1 on an opaque illum): principled transmission 1 - d.
    mat.kind = MaterialKind::Principled;
    mat.albedo = kd;
    bind(mat, "base_color", texture("map_Kd", m.diffuse_texname, m.diffuse_texopt, true));
    mat.roughness = roughness(false);
    mat.ior = ior;
    mat.transmission = 1.0f - dissolve;
  } else if (illum == 2 && (!is_black(ks) || has_ks_map)) {
    // Phong's highlight: a clear coat (ior Ni) over the diffuse colour.
    mat.kind = MaterialKind::Coated;
    mat.albedo = kd;
    bind(mat, "albedo", texture("map_Kd", m.diffuse_texname, m.diffuse_texopt, true));
    mat.roughness = roughness(false);
    mat.ior = ior;
  } else {
    mat.kind = MaterialKind::Diffuse;
    mat.albedo = kd;
    bind(mat, "albedo", texture("map_Kd", m.diffuse_texname, m.diffuse_texopt, true));
  }

  // Any kind: emission, a normal map, a cut-out.
  const auto radiance = [](float x) { return std::min(std::max(finite_or(x, 0.0f), 0.0f), 1e9f); };
  mat.emission = {radiance(m.emission[0]), radiance(m.emission[1]), radiance(m.emission[2])};
  // map_Ke (sRGB) times Ke; a map_Ke without a Ke line emits the map as it is.
  if (!m.emissive_texname.empty()) {
    if (!in.has("Ke")) mat.emission = Vec3(1.0f);
    if (mat.is_emissive()) mat.emission_texture = texture("map_Ke", m.emissive_texname, m.emissive_texopt, true);
  }
  // norm is a normal map; so is map_Bump / bump as Blender writes and reads it.
  const bool norm = !m.normal_texname.empty();
  const uint32_t normal = norm ? texture("norm", m.normal_texname, m.normal_texopt, false)
                               : texture(in.has("map_Bump") ? "map_Bump" : in.has("map_bump") ? "map_bump" : "bump",
                                         m.bump_texname, m.bump_texopt, false);
  mat.normal_map = normal;
  if (!m.alpha_texname.empty()) {
    if (mat.is_emissive()) {
      warn(in.file + ":" + std::to_string(in.line_of("map_d")) + ": material \"" + m.name +
           "\": map_d dropped (an emitting material cannot have cut-outs yet)");
      used_.insert("map_d");
    } else {
      // A map_d naming the colour map's file reads its alpha; another file its red (grey) channel.
      const bool same = m.alpha_texname == m.diffuse_texname;
      mat.alpha_texture =
          texture("map_d", m.alpha_texname, m.alpha_texopt, false, same ? TextureChannel::A : TextureChannel::R);
    }
  }

  // One warning for the maps nothing reads.
  static const char* const kMaps[] = {"map_Ka", "map_Kd", "map_Ks", "map_Ns", "map_d",    "map_Ke", "map_Pr",
                                      "map_Pm", "map_Ps", "map_Bump", "map_bump", "bump", "norm", "disp",
                                      "map_disp", "map_Disp", "decal", "refl", "map_aat"};
  std::string unused;
  for (const char* key : kMaps)
    if (in.has(key) && !used_.count(key)) unused += (unused.empty() ? "" : ", ") + std::string(key);
  if (!unused.empty())
    warn(in.file + ":" + std::to_string(in.line) + ": material \"" + m.name + "\": " + unused +
         " not used (no counterpart in a " + material_kind_name(mat.kind) + " material)");

  return {m.name, mat, origin_};
}

}  // namespace

Model load_obj_model(const std::string& path, const Transform& to_world) {
  ObjFile file = open_obj_file(path, /*warn_mtllib=*/false);  // the reader warns of a missing .mtl
  MtlLibraryReader libraries(path);
  parse_obj_file(file, &libraries);
  const size_t faces = obj_face_count(file);
  if (faces == 0) throw Error(path + ": OBJ file has no faces");

  // A usemtl name no library defines, or one defined only by an mtllib line
  // further down (tinyobjloader, like the format, resolves names in file
  // order): one warning per name. None for an unknown name when a library is
  // missing (that warning says it already).
  {
    std::set<std::string> known, so_far, warned;
    for (const tinyobj::material_t& m : file.materials) known.insert(m.name);
    for_each_file_line(path, [&](const std::string& line, int number) {
      const size_t start = line.find_first_not_of(" \t");
      if (start == std::string::npos || (line.compare(start, 6, "usemtl") != 0 && line.compare(start, 6, "mtllib") != 0))
        return true;  // cheaply
      const std::vector<std::string> words = words_of(line);
      if (words[0] == "mtllib")
        for (size_t i = 1; i < words.size(); ++i) {
          const std::vector<std::string>& names = libraries.names_in(words[i]);
          so_far.insert(names.begin(), names.end());
        }
      if (words.size() < 2 || words[0] != "usemtl" || so_far.count(words[1]) || warned.count(words[1])) return true;
      const std::string where = path + ":" + std::to_string(number) + ": material \"" + words[1] + "\" ";
      if (known.count(words[1]))
        warn(where + "is used before the mtllib line that defines it; a grey diffuse default is used");
      else if (!libraries.missing())
        warn(where + "is not in any material library; a grey diffuse default is used");
      warned.insert(words[1]);
      return true;
    });
  }

  // The materials the faces use, in .mtl order, then the default (-1: no or
  // an unknown usemtl); each is one mesh group.
  const size_t count = file.materials.size();
  std::vector<int> used(count + 1, 0);  // index m + 1 for tinyobjloader's id m
  for (const ObjFile::FaceRun& run : file.runs)
    used[size_t(run.material >= 0 && size_t(run.material) < count ? run.material + 1 : 0)] = 1;
  std::vector<int> group_of_id(count + 1, -1);
  Model model;
  for (size_t i = 1; i <= count; ++i)
    if (used[i]) {
      group_of_id[i] = int(model.materials.size());
      model.materials.push_back(MaterialMapper(file.materials[i - 1], libraries.info(i - 1), model.textures).map());
    }
  if (used[0]) {
    group_of_id[0] = int(model.materials.size());
    Material grey;
    grey.albedo = Vec3(0.5f);
    model.materials.push_back({"default", grey, SourceOrigin{path, "default material", 0}});
  }
  std::vector<uint32_t> group_of_face;
  group_of_face.reserve(faces);
  for_each_obj_face(file, [&](size_t, size_t, unsigned, int id, unsigned) {
    group_of_face.push_back(uint32_t(group_of_id[size_t(id >= 0 && size_t(id) < count ? id + 1 : 0)]));
  });
  std::vector<uint32_t> materials(model.materials.size());
  for (size_t i = 0; i < materials.size(); ++i) materials[i] = uint32_t(i);

  ObjMeshes built = build_obj_meshes(file, group_of_face, materials);
  warn_dropped(file, built, "file");
  // Placed; a material whose triangles were all degenerate keeps no mesh.
  const float inf = std::numeric_limits<float>::infinity();
  Vec3 lo(inf), hi(-inf);
  for (TriangleMesh& mesh : built.meshes) {
    if (mesh.triangle_count() == 0) continue;
    model.meshes.push_back(transformed(std::move(mesh), to_world));
    const TriangleMesh& placed = model.meshes.back();
    for (size_t t = 0; t < placed.triangle_count(); ++t)
      for (int k = 0; k < 3; ++k) lo = min(lo, placed.corner(t, k)), hi = max(hi, placed.corner(t, k));
  }
  model.bounds_min = lo;
  model.bounds_max = hi;
  return model;
}

}  // namespace tessera
