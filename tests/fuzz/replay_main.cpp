// main() for a fuzz target outside libFuzzer: run every file named on the command
// line (directories: every file in them, sorted) through LLVMFuzzerTestOneInput
// once. The normal build replays the seed corpus and the regression inputs
// (tests/fuzz/regressions/<target>/) this way, so a crash found by fuzzing stays
// a test without clang or libFuzzer. As libFuzzer would, it fails an input that
// runs for more than 10 s (a hang) or makes the reader allocate what the file
// cannot hold (the data segment is limited to 1 GiB outside sanitizer builds,
// whose shadow memory such a limit would break).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define TESSERA_REPLAY_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define TESSERA_REPLAY_SANITIZED 1
#endif

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
#ifndef TESSERA_REPLAY_SANITIZED
  const rlimit data{rlim_t(1) << 30, rlim_t(1) << 30};
  setrlimit(RLIMIT_DATA, &data);
#endif
  std::vector<fs::path> inputs;
  for (int i = 1; i < argc; ++i) {
    fs::path arg = argv[i];
    if (fs::is_directory(arg)) {
      for (const auto& entry : fs::directory_iterator(arg))
        if (entry.is_regular_file() && entry.path().filename() != "README.md") inputs.push_back(entry.path());
    } else if (fs::exists(arg)) {
      inputs.push_back(arg);
    } else {
      std::fprintf(stderr, "replay: %s: no such file or directory\n", argv[i]);
      return 2;
    }
  }
  std::sort(inputs.begin(), inputs.end());
  for (const auto& path : inputs) {
    std::fprintf(stderr, "replay: %s\n", path.c_str());  // the last line names a crashing input
    std::ifstream in(path, std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
      std::fprintf(stderr, "replay: %s: cannot read\n", path.c_str());
      return 2;
    }
    alarm(10);  // SIGALRM ends the process: a hang fails the test, naming the input above
    LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
    alarm(0);
  }
  std::printf("replay: %zu inputs OK\n", inputs.size());
  return 0;
}
