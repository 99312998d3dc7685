#!/usr/bin/env bash
# Model loading at scale: a torus of 1M and 4M triangles (positions, normals,
# UVs) written as binary PLY, OBJ and binary glTF (.glb) by the Python below,
# each rendered bare (`tessera render FILE`, 16x16, 1 spp, so nearly all the
# time is loading and building). Reports tessera's own load and BVH build times
# (--stats-json), the wall time and the peak RSS (/usr/bin/time -v), and the
# mesh's size in memory for comparison (positions 16 B, normals 12 B, UVs 8 B
# per vertex; indices 12 B per triangle). Not a test: times depend on the
# machine and its load (check `uptime`).
# Usage: benchmarks/load_times.sh [MILLIONS...]   (default: 1 4; needs a Release build in ./build)
set -euo pipefail
cd "$(dirname "$0")/.."
tessera=$PWD/build/app/tessera
work=benchmarks/results/load_times
mkdir -p "$work"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1 4)

for m in "${sizes[@]}"; do
  # rings x sides quads, two triangles each: sides = rings / 2.
  rings=$(python3 -c "import math; print(int(math.sqrt($m * 1e6)))")
  sides=$((rings / 2))
  base=$work/torus-${m}m
  if [ ! -f "$base.glb" ]; then
    python3 - "$base" "$rings" "$sides" <<'EOF'
import array, json, math, struct, sys
base, rings, sides = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
R, r = 1.0, 0.35
pos, nrm, uv = array.array('f'), array.array('f'), array.array('f')
for i in range(rings):
    u = 2 * math.pi * i / rings
    cu, su = math.cos(u), math.sin(u)
    for j in range(sides):
        v = 2 * math.pi * j / sides
        cv, sv = math.cos(v), math.sin(v)
        pos.extend(((R + r * cv) * cu, r * sv, (R + r * cv) * su))
        nrm.extend((cv * cu, sv, cv * su))
        uv.extend((i / rings, j / sides))
idx = array.array('I')
for i in range(rings):
    i1 = (i + 1) % rings
    for j in range(sides):
        j1 = (j + 1) % sides
        a, b, c, d = i * sides + j, i1 * sides + j, i1 * sides + j1, i * sides + j1
        idx.extend((a, c, b, a, d, c))
nv, nt = len(pos) // 3, len(idx) // 3
# Binary little-endian PLY.
with open(base + ".ply", "wb") as f:
    f.write(("ply\nformat binary_little_endian 1.0\nelement vertex %d\n" % nv +
             "property float x\nproperty float y\nproperty float z\nproperty float nx\nproperty float ny\n"
             "property float nz\nproperty float s\nproperty float t\nelement face %d\n" % nt +
             "property list uchar uint vertex_indices\nend_header\n").encode())
    vert = array.array('f')
    for k in range(nv):
        vert.extend(pos[3 * k:3 * k + 3]); vert.extend(nrm[3 * k:3 * k + 3]); vert.extend(uv[2 * k:2 * k + 2])
    f.write(vert.tobytes())
    face = bytearray()
    tri = struct.Struct('<BIII')
    for t in range(nt):
        face += tri.pack(3, idx[3 * t], idx[3 * t + 1], idx[3 * t + 2])
    f.write(face)
# OBJ with v/vt/vn corners.
with open(base + ".obj", "w") as f:
    out = []
    out.extend("v %.6f %.6f %.6f\n" % tuple(pos[3 * k:3 * k + 3]) for k in range(nv))
    out.extend("vt %.6f %.6f\n" % tuple(uv[2 * k:2 * k + 2]) for k in range(nv))
    out.extend("vn %.6f %.6f %.6f\n" % tuple(nrm[3 * k:3 * k + 3]) for k in range(nv))
    for t in range(nt):
        a, b, c = idx[3 * t] + 1, idx[3 * t + 1] + 1, idx[3 * t + 2] + 1
        out.append("f %d/%d/%d %d/%d/%d %d/%d/%d\n" % (a, a, a, b, b, b, c, c, c))
    f.write("".join(out))
# Binary glTF: one buffer (positions, normals, UVs, indices), one primitive.
blob = pos.tobytes() + nrm.tobytes() + uv.tobytes() + idx.tobytes()
lo = [min(pos[k::3]) for k in range(3)]
hi = [max(pos[k::3]) for k in range(3)]
views, offset = [], 0
for size, target in ((len(pos) * 4, 34962), (len(nrm) * 4, 34962), (len(uv) * 4, 34962), (len(idx) * 4, 34963)):
    views.append({"buffer": 0, "byteOffset": offset, "byteLength": size, "target": target})
    offset += size
doc = {"asset": {"version": "2.0"}, "scene": 0, "scenes": [{"nodes": [0]}], "nodes": [{"mesh": 0}],
       "meshes": [{"primitives": [{"attributes": {"POSITION": 0, "NORMAL": 1, "TEXCOORD_0": 2}, "indices": 3}]}],
       "accessors": [{"bufferView": 0, "componentType": 5126, "count": nv, "type": "VEC3", "min": lo, "max": hi},
                     {"bufferView": 1, "componentType": 5126, "count": nv, "type": "VEC3"},
                     {"bufferView": 2, "componentType": 5126, "count": nv, "type": "VEC2"},
                     {"bufferView": 3, "componentType": 5125, "count": 3 * nt, "type": "SCALAR"}],
       "bufferViews": views, "buffers": [{"byteLength": len(blob)}]}
js = json.dumps(doc).encode()
js += b" " * (-len(js) % 4)
blob += b"\0" * (-len(blob) % 4)
with open(base + ".glb", "wb") as f:
    f.write(struct.pack("<III", 0x46546C67, 2, 12 + 8 + len(js) + 8 + len(blob)))
    f.write(struct.pack("<II", len(js), 0x4E4F534A) + js)
    f.write(struct.pack("<II", len(blob), 0x004E4942) + blob)
EOF
  fi
  tris=$((rings * sides * 2)) verts=$((rings * sides))
  mesh_mb=$(( (verts * 36 + tris * 12) / 1048576 ))
  for ext in ply obj glb; do
    f=$base.$ext
    /usr/bin/time -v "$tessera" render "$f" --resolution 16x16 --spp 1 -q -o "$work/out.png" \
        --stats-json "$work/stats.json" 2> "$work/time.txt"
    python3 - "$f" "$tris" "$mesh_mb" "$work/stats.json" "$work/time.txt" <<'EOF'
import json, os, re, sys
f, tris, mesh_mb, stats, timing = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
t = json.load(open(stats))["time_s"]
text = open(timing).read()
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) / 1024
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1)
print("%-28s %5.1fM tris  file %5d MB  load %6.2f s  build %5.2f s  wall %8s  peak RSS %6.0f MB  (mesh %s MB)" % (
    os.path.basename(f), tris / 1e6, os.path.getsize(f) // 1048576, t["load"], t["build"], wall, rss, mesh_mb))
EOF
  done
done
