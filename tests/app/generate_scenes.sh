#!/bin/sh
# tessera generate: every kind writes a scene that renders, its PLY holds the
# triangles asked for (within the grid's rounding) and parses as Tessera reads
# it, and generating twice gives the same bytes.
# Usage: generate_scenes.sh TESSERA WORKDIR
set -u
tessera=$1 work=$2
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
export TESSERA_CONFIG=
fail=0
check() { if ! "$@"; then echo "FAILED: $*"; fail=1; fi; }

# The "element face N" line of a PLY header.
faces() { sed -n 's/^element face \([0-9]*\)$/\1/p' "$1" | head -1; }
near() {  # near ACTUAL WANTED PERCENT
  awk -v a="$1" -v w="$2" -v p="$3" 'BEGIN { d = a - w; if (d < 0) d = -d; exit !(d <= w * p / 100) }'
}

for kind in displaced-sphere terrain half-empty instances emitters; do
  check "$tessera" generate "$kind" -o "$kind.json" --triangles 20000 --count 50 --spp 1
  check "$tessera" render "$kind.json" -q --resolution 24x16 --spp 1 -o "$kind.png"
  check test -s "$kind.png"
done
for kind in displaced-sphere terrain instances; do
  n=$(faces "$kind.ply")
  near "$n" 20000 2 || { echo "FAILED: $kind.ply has $n triangles, not about 20000"; fail=1; }
done
check test "$(faces emitters-emitters.ply)" = 50
check test "$(grep -c '"of": "torus"' instances.json)" = 50

# Deterministic: the same options give the same files.
mkdir again && cd again || exit 1
check "$tessera" generate displaced-sphere -o displaced-sphere.json --triangles 20000 --spp 1
check cmp displaced-sphere.ply ../displaced-sphere.ply
check cmp displaced-sphere.json ../displaced-sphere.json
cd ..

# The light of many small emitters reaches the floor: the image is not black.
check "$tessera" render emitters.json -q --resolution 16x16 --spp 4 -o emitters.pfm
exit $fail
