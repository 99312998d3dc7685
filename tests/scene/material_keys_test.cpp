// The conductor and dielectric keys as a scene file gives them reach
// MaterialParams (the parser reads them through each BxDF's kParams).

#include "scene/scene_file.h"

#include <catch2/catch.hpp>

using namespace tessera;

TEST_CASE("conductor and dielectric keys are read into the material", "[scene_description][materials]") {
  const SceneFile f = load_scene_text(R"({
    "materials": {
      "gold": {"type": "conductor", "metal": "Au", "roughness": 0.3, "anisotropy": 0.5},
      "tint": {"type": "conductor", "reflectance": [0.9, 0.5, 0.1]},
      "ek":   {"type": "conductor", "eta": [0.2, 0.3, 0.4], "k": [3, 2, 1]},
      "pane": {"type": "dielectric", "ior": 1.33, "thin": true},
      "wine": {"type": "dielectric", "roughness": 0.1, "transmittance": [0.5, 0.1, 0.1], "distance": 0.2},
      "d":    {"type": "diffuse"}
    },
    "shapes": [
      {"type": "sphere", "material": "gold", "radius": 1}, {"type": "sphere", "material": "tint", "radius": 1},
      {"type": "sphere", "material": "ek", "radius": 1}, {"type": "sphere", "material": "pane", "radius": 1},
      {"type": "sphere", "material": "wine", "radius": 1}, {"type": "sphere", "material": "d", "radius": 1}
    ]
  })", "keys.json", "");
  const auto& m = f.scene.materials;
  REQUIRE(m.size() == 6);
  // Materials are stored in the order of their names.
  const auto find = [&](MaterialKind kind, auto pred) {
    int n = 0;
    for (const Material& x : m) n += x.kind == kind && pred(x);
    return n;
  };
  CHECK(find(MaterialKind::Conductor, [](const Material& x) {
          return x.metal == 0 && x.roughness == 0.3f && x.anisotropy == 0.5f && x.reflectance.x < 0;
        }) == 1);
  CHECK(find(MaterialKind::Conductor,
             [](const Material& x) { return x.reflectance == Vec3(0.9f, 0.5f, 0.1f) && x.metal == -1; }) == 1);
  CHECK(find(MaterialKind::Conductor,
             [](const Material& x) { return x.conductor_eta == Vec3(0.2f, 0.3f, 0.4f) && x.conductor_k == Vec3(3, 2, 1); }) == 1);
  CHECK(find(MaterialKind::Dielectric, [](const Material& x) { return x.thin && x.ior == 1.33f; }) == 1);
  CHECK(find(MaterialKind::Dielectric, [](const Material& x) {
          return !x.thin && x.ior == 1.5f && x.roughness == 0.1f && x.transmittance == Vec3(0.5f, 0.1f, 0.1f) &&
                 x.distance == 0.2f;
        }) == 1);
  CHECK(find(MaterialKind::Diffuse, [](const Material& x) { return x.albedo == Vec3(0.8f); }) == 1);
}
