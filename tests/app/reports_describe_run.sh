#!/bin/sh
# Reports from the command line: --stats-json names the run (schema, version,
# scene, output, timestamp, per-thread CPU time), --trace has the command's
# phases and a process name, --heatmap-mode rays is the same PNG at one and two
# threads (and the time heatmap carries the same legend strip).
# Usage: reports_describe_run.sh TESSERA WORKDIR
tessera=$1
dir=$2
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
a='--resolution 48x32 --spp 2 --bucket-size 8 -q'
"$tessera" render $a -t:1 -o rep1.png --stats-json rep.json --trace trace.json --heatmap heat1.png --heatmap-mode rays ||
  fail "render 1"
"$tessera" render $a -t:2 --scheduler dynamic -o rep2.png --heatmap heat2.png --heatmap-mode rays || fail "render 2"
cmp heat1.png heat2.png || fail "the rays heatmap differs between -t:1 and -t:2"
grep -q '"schema_version": *2' rep.json || fail "schema_version"
grep -q '"version": *"[0-9][0-9.]*"' rep.json || fail "tessera version"
grep -q '"output": *"rep1\.png"' rep.json || fail "output path"
grep -q '"scene": *"cornell-box\.json (built in)"' rep.json || fail "scene path"
grep -Eq '"timestamp": *"20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"' rep.json || fail "timestamp"
[ "$(grep -c '"cpu_utilization"' rep.json)" = 1 ] || fail "per-thread cpu_utilization"
for phase in load 'bvh build' render write; do
  grep -q "\"name\": *\"$phase\"" trace.json || fail "trace phase $phase"
done
grep -q '"process_name"' trace.json || fail "trace process name"
echo "REPORTS_OK"
