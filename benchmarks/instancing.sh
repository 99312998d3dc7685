#!/usr/bin/env bash
# Instancing at scale: one ~100k-triangle mesh (a torus, binary PLY made by
# scripts/make-ply-torus.py) placed 1, 100 and 10,000 times through "meshes" +
# "instances", and for comparison 1 and 10 copies as plain "mesh" shapes (each
# loaded and built on its own). Reports peak RSS (/usr/bin/time -v), the load
# time (files read, scene built) and the BVH build time (tessera's --stats-json)
# of a tiny render. Not a test: times depend on the machine and its load.
# Usage: benchmarks/instancing.sh (needs a Release build in ./build: scripts/build.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
tessera=$PWD/build/app/tessera
work=benchmarks/results/instancing
mkdir -p "$work"
# 250 rings x 200 sides = 50,000 quads = 100,000 triangles.
[[ -f $work/torus100k.ply ]] || python3 scripts/make-ply-torus.py "$work/torus100k.ply" 250 200 >/dev/null

# scene KIND COUNT: a square grid of COUNT tori (KIND instances or baked), camera above.
scene() {
  python3 - "$1" "$2" > "$work/$1-$2.json" <<'EOF'
import json, math, sys
kind, count = sys.argv[1], int(sys.argv[2])
side = math.ceil(math.sqrt(count))
places = [[3.0 * (i % side - side / 2), 0.0, 3.0 * (i // side - side / 2)] for i in range(count)]
scene = {
    "camera": {"position": [0, 4.0 * side, 0.1], "look_at": [0, 0, 0], "fov": 60},
    "environment": {"radiance": [1, 1, 1]},
    "materials": {"clay": {"type": "diffuse", "albedo": [0.8, 0.4, 0.2]}},
}
if kind == "instances":
    scene["meshes"] = {"torus": {"file": "torus100k.ply", "material": "clay"}}
    scene["instances"] = [{"of": "torus", "transform": {"rotate": {"axis": [1, 0, 0], "angle": 7 * i}, "translate": p}}
                          for i, p in enumerate(places)]
else:
    scene["shapes"] = [{"type": "mesh", "file": "torus100k.ply", "material": "clay",
                        "transform": {"rotate": {"axis": [1, 0, 0], "angle": 7 * i}, "translate": p}}
                       for i, p in enumerate(places)]
json.dump(scene, sys.stdout)
EOF
}

printf '%-10s %6s %10s %12s %9s %9s\n' kind count triangles "peak RSS" load bvh
for run in "instances 1" "instances 100" "instances 10000" "baked 1" "baked 10"; do
  set -- $run
  scene "$1" "$2"
  name="$1-$2"
  /usr/bin/time -v "$tessera" render "$work/$name.json" -q --resolution 32x32 --spp 1 \
      -o "$work/$name.exr" --stats-json "$work/$name.stats.json" 2> "$work/$name.time.txt"
  rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/$name.time.txt")
  python3 - "$work/$name.stats.json" "$1" "$2" "$rss_kb" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
kind, count, rss_kb = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
print(f"{kind:<10} {count:>6} {count * 100000:>10} {rss_kb / 1024:>9.1f} MiB {s['time_s']['load']:>8.3f}s {s['time_s']['build']:>8.3f}s")
EOF
done
