#!/usr/bin/env bash
# Regenerate tests/golden/ after an intended change to the renderer's output.
# CI never runs this. Review the new images before committing them.
# For each scene in scenes/: NAME.exr (the golden render) and NAME.variance.exr
# (its per-sample variance, estimated from more samples, for the z-test).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh >/dev/null
source tests/golden/settings.sh
for scene in scenes/*.json; do
  name=$(basename "$scene" .json)
  build/app/tessera render "$scene" -q $GOLDEN_ARGS --spp "$GOLDEN_SPP" --exr-float -o "tests/golden/$name.exr"
  build/app/tessera render "$scene" -q $GOLDEN_ARGS --spp "$GOLDEN_VARIANCE_SPP" --variance --exr-float \
      -o "tests/golden/$name.variance.exr"
  echo "updated tests/golden/$name.exr and $name.variance.exr"
done
