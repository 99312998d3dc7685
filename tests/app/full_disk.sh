#!/bin/sh
# Every output format written onto a full file system (a 64 KiB tmpfs mounted in
# a private namespace): tessera must exit non-zero with "No space left on
# device" naming the final file, leave no temporary file, and keep the previous
# file of the same name intact.
# Usage: full_disk.sh TESSERA WORKDIR. Exit 77 (skipped) where unshare is not allowed.
tessera=$1
work=$2
rm -rf "$work" && mkdir -p "$work/disk" || exit 1
cd "$work" || exit 1
if ! unshare -rm true 2>/dev/null; then echo "SKIP: unshare -rm is not permitted here"; exit 77; fi
export TESSERA_CONFIG=
exec unshare -rm sh -c '
tessera=$1
fail=0
mount -t tmpfs -o size=64k tmpfs disk || { echo "SKIP: cannot mount a tmpfs"; exit 77; }
r="--resolution 96x64 --spp 1 -q"
# Fill the disk after putting the previous file in place, run, check.
check() {  # check NAME FINAL_FILE COMMAND...
  name=$1; final=$2; shift 2
  rm -f disk/*; rm -f disk/.tessera-tmp-* 2>/dev/null
  echo "previous $name" > "$final"
  dd if=/dev/zero of=disk/fill bs=4k 2>/dev/null
  "$@" > out.txt 2>&1; status=$?
  cat out.txt
  if [ $status -eq 0 ]; then echo "FAIL $name: exit status 0 on a full disk"; fail=1; fi
  grep -q "$final: cannot write .*: No space left on device" out.txt || { echo "FAIL $name: no ENOSPC message naming $final"; fail=1; }
  if ls disk/.tessera-tmp-* >/dev/null 2>&1; then echo "FAIL $name: temporary file left: $(ls -a disk)"; fail=1; fi
  [ "$(cat "$final")" = "previous $name" ] || { echo "FAIL $name: previous $final not intact"; fail=1; }
  echo "checked $name (exit $status)"
}
check png disk/out.png "$tessera" render $r -o disk/out.png
check hdr disk/out.hdr "$tessera" render $r -o disk/out.hdr
check exr disk/out.exr "$tessera" render $r -o disk/out.exr
check pfm disk/out.pfm "$tessera" render $r -o disk/out.pfm
check exr_streamed disk/stream.exr "$tessera" render $r --completion sequential -o disk/stream.exr
check exr_tiled disk/tiled.exr "$tessera" render $r --exr-tiled -o disk/tiled.exr
check stats_json disk/stats.json "$tessera" render $r -o image.png --stats-json disk/stats.json
check trace_json disk/trace.json "$tessera" render $r -o image.png --trace disk/trace.json
check heatmap disk/heat.png "$tessera" render $r -o image.png --heatmap disk/heat.png
check bench_json disk/bench.json "$tessera" bench --resolution 16x16 --spp 1 -t 1 --json disk/bench.json
[ $fail -eq 0 ] && echo FULL_DISK_OK
exit $fail
' sh "$tessera"
