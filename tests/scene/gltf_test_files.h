#pragma once
// GltfBuilder: small glTF 2.0 files written by the tests themselves (JSON with
// a base64 data-URI buffer, or a .glb), so no test depends on a downloaded model.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace tessera {

inline std::string base64(const std::string& bytes) {
  static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const uint32_t v = uint32_t(uint8_t(bytes[i])) << 16 | uint32_t(uint8_t(bytes[i + 1])) << 8 | uint8_t(bytes[i + 2]);
    out += {k[v >> 18], k[(v >> 12) & 63], k[(v >> 6) & 63], k[v & 63]};
  }
  if (i + 1 == bytes.size()) {
    const uint32_t v = uint32_t(uint8_t(bytes[i])) << 16;
    out += {k[v >> 18], k[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == bytes.size()) {
    const uint32_t v = uint32_t(uint8_t(bytes[i])) << 16 | uint32_t(uint8_t(bytes[i + 1])) << 8;
    out += {k[v >> 18], k[(v >> 12) & 63], k[(v >> 6) & 63], '='};
  }
  return out;
}

struct GltfBuilder {
  enum : int { kUByte = 5121, kUShort = 5123, kUInt = 5125, kFloat = 5126 };
  nlohmann::json doc = {{"asset", {{"version", "2.0"}}}};
  std::string bin;  // buffer 0

  // A buffer view over `bytes` (4-byte aligned) and an accessor over it; returns the accessor.
  int accessor(const std::string& bytes, int component_type, size_t count, const char* type) {
    while (bin.size() % 4) bin += '\0';
    doc["bufferViews"].push_back({{"buffer", 0}, {"byteOffset", bin.size()}, {"byteLength", bytes.size()}});
    bin += bytes;
    doc["accessors"].push_back({{"bufferView", doc["bufferViews"].size() - 1},
                                {"componentType", component_type},
                                {"count", count},
                                {"type", type}});
    return int(doc["accessors"].size() - 1);
  }
  template <typename T>
  static std::string bytes_of(const std::vector<T>& v) {
    return std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
  int positions(const std::vector<float>& xyz) { return accessor(bytes_of(xyz), kFloat, xyz.size() / 3, "VEC3"); }
  int uvs(const std::vector<float>& uv) { return accessor(bytes_of(uv), kFloat, uv.size() / 2, "VEC2"); }
  int indices8(const std::vector<uint8_t>& i) { return accessor(bytes_of(i), kUByte, i.size(), "SCALAR"); }
  int indices16(const std::vector<uint16_t>& i) { return accessor(bytes_of(i), kUShort, i.size(), "SCALAR"); }
  int indices32(const std::vector<uint32_t>& i) { return accessor(bytes_of(i), kUInt, i.size(), "SCALAR"); }

  // A mesh of primitives ({"attributes": ..., "indices": ..., "material": ...}); returns its index.
  int mesh(const std::vector<nlohmann::json>& primitives) {  // a vector: {one} must stay an array
    doc["meshes"].push_back({{"primitives", primitives}});
    return int(doc["meshes"].size() - 1);
  }
  int node(const nlohmann::json& node) {
    doc["nodes"].push_back(node);
    return int(doc["nodes"].size() - 1);
  }
  void scene(const std::vector<int>& roots) {
    doc["scenes"] = nlohmann::json::array({{{"nodes", roots}}});
    doc["scene"] = 0;
  }

  // The .gltf text, buffer 0 as a data URI.
  std::string gltf() const {
    nlohmann::json d = doc;
    d["buffers"] = nlohmann::json::array(
        {{{"byteLength", bin.size()}, {"uri", "data:application/octet-stream;base64," + base64(bin)}}});
    return d.dump(1);
  }
  // The .gltf text with buffer 0 in the external file `uri` (the caller writes bin there).
  std::string gltf_external(const std::string& uri) const {
    nlohmann::json d = doc;
    d["buffers"] = nlohmann::json::array({{{"byteLength", bin.size()}, {"uri", uri}}});
    return d.dump(1);
  }
  // The .glb bytes: header, JSON chunk, BIN chunk.
  std::string glb() const {
    nlohmann::json d = doc;
    std::string b = bin;
    while (b.size() % 4) b += '\0';
    d["buffers"] = nlohmann::json::array({{{"byteLength", bin.size()}}});
    std::string json = d.dump();
    while (json.size() % 4) json += ' ';
    std::string out;
    const auto u32 = [&out](uint32_t v) { out.append(reinterpret_cast<const char*>(&v), 4); };
    out += "glTF";
    u32(2);
    u32(uint32_t(12 + 8 + json.size() + 8 + b.size()));
    u32(uint32_t(json.size()));
    out += "JSON";
    out += json;
    u32(uint32_t(b.size()));
    out += std::string("BIN\0", 4);
    out += b;
    return out;
  }
};

// One triangle in the z = 0 plane, a primitive of it with `indices` (or none: -1).
inline nlohmann::json triangle_primitive(GltfBuilder& b, int indices = -1, int material = -1) {
  const int pos = b.positions({0, 0, 0, 1, 0, 0, 0, 1, 0});
  nlohmann::json p = {{"attributes", {{"POSITION", pos}}}};
  if (indices >= 0) p["indices"] = indices;
  if (material >= 0) p["material"] = material;
  return p;
}

}  // namespace tessera
