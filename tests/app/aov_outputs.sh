#!/bin/sh
# AOVs through the command line: bit-identical images (beauty and every
# layer, as PFM files) across thread counts, bucket sizes and orders, shards merged, and a
# checkpoint resumed; the same layers streamed as scanlines; PNG side files; and
# a single render's variance layer feeding `tessera compare --ztest`.
# Usage: aov_outputs.sh TESSERA WORKDIR
set -e
tessera=$1
dir=$2
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"
a='--resolution 37x29 --spp 2 --max-depth 3 --aov albedo,normal,depth,position,variance --exr-float -q'

# PFM beauty plus one PFM per layer: bytes that hold only pixels (an EXR's
# header also records the thread count and the render time).
same() {  # same A B: the beauty and every layer of A and B have the same bytes
  for layer in "" .albedo .normal .depth .position .variance; do cmp "$1$layer.pfm" "$2$layer.pfm"; done
}
"$tessera" render $a -t:1 --bucket-size 16 -o t1.pfm
"$tessera" render $a -t:2 --bucket-size 8 --bucket-order spiral --scheduler dynamic -o t2.pfm
same t1 t2
# The EXR holds the same pixels.
"$tessera" render $a -t:1 --bucket-size 16 -o t1.exr
"$tessera" render $a -t:2 --bucket-size 8 --bucket-order spiral --scheduler dynamic -o t2.exr
"$tessera" compare t1.exr t2.exr --fail 0 >/dev/null
echo "threads and buckets: identical"

for k in 0 1 2; do "$tessera" render $a -t:2 --bucket-size 8 --shard $k/3 -o s$k.tsj; done
"$tessera" merge s2.tsj s0.tsj s1.tsj -o merged.pfm -q
same t1 merged
echo "shards merged: identical"

# A checkpoint holding a third of the buckets (shard 0's bucket file), resumed:
# the rest is rendered, and the restored buckets' layers come from the journal.
cp s0.tsj checkpoint.tsj
"$tessera" render $a -t:2 --bucket-size 8 --checkpoint checkpoint.tsj --resume -o resumed.pfm
same t1 resumed
echo "checkpoint resumed: identical"

# Streamed as scanlines (sequential completion) and as tiles: the same channels.
"$tessera" render $a -t:2 --bucket-size 8 --completion sequential -o scanline.exr
"$tessera" render $a -t:2 --bucket-size 8 --exr-tiled -o tiled.exr
test -s scanline.exr && test -s tiled.exr
echo "streamed: written"

# PNG: one file per layer beside the image, none for layers not asked for.
"$tessera" render --resolution 16x16 --spp 1 -q --aov albedo,normal,depth -o side.png
for layer in albedo normal depth; do test -s side.$layer.png; done
test ! -e side.position.png
test ! -e side.variance.png
echo "png side files: written"

# compare --ztest VARIANCE: the reference's own variance layer. The same scene
# at another seed passes; another scene (fewer bounces: darker) fails.
r='--resolution 24x24 --exr-float -q'
"$tessera" render $r --max-depth 3 --spp 256 --aov variance -o reference.exr
"$tessera" render $r --max-depth 3 --spp 32 --seed 9 -o same.exr
"$tessera" render $r --max-depth 1 --spp 32 --seed 9 -o other.exr
"$tessera" compare same.exr reference.exr --ztest reference.exr --spp 32 --reference-spp 256
if "$tessera" compare other.exr reference.exr --ztest reference.exr --spp 32 --reference-spp 256; then
  echo "a different scene passed the z-test"
  exit 1
fi
echo "compare --ztest: the variance layer used"

# The command line's --aov replaces the film block's list.
cat > film_aov.json <<'JSON'
{ "film": { "resolution": [8, 8], "spp": 1, "aov": ["albedo", "position"] },
  "materials": { "white": { "type": "diffuse" } },
  "shapes": [ { "type": "sphere", "material": "white", "center": [0, 0, 0], "radius": 1 } ] }
JSON
"$tessera" render film_aov.json -q -o film.png
test -s film.albedo.png && test -s film.position.png
"$tessera" render film_aov.json -q --aov depth -o cli.png
test -s cli.depth.png && test ! -e cli.albedo.png && test ! -e cli.position.png
echo "the command line overrides the film block"
# --aov none turns the film block's list off.
"$tessera" render film_aov.json -q --aov none -o none.png
test -s none.png && test ! -e none.albedo.png && test ! -e none.position.png
echo "--aov none renders the beauty alone"
echo AOV_OUTPUTS_OK
