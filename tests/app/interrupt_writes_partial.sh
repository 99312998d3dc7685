#!/bin/sh
# SIGINT part-way: the render stops, flushes its checkpoint, writes the partial
# image, exits non-zero (130); a resume then completes it identically.
set -u
tessera=$1
dir=$2
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 1
args="--resolution 128x96 --spp 96 --bucket-size 8 -t:2 --exr-float -q"
"$tessera" render $args -o reference.exr || exit 1
"$tessera" render $args -o partial.exr --checkpoint job.tsj 2> stderr.txt &
pid=$!
tries=0
while [ "$(stat -c %s job.tsj 2>/dev/null || echo 0)" -lt 48 ]; do
  tries=$((tries + 1)); [ "$tries" -lt 2000 ] || exit 1; sleep 0.01
done
sleep 0.3
kill -INT "$pid"
wait "$pid"
status=$?
cat stderr.txt
echo "exit status $status"
[ "$status" -eq 130 ] || exit 1
[ -s partial.exr ] || { echo "no partial image"; exit 1; }
ls .tessera-tmp-* 2>/dev/null && { echo "temporary file left behind"; exit 1; }
"$tessera" render $args -o partial.exr --checkpoint job.tsj --resume || exit 1
"$tessera" compare reference.exr partial.exr --fail 0 >/dev/null && echo INTERRUPT_RESUME_IDENTICAL
