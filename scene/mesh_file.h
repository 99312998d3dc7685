#pragma once
// Reading a mesh file (OBJ, PLY) whole, with the errors every mesh loader
// reports the same way: not found, a directory, not a regular file, unreadable.

#include <string>

namespace tessera {

// The bytes of the file at `path`, read in one piece. Throws Error naming the path.
std::string read_mesh_file(const std::string& path);

}  // namespace tessera
