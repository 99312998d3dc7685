#pragma once
// Error: the one exception type Tessera throws for bad input or failed I/O.
// Its message already names the place (file, JSON path, line), so app/ can
// print it as a single line.

#include <stdexcept>
#include <string>

namespace tessera {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace tessera
