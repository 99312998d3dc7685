#!/bin/sh
# Two processes on one journal: while a render writes its checkpoint, a second
# render resuming the same file refuses with a clear error and changes nothing;
# the first finishes with the uninterrupted image and one record per bucket.
# Usage: journal_lock.sh TESSERA WORKDIR
set -eu
tessera=$1
dir=$2
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
args="--resolution 128x96 --spp 128 --bucket-size 8 -t:1 --exr-float -q"
record=832  # bytes of an 8x8 bucket's record; the header is 48
buckets=192
"$tessera" render $args -o reference.exr

"$tessera" render $args -o first.exr --checkpoint job.tsj --checkpoint-interval 0 &
pid=$!
tries=0
while [ "$(stat -c %s job.tsj 2>/dev/null || echo 0)" -lt $((48 + 5 * record)) ]; do
  tries=$((tries + 1))
  [ "$tries" -lt 3000 ] || { kill -9 "$pid"; echo "the journal never reached 5 records"; exit 1; }
  sleep 0.01
done
status=0
"$tessera" render $args -o second.exr --checkpoint job.tsj --resume 2>second.txt || status=$?
cat second.txt
kill -0 "$pid" 2>/dev/null || { echo "the first render ended before the second started: test inconclusive"; exit 1; }
[ "$status" -eq 1 ] || { echo "the second render exited with $status, not 1"; exit 1; }
grep -qx "tessera: error: job.tsj: in use by another tessera process" second.txt
[ ! -e second.exr ] || { echo "the second render wrote an image"; exit 1; }

wait "$pid"
"$tessera" compare reference.exr first.exr --fail 0 >/dev/null
size=$(stat -c %s job.tsj)
[ "$size" -eq $((48 + buckets * record)) ] || { echo "the journal holds $size bytes, not one record per bucket"; exit 1; }
# Once the first has ended, the lock is free: resuming the finished journal
# renders nothing, appends nothing and gives the same image.
"$tessera" render $args -o third.exr --checkpoint job.tsj --resume
"$tessera" compare reference.exr third.exr --fail 0 >/dev/null
[ "$(stat -c %s job.tsj)" -eq "$size" ] || { echo "resuming a finished journal appended to it"; exit 1; }
echo LOCK_REFUSED_SECOND_PROCESS
