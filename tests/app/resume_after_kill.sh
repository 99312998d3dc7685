#!/bin/sh
# Kill a real render with SIGKILL part-way, resume it from its checkpoint, and
# check the image has the pixels of an uninterrupted render (tessera compare
# --fail 0: the EXR headers differ in their render time).
# Usage: resume_after_kill.sh TESSERA WORKDIR
set -eu
tessera=$1
dir=$2
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
args="--resolution 128x96 --spp 96 --bucket-size 8 -t:2 --exr-float -q"
"$tessera" render $args -o reference.exr

"$tessera" render $args -o resumed.exr --checkpoint job.tsj --checkpoint-interval 0 &
pid=$!
# Wait until the journal holds at least 20 bucket records (header 48 bytes,
# a record of an 8x8 bucket 64 + 8*8*12 = 832 bytes), then kill without warning.
need=$((48 + 20 * 832))
tries=0
while [ "$(stat -c %s job.tsj 2>/dev/null || echo 0)" -lt "$need" ]; do
  tries=$((tries + 1))
  [ "$tries" -lt 2000 ] || { echo "journal never reached 20 buckets"; exit 1; }
  sleep 0.01
done
kill -9 "$pid"
wait "$pid" || true
[ ! -e resumed.exr ] || { echo "the render finished before it was killed: test inconclusive"; exit 1; }
echo "killed after $(stat -c %s job.tsj) journal bytes"

"$tessera" render $args -o resumed.exr --checkpoint job.tsj --resume
"$tessera" compare reference.exr resumed.exr --fail 0 >/dev/null
echo RESUME_IDENTICAL
