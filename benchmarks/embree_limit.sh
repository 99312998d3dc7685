#!/usr/bin/env bash
# The Embree limit on the two kinds of scene issue 13 names: the built-in
# Cornell box (small: shading and bookkeeping weigh most) and a generated
# 1M-triangle displaced sphere (traversal weighs most), at 1 thread and all
# threads. `tessera bench --limit` traces the scene's camera, bounce and shadow
# rays with Embree alone (accel/embree_limit.h), single rays and 16-ray
# packets, and prints the renderer's Mrays/s as a fraction of both mixes.
# Writes JSON and a self-contained HTML page per scene under
# benchmarks/results/limit/. Not a test: run it on a quiet machine (`uptime`).
# Usage: benchmarks/embree_limit.sh [TESSERA]   (default: ./build/app/tessera)
set -euo pipefail
cd "$(dirname "$0")/.."
tessera=${1:-$PWD/build/app/tessera}
work=benchmarks/results/limit
mkdir -p "$work"
threads=1
[ "$(nproc)" -gt 1 ] && threads=1,$(nproc)
echo "load before: $(uptime)"
"$tessera" bench scenes/cornell-box.json -t "$threads" --scheduler tbb --limit --repeat 5 \
  --json "$work/cornell.json" --html "$work/cornell.html"
sphere=$work/sphere-1m.json
[ -f "$sphere" ] || "$tessera" generate displaced-sphere -o "$sphere" --triangles 1000000 >/dev/null
"$tessera" bench "$sphere" -t "$threads" --scheduler tbb --limit --repeat 3 --resolution 256x256 --spp 16 \
  --json "$work/sphere-1m-bench.json" --html "$work/sphere-1m.html"
echo "load after: $(uptime)"
