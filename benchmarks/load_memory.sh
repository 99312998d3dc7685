#!/usr/bin/env bash
# Peak memory while loading (issue 11: within about twice the final mesh).
# `tessera generate displaced-sphere` writes a binary PLY of 1M and 4M
# triangles (positions and normals); the Python below rewrites it as ASCII PLY,
# OBJ (`v//vn` corners) and binary glTF. Each file is rendered bare (8x8, 1 spp)
# in its own process, and --stats-json gives the load phase's resident-set peak
# above where it began (load_peak_rss_bytes: parsing, the scene and its
# fingerprint, before the BVH) and the final meshes' bytes (mesh_bytes).
# Not a test (tests/app/load_memory.sh is): figures depend on the allocator and the machine.
# Usage: benchmarks/load_memory.sh [TRIANGLES...]   (default: 1000000 4000000; a Release build in ./build)
set -euo pipefail
cd "$(dirname "$0")/.."
tessera=$PWD/build/app/tessera
work=${TMPDIR:-/tmp}/tessera-load-memory
mkdir -p "$work"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000 4000000)

echo "| format | triangles | mesh MiB | load peak growth MiB | ratio | load s |"
echo "|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  base=$work/sphere-$n
  if [ ! -f "$base.glb" ]; then
    "$tessera" generate displaced-sphere -o "$base.json" --triangles "$n" >/dev/null
    python3 - "$base.ply" "$base" <<'PY'
import array, json, struct, sys
src, stem = sys.argv[1], sys.argv[2]
data = open(src, 'rb').read()
end = data.index(b'end_header\n') + len(b'end_header\n')
hdr = data[:end].decode()
count = lambda name: int([l for l in hdr.splitlines() if l.startswith('element ' + name)][0].split()[2])
nv, nf = count('vertex'), count('face')
vert = array.array('f'); vert.frombytes(data[end:end + nv * 24])  # x y z nx ny nz
rec, off, faces = struct.Struct('<BIII'), end + nv * 24, array.array('I')
for i in range(nf):
    faces.extend(rec.unpack_from(data, off + 13 * i)[1:])
pos, nor = array.array('f', [0.0]) * (3 * nv), array.array('f', [0.0]) * (3 * nv)
for k in range(3):
    pos[k::3] = vert[k::6]; nor[k::3] = vert[3 + k::6]
with open(stem + '-ascii.ply', 'w') as f:
    f.write(hdr.replace('binary_little_endian', 'ascii'))
    f.write('\n'.join('%.6g %.6g %.6g %.6g %.6g %.6g' % tuple(vert[6*i:6*i+6]) for i in range(nv)) + '\n')
    f.write('\n'.join('3 %d %d %d' % tuple(faces[3*i:3*i+3]) for i in range(nf)) + '\n')
with open(stem + '.obj', 'w') as f:
    f.write('\n'.join('v %.6g %.6g %.6g' % tuple(pos[3*i:3*i+3]) for i in range(nv)) + '\n')
    f.write('\n'.join('vn %.6g %.6g %.6g' % tuple(nor[3*i:3*i+3]) for i in range(nv)) + '\n')
    f.write('\n'.join('f %d//%d %d//%d %d//%d' % (a+1, a+1, b+1, b+1, c+1, c+1)
                      for a, b, c in zip(faces[0::3], faces[1::3], faces[2::3])) + '\n')
pb, nb, ib = pos.tobytes(), nor.tobytes(), faces.tobytes()
gl = {"asset": {"version": "2.0"}, "scene": 0, "scenes": [{"nodes": [0]}], "nodes": [{"mesh": 0}],
      "meshes": [{"primitives": [{"attributes": {"POSITION": 0, "NORMAL": 1}, "indices": 2}]}],
      "buffers": [{"byteLength": len(pb) + len(nb) + len(ib)}],
      "bufferViews": [{"buffer": 0, "byteOffset": 0, "byteLength": len(pb)},
                      {"buffer": 0, "byteOffset": len(pb), "byteLength": len(nb)},
                      {"buffer": 0, "byteOffset": len(pb) + len(nb), "byteLength": len(ib)}],
      "accessors": [{"bufferView": 0, "componentType": 5126, "count": nv, "type": "VEC3",
                     "min": [min(pos[k::3]) for k in range(3)], "max": [max(pos[k::3]) for k in range(3)]},
                    {"bufferView": 1, "componentType": 5126, "count": nv, "type": "VEC3"},
                    {"bufferView": 2, "componentType": 5125, "count": 3 * nf, "type": "SCALAR"}]}
js = json.dumps(gl).encode(); js += b' ' * (-len(js) % 4)
body = pb + nb + ib
with open(stem + '.glb', 'wb') as f:
    f.write(struct.pack('<III', 0x46546C67, 2, 12 + 8 + len(js) + 8 + len(body)))
    f.write(struct.pack('<II', len(js), 0x4E4F534A) + js)
    f.write(struct.pack('<II', len(body), 0x004E4942) + body)
PY
  fi
  for file in "$base.ply:binary PLY" "$base-ascii.ply:ASCII PLY" "$base.obj:OBJ" "$base.glb:glTF (.glb)"; do
    TESSERA_CONFIG= "$tessera" render "${file%%:*}" -q --resolution 8x8 --spp 1 -o "$work/out.png" \
      --stats-json "$work/stats.json" >/dev/null
    python3 - "$work/stats.json" "${file#*:}" "$n" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); m, p = s['mesh_bytes'], s['load_peak_rss_bytes']
print('| %s | %gM | %.1f | %.1f | %.2f | %.2f |' % (sys.argv[2], int(sys.argv[3]) / 1e6, m / 2**20, p / 2**20, p / m,
                                                    s['time_s']['load']))
PY
  done
done
