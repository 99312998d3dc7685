#include "app/distinct_paths.h"

#include "core/base/error.h"

#include <filesystem>
#include <sys/stat.h>

namespace tessera {

void check_distinct_files(const std::vector<std::pair<std::string, std::string>>& files) {
  namespace fs = std::filesystem;
  struct Resolved {
    std::string canonical;
    bool exists = false;
    dev_t device = 0;
    ino_t inode = 0;
  };
  std::vector<Resolved> resolved;
  for (const auto& [option, path] : files) {
    Resolved r;
    if (!path.empty()) {
      std::error_code ec;
      const fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
      r.canonical = ec ? path : p.string();
      struct stat st {};
      if (::stat(path.c_str(), &st) == 0) r.exists = true, r.device = st.st_dev, r.inode = st.st_ino;
    }
    resolved.push_back(r);
  }
  for (size_t i = 0; i < files.size(); ++i) {
    if (files[i].second.empty()) continue;
    for (size_t j = i + 1; j < files.size(); ++j) {
      if (files[j].second.empty()) continue;
      const bool same = resolved[i].canonical == resolved[j].canonical ||
                        (resolved[i].exists && resolved[j].exists && resolved[i].device == resolved[j].device &&
                         resolved[i].inode == resolved[j].inode);
      if (same)
        throw Error(files[j].second + ": given as both " + files[i].first + " and " + files[j].first +
                    "; one file cannot be both (it would be overwritten)");
    }
  }
}

}  // namespace tessera
