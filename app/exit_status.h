#pragma once
// Exit statuses of tessera, and the one line a command-line error prints.
//
// 0 success; 1 a runtime error (a broken scene, an unwritable output, a full
// disk); 2 a usage error: the command line itself (no command, an unknown
// option, a missing or malformed value, a value outside its choices or range),
// found before any file is read. `tessera compare` keeps idiff's codes (0-4)
// and reports a usage error as 4, so that its 2 always means "the images
// differ". 128 + N after signal N (interrupt.h). CLI11's own codes (100+)
// never reach the shell.

#include <string>

namespace tessera {

constexpr int kExitOk = 0;
constexpr int kExitError = 1;
constexpr int kExitUsage = 2;

// One line for a command-line parse error: CLI11's `message` (any newline
// folded, a few messages reworded to name what is missing), prefixed by
// "tessera: error: " and followed by a hint naming `command`'s --help
// ("tessera render --help"; the top level when `command` is empty).
std::string usage_error_line(const std::string& message, const std::string& command);

}  // namespace tessera
