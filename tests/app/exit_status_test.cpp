#include "app/exit_status.h"

#include <catch2/catch.hpp>

using namespace tessera;

TEST_CASE("a command-line error is one line with a --help hint", "[cli]") {
  CHECK(usage_error_line("--spp: Value 0 not in range", "render") ==
        "tessera: error: --spp: Value 0 not in range (see tessera render --help)");
  // CLI11 joins some messages with newlines.
  CHECK(usage_error_line("first problem\nsecond problem\n", "") ==
        "tessera: error: first problem; second problem (see tessera --help)");
  CHECK(usage_error_line("A subcommand is required", "") ==
        "tessera: error: no command given (expected render, merge, compare, bench or generate) (see tessera --help)");
  CHECK(usage_error_line("Could not convert: --threads = abc", "render") ==
        "tessera: error: --threads: cannot read \"abc\" as a number (see tessera render --help)");
  CHECK(kExitUsage == 2);
  CHECK(kExitError == 1);
}
