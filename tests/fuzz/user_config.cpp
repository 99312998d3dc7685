// Fuzz target: the user config parser (app/user_config.h parse_user_config).
#include "app/user_config.h"
#include "core/base/error.h"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    tessera::parse_user_config(text, "fuzz.toml");
  } catch (const tessera::Error&) {
  }
  return 0;
}
