#!/usr/bin/env bash
# Where a render's time goes: the share spent inside Embree (libembree3) against
# the rest of Tessera, sampled with perf (cpu-clock, so it works in a VM without
# hardware counters), and the render's Mrays/s.
# Usage: benchmarks/embree_share.sh SCENE [tessera render args...]
# Default args: --resolution 256x256 --spp 32 -t:1. Needs a Release build
# (scripts/build.sh) and linux-perf. Run it on a quiet machine (check `uptime`).
set -euo pipefail
cd "$(dirname "$0")/.."
scene=$1; shift
args=("$@")
[[ ${#args[@]} -eq 0 ]] && args=(--resolution 256x256 --spp 32 -t:1)
out=benchmarks/results/embree-share
mkdir -p "$out"
perf record -q -e cpu-clock -F 2000 -o "$out/perf.data" -- \
  build/app/tessera render "$scene" "${args[@]}" -q -o "$out/out.exr" --stats-json "$out/stats.json" >/dev/null 2>&1
perf report -i "$out/perf.data" --sort dso --stdio 2>/dev/null | awk -v scene="$scene" '
  /^ *[0-9.]+%/ { share = $1; sub("%", "", share); total += share; if ($2 ~ /embree/) embree += share }
  END { printf "%s: inside Embree %.1f%%, outside %.1f%% (of %.1f%% sampled)\n", scene, embree, total - embree, total }'
python3 - "$out/stats.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(f"render {s['time_s']['render']:.3f} s, {s['rays']} rays, {s['mrays_per_s']:.2f} Mrays/s")
PY
