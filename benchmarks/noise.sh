#!/usr/bin/env bash
# Noise of the samplers and filters (issue 9): the Cornell box at 64 spp against
# a 4096-spp render of its own, RMSE over the whole image and over the pixels
# more than 4 px away from the light. Not timing: fine to run on a busy machine.
# Usage: benchmarks/noise.sh  (RES=128x128 SPP=64 REF_SPP=4096 SEEDS="1 2 3 4")
# Needs a Release build in ./build (scripts/build.sh) and python3. Images go to
# benchmarks/results/noise/.
#
# References: the independent sampler (unbiased, and favouring neither sampler
# under test), seed 1000, one per filter (box and tent), since each filter
# converges to its own image. Test renders: seeds 1-4 per sampler and filter;
# their mean squared errors are averaged before the square root.
set -euo pipefail
cd "$(dirname "$0")/.."
tessera=build/app/tessera
out=benchmarks/results/noise
mkdir -p "$out"
res=${RES:-128x128}
spp=${SPP:-64}
ref_spp=${REF_SPP:-4096}
seeds=${SEEDS:-"1 2 3 4"}
scene=scenes/cornell-box.json
light=17  # the light's radiance in its brightest channel (red)

for filter in box tent; do
  ref="$out/ref-$filter.pfm"
  if [[ ! -f $ref ]]; then
    echo "== reference: $filter filter, $ref_spp spp, independent, $res"
    $tessera render "$scene" -q --resolution "$res" --spp "$ref_spp" --sampler independent --filter "$filter" \
        --seed 1000 -o "$ref" --stats-json "$out/ref-$filter.json"
    python3 -c "import json,sys; s=json.load(open(sys.argv[1])); print(f\"   render {s['time_s']['render']:.1f}s\")" "$out/ref-$filter.json"
  fi
  for sampler in sobol independent; do
    images=()
    for seed in $seeds; do
      img="$out/$sampler-$filter-$seed.pfm"
      $tessera render "$scene" -q --resolution "$res" --spp "$spp" --sampler "$sampler" --filter "$filter" --seed "$seed" -o "$img"
      images+=("$img")
    done
    read -r all away light_px near_px < <(python3 benchmarks/masked_rmse.py "$ref" "$light" 4 "${images[@]}")
    echo "$filter $sampler rmse_all $all rmse_away_from_light $away (light $light_px px, excluded $near_px px)"
  done
done | tee "$out/noise.txt"

python3 - "$out/noise.txt" <<'PY'
import sys
r = {}
for line in open(sys.argv[1]):
    f = line.split()
    if len(f) >= 6 and f[2] == "rmse_all":
        r[(f[0], f[1])] = (float(f[3]), float(f[5]))
for flt in ("box", "tent"):
    if (flt, "sobol") in r and (flt, "independent") in r:
        print(f"{flt}: sobol / independent RMSE away from the light = {r[(flt, 'sobol')][1] / r[(flt, 'independent')][1]:.3f}, "
              f"whole image = {r[(flt, 'sobol')][0] / r[(flt, 'independent')][0]:.3f}")
for s in ("sobol", "independent"):
    if ("box", s) in r and ("tent", s) in r:
        print(f"{s}: whole-image RMSE tent {r[('tent', s)][0]:.4g} -> box {r[('box', s)][0]:.4g} "
              f"({r[('box', s)][0] / r[('tent', s)][0]:.3f}x); away from the light tent {r[('tent', s)][1]:.4g} -> box {r[('box', s)][1]:.4g}")
PY
