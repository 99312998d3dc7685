#pragma once
// Paths inside scene and model files: relative ones resolve against the
// directory of the file that names them.

#include <cctype>
#include <string>

namespace tessera {

// "dir/scene.json" -> "dir/"; "scene.json" -> "".
inline std::string directory_of(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? "" : path.substr(0, slash + 1);
}

// `path` as named inside a file whose directory is `base_dir` (absolute paths stay).
// The extension of the path's last component, lowercased, with its dot
// (".obj"); "" when it has none. Loaders choose a reader by it.
inline std::string lowercase_extension(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  const size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  std::string ext = path.substr(dot);
  for (char& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

inline std::string resolve(const std::string& base_dir, const std::string& path) {
  return (path.empty() || path[0] == '/') ? path : base_dir + path;
}

}  // namespace tessera
