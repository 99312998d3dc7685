#pragma once
// ImageMetadata: what an image file says about itself (the software, the
// render's settings, the camera), handed to the writers by whoever knows it.
// Core knows no command line: app/ fills this in, the writers put it where
// each format allows (EXR header attributes, PNG tEXt chunks).

#include <array>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace tessera {

// A 4x4 matrix in OpenEXR's M44f convention: row-major, points are row vectors
// multiplied on the left (p' = p * M, translation in the last row).
using Matrix44 = std::array<float, 16>;

struct ImageMetadata {
  // Named values in the order given: EXR string / int / double attributes.
  using Value = std::variant<std::string, int, double>;
  struct Entry {
    std::string name;  // an EXR attribute name ("software", "tessera/spp")
    Value value;
  };
  std::vector<Entry> entries;
  std::string software;  // "tessera 0.1.0 abc1234": EXR "software", PNG tEXt "Software"; "" = none
  // OpenEXR's standard camera attributes (ImfStandardAttributes.h); unset = not written.
  std::optional<Matrix44> world_to_camera;  // left-handed camera space: +x right, +y up, +z the view direction
  std::optional<Matrix44> world_to_ndc;     // homogeneous; after the divide, (0,0) top-left, (1,1) bottom-right

  void add(std::string name, Value value) { entries.push_back({std::move(name), std::move(value)}); }
  // The entry named `name`, or nullptr.
  const Value* find(const std::string& name) const {
    for (const Entry& e : entries)
      if (e.name == name) return &e.value;
    return nullptr;
  }
};

}  // namespace tessera
