#pragma once
// What was built: tessera's version, the git commit it was built from
// ("unknown" outside a git checkout; "-dirty" when tracked files had changes)
// and the CMake build type. Defined in a file generated at every build
// (cmake/BuildInfo.cmake), so the hash follows HEAD without a reconfigure.

namespace tessera {

const char* tessera_version();     // "0.1.0"
const char* tessera_git_hash();    // "d5d3531a1b2c", "d5d3531a1b2c-dirty" or "unknown"
const char* tessera_build_type();  // "Release", "Debug", ...

}  // namespace tessera
