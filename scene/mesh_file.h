#pragma once
// Reading a mesh file (OBJ, PLY) whole or in pieces, with the errors every
// mesh loader reports the same way: not found, a directory, not a regular
// file, unreadable.

#include <cstdint>
#include <fstream>
#include <string>

namespace tessera {

// The bytes of the file at `path`, read in one piece. Throws Error naming the path.
std::string read_mesh_file(const std::string& path);
// The file at `path` opened for reading in pieces (a large ASCII file need not
// be whole in memory), its size in `size`. Throws Error as read_mesh_file does.
std::ifstream open_mesh_file(const std::string& path, uint64_t& size);
// Reads up to `count` more bytes of `in` onto the end of `bytes`; returns how
// many. Throws Error naming `path` when reading fails.
size_t read_mesh_piece(std::ifstream& in, const std::string& path, std::string& bytes, size_t count);

}  // namespace tessera
