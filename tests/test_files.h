#pragma once
// Files for tests: everything a test writes goes under the build tree
// (TESSERA_TEST_OUTPUT_DIR), never the current directory.

#include <catch2/catch.hpp>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

namespace tessera {

// A directory name for the running test case. CTest runs every test case as
// its own process, in parallel, so two cases that share a helper (and so a
// <name>) must not share a directory: one would empty it under the other.
inline std::string current_test_case_dir_name() {
  const std::string test = Catch::getResultCapture().getCurrentTestName();
  std::string readable;
  for (char c : test.substr(0, 40)) readable += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  char hash[24];
  std::snprintf(hash, sizeof hash, "-%016zx", std::hash<std::string>{}(test));
  return readable + hash;
}

// The directory <output>/<group>/<test case>, created if missing.
inline std::filesystem::path test_case_dir(const std::string& group) {
  const std::filesystem::path dir =
      std::filesystem::path(TESSERA_TEST_OUTPUT_DIR) / group / current_test_case_dir_name();
  std::filesystem::create_directories(dir);
  return dir;
}

// An emptied directory <output>/<group>/<test case>/<name> for one test case.
inline std::filesystem::path fresh_test_dir(const std::string& group, const std::string& name) {
  const std::filesystem::path dir =
      std::filesystem::path(TESSERA_TEST_OUTPUT_DIR) / group / current_test_case_dir_name() / name;
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
