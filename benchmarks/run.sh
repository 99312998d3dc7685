#!/usr/bin/env bash
# The standard Tessera benchmarks. Not a test: timings depend on the machine.
# Usage: benchmarks/run.sh [all|cornell|schedulers|buckets|streaming] (default: all)
# Needs a Release build in ./build (scripts/build.sh). Results go to stdout and
# to benchmarks/results/ (JSON from tessera bench and --stats-json).
set -euo pipefail
cd "$(dirname "$0")/.."
tessera=build/app/tessera
out=benchmarks/results
mkdir -p "$out"
threads=${THREADS:-"1,$(nproc)"}
what=${1:-all}

if [[ $what == all || $what == cornell ]]; then
  echo "== Cornell box, 512x512, 64 spp, max depth 5"
  for t in ${threads//,/ }; do
    $tessera render scenes/cornell-box.json -q -t:"$t" -o "$out/cornell-t$t.exr" --stats-json "$out/cornell-t$t.json"
    python3 -c "import json,sys; s=json.load(open(sys.argv[1])); print(f\"threads {s['schedule']['threads']}: render {s['time_s']['render']:.2f}s, {s['mrays_per_s']:.2f} Mrays/s, utilization {s['mean_utilization']*100:.1f}%\")" "$out/cornell-t$t.json"
  done
fi

if [[ $what == all || $what == schedulers ]]; then
  echo "== Load imbalance: top half empty, every scheduler"
  $tessera bench benchmarks/half-empty.json -t "$threads" --schedulers tbb,static,dynamic --repeat 3 --json "$out/schedulers.json"
fi

if [[ $what == all || $what == buckets ]]; then
  echo "== Bucket size sweep (tbb, $(nproc) threads)"
  $tessera bench benchmarks/half-empty.json --schedulers tbb --bucket-sizes 4,8,16,32,64,128 --repeat 3 --json "$out/buckets.json"
  echo "== Peak RSS by bucket size (one process each)"
  for b in 4 8 16 32 64 128; do
    $tessera render benchmarks/half-empty.json -q --bucket-size $b -o "$out/buckets-$b.exr" --stats-json "$out/buckets-$b.json"
    python3 -c "import json,sys; s=json.load(open(sys.argv[1])); print(f\"bucket {sys.argv[2]}: peak RSS {s['peak_rss_mib']:.1f} MiB, render {s['time_s']['render']:.2f}s\")" "$out/buckets-$b.json" $b
  done
fi

if [[ $what == all || $what == streaming ]]; then
  echo "== 16384x16384 at 1 spp, streamed to EXR (a float RGBA framebuffer would be 4 GiB)"
  $tessera render scenes/cornell-box.json -q --resolution 16384x16384 --spp 1 --completion sequential \
      --scheduler dynamic -o "$out/big.exr" --stats-json "$out/streaming.json"
  python3 -c "import json,sys; s=json.load(open(sys.argv[1])); print(f\"peak RSS {s['peak_rss_mib']:.1f} MiB ({s['peak_rss_mib']/4096*100:.2f}% of 4 GiB), render {s['time_s']['render']:.1f}s\")" "$out/streaming.json"
  rm -f "$out/big.exr"
fi
