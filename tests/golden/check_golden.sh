#!/bin/sh
# Render one scene as its golden image was rendered and compare the two with
# tessera compare's z-test. On failure the rendered image and a difference image
# stay in OUTDIR for a developer to look at.
# Usage: check_golden.sh TESSERA SCENE GOLDEN_DIR OUTDIR
#
# Why a z-test and not a fixed threshold: the same code on the same machine gives
# the same bits, but Embree picks SSE, AVX2 or AVX-512 paths by CPU and compilers
# differ in rounding, so a path occasionally takes another branch and its pixel
# moves by about its noise. Golden and test are both 16-spp estimates, so each
# pixel's difference has variance var * (1/16 + 1/16) (--reference-spp 16).
#  - Per pixel: Bonferroni-corrected alpha 0.01; up to 1% of pixels may reject
#    (heavy-tailed pixels beside lights break the normal approximation at 16 spp).
#  - Image-wide: the mean z must not show a bias (alpha 1e-4; a real bias, such
#    as lost indirect light, gives |t| near 100).
set -u
tessera=$1 scene=$2 golden_dir=$3 out=$4
name=$(basename "$scene" .json)
dir=$(dirname "$0")
. "$dir/settings.sh"
mkdir -p "$out"
"$tessera" render "$scene" -q $GOLDEN_ARGS --spp "$GOLDEN_SPP" --exr-float -o "$out/$name.exr" || exit 1
"$tessera" compare "$out/$name.exr" "$golden_dir/$name.exr" --ztest "$golden_dir/$name.variance.exr" \
    --spp "$GOLDEN_SPP" --reference-spp "$GOLDEN_SPP"
status=$?
"$tessera" compare "$out/$name.exr" "$golden_dir/$name.exr" --metric flip --fail 1 --diff "$out/$name.flip.png" >/dev/null
if [ "$status" -ne 0 ]; then
  echo "GOLDEN FAILED: scene $name, metric z-test (exit $status); rendered $out/$name.exr, FLIP map $out/$name.flip.png"
  exit 1
fi
echo "GOLDEN OK: $name"
