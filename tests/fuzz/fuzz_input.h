#pragma once
// Shared by the fuzz targets: entry points that take a path get the fuzz input
// written to a temporary file first.
//
// Each target defines LLVMFuzzerTestOneInput(data, size). Inputs Tessera must
// refuse are fine as long as it refuses them with tessera::Error; any other
// exception, a crash, a sanitizer report, a hang or a huge allocation is a
// finding (scripts/fuzz.sh, tests/fuzz/README.md).

#include <cstddef>
#include <cstdint>
#include <string>

namespace tessera::fuzz {

// Write `data` to this process's temporary file ending in `suffix` (".png",
// ".tsj", ...), overwriting it, and return its path. Removed at exit.
std::string write_temp_file(const uint8_t* data, size_t size, const std::string& suffix);

// An empty directory of this process (scene files resolve meshes against it).
const std::string& temp_dir();

}  // namespace tessera::fuzz
