#!/usr/bin/env bash
# One command from a bare Debian 12 machine to a rendered image: install the
# missing packages, build, and render the default scene to cornell-box.png.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
build/app/tessera render scenes/cornell-box.json -o cornell-box.png
