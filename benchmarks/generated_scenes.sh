#!/usr/bin/env bash
# Load and BVH build at scale on generated scenes (tessera generate): a
# displaced sphere of 1M, 4M and 16M triangles, each rendered at 16x16, 1 spp
# (so nearly all the time is loading and building) with 1 thread and with all
# threads. Reports tessera's load and build times (--stats-json), the peak RSS
# and bytes per triangle (peak RSS over triangles). Not a test: times depend on
# the machine and its load (check `uptime`).
# Usage: benchmarks/generated_scenes.sh [MILLIONS...]   (default: 1 4 16; needs ./build)
set -euo pipefail
cd "$(dirname "$0")/.."
tessera=$PWD/build/app/tessera
work=benchmarks/results/generated
mkdir -p "$work"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1 4 16)
all=$(nproc)
printf "%-9s %-7s %8s %8s %9s %10s %9s\n" triangles threads load_s build_s wall_s peak_MiB B/tri
for m in "${sizes[@]}"; do
  scene=$work/sphere-${m}m.json
  [ -f "$scene" ] || "$tessera" generate displaced-sphere -o "$scene" --triangles "${m}000000" >/dev/null
  tris=$(sed -n 's/^element face \([0-9]*\)$/\1/p' "${scene%.json}.ply" | head -1)
  for t in 1 "$all"; do
    stats=$work/sphere-${m}m-t$t.json
    "$tessera" render "$scene" -q -t:"$t" --resolution 16x16 --spp 1 -o "$work/out.png" --stats-json "$stats"
    python3 - "$stats" "$tris" "$t" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); tris = int(sys.argv[2]); t = s["time_s"]
print("%-9d %-7s %8.2f %8.2f %9.2f %10.1f %9.1f" % (tris, sys.argv[3], t["load"], t["build"], t["wall"],
      s["peak_rss_mib"], s["peak_rss_mib"] * 1048576 / tris))
PY
  done
done
