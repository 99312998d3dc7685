// Fuzz targets: the image readers `tessera compare` uses (core/image/image_io.h
// read_image), one target per format. read_image chooses the decoder by the
// file's extension, so each target writes the input to a temporary file ending
// in TESSERA_FUZZ_IMAGE_SUFFIX (".png", ".jpg", ".hdr", ".exr", ".pfm"), set
// by tests/fuzz/CMakeLists.txt.
#include "core/base/error.h"
#include "core/image/image_io.h"
#include "tests/fuzz/fuzz_input.h"

#ifndef TESSERA_FUZZ_IMAGE_SUFFIX
#error "TESSERA_FUZZ_IMAGE_SUFFIX must name the extension (tests/fuzz/CMakeLists.txt)"
#endif

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string path = tessera::fuzz::write_temp_file(data, size, TESSERA_FUZZ_IMAGE_SUFFIX);
  try {
    tessera::read_image(path);
  } catch (const tessera::Error&) {
  }
  return 0;
}
