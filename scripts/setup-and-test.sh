#!/usr/bin/env bash
# One command from a bare Debian 12 machine to a tested build: install the
# missing packages, build, render the default scene, and run every test through CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
build/app/tessera render scenes/cornell-box.json -o build/cornell-box.png
jobs=$(nproc 2>/dev/null || echo 2)
ctest --test-dir build --output-on-failure -j"$jobs"
