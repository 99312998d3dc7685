#!/usr/bin/env bash
# Configure and build Tessera (Release) into ./build. Re-running only rebuilds what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"  # cache hits across clones and worktrees
jobs=$(nproc 2>/dev/null || echo 2)
launcher=()
# ccache (scripts/install-deps.sh) makes rebuilds in fresh clones and sanitizer trees cheap.
if command -v ccache >/dev/null 2>&1; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache); fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" "$@"
cmake --build build -j"$jobs"
