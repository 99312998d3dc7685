#pragma once
// One command's files must be distinct: an output that is also an input (the
// scene, a reference image, a journal) or another output would overwrite it.

#include <string>
#include <utility>
#include <vector>

namespace tessera {

// `files`: (option, path) pairs, e.g. {"-o", "out.png"}, {"--stats-json", "out.png"};
// empty paths are skipped. Two paths are the same file when they resolve to the
// same absolute path (symbolic links followed) or to the same existing inode
// (hard links). Throws Error("<path>: given as both <option> and <option>").
void check_distinct_files(const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace tessera
