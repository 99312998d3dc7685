#pragma once
// Warnings: a problem Tessera works around and goes on (a dropped degenerate
// triangle, a missing .mtl file, a capped thread count). Each is one line,
// "tessera: warning: <message>" on stderr, and names the file and the place as
// an Error does. They all go through warn(), so a test or a fuzzer can catch
// or mute them.

#include <functional>
#include <string>

namespace tessera {

using WarningHandler = std::function<void(const std::string& message)>;

// Report `message` to the current handler (by default: stderr).
void warn(const std::string& message);

// Route warnings to `handler` (empty = back to stderr); returns the previous one.
// Not thread-safe: set it before the work starts.
WarningHandler set_warning_handler(WarningHandler handler);

}  // namespace tessera
