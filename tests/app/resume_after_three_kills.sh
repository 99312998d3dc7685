#!/bin/sh
# A shard killed with SIGKILL three times in a row, at three different points,
# and resumed each time, then resumed to completion and merged with the other
# shard: the image is pixel-identical to the uninterrupted render, and the shard's
# journal holds exactly one record per bucket (a resume never appends the
# buckets it restored a second time).
# Usage: resume_after_three_kills.sh TESSERA WORKDIR
set -eu
tessera=$1
dir=$2
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
args="--resolution 128x96 --spp 128 --bucket-size 8 -t:2 --exr-float -q"
record=832  # bytes of an 8x8 bucket's record: 64 + 8 * 8 * 12; the header is 48
buckets=96  # shard 0/2 of the 16 x 12 buckets
"$tessera" render $args -o reference.exr
"$tessera" render $args --shard 1/2 -o other.tsj

# Run shard 0 (resuming its journal, or starting it) until the journal holds
# $1 records, then kill it without warning.
kill_after() {
  "$tessera" render $args --shard 0/2 -o shard.tsj --resume --checkpoint-interval 0 &
  pid=$!
  need=$((48 + $1 * record))
  tries=0
  while [ "$(stat -c %s shard.tsj 2>/dev/null || echo 0)" -lt "$need" ]; do
    tries=$((tries + 1))
    if [ "$tries" -ge 3000 ]; then
      kill -9 "$pid" 2>/dev/null || true
      echo "the journal never reached $1 records"
      exit 1
    fi
    sleep 0.01
  done
  kill -9 "$pid" 2>/dev/null || true
  status=0
  wait "$pid" || status=$?
  [ "$status" -eq 137 ] || { echo "the render ended (status $status) before it was killed: test inconclusive"; exit 1; }
  echo "killed after $1 records: journal of $(stat -c %s shard.tsj) bytes"
}
kill_after 8
kill_after 25
kill_after 45

"$tessera" render $args --shard 0/2 -o shard.tsj --resume
size=$(stat -c %s shard.tsj)
[ "$size" -eq $((48 + buckets * record)) ] ||
  { echo "the journal holds $size bytes, not one record for each of the $buckets buckets"; exit 1; }
"$tessera" merge shard.tsj other.tsj -o merged.exr --exr-float -q
"$tessera" compare reference.exr merged.exr --fail 0 >/dev/null
echo THREE_KILLS_IDENTICAL
