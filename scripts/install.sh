#!/usr/bin/env bash
# Build Tessera (scripts/build.sh) and install it under PREFIX (default ~/.local):
# PREFIX/bin/tessera and PREFIX/share/doc/tessera/README.md.
# Usage: scripts/install.sh [PREFIX]
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="${1:-$HOME/.local}"
scripts/build.sh
cmake --install build --prefix "$prefix"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "tessera: installed in $prefix/bin, which is not on PATH: add it (export PATH=\"$prefix/bin:\$PATH\")" ;;
esac
