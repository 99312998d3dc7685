#pragma once
// `tessera generate KIND -o SCENE.json`: procedural benchmark scenes, so
// benchmarks need no downloads. Each kind writes a scene file and, where it
// has a mesh, a binary PLY beside it (SCENE.ply; SCENE-emitters.ply), all
// deterministic (the same bytes for the same options).
//
//   displaced-sphere  a noise-displaced sphere of ~N triangles in a lit box
//   terrain           a heightfield of ~N triangles under a sun and sky
//   half-empty        the scheduler benchmark: objects only in the lower half
//   instances         COUNT placements of one ~N-triangle torus over a ground
//   emitters          COUNT small emissive triangles above a diffuse floor and sphere

#include <cstdint>
#include <string>

namespace tessera {

struct GenerateCommand {
  std::string kind;
  std::string output;            // the scene file (.json)
  uint64_t triangles = 1000000;  // displaced-sphere, terrain, instances (per prototype)
  uint64_t count = 1000;         // instances: placements; emitters: emissive triangles
  int width = 512, height = 512, spp = 16;  // the scene's film block
};

int run_generate(const GenerateCommand& command);

}  // namespace tessera
