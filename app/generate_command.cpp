#include "app/generate_command.h"

#include "core/base/atomic_file.h"
#include "core/base/error.h"
#include "core/math/vec3.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

namespace tessera {
namespace {

constexpr double kPi = 3.14159265358979323846;

// A mesh to write: positions, optional normals, triangles.
struct GeneratedMesh {
  std::vector<Vec3> positions, normals;
  std::vector<uint32_t> indices;
};

// Deterministic value noise: a hash of a lattice point, smoothly interpolated.
double lattice(int64_t x, int64_t y, int64_t z) {
  uint64_t h = uint64_t(x) * 0x9E3779B97F4A7C15ull ^ uint64_t(y) * 0xC2B2AE3D27D4EB4Full ^ uint64_t(z) * 0x165667B19E3779F9ull;
  h ^= h >> 29, h *= 0xBF58476D1CE4E5B9ull, h ^= h >> 32;
  return double(h >> 11) * 0x1.0p-53;
}

double value_noise(double x, double y, double z) {
  const double fx = std::floor(x), fy = std::floor(y), fz = std::floor(z);
  const auto smooth = [](double t) { return t * t * (3 - 2 * t); };
  const double tx = smooth(x - fx), ty = smooth(y - fy), tz = smooth(z - fz);
  const int64_t ix = int64_t(fx), iy = int64_t(fy), iz = int64_t(fz);
  double v = 0;
  for (int c = 0; c < 8; ++c) {
    const int dx = c & 1, dy = (c >> 1) & 1, dz = (c >> 2) & 1;
    v += (dx ? tx : 1 - tx) * (dy ? ty : 1 - ty) * (dz ? tz : 1 - tz) * lattice(ix + dx, iy + dy, iz + dz);
  }
  return v;
}

// Four octaves of value noise, in about [-0.5, 0.5].
double fractal_noise(double x, double y, double z) {
  double sum = 0, amplitude = 0.5, frequency = 1;
  for (int k = 0; k < 4; ++k, amplitude *= 0.5, frequency *= 2)
    sum += amplitude * (value_noise(x * frequency, y * frequency, z * frequency) - 0.5);
  return sum;
}

// A grid of (columns + 1) x (rows + 1) vertices, two triangles per cell,
// vertex (i, j) placed by `place` (which also gives its normal, or none).
template <class Place>
GeneratedMesh grid_mesh(uint32_t columns, uint32_t rows, Place place) {
  GeneratedMesh m;
  const size_t vertices = size_t(columns + 1) * (rows + 1);
  m.positions.reserve(vertices);
  for (uint32_t j = 0; j <= rows; ++j)
    for (uint32_t i = 0; i <= columns; ++i) m.positions.push_back(place(double(i) / columns, double(j) / rows));
  m.indices.reserve(size_t(columns) * rows * 6);
  for (uint32_t j = 0; j < rows; ++j)
    for (uint32_t i = 0; i < columns; ++i) {
      const uint32_t a = j * (columns + 1) + i, b = a + 1, c = a + columns + 1, d = c + 1;
      m.indices.insert(m.indices.end(), {a, c, b, b, c, d});
    }
  return m;
}

// Smooth normals: area-weighted face normals summed at each vertex.
void add_normals(GeneratedMesh& m) {
  m.normals.assign(m.positions.size(), Vec3(0.0f));
  for (size_t t = 0; t < m.indices.size(); t += 3) {
    const uint32_t a = m.indices[t], b = m.indices[t + 1], c = m.indices[t + 2];
    const Vec3 n = cross(m.positions[b] - m.positions[a], m.positions[c] - m.positions[a]);
    m.normals[a] += n, m.normals[b] += n, m.normals[c] += n;
  }
  for (Vec3& n : m.normals) {
    const float len = length(n);
    n = len > 0 ? n / len : Vec3(0, 1, 0);
  }
}

// Columns and rows of a grid with about `triangles` triangles and the given aspect (columns / rows).
void grid_size(uint64_t triangles, double aspect, uint32_t& columns, uint32_t& rows) {
  rows = uint32_t(std::max(2.0, std::round(std::sqrt(double(triangles) / 2 / aspect))));
  columns = uint32_t(std::max(3.0, std::round(double(triangles) / 2 / rows)));
}

// Binary little-endian PLY: float positions (and normals), uchar-count uint index lists.
void write_ply(const std::string& path, const GeneratedMesh& m) {
  std::string header = "ply\nformat binary_little_endian 1.0\ncomment tessera generate\nelement vertex " +
                       std::to_string(m.positions.size()) + "\nproperty float x\nproperty float y\nproperty float z\n";
  if (!m.normals.empty()) header += "property float nx\nproperty float ny\nproperty float nz\n";
  header += "element face " + std::to_string(m.indices.size() / 3) +
            "\nproperty list uchar uint vertex_indices\nend_header\n";
  const size_t vertex_bytes = m.normals.empty() ? 12 : 24;
  static_assert(sizeof(float) == 4, "PLY floats are 4 bytes");
  // x86 and ARM Linux are little-endian, as the header says; the writer buffers.
  AtomicFileWriter out(path, "generated mesh");
  out.write(header);
  for (size_t v = 0; v < m.positions.size(); ++v) {
    const float values[6] = {m.positions[v].x, m.positions[v].y, m.positions[v].z,
                             m.normals.empty() ? 0 : m.normals[v].x, m.normals.empty() ? 0 : m.normals[v].y,
                             m.normals.empty() ? 0 : m.normals[v].z};
    out.write(values, vertex_bytes);
  }
  for (size_t t = 0; t < m.indices.size(); t += 3) {
    unsigned char face[13];
    face[0] = 3;
    std::memcpy(face + 1, &m.indices[t], 12);
    out.write(face, sizeof face);
  }
  out.commit();
}

using json = nlohmann::json;
// Lists are spelled json::array({...}): clang reads a braced list holding one
// json value as a copy of that value (CWG 1467), not as an array of one.

json quad(const char* material, Vec3 corner, Vec3 e1, Vec3 e2) {
  return {{"type", "quad"}, {"material", material}, {"corner", {corner.x, corner.y, corner.z}},
          {"edge1", {e1.x, e1.y, e1.z}}, {"edge2", {e2.x, e2.y, e2.z}}};
}

json diffuse(double r, double g, double b) { return {{"type", "diffuse"}, {"albedo", {r, g, b}}}; }

}  // namespace

int run_generate(const GenerateCommand& cmd) {
  const std::filesystem::path scene_path(cmd.output);
  if (scene_path.extension() != ".json")
    throw Error(cmd.output + ": the generated scene must be a .json file");
  if (cmd.triangles < 8 || cmd.triangles > 500'000'000)
    throw Error("--triangles " + std::to_string(cmd.triangles) + " is out of range [8, 500000000]");
  if (cmd.count < 1 || cmd.count > 10'000'000)
    throw Error("--count " + std::to_string(cmd.count) + " is out of range [1, 10000000]");
  const std::string stem = scene_path.stem().string();
  const std::filesystem::path dir = scene_path.parent_path();
  const auto beside = [&](const std::string& suffix) { return (dir / (stem + suffix)).string(); };

  json scene = {{"film", {{"resolution", {cmd.width, cmd.height}}, {"spp", cmd.spp}, {"max_depth", 5}, {"seed", 0}}}};
  std::string summary;
  if (cmd.kind == "displaced-sphere") {
    // A UV sphere pushed in and out by fractal noise, on a floor in an open box lit from above.
    uint32_t columns, rows;
    grid_size(cmd.triangles, 2.0, columns, rows);
    GeneratedMesh m = grid_mesh(columns, rows, [](double u, double v) {
      const double phi = 2 * kPi * std::min(u, 1.0 - 1e-12), theta = kPi * (0.02 + 0.96 * v);  // no degenerate poles
      const double x = std::sin(theta) * std::cos(phi), y = std::cos(theta), z = std::sin(theta) * std::sin(phi);
      const double r = 1.0 + 0.25 * fractal_noise(3 * x + 10, 3 * y + 10, 3 * z + 10);
      return Vec3(float(r * x), float(r * y + 1.2), float(r * z));
    });
    add_normals(m);
    write_ply(beside(".ply"), m);
    scene["camera"] = {{"position", {0, 1.6, 5.5}}, {"look_at", {0, 1.0, 0}}, {"fov", 40}};
    scene["materials"] = {{"white", diffuse(0.7, 0.7, 0.7)}, {"red", diffuse(0.6, 0.1, 0.1)},
                          {"green", diffuse(0.1, 0.5, 0.15)}, {"clay", diffuse(0.75, 0.55, 0.35)},
                          {"light", {{"type", "emissive"}, {"radiance", {12, 12, 12}}}}};
    scene["shapes"] = json::array({quad("white", {-3, 0, 3}, {6, 0, 0}, {0, 0, -6}),    // floor
                       quad("white", {-3, 0, -3}, {6, 0, 0}, {0, 4, 0}),    // back
                       quad("red", {-3, 0, 3}, {0, 0, -6}, {0, 4, 0}),      // left
                       quad("green", {3, 0, -3}, {0, 0, 6}, {0, 4, 0}),     // right
                       quad("white", {-3, 4, -3}, {0, 0, 6}, {6, 0, 0}),    // ceiling
                       quad("light", {-0.75, 3.99, -0.75}, {1.5, 0, 0}, {0, 0, 1.5}),
                       {{"type", "mesh"}, {"material", "clay"}, {"file", stem + ".ply"}}});
    summary = std::to_string(m.indices.size() / 3) + " triangles";
  } else if (cmd.kind == "terrain") {
    uint32_t columns, rows;
    grid_size(cmd.triangles, 1.0, columns, rows);
    GeneratedMesh m = grid_mesh(columns, rows, [](double u, double v) {
      const double x = 20 * (u - 0.5), z = 20 * (0.5 - v);
      const double h = 6 * fractal_noise(x * 0.15 + 3, 0.5, z * 0.15 + 7) + 1.5 * fractal_noise(x * 0.8, 4.5, z * 0.8);
      return Vec3(float(x), float(h), float(z));
    });
    add_normals(m);
    write_ply(beside(".ply"), m);
    scene["camera"] = {{"position", {0, 6, 13}}, {"look_at", {0, 0, 0}}, {"fov", 45}};
    scene["environment"] = {{"radiance", {0.35, 0.45, 0.6}}};
    scene["materials"] = {{"ground", diffuse(0.45, 0.4, 0.3)}};
    scene["lights"] = json::array({{{"type", "directional"}, {"direction", {-0.5, -0.6, -0.4}}, {"irradiance", {3, 2.9, 2.7}},
                        {"angle", 0.53}}});
    scene["shapes"] = json::array({{{"type", "mesh"}, {"material", "ground"}, {"file", stem + ".ply"}}});
    summary = std::to_string(m.indices.size() / 3) + " triangles";
  } else if (cmd.kind == "half-empty") {
    // The top half of the image is empty sky: buckets there cost almost nothing.
    scene["camera"] = {{"position", {0, 1.2, 6}}, {"look_at", {0, 0.2, 0}}, {"fov", 45}};
    scene["materials"] = {{"floor", diffuse(0.6, 0.6, 0.6)}, {"clay", diffuse(0.7, 0.5, 0.3)},
                          {"light", {{"type", "emissive"}, {"radiance", {8, 8, 8}}}}};
    scene["shapes"] = json::array({quad("floor", {-4, 0, 4}, {8, 0, 0}, {0, 0, -8}),
                       {{"type", "sphere"}, {"material", "clay"}, {"center", {-1.2, 0.6, 0}}, {"radius", 0.6}},
                       {{"type", "sphere"}, {"material", "clay"}, {"center", {0.3, 0.45, 1}}, {"radius", 0.45}},
                       {{"type", "box"}, {"material", "clay"}, {"min", {0.9, 0, -1}}, {"max", {1.9, 0.9, 0}}},
                       quad("light", {-1, 6, -1}, {2, 0, 0}, {0, 0, 2})});
    summary = "5 shapes";
  } else if (cmd.kind == "instances") {
    // One torus, placed on a square grid over the ground, each turned differently.
    uint32_t columns, rows;
    grid_size(cmd.triangles, 2.0, columns, rows);
    GeneratedMesh m = grid_mesh(columns, rows, [](double u, double v) {
      const double a = 2 * kPi * std::min(u, 1.0 - 1e-12), b = 2 * kPi * std::min(v, 1.0 - 1e-12);
      const double R = 1.0, r = 0.35;
      return Vec3(float((R + r * std::cos(b)) * std::cos(a)), float(r * std::sin(b)),
                  float((R + r * std::cos(b)) * std::sin(a)));
    });
    add_normals(m);
    write_ply(beside(".ply"), m);
    const int side = int(std::ceil(std::sqrt(double(cmd.count))));
    const double spacing = 2.8, extent = spacing * side;
    json instances = json::array();
    for (uint64_t k = 0; k < cmd.count; ++k) {
      const double x = (double(k % side) - 0.5 * (side - 1)) * spacing, z = -double(k / side) * spacing;
      instances.push_back({{"of", "torus"},
                           {"transform", {{"rotate", {{"axis", {1, 0.3 * std::sin(double(k)), 0.2}}, {"angle", double((k * 37) % 360)}}},
                                          {"translate", {x, 1.0, z}}}}});
    }
    scene["camera"] = {{"position", {0, 0.35 * extent + 3, 0.25 * extent + 6}}, {"look_at", {0, 0, -0.45 * extent}},
                       {"fov", 50}};
    scene["environment"] = {{"radiance", {0.5, 0.55, 0.65}}};
    scene["materials"] = {{"ground", diffuse(0.5, 0.5, 0.5)}, {"clay", diffuse(0.8, 0.35, 0.2)}};
    scene["lights"] = json::array({{{"type", "directional"}, {"direction", {-0.4, -0.8, -0.3}}, {"irradiance", {2.5, 2.4, 2.2}}}});
    scene["shapes"] = json::array({quad("ground", {float(-extent), 0, float(3 * spacing)}, {float(2 * extent), 0, 0},
                            {0, 0, float(-extent - 4 * spacing)})});
    scene["meshes"] = {{"torus", {{"file", stem + ".ply"}, {"material", "clay"}}}};
    scene["instances"] = instances;
    summary = std::to_string(cmd.count) + " placements of " + std::to_string(m.indices.size() / 3) + " triangles";
  } else if (cmd.kind == "emitters") {
    // COUNT small triangles scattered over a dome, each an area light (the light sampler picks among them).
    GeneratedMesh m;
    for (uint64_t k = 0; k < cmd.count; ++k) {
      const double u = lattice(int64_t(k), 1, 0), v = lattice(int64_t(k), 2, 0);
      const double phi = 2 * kPi * u, y = 0.2 + 0.8 * v, s = std::sqrt(1 - y * y);
      const Vec3 c(float(6 * s * std::cos(phi)), float(6 * y), float(6 * s * std::sin(phi)));
      // A small triangle facing the origin.
      const Vec3 n = normalize(-c);
      const Vec3 t = normalize(cross(std::fabs(n.y) < 0.9f ? Vec3(0, 1, 0) : Vec3(1, 0, 0), n));
      const Vec3 b = cross(n, t);
      const float size = 0.08f;
      const uint32_t first = uint32_t(m.positions.size());
      m.positions.push_back(c + t * size);
      m.positions.push_back(c + (b * 0.866f - t * 0.5f) * size);
      m.positions.push_back(c + (-b * 0.866f - t * 0.5f) * size);
      // Wound so that the front (cross(p1 - p0, p2 - p0)) faces the origin.
      const Vec3 front = cross(m.positions[first + 1] - m.positions[first], m.positions[first + 2] - m.positions[first]);
      if (dot(front, n) > 0) m.indices.insert(m.indices.end(), {first, first + 1, first + 2});
      else m.indices.insert(m.indices.end(), {first, first + 2, first + 1});
    }
    write_ply(beside("-emitters.ply"), m);
    scene["camera"] = {{"position", {0, 2.5, 7}}, {"look_at", {0, 0.8, 0}}, {"fov", 45}};
    scene["materials"] = {{"floor", diffuse(0.6, 0.6, 0.6)}, {"clay", diffuse(0.7, 0.5, 0.3)},
                          {"glow", {{"type", "emissive"}, {"radiance", {40, 36, 30}}, {"two_sided", true}}}};
    scene["shapes"] = json::array({quad("floor", {-8, 0, 8}, {16, 0, 0}, {0, 0, -16}),
                       {{"type", "sphere"}, {"material", "clay"}, {"center", {0, 1, 0}}, {"radius", 1}},
                       {{"type", "mesh"}, {"material", "glow"}, {"file", stem + "-emitters.ply"}}});
    summary = std::to_string(cmd.count) + " emissive triangles";
  } else {
    throw Error("unknown scene kind \"" + cmd.kind +
                "\" (expected displaced-sphere, terrain, half-empty, instances or emitters)");
  }
  AtomicFileWriter out(cmd.output, "generated scene");
  out.write(scene.dump(1) + '\n');
  out.commit();
  std::printf("tessera: wrote %s (%s %s)\n", cmd.output.c_str(), cmd.kind.c_str(), summary.c_str());
  return 0;
}

}  // namespace tessera
