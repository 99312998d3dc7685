#pragma once
// Files for tests: everything a test writes goes under the build tree
// (TESSERA_TEST_OUTPUT_DIR), never the current directory.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

namespace tessera {

// An emptied directory <output>/<group>/<name> for one test case.
inline std::filesystem::path fresh_test_dir(const std::string& group, const std::string& name) {
  const std::filesystem::path dir = std::filesystem::path(TESSERA_TEST_OUTPUT_DIR) / group / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline void write_test_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  REQUIRE(out.good());
}

}  // namespace tessera
