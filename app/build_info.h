#pragma once
// What this build of tessera is: its version and the git commit it was built
// from, and the versions of the libraries it runs on (for --version, file
// metadata and bug reports).

#include <string>

namespace tessera {

// The CMake project version ("0.1.0").
const char* tessera_version();
// The git commit of the source tree at build time (12 hex digits), or "unknown"
// outside a git checkout. Generated at every build (cmake/GitHash.cmake), so it
// follows HEAD without a rebuild of anything else.
const char* tessera_git_hash();

// The CMake build type ("Release", "Debug", ...; empty for a multi-config generator).
const char* tessera_build_type();

// "tessera <version> <git hash>": the EXR "software" attribute and PNG's tEXt Software.
std::string tessera_software();

// The text of `tessera --version`: tessera's version and hash, and the Embree
// (with the ISA it chose on this CPU), oneTBB and OpenEXR versions. Creates an
// Embree device to ask it.
std::string version_text();

}  // namespace tessera
