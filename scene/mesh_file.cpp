#include "scene/mesh_file.h"

#include "core/base/error.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sys/stat.h>

namespace tessera {

std::string read_mesh_file(const std::string& path) {
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
  std::string text(size_t(st.st_size), '\0');
  in.read(&text[0], std::streamsize(text.size()));
  if (in.bad() || size_t(in.gcount()) != text.size())
    throw Error(path + ": cannot read mesh file: " + (errno ? std::strerror(errno) : "read error"));
  return text;
}

}  // namespace tessera
