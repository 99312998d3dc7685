// Fuzz target: the journal reader (core/journal/bucket_journal.h read_journal), which
// takes a path: the input is written to a temporary .tsj file.
#include "core/journal/bucket_journal.h"
#include "core/base/error.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string path = tessera::fuzz::write_temp_file(data, size, ".tsj");
  try {
    tessera::read_journal(path);
  } catch (const tessera::Error&) {
  }
  return 0;
}
