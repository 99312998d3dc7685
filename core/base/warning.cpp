#include "core/base/warning.h"

#include <cstdio>

namespace tessera {
namespace {

WarningHandler& current_handler() {
  static WarningHandler handler;
  return handler;
}

}  // namespace

void warn(const std::string& message) {
  if (const WarningHandler& handler = current_handler()) return handler(message);
  std::fprintf(stderr, "tessera: warning: %s\n", message.c_str());
}

WarningHandler set_warning_handler(WarningHandler handler) {
  WarningHandler previous = std::move(current_handler());
  current_handler() = std::move(handler);
  return previous;
}

}  // namespace tessera
