#include "scene/mesh_file.h"

#include "core/base/error.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sys/stat.h>

namespace tessera {

std::ifstream open_mesh_file(const std::string& path, uint64_t& size) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) throw Error(path + ": mesh file not found");
    throw Error(path + ": cannot open mesh file: " + std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) throw Error(path + ": is a directory, not a mesh file");
  if (!S_ISREG(st.st_mode)) throw Error(path + ": not a regular file");
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open mesh file: " + (errno ? std::strerror(errno) : "unknown error"));
  size = uint64_t(st.st_size);
  return in;
}

size_t read_mesh_piece(std::ifstream& in, const std::string& path, std::string& bytes, size_t count) {
  const size_t old = bytes.size();
  bytes.resize(old + count);
  errno = 0;
  in.read(&bytes[old], std::streamsize(count));
  const size_t got = size_t(in.gcount());
  bytes.resize(old + got);
  if (in.bad()) throw Error(path + ": cannot read mesh file: " + (errno ? std::strerror(errno) : "read error"));
  return got;
}

std::string read_mesh_file(const std::string& path) {
  uint64_t size = 0;
  std::ifstream in = open_mesh_file(path, size);
  std::string text;
  if (read_mesh_piece(in, path, text, size_t(size)) != size)
    throw Error(path + ": cannot read mesh file: " + (errno ? std::strerror(errno) : "read error"));
  return text;
}

}  // namespace tessera
