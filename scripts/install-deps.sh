#!/usr/bin/env bash
# Installs every Debian 12 package Tessera needs to build, test and run.
# Idempotent: packages already present are skipped, and apt-get is only
# called when something is missing. Needs root (or sudo) for apt-get.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git ccache
  libembree-dev libtbb-dev
  libopenexr-dev libimath-dev
  nlohmann-json3-dev libcli11-dev libstb-dev libtinyobjloader-dev libtinygltf-dev
  catch2 libxxhash-dev
  libopenmpi-dev openmpi-bin
  # Sanitizer and fuzzing stages (scripts/test-sanitizers.sh, scripts/fuzz.sh): clang with its
  # sanitizer runtimes and libFuzzer, llvm-symbolizer for the reports' stacks, and dpkg-dev
  # for `apt-get source onetbb` (scripts/build-tbb-tsan.sh).
  clang libclang-rt-14-dev llvm-14 dpkg-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "install-deps: need root to install: ${missing[*]}" >&2; exit 1
  fi
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
