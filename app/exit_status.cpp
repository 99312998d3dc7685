#include "app/exit_status.h"

namespace tessera {

std::string usage_error_line(const std::string& message, const std::string& command) {
  std::string text;
  // CLI11 joins some messages with newlines (several missing options): one line.
  for (char c : message) {
    if (c == '\n' || c == '\r') {
      if (!text.empty() && text.back() != ' ') text += "; ";
    } else {
      text += c;
    }
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == ';')) text.pop_back();
  // CLI11's wording for a bare `tessera` says nothing about what to type.
  if (text.rfind("A subcommand is required", 0) == 0 || text.rfind("Requires at least 1 subcommand", 0) == 0)
    text = "no command given (expected render, merge, compare, bench or generate)";
  // "Could not convert: --threads = abc": say which value, and what was expected.
  const std::string convert = "Could not convert: ";
  const size_t equals = text.find(" = ");
  if (text.rfind(convert, 0) == 0 && equals != std::string::npos)
    text = text.substr(convert.size(), equals - convert.size()) + ": cannot read \"" + text.substr(equals + 3) +
           "\" as a number";
  const std::string help = command.empty() ? "tessera --help" : "tessera " + command + " --help";
  return "tessera: error: " + text + " (see " + help + ")";
}

}  // namespace tessera
